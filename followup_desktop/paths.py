"""Every path the app uses, computed once at start-up and handed around.

The data directory is, in order: ``--data-dir DIR``, the environment variable
``FOLLOWUP_DESKTOP_DATA_DIR``, or the platform's user data directory
(``~/.local/share/followup-desktop`` on Linux).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "followup-desktop"
DATABASE_FILENAME = "followup.sqlite3"
DATA_DIR_ENV = "FOLLOWUP_DESKTOP_DATA_DIR"
DEMO_SUBDIR = "demo"
LOCK_FILENAME = "followup.lock"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    # The app's own top folder: data_dir itself, or its parent for demo data.
    root: Path | None = None

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_FILENAME

    @property
    def settings(self) -> Path:
        return self.data_dir / "settings.ini"

    @property
    def lock(self) -> Path:
        return self.data_dir / LOCK_FILENAME

    def ensure(self) -> list[Path]:
        """Create the data folder (and the app's folder above demo data), owner-only;
        the folders made, outermost first."""
        made = missing_folders(self.data_dir)
        for folder in (self.root or self.data_dir, self.data_dir):
            if not folder.exists():
                folder.parent.mkdir(parents=True, exist_ok=True)
                folder.mkdir(mode=0o700)
                folder.chmod(0o700)  # mkdir's mode is narrowed by the umask only
        return made


def missing_folders(folder: Path) -> list[Path]:
    """``folder`` and those above it that do not exist yet, outermost first."""
    missing: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        missing.insert(0, folder)
        folder = folder.parent
    return missing


def remove_empty_folders(folders: list[Path]) -> None:
    """Remove folders a run made (outermost first) if they are still empty."""
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty: the folders above it are not empty either


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve(data_dir: str | os.PathLike[str] | None = None, *, demo: bool = False) -> Paths:
    """The paths for this run; ``demo`` keeps demo data apart from real data."""
    if data_dir is not None:
        base = Path(data_dir)
    elif os.environ.get(DATA_DIR_ENV):
        base = Path(os.environ[DATA_DIR_ENV])
    else:
        base = default_data_dir()
    base = base.expanduser()
    return Paths(base / DEMO_SUBDIR, base) if demo else Paths(base, base)


def reopen_arguments(paths: Paths) -> list[str]:
    """The command-line options that open this same data again (for start at login,
    which runs without this session's options or environment): none for the default
    folder, else ``--data-dir`` with an absolute path, and ``--demo`` for demo data."""
    root = paths.root or paths.data_dir
    demo = paths.data_dir != root
    args: list[str] = []
    if root.absolute() != default_data_dir().absolute():
        args += ["--data-dir", str(root.absolute())]
    if demo:
        args.append("--demo")
    return args


def window_running(data_dir: Path) -> bool:
    """Whether a FollowUp window on this machine holds the data folder's lock."""
    try:
        pid_line, _app, host = (data_dir / LOCK_FILENAME).read_text().split("\n")[:3]
        pid = int(pid_line)
    except (OSError, ValueError):
        return False
    if host and host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()
