"""The one place that wires paths -> store -> services -> UI."""

from __future__ import annotations

import os
import signal
import socket
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import PySide6
from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QSettings,
    QSocketNotifier,
    Qt,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from followup_desktop.domain.clock import Clock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.reminders import Announcement
from followup_desktop.i18n import PSEUDO, SOURCE_LANGUAGE, _, current_language, qt_locale_name
from followup_desktop.paths import Paths, remove_empty_folders, reopen_arguments
from followup_desktop.services import FollowUpService
from followup_desktop.services.demo import generate_demo
from followup_desktop.services.preferences import (
    DatabasePreferences,
    adopt_preferences,
    load_page_size,
    load_quiet_hours,
    load_sender_lines,
    load_thank_you_preference,
)
from followup_desktop.services.reminders import ReminderService
from followup_desktop.services.settings import home_country_from_env
from followup_desktop.services.thanks import ThankYouService
from followup_desktop.store import StoreError, open_store
from followup_desktop.tray.desktop_notify import DesktopNotifier
from followup_desktop.tray.engine import ReminderEngine
from followup_desktop.tray.icon import TrayController
from followup_desktop.ui.database_check import DatabaseCheck, warn_when_damaged
from followup_desktop.ui.format import CHANNEL_LABELS
from followup_desktop.ui.icons import app_icon
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.single_instance import InstanceLockError, SingleInstance
from followup_desktop.ui.start_frame import DESKTOP_FILE_NAME, close_start_frame, name_app

EXIT_CANNOT_START = 2
ICON_NAME = DESKTOP_FILE_NAME
# Qt's own catalogues: the words of its stock dialogs and buttons.
QT_CATALOGUES = ("qtbase",)


def _app_icon() -> QIcon:
    """The installed theme's icon where there is one, else the one shipped in the package."""
    return QIcon.fromTheme(ICON_NAME, app_icon())


def run_gui(paths: Paths, clock: Clock, *, demo: bool = False, argv: Sequence[str] = ()) -> int:
    """Start the app; problems with the data folder are explained in a dialog."""
    app = QApplication.instance() or QApplication(list(argv) or sys.argv[:1])
    assert isinstance(app, QApplication)
    name_app(app)
    app.setWindowIcon(_app_icon())
    use_language(app)
    try:
        made = paths.ensure()
    except OSError as exc:
        close_start_frame()
        QMessageBox.critical(
            None,
            "FollowUp",
            _("Cannot create {folder}: {problem}.").format(
                folder=paths.data_dir, problem=exc.strerror
            ),
        )
        return EXIT_CANNOT_START
    try:
        code = _run_in_folder(app, paths, clock, demo=demo, argv=argv)
    finally:
        close_start_frame()  # the launcher's frame (ui/start_frame.py), if still there
    if code == EXIT_CANNOT_START:
        # Nothing started (the data folder cannot be locked, the database not created,
        # on a full disk say): a data folder made for this run goes again if empty.
        remove_empty_folders(made)
    return code


