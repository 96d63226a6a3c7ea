"""The tray icon offscreen: its menu, badge, tooltip and signals, and the no-tray fallback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from PySide6.QtGui import QAction, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from followup_desktop.domain.model import Channel
from followup_desktop.services import FollowUpService
from followup_desktop.tray import icon as tray_icon_module
from followup_desktop.tray.icon import (
    MENU_DUE_LIMIT,
    TrayController,
    badge_text,
    badged_icon,
    paint_badge,
)
from followup_desktop.ui.format import CHANNEL_LABELS
from followup_desktop.ui.icons import app_icon
from tests.unit.tray.conftest import MakeDue

HTML_NAME = "<b>Bold</b> & <img src=x>"
STATIC_ENTRIES = [
    "Open FollowUp",
    "Snooze all for an hour",
    "Pause reminders until tomorrow",
    "Quit FollowUp",
]


def shown(action: QAction) -> str:
    """A menu entry's text as the menu draws it ('&&' is an '&', a lone '&' marks a key)."""
    return re.sub(r"&(.)", r"\1", action.text())


def entries(tray: TrayController) -> list[str]:
    return [shown(a) for a in tray.menu().actions() if not a.isSeparator()]


def action_named(tray: TrayController, text: str) -> QAction:
    matches = [a for a in tray.menu().actions() if shown(a) == text]
    assert len(matches) == 1, entries(tray)
    return matches[0]


def image(pixmap: QPixmap) -> QImage:
    return pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)


def icon_image(tray: TrayController, side: int = 32) -> QImage:
    return image(tray.tray_icon.icon().pixmap(side, side))


# -- no tray offscreen --------------------------------------------------------------
def test_offscreen_has_no_tray(tray: TrayController) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    assert not tray.available()
    tray.show()
    assert not tray.tray_icon.isVisible()
    assert not tray.is_shown()


def test_without_a_tray_announcements_go_to_the_window(
    qtbot: QtBot, tray: TrayController, make_due: MakeDue
) -> None:
    pid = make_due("Ana García")
    tray.show()
    with qtbot.waitSignal(tray.fallback_announcement) as blocker:
        tray.show_announcement("Ana García", "Call — Follow up on your answer", pid)
    assert blocker.args == ["Ana García", "Call — Follow up on your answer", pid]


def test_a_summary_without_a_prospect_falls_back_too(qtbot: QtBot, tray: TrayController) -> None:
    with qtbot.waitSignal(tray.fallback_announcement) as blocker:
        tray.show_announcement("5 follow-ups overdue", "", None)
    assert blocker.args == ["5 follow-ups overdue", "", None]


def test_announce_takes_the_engines_announcement(qtbot: QtBot, tray: TrayController) -> None:
    @dataclass(frozen=True)
    class Announcement:
        title: str
        body: str
        follow_up_ids: tuple[int, ...]
        prospect_id: int | None

    with qtbot.waitSignal(tray.fallback_announcement) as blocker:
        tray.announce(Announcement("Ana García", "Call", (7,), 3))
    assert blocker.args == ["Ana García", "Call", 3]


# -- the menu ------------------------------------------------------------------------------
def test_the_menu_lists_what_is_due_now(tray: TrayController, make_due: MakeDue) -> None:
    make_due("Ana García", ago=timedelta(days=2), channel=Channel.CALL)
    make_due("Jürgen Weiß", ago=timedelta(hours=1), channel=Channel.EMAIL)
    make_due("Zoë Martin", ago=timedelta(0), channel=Channel.MEETING)
    make_due("Later Today", ago=-timedelta(hours=2))
    make_due("Tomorrow", ago=-timedelta(days=1))
    tray.refresh()
    assert entries(tray) == [
        "Open FollowUp",
        "Ana García — Call",
        "Jürgen Weiß — E-mail",
        "Zoë Martin — Meeting",
        *STATIC_ENTRIES[1:],
    ]
    assert tray.due_count() == 3


def test_the_menu_stops_at_ten(qtbot: QtBot, tray: TrayController, make_due: MakeDue) -> None:
    for n in range(12):
        make_due(f"Prospect {n:02d}", ago=timedelta(minutes=60 - n))
    tray.refresh()
    due = [text for text in entries(tray) if text.startswith("Prospect ")]
    assert len(due) == MENU_DUE_LIMIT
    assert due[0].startswith("Prospect 00 — ")
    assert due[-1].startswith("Prospect 09 — ")
    more = action_named(tray, "2 more due now…")
    with qtbot.waitSignal(tray.open_requested):
        more.trigger()
    assert tray.due_count() == 12
    assert tray.tray_icon.toolTip() == "FollowUp — 12 due now"


