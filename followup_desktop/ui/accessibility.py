"""What a screen reader is told about parts Qt builds itself."""

from __future__ import annotations

from PySide6.QtWidgets import QToolBar, QToolButton

from followup_desktop.i18n import _


def name_toolbar_overflow(toolbar: QToolBar) -> None:
    """Name the » button Qt adds when a toolbar does not fit (it has no name of its own)."""
    button = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    if button is not None:
        button.setAccessibleName(_("More tools"))
        button.setToolTip(_("More tools"))
