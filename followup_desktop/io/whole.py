"""Writing a file whole or not at all (exports, printed PDFs, saved reports).

The bytes go to a temporary file beside the target, reach the disk (fsync) and
only then take the target's name, so a full disk leaves no half-written file and
an earlier file stays as it was. These files carry the user's contacts: a new
one is readable by its owner only (0600, whatever the umask); a file replaced
keeps the permissions it had, which the user may have chosen.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PRIVATE = 0o600


@contextmanager
def written_whole(target: Path) -> Iterator[Path]:
    """A temporary file beside ``target`` that replaces it once the block ends without
    an error: ``target`` is written in full or left as it was.

    The temporary file exists before the block runs, so a path that cannot be
    written fails before any work is done.
    """
    mode = _mode_to_keep(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)  # mkstemp made it 0600
    tmp = Path(name)
    try:
        yield tmp
        _sync(tmp)
        tmp.chmod(mode)
        os.replace(tmp, target)
        _sync_folder(target.parent)
    finally:
        with suppress(OSError):
            tmp.unlink()


def write_whole(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` in full, or raise OSError and leave it as it was."""
    with written_whole(target) as tmp:
        tmp.write_bytes(data)


def _mode_to_keep(target: Path) -> int:
    try:
        st = target.stat()
    except OSError:
        return PRIVATE
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else PRIVATE


def _sync(path: Path) -> None:
    """Make sure the file's bytes are on the disk: a full disk may only say so now."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename last; not every file system lets a folder be synced."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
