"""A disk that will not take more bytes: for the command line run as a real process,
or for a short block of this one.

``RLIMIT_FSIZE`` stops a process writing any file past ``room`` bytes: the
write fails with EFBIG (SIGXFSZ ignored), as a full disk fails one with ENOSPC.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from followup_desktop import paths


def run_with_room(command: Sequence[str], *, room: int) -> subprocess.CompletedProcess[str]:
    """``command`` run as a process that may write no file past ``room`` bytes, offscreen."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

    env = {k: v for k, v in os.environ.items() if k != paths.DATA_DIR_ENV}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        list(command),
        env=env,
        preexec_fn=limit,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def run_cli_with_room(
    data_dir: Path, args: Sequence[str], *, room: int, hold_database: bool = True
) -> subprocess.CompletedProcess[str]:
    """``followup-desktop --data-dir DATA_DIR ARGS`` allowed to write ``room`` bytes a file.

    With ``hold_database`` the database stays open here meanwhile, as the window
    keeps it open, so its shared-memory file exists and the command only reads it:
    what fails is the file the command writes, not the database.
    """
    command = [sys.executable, "-m", "followup_desktop", "--data-dir", str(data_dir), *args]
    held = None
    if hold_database:
        held = sqlite3.connect(paths.resolve(data_dir).database)
        held.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        return run_with_room(command, room=room)
    finally:
        if held is not None:
            held.close()


@contextmanager
def room_for_files(room: int) -> Iterator[None]:
    """In this process, no file may grow past ``room`` bytes for the block (EFBIG),
    as on a full disk. Keep the block short: it covers the test's own files too."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (room, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)
