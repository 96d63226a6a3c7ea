"""The tray icon: what is due now at a glance, and the reminders' way to the desktop.

``TrayController`` owns one ``QSystemTrayIcon``. Its icon carries a badge with
the number of follow-ups due now, its tooltip says the same in words, and its
menu lists up to ten of them. Announcements go through
``QSystemTrayIcon.showMessage``: Qt hands them to the desktop's notification
server (org.freedesktop.Notifications) when the session bus has an
``org.kde.StatusNotifierWatcher``, and shows its own balloon next to an X11
tray otherwise.

Where there is no tray at all (offscreen, GNOME without an AppIndicator
extension, some Wayland sessions) ``available()`` is False, ``show()`` does
nothing and announcements come out as ``fallback_announcement`` for the main
window to show.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Mapping
from typing import Protocol

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon

from followup_desktop.domain.model import Channel
from followup_desktop.i18n import _, ngettext
from followup_desktop.services import DueItem, FollowUpService

APP_NAME = "FollowUp"
MENU_DUE_LIMIT = 10
MENU_NAME_CHARS = 60
SNOOZE_ALL_FOR = "1h"
# How long a notification or balloon stays up; servers may use their own.
MESSAGE_MSECS = 30_000
BADGE_SIZES = (16, 22, 24, 32, 48, 64)
BADGE_COLOR = QColor(211, 47, 47)

_WATCHER_SERVICE = "org.kde.StatusNotifierWatcher"
_NOTIFICATIONS_SERVICE = "org.freedesktop.Notifications"
_NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
_DBUS_TIMEOUT_MSECS = 1000


class AnnouncementLike(Protocol):
    """What the reminder engine announces (its ``Announcement`` fits this)."""

    @property
    def title(self) -> str: ...

    @property
    def body(self) -> str: ...

    @property
    def prospect_id(self) -> int | None: ...


def badge_text(count: int) -> str:
    return "99+" if count > 99 else str(count)


def paint_badge(pixmap: QPixmap, count: int) -> QPixmap:
    """A copy of ``pixmap`` with ``count`` in a red circle (a pill for more digits)."""
    result = QPixmap(pixmap)
    if count <= 0 or result.isNull():
        return result
    size = result.deviceIndependentSize()
    side = min(size.width(), size.height())
    text = badge_text(count)
    height = max(side * 0.6, 9.0)
    width = min(max(height, height * (0.35 + 0.4 * len(text))), size.width())
    rect = QRectF(size.width() - width, 0.0, width, height)
    painter = QPainter(result)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(QPen(QColor(Qt.GlobalColor.white), max(side / 32.0, 1.0)))
        painter.setBrush(QBrush(BADGE_COLOR))
        painter.drawRoundedRect(rect, height / 2.0, height / 2.0)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(int(height * (0.78 if len(text) == 1 else 0.62)), 6))
        painter.setFont(font)
        painter.setPen(QColor(Qt.GlobalColor.white))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    finally:
        painter.end()
    return result


def badged_icon(base: QIcon, count: int) -> QIcon:
    """``base`` with the due count painted on every size a tray may ask for."""
    if count <= 0:
        return base
    icon = QIcon()
    for side in BADGE_SIZES:
        pixmap = base.pixmap(side, side)
        if not pixmap.isNull():
            icon.addPixmap(paint_badge(pixmap, count))
    return base if icon.isNull() else icon


def tooltip_text(count: int) -> str:
    if not count:
        return _("{app} — nothing due now").format(app=APP_NAME)
    return ngettext("{app} — {count} due now", "{app} — {count} due now", count).format(
        app=APP_NAME, count=count
    )


def menu_label(text: str) -> str:
    """Text shown as is in a menu: '&' would otherwise mark a shortcut letter."""
    return text.replace("&", "&&")


def due_entry_text(item: DueItem, channel_labels: Mapping[Channel, str] | None = None) -> str:
    """'Ana García — Call' for the tray menu (plain text, long names shortened)."""
    name = item.prospect_name or item.company
    if len(name) > MENU_NAME_CHARS:
        name = name[: MENU_NAME_CHARS - 1].rstrip() + "…"
    channel = Channel(item.follow_up.channel)
    # The labels are the ui's, marked for translation: shown in the current language.
    known = (channel_labels or {}).get(channel)
    label = _(known) if known else channel.value.capitalize()
    return f"{name} — {label}"


def _default_icon() -> QIcon:
    """The application's window icon (app.py sets it), or a stock one."""
    icon = QApplication.windowIcon()
    if icon.isNull():
        style = QApplication.style()
        icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
    return icon


