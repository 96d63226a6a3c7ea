"""A real Radicale CalDAV/CardDAV server on loopback, for the sync tests.

The server runs as its own process (``python -m radicale``) with no
authentication (any user name is accepted, each gets its own collections)
and its storage in the test's temporary folder; nothing of its behaviour is
imitated here.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status < 500)
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except OSError:
        return False


@contextlib.contextmanager
def radicale_server(folder: Path) -> Iterator[str]:
    """Start Radicale with its storage in ``folder``; yield its URL; stop it."""
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    config = folder / "config"
    # An empty configuration file, so that no system-wide one is read.
    config.write_text("", encoding="utf-8")
    log = (folder / "radicale.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            str(config),
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            "--rights-type",
            "owner_only",
            "--storage-filesystem-folder",
            str(folder / "collections"),
            "--logging-level",
            "warning",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(url):
            if process.poll() is not None:
                log.flush()
                raise RuntimeError(
                    "Radicale exited at start: "
                    + (folder / "radicale.log").read_text(encoding="utf-8", errors="replace")
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"Radicale did not answer on {url} in {START_TIMEOUT} s")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def dav_server(tmp_path: Path) -> Iterator[str]:
    """The URL of a Radicale server of this test's own (auth none, storage in tmp_path)."""
    with radicale_server(tmp_path / "radicale") as url:
        yield url
