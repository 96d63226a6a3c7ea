"""Desktop notifications with actions: the rules offscreen, and dunst on a private bus.

The real test runs tests/helpers/tray_host.py's "actions" scenario in a process
tree of its own (dbus-run-session, Xvfb, dunst, dbus-monitor) and invokes the
actions through ``dunstctl``, as a user's click or menu choice would. It skips,
saying which program is missing, only when the host lacks one.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from followup_desktop.domain.reminders import SnoozeChoice
from followup_desktop.tray.desktop_notify import (
    ACTIONS,
    ActionRequest,
    DesktopNotifier,
    action_request,
    notification_body,
    notify_actions,
    notify_hints,
    supports_actions,
)
from tests.helpers import tray_host

DUNST_CAPABILITIES = ["actions", "body", "body-hyperlinks", "icon-static", "body-markup"]
EXPECTED_ACTIONS = [
    "default",
    "Open",
    "snooze-15m",
    "Snooze 15 minutes",
    "snooze-1h",
    "Snooze 1 hour",
    "snooze-tomorrow",
    "Tomorrow morning",
]


# -- the rules, without a bus --------------------------------------------------------------------
def test_the_actions_list_pairs_each_key_with_its_label() -> None:
    assert notify_actions() == EXPECTED_ACTIONS
    assert len(ACTIONS) == 4


def test_every_snooze_choice_has_an_action() -> None:
    keys = {key for key, _label in ACTIONS}
    assert {f"snooze-{choice.value}" for choice in SnoozeChoice} <= keys


def test_hints_name_the_desktop_entry_and_the_category() -> None:
    assert notify_hints() == {
        "desktop-entry": "io.github.followup_desktop.FollowUpDesktop",
        "category": "x-followup.reminder",
    }


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("default", ActionRequest("open")),
        ("snooze-15m", ActionRequest("snooze", "15m")),
        ("snooze-1h", ActionRequest("snooze", "1h")),
        ("snooze-tomorrow", ActionRequest("snooze", "tomorrow")),
        ("snooze-2h", None),
        ("snooze-", None),
        ("inline-reply", None),
        ("", None),
    ],
)
def test_action_keys_map_to_requests(key: str, expected: ActionRequest | None) -> None:
    assert action_request(key) == expected


def test_the_body_is_escaped_only_for_servers_that_read_markup() -> None:
    body = "Call — <i>ask</i> about Q&A"
    escaped = "Call — &lt;i&gt;ask&lt;/i&gt; about Q&amp;A"
    assert notification_body(body, DUNST_CAPABILITIES) == escaped
    assert notification_body(body, ["actions", "body"]) == body
    assert notification_body('It\'s "fine"', DUNST_CAPABILITIES) == 'It\'s "fine"'


def test_actions_need_the_actions_capability() -> None:
    assert supports_actions(DUNST_CAPABILITIES)
    assert not supports_actions(["body", "body-markup"])


def test_invoked_actions_become_requests(qtbot: QtBot) -> None:
    notifier = DesktopNotifier()
    opened: list[int] = []
    windows: list[bool] = []
    snoozed: list[tuple[Any, str]] = []
    notifier.open_requested.connect(opened.append)
    notifier.window_requested.connect(lambda: windows.append(True))
    notifier.snooze_requested.connect(lambda ids, choice: snoozed.append((ids, choice)))
    notifier.remember(5, 42, (7,))
    notifier.remember(6, None, (7, 8))

    notifier.handle_action(5, "default")
    notifier.handle_action(6, "snooze-tomorrow")
    notifier.handle_action(6, "default")
    notifier.handle_action(5, "snooze-15m")
    # Another application's notification, and a key this app never sent: nothing.
    notifier.handle_action(99, "default")
    notifier.handle_action(5, "reply")

    assert opened == [42]
    assert windows == [True]
    assert snoozed == [((7, 8), "tomorrow"), ((7,), "15m")]


# -- the real notification server -----------------------------------------------------------
def explain(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1)


def test_dunst_shows_the_actions_and_invoking_them_opens_or_snoozes(tmp_path: Path) -> None:
    reason = tray_host.missing_program("actions")
    if reason is not None:
        pytest.skip(f"notification server with actions: {reason}")
    result = tray_host.run_scenario("actions", tmp_path / "host")
    client = result.get("client")
    why = explain(result)
    assert client, why
    assert client["server"], why
    assert client["available"], why

    # What went over the bus: typed as the specification says (replaces_id a uint32).
    calls = result["notify_calls"]
    assert [(c["summary"], c["body"]) for c in calls] == [
        (["string", tray_host.DUE_NAME], ["string", tray_host.DUE_BODY]),
        # dunst reads the body as markup: escaped; the summary is plain text by the spec.
        (
            ["string", tray_host.HTML_NAME],
            ["string", html.escape(tray_host.HTML_BODY, quote=False)],
        ),
        (["string", tray_host.SUMMARY_TITLE], ["string", tray_host.SUMMARY_BODY]),
    ], why
    for call in calls:
        assert call["app_name"] == ["string", "FollowUp"], why
        assert call["replaces_id"] == ["uint32", "0"], why
        assert call["app_icon"] == ["string", "io.github.followup_desktop.FollowUpDesktop"], why
        assert call["actions"] == EXPECTED_ACTIONS, why
        assert call["hints"] == notify_hints(), why
        assert call["expire_timeout"] == ["int32", "-1"], why

    # The user's choices came back as ActionInvoked, and as the notifier's requests.
    ids = [client[step]["id"] for step in ("open", "snooze", "window")]
    assert all(isinstance(i, int) and i > 0 for i in ids), why
    assert result["actions_invoked"] == [
        [str(ids[0]), "default"],
        [str(ids[1]), "snooze-1h"],
        [str(ids[2]), "default"],
    ], why
    assert any("[" + f"{ids[1]},snooze-1h]" in entry for entry in result["menu_entries"]), why
    assert client["opened"] == [tray_host.ACTION_PROSPECT], why
    assert client["snoozed"] == [[list(tray_host.SNOOZE_FOLLOW_UPS), "1h"]], why
    assert client["windows"] == 1, why
    # Each was shown, acted on, then closed by the notifier and forgotten.
    for step in ("open", "snooze", "window"):
        assert client[step]["shown"], why
        assert client[step]["acted"], why
        assert client[step]["gone"], why
    assert set(ids) <= set(result["closed"]), why
    assert client["pending"] == [], why
    assert client["displayed_after"] == "0", why
    assert result["dunst_displayed"] == "0", why
    assert sorted(result["daemons_alive"]) == ["dunst", "monitor", "xvfb"], why
    assert result["client_exit"] == 0, why
