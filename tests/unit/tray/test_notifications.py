"""The tray and its messages on real hosts: Xvfb with trayer, and dunst on a private bus.

Each scenario runs in a process tree of its own (tests/helpers/tray_host.py):
this pytest process is offscreen and Qt cannot change platform in it. A test
skips, saying which program and Debian package are missing, only when the
host lacks a program it needs.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import tray_host

CALL_BODY = "Call — Follow up on your answer"


def run(scenario: str, tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any], Path]:
    reason = tray_host.missing_program(scenario)
    if reason is not None:
        pytest.skip(f"real tray host ({scenario}): {reason}")
    screenshot = tmp_path / f"{scenario}.png"
    result = tray_host.run_scenario(scenario, tmp_path / "host", screenshot=screenshot)
    client = result.get("client")
    assert client, explain(result)
    return result, client, screenshot


def explain(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1)


def test_the_tray_under_trayer_lists_what_is_due_and_shows_a_balloon(tmp_path: Path) -> None:
    result, client, screenshot = run("balloon", tmp_path)
    why = explain(result)
    assert client["platform"] == "xcb", why
    assert client["tray_available"], why
    assert client["controller_available"], why
    assert client["visible"], why
    assert client["tray_geometry"][2] > 0, why  # embedded in trayer
    assert client["tooltip"] == "FollowUp — 1 due now", why
    assert client["expected_entry"].startswith(f"{tray_host.DUE_NAME} — "), why
    assert client["expected_entry"] in client["menu"], why
    assert client["balloons"] == [[tray_host.DUE_NAME, CALL_BODY]], why
    # Clicking the balloon asks for the prospect; nothing went to the fallback.
    assert client["requested"] == [client["prospect_id"]], why
    assert client["fallback"] == [], why
    assert client["screenshot"], why
    assert screenshot.stat().st_size > 0
    # The hosts lived through the run, and were stopped after it.
    assert result["daemons_alive"] == ["xvfb", "trayer"], why
    assert result["client_exit"] == 0, why


def test_a_notification_reaches_the_desktop_notification_server(tmp_path: Path) -> None:
    result, client, _ = run("notify", tmp_path)
    why = explain(result)
    assert client["platform"] == "xcb", why
    assert all(client["services"].values()), why
    assert client["tray_available"], why
    assert client["expected_entry"] in client["menu"], why
    # Qt registered its icon with the stand-in watcher: the D-Bus route, not a balloon.
    assert "RegisterStatusNotifierItem" in result["watcher_log"], why
    assert client["balloons"] == [], why
    assert client["fallback"] == [], why
    calls = result["notify_calls"]
    assert [(c["summary"], c["body"]) for c in calls] == [
        (tray_host.DUE_NAME, CALL_BODY),
        # The summary is plain text by the spec; dunst reads the body as markup.
        (tray_host.HTML_NAME, html.escape(tray_host.HTML_BODY, quote=False)),
    ], why
    assert {c["app_name"] for c in calls} == {"FollowUp"}, why
    assert result["dunst_displayed"] == "2", why
    assert sorted(result["daemons_alive"]) == ["dunst", "monitor", "watcher", "xvfb"], why
    assert result["client_exit"] == 0, why
