"""The running window over AT-SPI, as a screen reader (Orca, say) reads it.

FollowUp runs as a real program on Xvfb with a private D-Bus session, the
AT-SPI registry and ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``, on a demo
database; a client using Debian's python3-pyatspi reads the window and drives
it by keyboard (tests/helpers/screen_reader.py, tests/helpers/atspi_client.py).
Modal dialogs are opened with their keys: an AT-SPI action on a button that
opens one would block until the dialog closes.

It skips, naming the Debian package, only where a program it needs is missing
and not in CI; in CI (``CI`` set) a missing program fails it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import screen_reader

TOOLBAR_BUTTONS = ["New prospect", "Log touch", "Undo", "Redo"]


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the AT-SPI client read and did, once for the tests below."""
    reason = screen_reader.missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the screen-reader test cannot run in CI: {reason}")
        pytest.skip(f"screen reader (AT-SPI): {reason}")
    workdir: Path = tmp_path_factory.mktemp("screen-reader")
    with screen_reader.ScreenReaderSession(workdir) as session:
        result = session.read_window()
        result["app_log"] = session.app_log()
        exit_codes = session.close()
    result["exit_codes"] = exit_codes
    return result


def explain(result: dict[str, Any]) -> str:
    shown = {k: v for k, v in result.items() if k not in ("app_log", "client_stderr")}
    return (
        json.dumps(shown, ensure_ascii=False, indent=1)
        + f"\n-- client stderr:\n{result.get('client_stderr', '')}"
        + f"\n-- app log:\n{result.get('app_log', '')[-4000:]}"
    )


def test_the_client_read_the_window_to_the_end(seen: dict[str, Any]) -> None:
    why = explain(seen)
    assert "error" not in seen, why
    assert seen["client_exit"] == 0, why
    assert seen["app_alive"], why
    # The app ended as on a logout (SIGTERM), not by being killed.
    assert seen["exit_codes"]["app"] == 0, why
    assert "Traceback" not in seen["app_log"], why


def test_the_application_shows_one_frame_named_followup(seen: dict[str, Any]) -> None:
    why = explain(seen)
    assert seen["app"] == {"name": "FollowUp", "role": "application"}, why
    assert seen["frame"]["role"] == "frame", why
    assert "FollowUp" in seen["frame"]["name"], why
    assert {"showing", "visible", "enabled"} <= set(seen["frame"]["states"]), why
    assert [w["role"] for w in seen["windows"]] == ["frame"], why
    assert "active" in seen["active_frame"]["states"], why


def test_the_toolbar_buttons_have_their_names(seen: dict[str, Any]) -> None:
    why = explain(seen)
    buttons = {b["name"]: b for bar in seen["toolbars"] for b in bar["buttons"]}
    assert "" not in buttons, why  # every button on a toolbar has a name
    assert set(TOOLBAR_BUTTONS) <= set(buttons), why
    assert "enabled" in buttons["New prospect"]["states"], why


def test_tab_reaches_the_agenda_and_down_reads_a_follow_up(seen: dict[str, Any]) -> None:
    why = explain(seen)
    assert [v["role"] for v in seen["agenda_views"]] == ["tree"], why
    assert seen["agenda_reached_after"] is not None, why
    reached = seen["tabs"][seen["agenda_reached_after"] - 1]
    assert reached["name"] == "Agenda", why
    assert "focused" in reached["states"], why
    # Down chooses the first follow-up; the reader hears its first cell.
    assert seen["row_in_agenda"], why
    assert seen["row_focus"]["name"], why
    assert "selected" in seen["row_focus"]["states"], why


def test_ctrl_l_opens_the_log_touch_dialog_and_escape_closes_it(seen: dict[str, Any]) -> None:
    why = explain(seen)
    dialog = seen["dialog"]
    assert dialog["role"] == "dialog", why
    assert dialog["name"].startswith("Log touch — "), why
    assert "active" in dialog["states"], why
    # The focus went into the dialog, on a control with a name.
    assert seen["dialog_focus"] is not None, why
    assert seen["dialog_focus"]["name"], why
    assert {"Save", "Cancel"} <= set(seen["dialog_buttons"]), why
    assert seen["dialog_closed"], why
    assert [w["role"] for w in seen["windows_after_dialog"]] == ["frame"], why
    # Back in the window, the focus is where it was: on the agenda.
    assert seen["focus_after_dialog_in_agenda"], why
