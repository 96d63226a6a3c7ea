"""Icons from resources/: one per channel, and the application's own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from followup_desktop.domain.model import Channel

ICON_DIR = Path(__file__).resolve().parents[2] / "resources" / "icons"
CHANNEL_ICON_DIR = ICON_DIR / "channels"
APP_ICON_PATH = ICON_DIR / "followup-desktop.svg"

_channel_icons: dict[Channel, QIcon] = {}


def channel_icon_path(channel: Channel) -> Path:
    return CHANNEL_ICON_DIR / f"{Channel(channel).value}.svg"


def channel_icon(channel: Channel) -> QIcon:
    """The icon for a channel, loaded once (QIcon copies share their data)."""
    channel = Channel(channel)
    icon = _channel_icons.get(channel)
    if icon is None:
        icon = QIcon(str(channel_icon_path(channel)))
        _channel_icons[channel] = icon
    return icon


def app_icon() -> QIcon:
    return QIcon(str(APP_ICON_PATH))


__all__ = ["APP_ICON_PATH", "CHANNEL_ICON_DIR", "app_icon", "channel_icon", "channel_icon_path"]
