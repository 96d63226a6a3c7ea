"""Reminders as desktop notifications with actions: open the prospect, or snooze it.

``QSystemTrayIcon.showMessage`` sends org.freedesktop.Notifications.Notify
without actions, so such a notification can be neither clicked to open the
prospect nor snoozed. ``DesktopNotifier`` calls Notify itself, with the
actions "default" (a click on the notification) and three snoozes, and turns
the server's ActionInvoked signal into ``open_requested`` and
``snooze_requested``.

Typing the call. Notify's signature is ``susssasa{sv}i``: replaces_id is a
uint32, and servers check it (dunst, through GDBus, rejects ``sisssasa{sv}i``).
PySide6 cannot make a uint32 from Python: a Python int in
``QDBusMessage.setArguments`` goes out as int32, and ``QDBusArgument << int``
writes a uint16. A QDBusInterface can: invoking its Notify method with
``Q_ARG("uint", 0)`` hands Qt a real ``uint``, marshalled as uint32. Its
method types come from introspection, and servers describe hints (a{sv})
without Qt's type annotation, which makes the method uncallable from Qt; so
the interface's description is first read from a local object that carries
that annotation. QtDBus keeps one description per interface name and
connection, and the interface to the real server then uses it. When that did
not take (another description of the interface was already loaded),
``available()`` is False and the caller keeps the tray's own messages.
"""

from __future__ import annotations

import html
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, SLOT, QMetaObject, QObject, Qt, Signal, Slot
from PySide6.QtDBus import (
    QDBus,
    QDBusConnection,
    QDBusInterface,
    QDBusMessage,
    QDBusVirtualObject,
)

from followup_desktop.domain.reminders import SnoozeChoice
from followup_desktop.i18n import N_, _

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
APP_NAME = "FollowUp"
DESKTOP_ENTRY = "io.github.followup_desktop.FollowUpDesktop"
APP_ICON = DESKTOP_ENTRY
CATEGORY = "x-followup.reminder"
# -1: the server decides how long the notification stays.
EXPIRE_DEFAULT = -1
DBUS_TIMEOUT_MSECS = 2000

DEFAULT_ACTION = "default"
SNOOZE_PREFIX = "snooze-"
# Key, label: what Notify's actions list carries, in this order. The labels are
# marked with N_() and translated when sent: the language is chosen after this loads.
ACTIONS: tuple[tuple[str, str], ...] = (
    # Translators: a button on a reminder notification: open the prospect.
    (DEFAULT_ACTION, N_("Open")),
    (SNOOZE_PREFIX + SnoozeChoice.MINUTES_15.value, N_("Snooze 15 minutes")),
    (SNOOZE_PREFIX + SnoozeChoice.HOUR.value, N_("Snooze 1 hour")),
    (SNOOZE_PREFIX + SnoozeChoice.TOMORROW.value, N_("Tomorrow morning")),
)

# How the local object describes the interface: as the specification has it,
# plus the annotation telling Qt that hints (argument 6) is a QVariantMap.
NOTIFY_METHOD = "Notify(QString,uint,QString,QString,QString,QStringList,QVariantMap,int)"
_LOCAL_PATH = "/io/github/followup_desktop/NotificationsDescription"
_INTROSPECTION = f"""<interface name="{INTERFACE}">
  <method name="Notify">
    <arg name="app_name" type="s" direction="in"/>
    <arg name="replaces_id" type="u" direction="in"/>
    <arg name="app_icon" type="s" direction="in"/>
    <arg name="summary" type="s" direction="in"/>
    <arg name="body" type="s" direction="in"/>
    <arg name="actions" type="as" direction="in"/>
    <arg name="hints" type="a{{sv}}" direction="in"/>
    <arg name="expire_timeout" type="i" direction="in"/>
    <arg name="id" type="u" direction="out"/>
    <annotation name="org.qtproject.QtDBus.QtTypeName.In6" value="QVariantMap"/>
  </method>
  <method name="CloseNotification">
    <arg name="id" type="u" direction="in"/>
  </method>
  <method name="GetCapabilities">
    <arg name="capabilities" type="as" direction="out"/>
  </method>
  <signal name="NotificationClosed">
    <arg name="id" type="u"/>
    <arg name="reason" type="u"/>
  </signal>
  <signal name="ActionInvoked">
    <arg name="id" type="u"/>
    <arg name="action_key" type="s"/>
  </signal>
</interface>
"""