def use_language(app: QApplication) -> list[QTranslator]:
    """Qt in the language chosen (``i18n.set_language``, done before this): dates and
    numbers through ``QLocale()``, and the words of Qt's own dialogs and buttons
    (QMessageBox, QFileDialog, QColorDialog…) from Qt's catalogues. Qt also takes the
    layout direction from its catalogue, so a right-to-left language would turn the
    window around by itself. Returns the translators installed (kept by ``app``).

    English on an English (or C) system keeps the system's own locale, with every
    format the user set there; any other choice sets the default locale."""
    language = current_language()
    system = QLocale.system().language()
    english = language in (SOURCE_LANGUAGE, PSEUDO)
    if not (english and system in (QLocale.Language.English, QLocale.Language.C)):
        QLocale.setDefault(QLocale(qt_locale_name()))
    if english:
        return []
    installed: list[QTranslator] = []
    folders = [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(Path(PySide6.__file__).parent / "Qt" / "translations"),  # a bundle's layout
    ]
    for catalogue in QT_CATALOGUES:
        translator = QTranslator(app)
        if any(translator.load(f"{catalogue}_{language}", folder) for folder in folders):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def _run_in_folder(
    app: QApplication, paths: Paths, clock: Clock, *, demo: bool, argv: Sequence[str]
) -> int:
    instance = SingleInstance(paths)
    try:
        owner = instance.acquire()
    except InstanceLockError as exc:
        close_start_frame()
        QMessageBox.critical(None, "FollowUp", str(exc))
        return EXIT_CANNOT_START
    if not owner:
        close_start_frame()
        # Another live FollowUp owns this data folder: bring its window forward.
        if instance.hand_over(list(argv)[1:]):
            return 0
        QMessageBox.information(
            None,
            "FollowUp",
            _(
                "FollowUp is already running with the data in {folder}, "
                "but it is not answering. Wait a moment and start FollowUp again; "
                "if it stays stuck, close it (or end it in your system monitor) first."
            ).format(folder=paths.data_dir),
        )
        return 1
    try:
        try:
            # The check that reads the whole file runs once the window shows.
            store = open_store(paths.database, origin="window", full_check=False)
        except StoreError as exc:
            close_start_frame()
            QMessageBox.critical(None, _("FollowUp cannot open your data"), str(exc))
            return EXIT_CANNOT_START
        try:
            service = FollowUpService(store, clock, home_country=home_country_from_env(os.environ))
            thanks = ThankYouService(service)  # meetings and wins fill the thank-you list
            if demo and store.prospect_count() == 0:
                generate_demo(service)
                thanks.fill_from_history()
            settings = QSettings(str(paths.settings), QSettings.Format.IniFormat)
            window = MainWindow(service, settings, thanks)
            window.reopen_arguments = reopen_arguments(paths)
            instance.activation_requested.connect(lambda _args: bring_forward(window))
            engine, _tray = wire_reminders(app, window, service, clock, settings)
            window.show()
            close_start_frame()  # the window takes the frame's place
            check = DatabaseCheck(service, window)
            check.finished.connect(lambda message: warn_when_damaged(window, message))
            check.finished.connect(lambda message: _after_check(service, message))
            check.start()
            engine.start()
            window.backups.start()
            window.phone_sync.start()  # the first sync once the window shows
            with _quit_on_sigterm(window):
                code = app.exec()
            window.phone_sync.stop()
            window.phone_sync.wait()  # a sync under way writes through this store
            window.backups.back_up_at_exit()
            return code
        finally:
            store.close()
    finally:
        instance.release()