def _status_notifier_watcher_present() -> bool:
    """Whether Qt sends tray messages over D-Bus (it checks the same thing)."""
    if sys.platform in ("win32", "darwin"):
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    interface = bus.interface()
    if interface is None:
        return False
    return bool(interface.isServiceRegistered(_WATCHER_SERVICE).value())


def _server_reads_body_markup() -> bool | None:
    """Whether the notification server takes the body as markup; None if it did not say."""
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return None
    call = QDBusMessage.createMethodCall(
        _NOTIFICATIONS_SERVICE, _NOTIFICATIONS_PATH, _NOTIFICATIONS_SERVICE, "GetCapabilities"
    )
    reply = bus.call(call, QDBus.CallMode.Block, _DBUS_TIMEOUT_MSECS)
    if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
        return None
    capabilities = reply.arguments()[0]
    return isinstance(capabilities, list) and "body-markup" in capabilities


class TrayController(QObject):
    """The tray icon, its menu, and how announcements reach the user."""

    open_requested = Signal()
    prospect_requested = Signal(int)
    snooze_all_requested = Signal(str)
    pause_requested = Signal()
    quit_requested = Signal()
    fallback_announcement = Signal(str, str, object)

    def __init__(
        self,
        service: FollowUpService,
        parent: QObject | None = None,
        *,
        icon: QIcon | None = None,
        channel_labels: Mapping[Channel, str] | None = None,
    ) -> None:
        """``icon`` and ``channel_labels`` come from the ui package (app.py passes
        ``app_icon()`` and ``CHANNEL_LABELS``): the tray layer may not import it.
        """
        super().__init__(parent)
        self._service = service
        self._base_icon = icon if icon is not None and not icon.isNull() else _default_icon()
        self._channel_labels = dict(channel_labels or {})
        self._due: list[DueItem] = []
        self._due_count = 0
        self._shown_key: tuple[object, ...] | None = None
        self._message_prospect: int | None = None
        self._body_markup: bool | None = None

        self._menu = QMenu()
        self._menu.setObjectName("trayMenu")
        self.open_action = QAction(_("Open {app}").format(app=APP_NAME), self)
        self.snooze_all_action = QAction(_("Snooze all for an hour"), self)
        self.pause_action = QAction(_("Pause reminders until tomorrow"), self)
        self.quit_action = QAction(_("Quit {app}").format(app=APP_NAME), self)
        self.open_action.triggered.connect(self.open_requested)
        self.snooze_all_action.triggered.connect(
            lambda _checked=False: self.snooze_all_requested.emit(SNOOZE_ALL_FOR)
        )
        self.pause_action.triggered.connect(self.pause_requested)
        self.quit_action.triggered.connect(self.quit_requested)

        self._tray = QSystemTrayIcon(self._base_icon, self)
        self._tray.setContextMenu(self._menu)
        # What is due changes with the time as well as the data: read it again on opening.
        self._menu.aboutToShow.connect(self.refresh)
        self._tray.activated.connect(self._on_activated)
        self._tray.messageClicked.connect(self._on_message_clicked)
        # Qt decides once, when the first tray icon is made, whether messages go over D-Bus.
        self._dbus_messages = self.available() and _status_notifier_watcher_present()
        self.refresh()

    # -- state ---------------------------------------------------------------
    @staticmethod
    def available() -> bool:
        """Whether the desktop has a system tray to show the icon in."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    @property
    def tray_icon(self) -> QSystemTrayIcon:
        return self._tray

    def menu(self) -> QMenu:
        return self._menu

    def due_count(self) -> int:
        return self._due_count

    def is_shown(self) -> bool:
        """Whether the icon is in a tray, so announcements can go there."""
        return self.available() and self._tray.isVisible()

    # -- showing ---------------------------------------------------------------
    def show(self) -> None:
        """Put the icon in the tray; without a tray, do nothing (the window stays)."""
        if self.available():
            self._tray.show()

    def hide(self) -> None:
        self._tray.hide()

    def refresh(self) -> None:
        """Read what is due now again; update the badge, the tooltip and the menu."""
        # Counted, and only what the menu lists read: thousands can be overdue.
        count, self._due = self._service.due_now(MENU_DUE_LIMIT)
        self._due_count = count
        key = (
            count,
            *((d.follow_up.id, due_entry_text(d, self._channel_labels)) for d in self._due),
        )
        if key == self._shown_key:
            return  # unchanged: spare a desktop's tray an icon and a menu to redraw
        self._shown_key = key
        self._tray.setIcon(badged_icon(self._base_icon, count))
        self._tray.setToolTip(tooltip_text(count))
        self._rebuild_menu()

    def _rebuild_menu(self) -> None:
        menu = self._menu
        for action in menu.actions():
            menu.removeAction(action)
            if action.parent() is menu:
                action.deleteLater()
        menu.addAction(self.open_action)
        menu.addSeparator()
        if not self._due:
            nothing = menu.addAction(_("Nothing due now"))
            nothing.setEnabled(False)
        for item in self._due[:MENU_DUE_LIMIT]:
            entry = QAction(menu_label(due_entry_text(item, self._channel_labels)), menu)
            prospect_id = item.follow_up.prospect_id
            entry.triggered.connect(
                lambda _checked=False, pid=prospect_id: self.prospect_requested.emit(pid)
            )
            menu.addAction(entry)
        more = self._due_count - len(self._due)
        if more > 0:
            rest = QAction(
                ngettext("{count} more due now…", "{count} more due now…", more).format(count=more),
                menu,
            )
            rest.triggered.connect(self.open_requested)
            menu.addAction(rest)
        menu.addSeparator()
        self.snooze_all_action.setEnabled(bool(self._due))
        menu.addAction(self.snooze_all_action)
        menu.addAction(self.pause_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)

    # -- announcing --------------------------------------------------------------
    def show_announcement(self, title: str, body: str, prospect_id: int | None = None) -> None:
        """Tell the user something came due: a desktop notification, a balloon, or the window.

        ``title`` and ``body`` are plain text. Clicking the message asks for the
        prospect (or for the window when there is none).
        """
        self.refresh()
        if not self.is_shown():
            self.fallback_announcement.emit(title, body, prospect_id)
            return
        self._message_prospect = prospect_id
        self._tray.showMessage(title, self._plain_body(body), self._base_icon, MESSAGE_MSECS)

    def announce(self, announcement: AnnouncementLike) -> None:
        self.show_announcement(announcement.title, announcement.body, announcement.prospect_id)

    def _plain_body(self, body: str) -> str:
        """The body as the message route reads it: servers with body-markup get it escaped.

        The summary is plain text by the notification spec, and Qt's own balloon
        shows both as plain text; only a D-Bus body may be read as markup.
        """
        if not self._dbus_messages:
            return body
        if self._body_markup is None:
            self._body_markup = _server_reads_body_markup()
        return html.escape(body, quote=False) if self._body_markup else body

    # -- clicks -------------------------------------------------------------------
    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.open_requested.emit()

    def _on_message_clicked(self) -> None:
        if self._message_prospect is None:
            self.open_requested.emit()
        else:
            self.prospect_requested.emit(self._message_prospect)


__all__ = [
    "APP_NAME",
    "MENU_DUE_LIMIT",
    "AnnouncementLike",
    "TrayController",
    "badged_icon",
    "due_entry_text",
    "paint_badge",
    "tooltip_text",
]