def test_nothing_due(tray: TrayController, make_due: MakeDue) -> None:
    make_due("Tomorrow", ago=-timedelta(days=1))
    tray.refresh()
    assert entries(tray) == ["Open FollowUp", "Nothing due now", *STATIC_ENTRIES[1:]]
    assert not action_named(tray, "Nothing due now").isEnabled()
    assert not action_named(tray, "Snooze all for an hour").isEnabled()
    assert tray.tray_icon.toolTip() == "FollowUp — nothing due now"
    assert icon_image(tray) == image(app_icon().pixmap(32, 32))


def test_an_html_like_name_is_shown_as_written(tray: TrayController, make_due: MakeDue) -> None:
    make_due(HTML_NAME, channel=Channel.CALL)
    tray.refresh()
    assert f"{HTML_NAME} — Call" in entries(tray)
    assert HTML_NAME not in tray.tray_icon.toolTip()


def test_a_long_name_is_shortened(tray: TrayController, make_due: MakeDue) -> None:
    make_due("Maximilian " * 20, channel=Channel.TEXT)
    tray.refresh()
    (entry,) = [e for e in entries(tray) if e.startswith("Maximilian")]
    assert entry.endswith("… — Text")
    assert len(entry) < 80


def test_each_channel_has_its_label(tray: TrayController, make_due: MakeDue) -> None:
    for n, channel in enumerate(Channel):
        make_due(f"P{n:02d}", ago=timedelta(minutes=100 - n), channel=channel)
    tray.refresh()
    listed = [e for e in entries(tray) if re.match(r"P\d\d ", e)]
    assert (
        listed
        == [f"P{n:02d} — {CHANNEL_LABELS[channel]}" for n, channel in enumerate(Channel)][
            :MENU_DUE_LIMIT
        ]
    )


def test_refresh_follows_the_data(
    tray: TrayController, make_due: MakeDue, service: FollowUpService
) -> None:
    assert tray.due_count() == 0
    pid = make_due("Ana García", channel=Channel.CALL)
    assert tray.due_count() == 0  # not read again yet
    tray.refresh()
    assert tray.due_count() == 1
    assert tray.tray_icon.toolTip() == "FollowUp — 1 due now"
    service.delete_prospect(pid)
    tray.menu().aboutToShow.emit()  # the menu reads again before it opens
    assert tray.due_count() == 0
    assert "Ana García — Call" not in entries(tray)


def test_an_unchanged_list_leaves_the_menu_alone(tray: TrayController, make_due: MakeDue) -> None:
    make_due("Ana García")
    tray.refresh()
    before = tray.menu().actions()
    tray.refresh()
    assert tray.menu().actions() == before
    make_due("Jürgen Weiß")
    tray.refresh()
    assert tray.menu().actions() != before
    assert tray.due_count() == 2


# -- the badge ---------------------------------------------------------------------------
def test_the_badge_shows_when_something_is_due(tray: TrayController, make_due: MakeDue) -> None:
    plain = image(app_icon().pixmap(32, 32))
    assert icon_image(tray) == plain
    make_due("Ana García")
    tray.refresh()
    for side in (16, 22, 32, 64):
        badged = icon_image(tray, side)
        assert badged.size() == image(app_icon().pixmap(side, side)).size()
        assert badged != image(app_icon().pixmap(side, side))
    # The badge sits in the top right corner and is red.
    corner = icon_image(tray, 64).pixelColor(64 - 14, 12)
    assert corner.red() > 150
    assert corner.green() < 120
    assert corner.blue() < 120


def test_the_badge_changes_with_the_count() -> None:
    base = app_icon()
    one = image(badged_icon(base, 1).pixmap(32, 32))
    two = image(badged_icon(base, 2).pixmap(32, 32))
    assert one != two
    assert image(badged_icon(base, 0).pixmap(32, 32)) == image(base.pixmap(32, 32))


def test_badge_text() -> None:
    assert badge_text(1) == "1"
    assert badge_text(99) == "99"
    assert badge_text(100) == "99+"


def test_paint_badge_leaves_the_original_alone() -> None:
    original = app_icon().pixmap(32, 32)
    before = image(original)
    painted = paint_badge(original, 5)
    assert image(original) == before
    assert image(painted) != before