@contextmanager
def _quit_on_sigterm(window: MainWindow) -> Iterator[None]:
    """SIGTERM (the session ending, a logout) quits as File › Quit does, keeping what
    was typed in the card; the backup at the end follows as after any quit.

    Python runs a signal handler only between its own instructions, not while Qt
    waits for events: the signal's number is written to a socket that Qt watches.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)

    def on_signal() -> None:
        try:
            reader.recv(64)
        except OSError:
            return
        window.save_unsaved_edits()
        window.quit_app()

    notifier.activated.connect(on_signal)
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    previous = signal.signal(signal.SIGTERM, lambda _number, _frame: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        reader.close()
        writer.close()


def _after_check(service: FollowUpService, problem: str) -> None:
    """Once the file is known to be whole, the undo log sheds its old operations."""
    if not problem:
        service.forget_old_operations()


def wire_reminders(
    app: QApplication,
    window: MainWindow,
    service: FollowUpService,
    clock: Clock,
    settings: QSettings,
) -> tuple[ReminderEngine, TrayController]:
    """The tray icon and the reminder engine, connected to the window.

    Without a system tray the window stays the way back in: reminders show in
    it and the taskbar asks for attention, and closing it quits as usual.
    """
    prefs = DatabasePreferences(service)
    # Preferences kept in QSettings by earlier versions move into the database, once.
    adopt_preferences(prefs, settings)
    tray = TrayController(service, window, icon=app.windowIcon(), channel_labels=CHANNEL_LABELS)
    reminders = ReminderService(service, load_quiet_hours(prefs))
    engine = ReminderEngine(reminders, clock, parent=window)
    notifier = DesktopNotifier(window)

    def open_prospect(prospect_id: int) -> None:
        bring_forward(window)
        window.open_prospect(prospect_id)

    def snooze_all(choice: str) -> None:
        reminders.snooze_all(choice)  # the change feed updates the window, tray and engine

    def announce(announcement: Announcement) -> None:
        """A desktop notification with Open and snooze actions where the server shows
        actions; otherwise the tray's message (a balloon, or the window without a tray)."""
        sent = (
            notifier.available()
            and notifier.notify(
                announcement.title,
                announcement.body,
                announcement.prospect_id,
                announcement.follow_up_ids,
            )
            is not None
        )
        if sent:
            tray.refresh()  # the badge and the menu
        else:
            tray.announce(announcement)

    def snooze_from_notification(follow_up_ids: object, choice: str) -> None:
        for follow_up_id in cast(tuple[int, ...], follow_up_ids):
            try:
                reminders.snooze(follow_up_id, choice)
            except (DomainError, StoreError) as exc:  # done or deleted meanwhile; database busy
                window.statusBar().showMessage(
                    _("Could not snooze a follow-up: {problem}").format(problem=exc), 10_000
                )
        # The snoozes reach the window, the engine and the tray through the change feed.

    def preferences_changed() -> None:
        reminders.quiet = load_quiet_hours(prefs)
        engine.data_changed()
        apply_thank_you_preferences(window, service)

    def use_tray_when_there() -> bool:
        if not tray.available():
            return False
        tray.show()
        window.set_tray_notice(False)
        window.set_close_to_tray(True)
        app.setQuitOnLastWindowClosed(False)  # a closed dialog must not end the app
        return True

    engine.announce.connect(announce)
    notifier.open_requested.connect(open_prospect)
    notifier.window_requested.connect(lambda: bring_forward(window))
    notifier.snooze_requested.connect(snooze_from_notification)
    engine.announce.connect(lambda _a: window.time_passed())  # what just came due moves up
    tray.fallback_announcement.connect(window.show_reminder)
    tray.open_requested.connect(lambda: bring_forward(window))
    tray.prospect_requested.connect(open_prospect)
    tray.snooze_all_requested.connect(snooze_all)
    tray.pause_requested.connect(lambda: engine.pause_until(reminders.pause_until_tomorrow()))
    tray.quit_requested.connect(window.quit_app)
    window.data_changed.connect(engine.data_changed)
    window.data_changed.connect(tray.refresh)
    window.preferences_changed.connect(preferences_changed)
    apply_thank_you_preferences(window, service)
    if not use_tray_when_there():
        window.set_tray_notice(True)
        # A tray host that starts after the app (at login) is picked up when it comes.
        retry = QTimer(window)
        retry.setInterval(5_000)
        tries = iter(range(24))  # for two minutes

        def try_again() -> None:
            if use_tray_when_there() or next(tries, None) is None:
                retry.stop()

        retry.timeout.connect(try_again)
        retry.start()
    return engine, tray


def apply_thank_you_preferences(window: MainWindow, service: FollowUpService) -> None:
    """Which touches fill the thank-you list, the sender on envelopes, the paper size."""
    prefs = DatabasePreferences(service)
    window.thanks.preference = load_thank_you_preference(prefs)
    window.thank_you.set_sender_lines(load_sender_lines(prefs))
    window.thank_you.set_page_size(load_page_size(prefs, service.home_country))
    window.thank_you_preferences_changed()


def bring_forward(window: QWidget) -> None:
    """Show this instance's window when a later start hands over to it."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    # Where the desktop refuses to move focus (Wayland, focus-stealing
    # prevention) the taskbar entry at least asks for attention.
    QApplication.alert(window)
