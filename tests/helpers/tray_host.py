"""Real tray hosts for tests: Xvfb with trayer, and a private bus with dunst.

The pytest process runs Qt offscreen and cannot switch platform, so each
scenario runs in a process tree of its own::

    pytest ── run_scenario()
               └─ dbus-run-session -- python -m tests.helpers.tray_host session SCENARIO
                   ├─ Xvfb (a free display, found with -displayfd)
                   ├─ "balloon": trayer
                   ├─ "notify":  dunst, a stand-in StatusNotifierWatcher, dbus-monitor
                   ├─ "actions": dunst (its menu is a script), dbus-monitor
                   └─ python -m tests.helpers.tray_host client SCENARIO   (QT_QPA_PLATFORM=xcb)

The client builds a demo store with one follow-up due, a ``TrayController``,
and prints what it saw as JSON; the session adds what the daemons saw and
prints the whole result as one JSON line for the test to assert on. In
"actions" the client is a ``DesktopNotifier`` (no tray): it sends notifications
and invokes their actions the way a user would, through ``dunstctl`` (the
default action, and the context menu, whose dmenu is a script that picks
"Snooze 1 hour"). Every
process started here is stopped in a ``finally`` block, and the whole tree is
killed if it outlives ``timeout``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]

# Program -> the Debian package that has it.
PACKAGES = {
    "Xvfb": "xvfb",
    "trayer": "trayer",
    "dbus-run-session": "dbus-daemon",
    "dunst": "dunst",
    "dbus-monitor": "dbus-bin",
    "dunstctl": "dunst",
}
SCENARIOS: dict[str, tuple[str, ...]] = {
    "balloon": ("dbus-run-session", "Xvfb", "trayer"),
    "notify": ("dbus-run-session", "Xvfb", "dunst", "dbus-monitor"),
    "actions": ("dbus-run-session", "Xvfb", "dunst", "dunstctl", "dbus-monitor"),
}
SCREEN = "1280x800x24"
TIMEOUT = 30.0  # the whole scenario
CLIENT_TIMEOUT = 20.0
READY_TIMEOUT = 10.0

WATCHER_SERVICE = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
NOTIFICATIONS_SERVICE = "org.freedesktop.Notifications"
NOTIFY_MATCH = "interface='org.freedesktop.Notifications',member='Notify'"
NOTIFICATIONS_MATCH = "interface='org.freedesktop.Notifications'"

# "actions": what the notifications stand for, and the action the menu script picks.
ACTION_PROSPECT = 7
ACTION_FOLLOW_UPS = (11,)
SNOOZE_FOLLOW_UPS = (12, 13)
SUMMARY_FOLLOW_UPS = (11, 12, 13)
SUMMARY_TITLE = "3 follow-ups overdue"
SUMMARY_BODY = "Ana García, Ben and Chloé"
MENU_PICK = "snooze-1h"

DUE_NAME = "Ana García"
DUE_BODY = "Call — Follow up on your answer"
HTML_NAME = "<b>Bold</b> & <img src=x>"
HTML_BODY = "Call — <i>ask</i> about Q&A <a href='x'>x</a>"

DUNSTRC = """\
[global]
    font = DejaVu Sans 10
    width = 320
    origin = top-right
    offset = 10x40
    markup = full
    show_age_threshold = -1

[urgency_low]
    timeout = 60

[urgency_normal]
    timeout = 60

[urgency_critical]
    timeout = 60