# -- pure rules: what is sent, and what an action asks for ------------------------------
def notify_actions() -> list[str]:
    """Notify's actions argument: key, label, key, label, ... (labels in the current language)."""
    return [part for key, label in ACTIONS for part in (key, _(label))]


def notify_hints() -> dict[str, str]:
    return {"desktop-entry": DESKTOP_ENTRY, "category": CATEGORY}


def notification_body(body: str, capabilities: Sequence[str]) -> str:
    """The body as the server reads it: escaped where it takes markup, else as is.

    The summary is plain text by the specification and is never escaped.
    """
    return html.escape(body, quote=False) if "body-markup" in capabilities else body


def supports_actions(capabilities: Sequence[str]) -> bool:
    return "actions" in capabilities


@dataclass(frozen=True)
class ActionRequest:
    """What an invoked action asks for: ``open`` the prospect, or ``snooze`` with a choice."""

    kind: str
    snooze: str | None = None


def action_request(key: str) -> ActionRequest | None:
    """The request behind an action key; None for keys this app did not send."""
    if key == DEFAULT_ACTION:
        return ActionRequest("open")
    if key.startswith(SNOOZE_PREFIX):
        try:
            choice = SnoozeChoice(key[len(SNOOZE_PREFIX) :])
        except ValueError:
            return None
        return ActionRequest("snooze", choice.value)
    return None


@dataclass(frozen=True)
class Sent:
    """What a notification on screen stands for."""

    prospect_id: int | None
    follow_up_ids: tuple[int, ...]


# -- the D-Bus side -------------------------------------------------------------------------
class _Description(QDBusVirtualObject):
    """Answers Introspect with the annotated interface; handles no calls."""

    def introspect(self, path: str) -> str:
        return _INTROSPECTION

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        return False


def _capabilities(bus: QDBusConnection) -> list[str] | None:
    """The server's GetCapabilities, or None when there is no answer."""
    call = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "GetCapabilities")
    reply = bus.call(call, QDBus.CallMode.Block, DBUS_TIMEOUT_MSECS)
    if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
        return None
    capabilities = reply.arguments()[0]
    if not isinstance(capabilities, list):
        return None
    return [str(c) for c in capabilities]


