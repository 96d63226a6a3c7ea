"""The keyboard's way to a list's context menu: the Menu key and Shift+F10."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView

from followup_desktop.i18n import _


class KeyboardContextMenu(QObject):
    """Opens a view's context menu on its current row from the keyboard.

    Qt sends the Menu key's event to the view itself, in the view's
    coordinates, while ``customContextMenuRequested`` handlers read viewport
    coordinates: the header's height made the menu open on (and act on) the
    row below. Here the keyboard asks for the menu at the current row, in
    viewport coordinates, like a right click on it; Shift+F10 does the same.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        view.installEventFilter(self)
        self.action = QAction(_("Context menu"), view)
        self.action.setShortcut(QKeySequence("Shift+F10"))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action.triggered.connect(self.open)
        view.addAction(self.action)

    def open(self) -> None:
        """Ask for the menu at the current row (nothing happens without one)."""
        view = self._view
        index = view.currentIndex()
        if not index.isValid():
            return
        rect = view.visualRect(index)
        point = QPoint(rect.left() + min(rect.width() // 2, 48), rect.center().y())
        view.customContextMenuRequested.emit(point)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._view
            and event.type() == QEvent.Type.ContextMenu
            and isinstance(event, QContextMenuEvent)
            and event.reason() == QContextMenuEvent.Reason.Keyboard
        ):
            self.open()
            return True
        return super().eventFilter(watched, event)
