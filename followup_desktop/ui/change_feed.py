"""One feed of what changed, for every view: this program's operations as they
commit, and other programs' writes (the command line, another window)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from followup_desktop.domain.changes import Changes
from followup_desktop.services import FollowUpService


class ChangeFeed(QObject):
    """Emits ``changed(Changes)`` for every committed operation, whoever made it.

    Other programs' writes are noticed by asking the store every
    ``POLL_MS`` milliseconds; when nothing was written that costs one
    ``PRAGMA data_version`` (no table is read), so an idle window stays idle.
    """

    changed = Signal(object)  # Changes
    POLL_MS = 1000

    def __init__(self, service: FollowUpService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        service.subscribe(self._on_service_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(self.POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.destroyed.connect(lambda: service.unsubscribe(self._on_service_changed))

    def start(self) -> None:
        self.timer.start()

    def poll(self) -> Changes:
        """Announce what other programs wrote since the last poll (if anything)."""
        changes = self._service.external_changes()
        if changes:
            self.changed.emit(changes)
        return changes

    def _on_service_changed(self, changes: Changes) -> None:
        self.changed.emit(changes)