class DesktopNotifier(QObject):
    """Notifications with Open and snooze actions, through org.freedesktop.Notifications."""

    open_requested = Signal(int)
    # A notification standing for several prospects was clicked: show the window.
    window_requested = Signal()
    snooze_requested = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = QDBusConnection.sessionBus()
        self._sent: dict[int, Sent] = {}
        self._capabilities: list[str] | None = None
        self._interface: QDBusInterface | None = None
        self._listening = False

    # -- state ---------------------------------------------------------------------------------
    def available(self) -> bool:
        """Whether the session bus has a notification server that shows actions."""
        if sys.platform in ("win32", "darwin") or not self._bus.isConnected():
            return False
        bus_interface = self._bus.interface()
        if bus_interface is None or not bool(bus_interface.isServiceRegistered(SERVICE).value()):
            return False
        capabilities = _capabilities(self._bus)
        if capabilities is None or not supports_actions(capabilities):
            return False
        self._capabilities = capabilities
        return self._notify_interface() is not None and self._listen()

    def pending(self) -> dict[int, Sent]:
        """The notifications sent and not yet closed, by the server's id."""
        return dict(self._sent)

    # -- sending -------------------------------------------------------------------------------
    def notify(
        self,
        title: str,
        body: str,
        prospect_id: int | None,
        follow_up_ids: tuple[int, ...],
    ) -> int | None:
        """Show a notification; its id, or None when the server did not take it."""
        interface = self._notify_interface()
        if interface is None or not self._listen():
            return None
        if self._capabilities is None:
            self._capabilities = _capabilities(self._bus) or []
        try:
            result = QMetaObject.invokeMethod(
                interface,
                "Notify",
                Qt.ConnectionType.DirectConnection,
                Q_RETURN_ARG("uint"),
                Q_ARG("QString", APP_NAME),
                Q_ARG("uint", 0),
                Q_ARG("QString", APP_ICON),
                Q_ARG("QString", title),
                Q_ARG("QString", notification_body(body, self._capabilities)),
                Q_ARG("QStringList", notify_actions()),
                Q_ARG("QVariantMap", notify_hints()),
                Q_ARG("int", EXPIRE_DEFAULT),
            )
        except RuntimeError as exc:  # the method could not be invoked at all
            log.warning("Notify could not be called: %s", exc)
            return None
        error = interface.lastError()
        if error.isValid() or not isinstance(result, int) or result <= 0:
            log.warning("The notification server refused a notification: %s", error.message())
            return None
        self.remember(result, prospect_id, follow_up_ids)
        return result

    def remember(
        self, notification_id: int, prospect_id: int | None, follow_up_ids: tuple[int, ...]
    ) -> None:
        """Note what a notification on screen stands for (``notify`` does this)."""
        self._sent[notification_id] = Sent(prospect_id, tuple(follow_up_ids))

    def close(self, notification_id: int) -> None:
        """Take a notification off the screen (the server then says NotificationClosed)."""
        if self._interface is None:
            return  # nothing was sent through it
        try:
            QMetaObject.invokeMethod(
                self._interface,
                "CloseNotification",
                Qt.ConnectionType.DirectConnection,
                Q_ARG("uint", notification_id),
            )
        except RuntimeError as exc:
            log.warning("CloseNotification could not be called: %s", exc)

    def _notify_interface(self) -> QDBusInterface | None:
        """The server's interface, with Notify typed as the specification says."""
        if self._interface is not None:
            return self._interface
        description = _Description()
        if not self._bus.registerVirtualObject(_LOCAL_PATH, description):
            return None
        try:
            # Read once from the local object; QtDBus keeps it for this interface name.
            local = QDBusInterface(self._bus.baseService(), _LOCAL_PATH, INTERFACE, self._bus)
            local_ok = local.isValid()
            del local
        finally:
            self._bus.unregisterObject(_LOCAL_PATH)
        if not local_ok:
            return None
        interface = QDBusInterface(SERVICE, PATH, INTERFACE, self._bus, self)
        if not interface.isValid() or interface.metaObject().indexOfMethod(NOTIFY_METHOD) < 0:
            log.info("Notify cannot be typed here: notifications without actions")
            interface.deleteLater()
            return None
        interface.setTimeout(DBUS_TIMEOUT_MSECS)
        self._interface = interface
        return interface

    def _listen(self) -> bool:
        if self._listening:
            return True
        action = self._connect("ActionInvoked", "_on_action_invoked(uint,QString)")
        closed = self._connect("NotificationClosed", "_on_notification_closed(uint,uint)")
        self._listening = action and closed
        return self._listening

    def _connect(self, signal: str, slot: str) -> bool:
        # PySide6's stubs say the slot is bytes; it takes the SLOT() string (bytes: ValueError).
        return bool(
            self._bus.connect(SERVICE, PATH, INTERFACE, signal, self, SLOT(slot))  # type: ignore[call-overload]
        )

    # -- the server's signals -------------------------------------------------------------------
    @Slot("uint", str)
    def _on_action_invoked(self, notification_id: int, key: str) -> None:
        self.handle_action(notification_id, key)

    @Slot("uint", "uint")
    def _on_notification_closed(self, notification_id: int, reason: int) -> None:
        self._sent.pop(notification_id, None)

    def handle_action(self, notification_id: int, key: str) -> None:
        """The user chose ``key`` on notification ``notification_id``: ask for it."""
        sent = self._sent.get(notification_id)
        request = action_request(key)
        if sent is None or request is None:
            return  # another application's notification, or a key not ours
        # Done with: some servers (dunst) leave it on screen after an action.
        self.close(notification_id)
        if request.kind == "open":
            if sent.prospect_id is None:
                self.window_requested.emit()
            else:
                self.open_requested.emit(sent.prospect_id)
        elif request.snooze is not None and sent.follow_up_ids:
            self.snooze_requested.emit(sent.follow_up_ids, request.snooze)


__all__ = [
    "ACTIONS",
    "ActionRequest",
    "DesktopNotifier",
    "Sent",
    "action_request",
    "notification_body",
    "notify_actions",
    "notify_hints",
    "supports_actions",
]
