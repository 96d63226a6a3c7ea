"""Icons shipped inside the package: one per channel, and the application's own.

They are package data (``followup_desktop/resources/icons``), found through
``importlib.resources`` so that an installed wheel, pipx and the PyInstaller
bundle find them as well as a source checkout does.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

from PySide6.QtGui import QIcon

from followup_desktop.domain.model import Channel

_ICONS: Traversable = files("followup_desktop").joinpath("resources", "icons")
# Resources inside a zip are extracted to temporary files that live until exit;
# a package on disk (the usual case) hands out its own paths and extracts nothing.
_extracted = ExitStack()
atexit.register(_extracted.close)


def _icon_file(resource: Traversable) -> Path:
    return _extracted.enter_context(as_file(resource))


APP_ICON_PATH = _icon_file(_ICONS / "followup-desktop.svg")

_channel_icons: dict[Channel, QIcon] = {}


def channel_icon_path(channel: Channel) -> Path:
    return _icon_file(_ICONS / "channels" / f"{Channel(channel).value}.svg")


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


__all__ = ["APP_ICON_PATH", "app_icon", "channel_icon", "channel_icon_path"]
