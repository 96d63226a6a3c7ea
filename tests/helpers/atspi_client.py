"""A screen reader's view of the running window: an AT-SPI client that prints JSON.

Run with the system Python, which has Debian's python3-pyatspi (the project's
virtual environment has no pyatspi), on the session bus of a running FollowUp::

    /usr/bin/python3 tests/helpers/atspi_client.py --app FollowUp

It reads what a screen reader reads: the application, its frame and the
toolbar's buttons; then it presses keys the way a user would (synthesised by
the AT-SPI registry) and follows the focus: Tab until the agenda has it, then
Ctrl+L for the Log touch dialog and Escape to close it. Modal dialogs are
opened by keyboard only: an AT-SPI action on a button that opens one blocks
until the dialog closes. It prints one JSON line; the test asserts on it.
This file imports nothing from the project.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import pyatspi
from gi.repository import GLib

TAB = 0xFF09
ESCAPE = 0xFF1B
DOWN = 0xFF54
CONTROL_MASK = 1 << 2
# Roles whose children are rows and cells: a walk for frames and buttons stays out.
ITEM_CONTAINERS = {"tree", "table", "list", "tree table", "menu bar", "popup menu"}
MAX_TABS = 30


def describe(acc: Any) -> dict[str, Any]:
    return {
        "role": acc.getRoleName(),
        "name": acc.name,
        "states": sorted(pyatspi.stateToString(s) for s in acc.getState().getStates()),
    }


def showing(acc: Any) -> bool:
    return bool(acc.getState().contains(pyatspi.STATE_SHOWING))


def children(acc: Any) -> list[Any]:
    found = []
    for index in range(acc.childCount):
        child = acc.getChildAtIndex(index)
        if child is not None:
            found.append(child)
    return found


def walk(acc: Any) -> list[Any]:
    """``acc`` and what shows below it, leaving out rows and cells of item views."""
    found = [acc]
    if acc.getRoleName() in ITEM_CONTAINERS:
        return found
    for child in children(acc):
        if showing(child):
            found.extend(walk(child))
    return found


def ancestors(acc: Any) -> list[Any]:
    chain = []
    parent = acc.parent
    while parent is not None and len(chain) < 50:
        chain.append(parent)
        if parent.getRoleName() == "application":
            break
        parent = parent.parent
    return chain


def pump(seconds: float) -> None:
    """Let the AT-SPI events that arrived be delivered to the listeners."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        while context.iteration(False):
            pass
        time.sleep(0.01)


def wait_for(find: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = find()
        except Exception:  # the tree changes under us while the app starts
            found = None
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what}")
        pump(0.1)


def find_app(name: str) -> Any:
    desktop = pyatspi.Registry.getDesktop(0)
    for app in children(desktop):
        if app.name == name:
            return app
    return None


def find_frame(app: Any, role: str, name_part: str) -> Any:
    for window in children(app):
        if window.getRoleName() == role and name_part in window.name and showing(window):
            return window
    return None