# -- signals ----------------------------------------------------------------------------
def test_each_menu_entry_emits_its_signal(
    qtbot: QtBot, tray: TrayController, make_due: MakeDue
) -> None:
    pid = make_due("Ana García", channel=Channel.CALL)
    tray.refresh()
    with qtbot.waitSignal(tray.open_requested):
        action_named(tray, "Open FollowUp").trigger()
    with qtbot.waitSignal(tray.prospect_requested) as chosen:
        action_named(tray, "Ana García — Call").trigger()
    assert chosen.args == [pid]
    with qtbot.waitSignal(tray.snooze_all_requested) as snooze:
        action_named(tray, "Snooze all for an hour").trigger()
    assert snooze.args == ["1h"]
    with qtbot.waitSignal(tray.pause_requested):
        action_named(tray, "Pause reminders until tomorrow").trigger()
    with qtbot.waitSignal(tray.quit_requested):
        action_named(tray, "Quit FollowUp").trigger()


def test_a_click_on_the_icon_opens_the_window(qtbot: QtBot, tray: TrayController) -> None:
    with qtbot.waitSignal(tray.open_requested):
        tray.tray_icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    with qtbot.assertNotEmitted(tray.open_requested):
        tray.tray_icon.activated.emit(QSystemTrayIcon.ActivationReason.Context)


@pytest.fixture
def shown_tray(tray: TrayController, monkeypatch: pytest.MonkeyPatch) -> TrayController:
    """The controller as if its icon were in a tray (offscreen Qt shows nothing)."""
    monkeypatch.setattr(TrayController, "is_shown", lambda self: True)
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(
        tray.tray_icon, "showMessage", lambda title, body, *_: messages.append((title, body))
    )
    tray.messages = messages  # type: ignore[attr-defined]
    return tray


def test_a_clicked_message_opens_its_prospect(qtbot: QtBot, shown_tray: TrayController) -> None:
    with qtbot.assertNotEmitted(shown_tray.fallback_announcement):
        shown_tray.show_announcement(HTML_NAME, "Call — <i>x</i> & y", 42)
    assert shown_tray.messages == [(HTML_NAME, "Call — <i>x</i> & y")]  # type: ignore[attr-defined]
    with qtbot.waitSignal(shown_tray.prospect_requested) as chosen:
        shown_tray.tray_icon.messageClicked.emit()
    assert chosen.args == [42]
    shown_tray.show_announcement("2 follow-ups overdue", "", None)
    with qtbot.waitSignal(shown_tray.open_requested):
        shown_tray.tray_icon.messageClicked.emit()


def test_a_markup_reading_server_gets_the_body_escaped(
    shown_tray: TrayController, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shown_tray, "_dbus_messages", True)
    monkeypatch.setattr(tray_icon_module, "_server_reads_body_markup", lambda: True)
    shown_tray.show_announcement(HTML_NAME, "Q&A <b>now</b>", 1)
    assert shown_tray.messages == [  # type: ignore[attr-defined]
        (HTML_NAME, "Q&amp;A &lt;b&gt;now&lt;/b&gt;")
    ]


def test_a_plain_text_server_gets_the_body_as_is(
    shown_tray: TrayController, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shown_tray, "_dbus_messages", True)
    monkeypatch.setattr(tray_icon_module, "_server_reads_body_markup", lambda: False)
    shown_tray.show_announcement("Ana", "Q&A <b>now</b>", 1)
    assert shown_tray.messages == [("Ana", "Q&A <b>now</b>")]  # type: ignore[attr-defined]


# -- what app.py passes in ----------------------------------------------------------------
def test_without_an_icon_it_takes_the_applications(
    qtbot: QtBot, service: FollowUpService, make_due: MakeDue
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.windowIcon()
    app.setWindowIcon(app_icon())
    try:
        make_due("Ana García", channel=Channel.EMAIL)
        controller = TrayController(service)
        assert not controller.tray_icon.icon().isNull()
        # Without the ui's labels a channel is named after its value.
        assert "Ana García — Email" in entries(controller)
        controller.deleteLater()
    finally:
        app.setWindowIcon(before)


def test_without_any_icon_it_still_has_one(service: FollowUpService) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.windowIcon()
    app.setWindowIcon(QIcon())
    try:
        controller = TrayController(service)
        assert not controller.tray_icon.icon().isNull()
        controller.deleteLater()
    finally:
        app.setWindowIcon(before)