"""

# dunst's context menu runs this instead of dmenu: it keeps the entries it was
# offered ("#Snooze 1 hour (Ana) [3,snooze-1h]") and picks the one for MENU_PICK.
DMENU_SCRIPT = """\
#!/bin/sh
cat > {entries}
grep -m1 ',{pick}]$' {entries}
"""

# Variables that would lead Qt or the daemons to the developer's own desktop.
_DESKTOP_VARIABLES = (
    "DBUS_SESSION_BUS_ADDRESS",
    "DESKTOP_SESSION",
    "DISPLAY",
    "GNOME_DESKTOP_SESSION_ID",
    "KDE_FULL_SESSION",
    "QT_QPA_PLATFORMTHEME",
    "QT_STYLE_OVERRIDE",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "XDG_CURRENT_DESKTOP",
    "XDG_SESSION_TYPE",
)


def missing_program(scenario: str) -> str | None:
    """Why ``scenario`` cannot run here ("trayer not installed (Debian: trayer)"), or None."""
    for program in SCENARIOS[scenario]:
        if shutil.which(program) is None:
            return f"{program} not installed (Debian package {PACKAGES[program]})"
    return None


# -- the pytest side ----------------------------------------------------------------
def run_scenario(
    scenario: str,
    workdir: Path,
    *,
    screenshot: Path | None = None,
    timeout: float = TIMEOUT,
) -> dict[str, Any]:
    """Run ``scenario`` in its own process tree and return what it reported."""
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}")
    workdir.mkdir(parents=True, exist_ok=True)
    command = [
        "dbus-run-session",
        "--",
        sys.executable,
        "-m",
        "tests.helpers.tray_host",
        "session",
        scenario,
        "--workdir",
        str(workdir),
    ]
    if screenshot is not None:
        command += ["--screenshot", str(screenshot)]
    env = {k: v for k, v in os.environ.items() if k not in _DESKTOP_VARIABLES}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["XDG_CONFIG_HOME"] = str(workdir / "config")
    runtime = workdir / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        stdout, stderr = process.communicate()
        raise AssertionError(
            f"scenario {scenario} took more than {timeout:.0f} s\n{stdout}\n{stderr}"
        ) from None
    finally:
        _kill_group(process)
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if process.returncode != 0 or not lines:
        raise AssertionError(
            f"scenario {scenario} failed (exit {process.returncode})\n{stdout}\n{stderr}"
        )
    result: dict[str, Any] = json.loads(lines[-1])
    result["session_stderr"] = stderr
    return result


def _kill_group(process: subprocess.Popen[Any]) -> None:
    """End a process started with ``start_new_session`` and everything it started."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            break  # the group is gone: nothing of it is left running
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
            time.sleep(0.1)  # let the rest of the group act on the signal too
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


# -- the session: daemons on the private bus ------------------------------------------
class Daemons:
    """Processes started for a scenario, stopped in reverse order on exit."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.processes: list[tuple[str, subprocess.Popen[Any]]] = []

    def start(
        self,
        name: str,
        command: Sequence[str],
        env: Mapping[str, str],
        **kwargs: Any,
    ) -> subprocess.Popen[Any]:
        log = (self.workdir / f"{name}.log").open("w", encoding="utf-8")
        kwargs.setdefault("stdout", log)
        try:
            process = subprocess.Popen(list(command), env=dict(env), stderr=log, **kwargs)
        finally:
            log.close()
        self.processes.append((name, process))
        return process

    def stop(self) -> dict[str, int | None]:
        codes: dict[str, int | None] = {}
        for name, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
            codes[name] = process.returncode
        self.processes.clear()
        return codes

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


@contextlib.contextmanager
def daemons(workdir: Path) -> Iterator[Daemons]:
    running = Daemons(workdir)
    try:
        yield running
    finally:
        running.stop()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def start_xvfb(running: Daemons, env: dict[str, str]) -> str:
    """Start Xvfb on a free display and return it (":3")."""
    read_end, write_end = os.pipe()
    try:
        running.start(
            "xvfb",
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
            env,
            pass_fds=(write_end,),
        )
        os.close(write_end)
        write_end = -1
        # Xvfb writes the number and then a newline once it takes connections.
        received = b""
        deadline = time.monotonic() + READY_TIMEOUT
        while not received.endswith(b"\n"):
            left = deadline - time.monotonic()
            ready, _, _ = select.select([read_end], [], [], max(left, 0))
            chunk = os.read(read_end, 64) if ready else b""
            if not chunk:
                break
            received += chunk
        number = received.decode(errors="replace").strip()
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)
    if not number.isdigit():
        raise RuntimeError(f"Xvfb did not start: {running.log('xvfb')}")
    return f":{number}"


def parse_notify_calls(monitor_output: str) -> list[dict[str, Any]]:
    """The Notify calls in dbus-monitor's text output (single-line strings only)."""
    calls: list[dict[str, Any]] = []
    lines = monitor_output.splitlines()
    for index, line in enumerate(lines):
        if not line.startswith("method call") or "member=Notify" not in line:
            continue
        args: list[str] = []
        for arg in lines[index + 1 :]:
            if not arg.startswith(" "):
                break
            match = re.match(r'^\s+(?:string "(.*)"|uint32 (\d+))$', arg)
            if match:
                args.append(match.group(1) if match.group(1) is not None else match.group(2))
            if len(args) == 5:
                break
        if len(args) == 5:
            app_name, replaces, icon, summary, body = args
            calls.append(
                {
                    "app_name": app_name,
                    "replaces_id": int(replaces),
                    "icon": icon,
                    "summary": summary,
                    "body": body,
                }
            )
    return calls


