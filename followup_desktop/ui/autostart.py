"""Start at login: an XDG autostart entry on Linux (and other freedesktop systems).

The entry is ``$XDG_CONFIG_HOME/autostart/<app id>.desktop`` (``~/.config``
when the variable is unset or not absolute). Elsewhere the option is not
offered: ``is_supported()`` is False, ``is_enabled()`` is False and
``set_enabled`` raises AutostartUnsupportedError.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from followup_desktop import i18n
from followup_desktop.i18n import N_, _

APP_ID = "io.github.followup_desktop.FollowUpDesktop"
ENTRY_NAME = f"{APP_ID}.desktop"
APP_NAME = "FollowUp"
COMMENT = N_("Start FollowUp at login so follow-up reminders arrive on time")

# Characters that make an Exec argument need double quotes (Desktop Entry
# Specification, "The Exec key"); inside the quotes these four need a backslash.
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = frozenset('"`$\\')


class AutostartUnsupportedError(RuntimeError):
    """Start at login is offered only where XDG autostart exists."""


def _platform() -> str:
    return sys.platform


def is_supported() -> bool:
    return _platform().startswith("linux") or "bsd" in _platform()


def autostart_path() -> Path:
    config_home = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config_home) if os.path.isabs(config_home) else Path.home() / ".config"
    return base / "autostart" / ENTRY_NAME


def is_enabled() -> bool:
    """True when our entry exists and is not switched off (Hidden, GNOME's flag)."""
    if not is_supported():
        return False
    try:
        text = autostart_path().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    entry = _desktop_entry_group(text)
    return (
        entry.get("Hidden", "false") != "true"
        and entry.get("X-GNOME-Autostart-enabled", "true") != "false"
    )


def set_enabled(enabled: bool, command: Sequence[str]) -> None:
    """Write (or remove) the autostart entry that runs ``command`` at login.

    ``command`` is the program and its arguments, unquoted, e.g.
    ``["/usr/bin/followup-desktop"]``.
    """
    if not is_supported():
        raise AutostartUnsupportedError(
            _("Start at login is available on Linux only; this system is {system}.").format(
                system=_platform()
            )
        )
    path = autostart_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return
    text = desktop_entry(command)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside it and rename, so a session starting meanwhile never reads half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".desktop.tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def launch_command() -> list[str]:
    """How to start the FollowUp that is running now.

    The ``followup-desktop`` script by its absolute path when that is how it was
    started; else the bundle's program in a PyInstaller bundle (where
    ``sys.executable`` is the program itself, which takes no ``-m``); else this
    Python with ``-m followup_desktop``.
    """
    script = sys.argv[0] if sys.argv else ""
    if os.path.basename(script) == "followup-desktop" and os.path.isfile(script):
        return [os.path.abspath(script)]
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "followup_desktop"]


def desktop_entry(command: Sequence[str]) -> str:
    """The entry's text: its comment in English and in every language translated, so
    the session's settings show it in the language of whoever looks."""
    comments = "".join(
        f"Comment[{language}]={_entry_value(text)}\n" for language, text in translations(COMMENT)
    )
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        f"Comment={COMMENT}\n"
        f"{comments}"
        f"Exec={exec_value(command)}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def translations(message: str) -> list[tuple[str, str]]:
    """``message`` in each language that has a catalogue translating it, by language."""
    import gettext

    found: list[tuple[str, str]] = []
    for language in i18n.available_languages():
        if language == i18n.SOURCE_LANGUAGE:
            continue
        try:
            catalogue = gettext.translation(i18n.DOMAIN, i18n.locale_dir(), languages=[language])
        except OSError:
            continue
        text = catalogue.gettext(message)
        if text and text != message:
            found.append((language, text))
    return found


def _entry_value(text: str) -> str:
    """A string value of a desktop entry: one line, backslashes escaped."""
    return " ".join(text.split()).replace("\\", "\\\\")


def exec_value(command: Sequence[str]) -> str:
    """``command`` as the value of an Exec key: quoted, then escaped as a string value."""
    if not command or not command[0]:
        raise ValueError("The start-at-login command needs a program.")
    for arg in command:
        if any(ch in arg for ch in "\n\r\0"):
            raise ValueError(f"A start-at-login argument cannot hold a line break: {arg!r}")
    line = " ".join(_quote_arg(arg) for arg in command)
    # The general escape rules for string values apply on top of the quoting.
    return line.replace("\\", "\\\\").replace("\t", "\\t")


def _quote_arg(arg: str) -> str:
    arg = arg.replace("%", "%%")  # a lone % starts a field code
    if arg and not any(ch in _RESERVED for ch in arg):
        return arg
    inner = "".join("\\" + ch if ch in _ESCAPED_IN_QUOTES else ch for ch in arg)
    return f'"{inner}"'


def _desktop_entry_group(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    in_group = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            in_group = line == "[Desktop Entry]"
        elif in_group and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values