class FocusWatcher:
    """Records what gets the focus, as a screen reader hears it."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        pyatspi.Registry.registerEventListener(self._on_event, "object:state-changed:focused")

    def _on_event(self, event: Any) -> None:
        if event.detail1 == 1:
            self.events.append(event.source)

    def key(self, keysym: int, *, control: bool = False, wait: float = 2.0) -> Any:
        """Press and release a key; return the accessible that got the focus, if any."""
        self.events.clear()
        if control:
            pyatspi.Registry.generateKeyboardEvent(CONTROL_MASK, None, pyatspi.KEY_LOCKMODIFIERS)
        try:
            pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
        finally:
            if control:
                pyatspi.Registry.generateKeyboardEvent(
                    CONTROL_MASK, None, pyatspi.KEY_UNLOCKMODIFIERS
                )
        deadline = time.monotonic() + wait
        while not self.events and time.monotonic() < deadline:
            pump(0.05)
        pump(0.1)  # a view's focus may be followed by its current item's
        return self.events[-1] if self.events else None


def activate(frame: Any, shown: list[Any], timeout: float) -> None:
    """Make the window active by clicking its status bar, which does nothing else.

    With no window manager nothing activates a window; Qt asks for the focus
    when one of its windows is clicked.
    """
    bars = [b for b in shown if b.getRoleName() == "status bar"]
    area = (bars[0] if bars else frame).queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(area.x + 5, area.y + area.height - 3, "b1c")
    wait_for(
        lambda: True if frame.getState().contains(pyatspi.STATE_ACTIVE) else None,
        timeout,
        "the window to become active",
    )
    pump(0.3)


def in_agenda(acc: Any, agenda_name: str) -> bool:
    for node in [acc, *ancestors(acc)]:
        if node.getRoleName() in ("tree", "table", "tree table") and node.name == agenda_name:
            return True
    return False


def run(
    result: dict[str, Any], app_name: str, frame_part: str, agenda_name: str, timeout: float
) -> None:
    """Fill ``result`` as it goes: what was seen up to a failure is kept."""
    app = wait_for(lambda: find_app(app_name), timeout, f"the application {app_name!r}")
    result["app"] = {"name": app.name, "role": app.getRoleName()}
    frame = wait_for(
        lambda: find_frame(app, "frame", frame_part), timeout, f"a frame named {frame_part!r}"
    )
    result["frame"] = describe(frame)
    result["windows"] = [describe(w) for w in children(app)]

    shown = walk(frame)
    result["toolbars"] = [
        {
            "name": bar.name,
            "buttons": [
                describe(b)
                for b in children(bar)
                if b.getRoleName() == "push button" and showing(b)
            ],
        }
        for bar in shown
        if bar.getRoleName() == "tool bar"
    ]
    result["agenda_views"] = [
        describe(view)
        for view in shown
        if view.getRoleName() in ("tree", "table", "tree table") and view.name == agenda_name
    ]

    watcher = FocusWatcher()
    activate(frame, shown, timeout)
    result["active_frame"] = describe(frame)
    result["focus_on_activation"] = describe(watcher.events[-1]) if watcher.events else None
    tabs: list[dict[str, Any]] = []
    result["tabs"] = tabs
    result["agenda_reached_after"] = None
    for count in range(1, MAX_TABS + 1):
        focused = watcher.key(TAB)
        if focused is None:
            tabs.append({"role": None, "name": None})
            continue
        step = describe(focused)
        step["ancestors"] = [f"{a.getRoleName()}:{a.name}" for a in ancestors(focused)][:6]
        tabs.append(step)
        if in_agenda(focused, agenda_name):
            result["agenda_reached_after"] = count
            break
        if step in tabs[:-1] and tabs.count(step) > 2:
            break  # round the window's focus chain more than twice: it is not there

    # Down chooses the first follow-up: what the screen reader reads for it.
    focused = watcher.key(DOWN)
    result["row_focus"] = describe(focused) if focused is not None else None
    result["row_in_agenda"] = focused is not None and in_agenda(focused, agenda_name)

    # A modal dialog, opened and closed by keyboard only.
    focused = watcher.key(ord("l"), control=True)
    dialog = wait_for(
        lambda: find_frame(app, "dialog", "Log touch"), timeout, "the Log touch dialog"
    )
    result["dialog"] = describe(dialog)
    result["dialog_focus"] = describe(focused) if focused is not None else None
    result["dialog_buttons"] = [
        b.name for b in walk(dialog) if b.getRoleName() == "push button" and b.name
    ]
    watcher.key(ESCAPE, wait=0.5)
    wait_for(
        lambda: None if find_frame(app, "dialog", "Log touch") else True,
        timeout,
        "the Log touch dialog to close",
    )
    result["dialog_closed"] = True
    result["windows_after_dialog"] = [describe(w) for w in children(app)]
    # The window is active again once clicked (a window manager would activate it
    # by itself): the focus is back on the agenda's row.
    watcher.events.clear()
    activate(frame, walk(frame), timeout)
    result["focus_after_dialog"] = [describe(e) for e in watcher.events]
    result["focus_after_dialog_in_agenda"] = bool(watcher.events) and in_agenda(
        watcher.events[-1], agenda_name
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="FollowUp")
    parser.add_argument("--frame", default="FollowUp")
    parser.add_argument("--agenda", default="Agenda")
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()
    result: dict[str, Any] = {}
    try:
        run(result, args.app, args.frame, args.agenda, args.timeout)
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"
    print(json.dumps(result, ensure_ascii=False))
    return 1 if "error" in result else 0


if __name__ == "__main__":
    sys.exit(main())
