"""The running window as a screen reader meets it: AT-SPI on Xvfb and a private bus.

::

    pytest ── ScreenReaderSession
               ├─ Xvfb (a free display, found with -displayfd)
               ├─ dbus-daemon --session (a process group of its own; D-Bus starts
               │   at-spi-bus-launcher, its accessibility bus and at-spi2-registryd in it)
               ├─ python -m followup_desktop --data-dir TMP --demo
               │   (QT_QPA_PLATFORM=xcb, QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1)
               └─ /usr/bin/python3 tests/helpers/atspi_client.py   (prints JSON)

The client runs with the system Python, which has Debian's python3-pyatspi;
the app runs from the project's environment. Everything started here is
stopped when the session ends, whatever happened: the app first (SIGTERM, as
a logout would), then the bus's whole process group, then Xvfb.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.helpers.tray_host import _DESKTOP_VARIABLES, REPO_ROOT, Daemons, start_xvfb

SYSTEM_PYTHON = "/usr/bin/python3"
CLIENT = REPO_ROOT / "tests" / "helpers" / "atspi_client.py"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
REGISTRY = "/usr/libexec/at-spi2-registryd"
READY_TIMEOUT = 10.0
CLIENT_TIMEOUT = 45.0


def missing() -> str | None:
    """Why the screen-reader test cannot run here, naming the Debian package; or None."""
    for program, package in (("Xvfb", "xvfb"), ("dbus-daemon", "dbus-daemon")):
        if shutil.which(program) is None:
            return f"{program} not installed (Debian package {package})"
    for path in (BUS_LAUNCHER, REGISTRY):
        if not os.access(path, os.X_OK):
            return f"{path} not installed (Debian package at-spi2-core)"
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"{SYSTEM_PYTHON} not installed (Debian package python3)"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import pyatspi"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if probe.returncode != 0:
        return f"{SYSTEM_PYTHON} cannot import pyatspi (Debian package python3-pyatspi)"
    return None


class ScreenReaderSession:
    """Xvfb, a private session bus with AT-SPI, and FollowUp on a demo database."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.env: dict[str, str] = {}
        self._running = Daemons(workdir)
        self._bus: subprocess.Popen[Any] | None = None
        self.app: subprocess.Popen[Any] | None = None

    def __enter__(self) -> ScreenReaderSession:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k not in _DESKTOP_VARIABLES}
        for variable, folder in (
            ("HOME", "home"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "share"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_RUNTIME_DIR", "runtime"),  # the accessibility bus's socket goes here
        ):
            path = self.workdir / folder
            path.mkdir(mode=0o700, exist_ok=True)
            env[variable] = str(path)
        env["DISPLAY"] = start_xvfb(self._running, env)
        env["DBUS_SESSION_BUS_ADDRESS"] = self._start_bus(env)
        self.env = env
        app_env = dict(
            env,
            QT_QPA_PLATFORM="xcb",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])),
        )
        command = [sys.executable, "-m", "followup_desktop"]
        command += ["--data-dir", str(self.workdir / "data"), "--demo"]
        self.app = self._running.start("app", command, app_env, cwd=REPO_ROOT)

    def _start_bus(self, env: dict[str, str]) -> str:
        """A session bus in a process group of its own; its address.

        D-Bus starts the AT-SPI bus launcher (and it the registry) on demand, in
        the bus's process group: ending the group ends them all.
        """
        read_end, write_end = os.pipe()
        try:
            self._bus = self._running.start(
                "dbus",
                ["dbus-daemon", "--session", "--nofork", f"--print-address={write_end}"],
                env,
                pass_fds=(write_end,),
                start_new_session=True,
            )
            os.close(write_end)
            write_end = -1
            received = b""
            deadline = time.monotonic() + READY_TIMEOUT
            while not received.endswith(b"\n"):
                ready, _, _ = select.select([read_end], [], [], max(deadline - time.monotonic(), 0))
                chunk = os.read(read_end, 256) if ready else b""
                if not chunk:
                    break
                received += chunk
        finally:
            os.close(read_end)
            if write_end >= 0:
                os.close(write_end)
        address = received.decode(errors="replace").strip()
        if not address:
            raise RuntimeError(f"dbus-daemon did not start: {self._running.log('dbus')}")
        return address

    def read_window(self, timeout: float = CLIENT_TIMEOUT) -> dict[str, Any]:
        """Run the AT-SPI client against the running app; what it saw, with its logs."""
        try:
            client = subprocess.run(
                [SYSTEM_PYTHON, str(CLIENT), "--timeout", "20"],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(
                f"the AT-SPI client took more than {timeout:.0f} s\n{exc.stdout}\n{exc.stderr}"
                f"\napp: {self.app_log()}"
            ) from None
        lines = [line for line in client.stdout.splitlines() if line.startswith("{")]
        result: dict[str, Any] = json.loads(lines[-1]) if lines else {}
        result["client_exit"] = client.returncode
        result["client_stderr"] = client.stderr
        result["app_alive"] = self.app is not None and self.app.poll() is None
        return result

    def app_log(self) -> str:
        return self._running.log("app")

    def close(self) -> dict[str, int | None]:
        """Stop the app, the bus with all it started, and Xvfb; their exit codes."""
        try:
            return self._running.stop()
        finally:
            if self._bus is not None:
                # The AT-SPI launcher, its bus and the registry share the bus's group.
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(self._bus.pid, signal.SIGKILL)
                self._bus = None
