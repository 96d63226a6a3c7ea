"""Writing a file whole or not at all (exports, printed PDFs, saved reports)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


@contextmanager
def written_whole(target: Path) -> Iterator[Path]:
    """A temporary file beside ``target`` that replaces it once the block ends without
    an error: ``target`` is written in full or left as it was."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)  # mkstemp makes it private; this is an ordinary file
        os.replace(tmp, target)
    finally:
        with suppress(OSError):
            tmp.unlink()
