"""The reminder engine, tray and window wired together as the app does it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from followup_desktop.app import wire_reminders
from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import FollowUpService
from followup_desktop.ui.mainwindow import MainWindow
from tests.helpers.qt import settle


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_without_a_tray_reminders_show_in_the_window_once(
    qtbot: QtBot,
    qapp: QApplication,
    service: FollowUpService,
    clock: FixedClock,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alerts: list[object] = []
    monkeypatch.setattr(QApplication, "alert", lambda widget, msec=0: alerts.append(widget))
    p = service.add_prospect("Ana García")
    (step,) = service.pending(p.id or 0)
    service.reschedule(step.id or 0, clock.now() + timedelta(minutes=1))
    window = MainWindow(service, settings)
    qtbot.add_widget(window)
    engine, _tray = wire_reminders(qapp, window, service, clock, settings)
    window.show()
    assert window.tray_notice.isVisible()
    engine.start()
    assert engine.armed_for() == clock.now() + timedelta(minutes=1)
    clock.advance(timedelta(minutes=1))
    engine.timer.timeout.emit()
    message = window.statusBar().currentMessage()
    assert message.startswith("Reminder: Ana García — ")
    assert alerts == [window]
    # Announced once: waking again announces nothing new.
    engine.timer.timeout.emit()
    assert alerts == [window]
    engine.stop()


def test_closing_hides_to_the_tray_and_quit_exits(
    qtbot: QtBot,
    service: FollowUpService,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    explained: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _p, _t, text, *a, **k: explained.append(text)
    )
    window = MainWindow(service, settings)
    qtbot.add_widget(window)
    window.show()
    window.set_close_to_tray(True)
    window.close()
    assert not window.isVisible()
    assert len(explained) == 1
    assert "system tray" in explained[0]
    window.show()
    window.close()
    assert len(explained) == 1  # explained once
    window.show()
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda *_: quits.append(True))
    window.quit_app()
    assert not window.isVisible()
    assert quits == [True]


def test_without_a_tray_closing_closes(qtbot: QtBot, service: FollowUpService) -> None:
    window = MainWindow(service, None)
    qtbot.add_widget(window)
    window.show()
    window.close()
    assert not window.isVisible()


def test_snooze_all_from_the_tray_menu_announces_again_an_hour_later(
    qtbot: QtBot,
    qapp: QApplication,
    service: FollowUpService,
    clock: FixedClock,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QApplication, "alert", lambda *_a, **_k: None)
    p = service.add_prospect("Tom Becker")
    (step,) = service.pending(p.id or 0)
    service.reschedule(step.id or 0, clock.now() - timedelta(minutes=5))
    window = MainWindow(service, settings)
    qtbot.add_widget(window)
    engine, tray = wire_reminders(qapp, window, service, clock, settings)
    seen: list[str] = []
    engine.announce.connect(lambda a: seen.append(a.title))
    engine.start()
    assert seen == ["Tom Becker"]  # overdue at start: announced once
    tray.snooze_all_action.trigger()
    (snoozed,) = service.pending(p.id or 0)
    assert snoozed.snoozed_until == clock.now() + timedelta(hours=1)
    assert service.agenda().overdue == []
    clock.advance(timedelta(hours=1))
    engine.timer.timeout.emit()
    assert seen == ["Tom Becker", "Tom Becker"]
    engine.stop()


def test_the_thank_you_list_follows_the_preferences(
    qtbot: QtBot,
    qapp: QApplication,
    service: FollowUpService,
    clock: FixedClock,
    settings: QSettings,
) -> None:
    from followup_desktop.domain.model import Channel, Direction
    from followup_desktop.ui.navigation import THANK_YOU

    settings.setValue("thank_you/introduction", "false")
    settings.setValue("thank_you/sender", "Jo Consultant\n1 Main St")
    window = MainWindow(service, settings)
    qtbot.add_widget(window)
    engine, _tray = wire_reminders(qapp, window, service, clock, settings)
    assert window.thank_you.sender_lines() == ["Jo Consultant", "1 Main St"]
    p = service.add_prospect("Grace Kim")
    window.show_destination(THANK_YOU)  # the list re-reads while it is on screen
    service.log_touch(p.id or 0, Channel.INTRODUCTION, direction=Direction.OUT)
    window.refresh()
    assert window.thank_you.count() == 0  # introductions are switched off
    service.log_touch(p.id or 0, Channel.MEETING)
    window.refresh()
    assert window.thank_you.count() == 1
    engine.stop()


def test_without_a_tray_the_notice_is_readable_beside_the_status_words(
    qtbot: QtBot,
    qapp: QApplication,
    service: FollowUpService,
    clock: FixedClock,
    settings: QSettings,
) -> None:
    """Wired before the window shows (as the app does it): the status words and the
    notice never share a place, and a message shown later hides the words it covers."""
    service.add_prospect("Ana García")
    window = MainWindow(service, settings)
    qtbot.add_widget(window)
    engine, _tray = wire_reminders(qapp, window, service, clock, settings)
    window.show()
    qtbot.wait_exposed(window)
    bar = window.statusBar()
    notice = window.tray_notice
    assert notice.isVisible()
    assert "no system tray" in notice.text().lower()
    settle(qtbot, window)
    assert window.status_label.isVisible()
    assert "overdue" in window.status_label.text()
    assert not notice.geometry().intersects(window.status_label.geometry())
    # A temporary message (a reminder, an export) is drawn where the status words
    # were: they hide while it shows, and come back after.
    assert bar.currentMessage() == ""
    bar.showMessage("Exported to /tmp/x.vcf", 5000)
    assert not window.status_label.isVisible()
    assert notice.isVisible()
    bar.clearMessage()
    assert window.status_label.isVisible()
    engine.stop()


def test_a_message_shown_before_the_window_hides_the_status_words(
    qtbot: QtBot, service: FollowUpService, settings: QSettings
) -> None:
    window = MainWindow(service, settings)
    qtbot.add_widget(window)
    window.statusBar().showMessage("Imported 3 new prospects", 5000)
    window.show()
    qtbot.wait_exposed(window)
    assert window.statusBar().currentMessage() == "Imported 3 new prospects"
    assert not window.status_label.isVisible()
    window.statusBar().clearMessage()
    assert window.status_label.isVisible()


def test_the_no_tray_notice_goes_when_a_tray_comes(
    qtbot: QtBot,
    qapp: QApplication,
    service: FollowUpService,
    clock: FixedClock,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QTimer

    from followup_desktop.tray.icon import TrayController

    window = MainWindow(service, settings)
    qtbot.add_widget(window)
    engine, tray = wire_reminders(qapp, window, service, clock, settings)
    window.show()
    assert window.tray_notice.isVisible()
    monkeypatch.setattr(TrayController, "available", staticmethod(lambda: True))
    monkeypatch.setattr(tray, "show", lambda: None)
    (retry,) = [t for t in window.findChildren(QTimer) if t.interval() == 5_000]
    retry.timeout.emit()
    assert not window.tray_notice.isVisible()
    assert not retry.isActive()
    engine.stop()
    window.set_close_to_tray(False)  # closed by the test, not hidden with a word of why
    qapp.setQuitOnLastWindowClosed(True)
