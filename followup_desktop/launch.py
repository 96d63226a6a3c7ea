"""The ``followup-desktop`` command: the window's frame first, then everything else.

Without a command the app opens its window. Loading the app (the store, the
services, every view) takes several times as long as showing an empty window,
so the frame is shown first (``ui/start_frame.py``), before the command line is
even parsed in full; ``cli.main`` then does what it always did. Commands, help
and version never load Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from followup_desktop import paths

# The global options that take a value, and those that do not (see cli.build_parser).
_VALUE_OPTIONS = ("--data-dir", "--language", "--database")
_FLAG_OPTIONS = ("--demo",)


def opens_window(argv: Sequence[str]) -> tuple[bool, str | None, bool]:
    """Whether these arguments open the window (no command, no help, nothing unknown),
    and the ``--data-dir`` and ``--demo`` given."""
    data_dir: str | None = None
    demo = False
    i = 0
    while i < len(argv):
        name, equals, value = argv[i].partition("=")
        if name in _VALUE_OPTIONS:
            if not equals:
                i += 1
                if i == len(argv):
                    return False, None, False  # the parser says what is missing
                value = argv[i]
            if name == "--data-dir":
                data_dir = value
        elif argv[i] in _FLAG_OPTIONS:
            demo = True
        else:
            return False, None, False  # a command, --help, --version, or a mistake
        i += 1
    return True, data_dir, demo


def show_frame_first(args: Sequence[str]) -> bool:
    """Show the window's frame now if these arguments open the window; whether it did."""
    window, data_dir, demo = opens_window(args)
    if not window or (data_dir is not None and not data_dir.strip()):
        return False
    where = paths.resolve(data_dir, demo=demo)
    if paths.window_running(where.data_dir):
        return False  # a second start hands over to the window already open
    from followup_desktop.ui.start_frame import show_start_frame

    show_start_frame([sys.argv[0], *args], where.settings)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    show_frame_first(args)
    from followup_desktop.cli import main as cli_main

    return cli_main(args)