def run_session(scenario: str, workdir: Path, screenshot: str | None) -> dict[str, Any]:
    """Inside dbus-run-session: start the hosts, run the client, gather what they saw."""
    env = dict(os.environ)
    result: dict[str, Any] = {"scenario": scenario}
    with daemons(workdir) as running:
        display = start_xvfb(running, env)
        env["DISPLAY"] = display
        result["display"] = display
        if scenario == "balloon":
            running.start(
                "trayer",
                [
                    *("trayer", "--edge", "top", "--align", "right", "--widthtype", "request"),
                    *("--height", "24", "--SetDockType", "true", "--transparent", "false"),
                ],
                env,
            )
        elif scenario == "actions":
            start_dunst_with_menu_script(running, env, workdir)
            start_monitor(running, env, workdir, NOTIFICATIONS_MATCH)
        else:
            config = workdir / "dunstrc"
            config.write_text(DUNSTRC, encoding="utf-8")
            running.start("dunst", ["dunst", "-config", str(config)], env)
            running.start(
                "watcher", [sys.executable, "-m", "tests.helpers.tray_host", "watcher"], env
            )
            monitor_log = workdir / "monitor.txt"
            with monitor_log.open("w", encoding="utf-8") as capture:
                running.start("monitor", ["dbus-monitor", NOTIFY_MATCH], env, stdout=capture)
            # dbus-monitor prints NameAcquired/NameLost once it is listening.
            wait_until(
                lambda: monitor_log.stat().st_size > 0, READY_TIMEOUT, "dbus-monitor to listen"
            )
        client_env = dict(env, QT_QPA_PLATFORM="xcb")
        command = [sys.executable, "-m", "tests.helpers.tray_host", "client", scenario]
        command += ["--workdir", str(workdir)]
        if screenshot:
            command += ["--screenshot", screenshot]
        try:
            client = subprocess.run(
                command,
                env=client_env,
                capture_output=True,
                text=True,
                timeout=CLIENT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"the client took more than {CLIENT_TIMEOUT:.0f} s: {exc}") from exc
        result["client_stderr"] = client.stderr
        result["client_exit"] = client.returncode
        client_lines = [line for line in client.stdout.splitlines() if line.startswith("{")]
        result["client"] = json.loads(client_lines[-1]) if client_lines else None
        if scenario == "notify":
            wanted = len((result["client"] or {}).get("announced", []))

            def monitor_text() -> str:
                return (workdir / "monitor.txt").read_text(encoding="utf-8")

            with contextlib.suppress(TimeoutError):
                wait_until(
                    lambda: len(parse_notify_calls(monitor_text())) >= wanted,
                    READY_TIMEOUT,
                    "the Notify calls",
                )
            result["notify_calls"] = parse_notify_calls(monitor_text())
            displayed = subprocess.run(
                ["dunstctl", "count", "displayed"],
                env=env,
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
            result["dunst_displayed"] = displayed.stdout.strip()
            result["dunst_log"] = running.log("dunst")
            result["watcher_log"] = running.log("watcher")
        if scenario == "actions":
            traffic = parse_monitor(_read(workdir / "monitor.txt"))
            result["notify_calls"] = [
                notify_call(m["args"])
                for m in traffic
                if m["kind"] == "method call" and m["member"] == "Notify"
            ]
            result["actions_invoked"] = [
                [m["args"][0][1], m["args"][1][1]]
                for m in traffic
                if m["kind"] == "signal" and m["member"] == "ActionInvoked"
            ]
            result["closed"] = [
                int(m["args"][0][1])
                for m in traffic
                if m["kind"] == "signal" and m["member"] == "NotificationClosed"
            ]
            result["menu_entries"] = _read(workdir / "dmenu-entries.txt").splitlines()
            result["dunst_displayed"] = dunstctl(env, "count", "displayed")
            result["dunst_log"] = running.log("dunst")
        result["daemons_alive"] = [name for name, p in running.processes if p.poll() is None]
        result["exit_codes"] = running.stop()
    return result


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def dunstctl(env: Mapping[str, str], *args: str) -> str:
    """Run ``dunstctl`` on the private bus; its output, stripped."""
    done = subprocess.run(
        ["dunstctl", *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=5,
        check=False,
    )
    return done.stdout.strip()


def start_dunst_with_menu_script(running: Daemons, env: dict[str, str], workdir: Path) -> None:
    """dunst whose context menu is DMENU_SCRIPT; waits until it owns its name."""
    script = workdir / "dmenu.sh"
    script.write_text(
        DMENU_SCRIPT.format(
            entries=shlex.quote(str(workdir / "dmenu-entries.txt")), pick=MENU_PICK
        ),
        encoding="utf-8",
    )
    script.chmod(0o755)
    config = workdir / "dunstrc"
    # dunst splits this setting like a shell does.
    menu = f"[global]\n    dmenu = {shlex.quote(str(script))}\n"
    config.write_text(DUNSTRC.replace("[global]\n", menu, 1), encoding="utf-8")
    running.start("dunst", ["dunst", "-config", str(config)], env)


def start_monitor(running: Daemons, env: dict[str, str], workdir: Path, match: str) -> None:
    monitor_log = workdir / "monitor.txt"
    with monitor_log.open("w", encoding="utf-8") as capture:
        running.start("monitor", ["dbus-monitor", match], env, stdout=capture)
    # dbus-monitor prints NameAcquired/NameLost once it is listening.
    wait_until(lambda: monitor_log.stat().st_size > 0, READY_TIMEOUT, "dbus-monitor to listen")


_MESSAGE_HEADER = re.compile(r"^(method call|method return|signal|error) .*?(?:member=(\S+))?$")
_SCALAR = re.compile(r"^(string|u?int(?:16|32|64)|byte|boolean|double|object path|signature) (.*)$")


def parse_monitor(monitor_output: str) -> list[dict[str, Any]]:
    """dbus-monitor's text output as messages: kind, member and typed arguments.

    A basic value is ``[type, text]`` (strings without their quotes), an array a
    list, a dict entry ``{"entry": [key, value]}``; variants are unwrapped.
    Strings must be single-line.
    """
    messages: list[dict[str, Any]] = []
    stack: list[list[Any]] = []
    for line in monitor_output.splitlines():
        header = _MESSAGE_HEADER.match(line)
        if header and not line.startswith(" "):
            stack = [[]]
            messages.append({"kind": header.group(1), "member": header.group(2), "args": stack[0]})
            continue
        if not stack:
            continue
        text = line.strip()
        if text.startswith("variant"):
            text = text[len("variant") :].strip()
        if text in ("array [", "dict entry("):
            stack.append([])
        elif text in ("]", ")") and len(stack) > 1:
            done = stack.pop()
            stack[-1].append(done if text == "]" else {"entry": done})
        else:
            scalar = _SCALAR.match(text)
            if scalar:
                kind, value = scalar.groups()
                if kind == "string" and len(value) >= 2 and value[0] == value[-1] == '"':
                    value = value[1:-1]
                stack[-1].append([kind, value])
    return messages


def notify_call(args: list[Any]) -> dict[str, Any]:
    """A Notify call's arguments by name, each scalar with its D-Bus type."""
    names = ("app_name", "replaces_id", "app_icon", "summary", "body")
    call: dict[str, Any] = dict(zip(names, args[:5], strict=False))
    if len(args) > 5:
        call["actions"] = [value for _kind, value in args[5]]
    if len(args) > 6:
        call["hints"] = {e["entry"][0][1]: e["entry"][1][1] for e in args[6]}
    if len(args) > 7:
        call["expire_timeout"] = args[7]
    return call


# -- the client: the app's tray under a real X display --------------------------------------
def run_client(scenario: str, workdir: Path, screenshot: str | None) -> dict[str, Any]:
    """Build a TrayController over a store with one follow-up due and drive it."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtDBus import QDBusConnection
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLabel, QSystemTrayIcon, QWidget

    from followup_desktop.domain.clock import FixedClock
    from followup_desktop.services import FollowUpService
    from followup_desktop.store import open_store
    from followup_desktop.tray.icon import TrayController, due_entry_text
    from followup_desktop.ui.format import CHANNEL_LABELS
    from followup_desktop.ui.icons import app_icon

    app = QApplication([sys.argv[0]])
    app.setApplicationName("FollowUp")
    report: dict[str, Any] = {"platform": QGuiApplication.platformName()}

    def pump(seconds: float, until: Callable[[], bool] = lambda: False) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            app.processEvents()
            if until():
                return True
            time.sleep(0.02)
        app.processEvents()
        return until()

    if scenario == "notify":
        bus = QDBusConnection.sessionBus()
        interface = bus.interface()

        def registered(name: str) -> bool:
            return interface is not None and bool(interface.isServiceRegistered(name).value())

        report["services"] = {
            name: pump(READY_TIMEOUT, functools.partial(registered, name))
            for name in (NOTIFICATIONS_SERVICE, WATCHER_SERVICE)
        }

    report["tray_available"] = pump(READY_TIMEOUT, QSystemTrayIcon.isSystemTrayAvailable)
    store = open_store(workdir / "data" / "followup.sqlite3")
    try:
        clock = FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")))
        service = FollowUpService(store, clock, home_country="DE")
        prospect = service.add_prospect(DUE_NAME)
        assert prospect.id is not None
        first = service.pending(prospect.id)[0]
        assert first.id is not None
        service.reschedule(first.id, clock.now() - timedelta(hours=1))

        tray = TrayController(service, icon=app_icon(), channel_labels=CHANNEL_LABELS)
        requested: list[int] = []
        fallback: list[list[Any]] = []
        tray.prospect_requested.connect(requested.append)
        tray.fallback_announcement.connect(lambda t, b, p: fallback.append([t, b, p]))
        report["controller_available"] = tray.available()
        tray.show()
        report["visible"] = tray.tray_icon.isVisible()
        if scenario == "balloon":
            # Embedded once trayer (at the top right) has given it a place on the screen;
            # a balloon shown before that points at the top left corner.
            pump(
                READY_TIMEOUT,
                lambda: tray.tray_icon.geometry().isValid() and tray.tray_icon.geometry().x() > 0,
            )
        else:
            pump(0.5)
        geometry = tray.tray_icon.geometry()
        report["tray_geometry"] = [geometry.x(), geometry.y(), geometry.width(), geometry.height()]
        report["tooltip"] = tray.tray_icon.toolTip()
        report["menu"] = [a.text() for a in tray.menu().actions() if not a.isSeparator()]
        report["expected_entry"] = due_entry_text(service.due()[0], CHANNEL_LABELS)
        report["prospect_id"] = prospect.id

        def balloons() -> list[QWidget]:
            return [
                w
                for w in QApplication.topLevelWidgets()
                if w.metaObject().className() == "QBalloonTip" and w.isVisible()
            ]

        announced = [[DUE_NAME, DUE_BODY]]
        if scenario == "notify":
            announced.append([HTML_NAME, HTML_BODY])
        report["announced"] = announced
        for title, body in announced:
            tray.show_announcement(title, body, prospect.id)
            pump(0.3)
        pump(READY_TIMEOUT if scenario == "balloon" else 1.0, lambda: bool(balloons()))
        shown = balloons()
        report["balloons"] = [
            [label.text() for label in w.findChildren(QLabel) if label.text()] for w in shown
        ]
        if screenshot:
            pump(0.5)
            screen = QGuiApplication.primaryScreen()
            report["screenshot"] = bool(screen.grabWindow(0).save(screenshot))
        if shown:
            QTest.mouseClick(shown[0], Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
            pump(2.0, lambda: bool(requested))
        report["requested"] = requested
        report["fallback"] = fallback
        tray.hide()
        pump(0.2)
    finally:
        store.close()
    return report


# -- the client of "actions": notifications with actions, invoked through dunstctl ----------------
def run_actions_client(workdir: Path) -> dict[str, Any]:
    """Send notifications with a ``DesktopNotifier`` and invoke their actions as a user would.

    1. one for a prospect, then ``dunstctl action 0`` (its default action: a click);
    2. one for two follow-ups, then ``dunstctl context``: the menu script picks
       "Snooze 1 hour";
    3. a summary without one prospect, then its default action again.
    After each action the notifier closes the notification.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtDBus import QDBusConnection

    from followup_desktop.tray.desktop_notify import DesktopNotifier

    app = QCoreApplication([sys.argv[0]])
    report: dict[str, Any] = {}
    # Every wait ends before the session's CLIENT_TIMEOUT, so a failure is reported, not killed.
    give_up = time.monotonic() + CLIENT_TIMEOUT - 3.0

    def pump(seconds: float, until: Callable[[], bool] = lambda: False) -> bool:
        deadline = min(time.monotonic() + seconds, give_up)
        while time.monotonic() < deadline:
            app.processEvents()
            if until():
                return True
            time.sleep(0.02)
        app.processEvents()
        return until()

    bus = QDBusConnection.sessionBus()
    interface = bus.interface()
    report["server"] = pump(
        READY_TIMEOUT,
        lambda: (
            interface is not None
            and bool(interface.isServiceRegistered(NOTIFICATIONS_SERVICE).value())
        ),
    )
    notifier = DesktopNotifier()
    report["available"] = notifier.available()
    opened: list[int] = []
    windows: list[bool] = []
    snoozed: list[list[Any]] = []
    notifier.open_requested.connect(opened.append)
    notifier.window_requested.connect(lambda: windows.append(True))
    notifier.snooze_requested.connect(lambda ids, choice: snoozed.append([list(ids), choice]))
    env = dict(os.environ)

    def displayed() -> str:
        return dunstctl(env, "count", "displayed")

    def step(
        title: str,
        body: str,
        prospect: int | None,
        follow_ups: tuple[int, ...],
        command: str,
        done: Callable[[], bool],
    ) -> dict[str, Any]:
        sent = notifier.notify(title, body, prospect, follow_ups)
        shown = pump(READY_TIMEOUT, lambda: displayed() == "1")
        dunstctl(env, *command.split())
        acted = pump(READY_TIMEOUT, done)
        # The notifier closed it after the action; the server said so.
        gone = pump(READY_TIMEOUT, lambda: sent not in notifier.pending())
        return {"id": sent, "shown": shown, "acted": acted, "gone": gone}

    report["open"] = step(
        DUE_NAME, DUE_BODY, ACTION_PROSPECT, ACTION_FOLLOW_UPS, "action 0", lambda: bool(opened)
    )
    report["snooze"] = step(
        HTML_NAME, HTML_BODY, ACTION_PROSPECT, SNOOZE_FOLLOW_UPS, "context", lambda: bool(snoozed)
    )
    report["window"] = step(
        SUMMARY_TITLE, SUMMARY_BODY, None, SUMMARY_FOLLOW_UPS, "action 0", lambda: bool(windows)
    )
    report["opened"] = opened
    report["snoozed"] = snoozed
    report["windows"] = len(windows)
    report["pending"] = sorted(notifier.pending())
    report["displayed_after"] = displayed()
    return report


# -- the stand-in StatusNotifierWatcher ----------------------------------------------------
def serve_watcher() -> int:
    """Own org.kde.StatusNotifierWatcher on the session bus, as a desktop's tray would.

    Qt sends tray icons and messages over D-Bus when this name is on the bus;
    it registers its item with RegisterStatusNotifierItem. The properties are
    the ones a StatusNotifierItem client reads.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVariant, QDBusVirtualObject

    interface_xml = f"""<interface name="{WATCHER_SERVICE}">
  <method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
  <method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
  <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
  <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
  <property name="ProtocolVersion" type="i" access="read"/>
  <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
  <signal name="StatusNotifierItemUnregistered"><arg type="s"/></signal>
  <signal name="StatusNotifierHostRegistered"/>
</interface>
"""

    class Watcher(QDBusVirtualObject):
        def __init__(self) -> None:
            super().__init__()
            self.items: list[str] = []

        def introspect(self, path: str) -> str:
            return interface_xml

        def properties(self) -> dict[str, Any]:
            return {
                "RegisteredStatusNotifierItems": list(self.items),
                "IsStatusNotifierHostRegistered": True,
                "ProtocolVersion": 0,
            }

        def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
            interface, member, args = message.interface(), message.member(), message.arguments()
            print(f"{interface}.{member} {args}", file=sys.stderr, flush=True)
            if interface == WATCHER_SERVICE and member == "RegisterStatusNotifierItem":
                item = str(args[0]) if args else message.service()
                self.items.append(item)
                connection.send(message.createReply([]))
                signal_message = QDBusMessage.createSignal(
                    WATCHER_PATH, WATCHER_SERVICE, "StatusNotifierItemRegistered"
                )
                signal_message.setArguments([item])
                connection.send(signal_message)
                return True
            if interface == WATCHER_SERVICE and member == "RegisterStatusNotifierHost":
                connection.send(message.createReply([]))
                return True
            if interface == "org.freedesktop.DBus.Properties" and member == "Get":
                value = self.properties().get(str(args[1]))
                if value is None:
                    connection.send(
                        message.createErrorReply(
                            "org.freedesktop.DBus.Error.UnknownProperty", str(args[1])
                        )
                    )
                else:
                    connection.send(message.createReply([QDBusVariant(value)]))
                return True
            if interface == "org.freedesktop.DBus.Properties" and member == "GetAll":
                connection.send(message.createReply([self.properties()]))
                return True
            return False

    app = QCoreApplication([sys.argv[0]])
    bus = QDBusConnection.sessionBus()
    watcher = Watcher()
    if not bus.registerVirtualObject(WATCHER_PATH, watcher):
        print("cannot register the watcher object", file=sys.stderr)
        return 1
    if not bus.registerService(WATCHER_SERVICE):
        print(f"cannot own {WATCHER_SERVICE}: {bus.lastError().message()}", file=sys.stderr)
        return 1
    print("watcher ready", file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    # Python handles SIGTERM only when it runs; a timer lets it run now and then.
    from PySide6.QtCore import QTimer

    tick = QTimer()
    tick.timeout.connect(lambda: None)
    tick.start(200)
    return int(app.exec())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.helpers.tray_host")
    parser.add_argument("role", choices=["session", "client", "watcher"])
    parser.add_argument("scenario", nargs="?", choices=sorted(SCENARIOS), default="balloon")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--screenshot")
    args = parser.parse_args(argv)
    if args.role == "watcher":
        return serve_watcher()
    if args.workdir is None:
        parser.error("--workdir is needed")
    try:
        if args.role == "session":
            result = run_session(args.scenario, args.workdir, args.screenshot)
        elif args.scenario == "actions":
            result = run_actions_client(args.workdir)
        else:
            result = run_client(args.scenario, args.workdir, args.screenshot)
    except Exception as exc:  # reported as JSON so the test shows what went wrong
        result = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(result, ensure_ascii=False), flush=True)
        return 1
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
