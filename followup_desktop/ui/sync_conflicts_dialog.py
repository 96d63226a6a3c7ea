"""The conflicts of a phone sync: items changed both here and on the server since
the last sync, kept as they are on both sides for the user to settle."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from followup_desktop.i18n import _, ngettext
from followup_desktop.services.sync import SyncReport


class SyncConflictsDialog(QDialog):
    """Says which items (or, when the sync gives only their number, how many) were
    left alone because both sides changed them; never modal, so work goes on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Sync conflicts"))
        self.setModal(False)
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        self.items_list = QListWidget()
        self.items_list.setAccessibleName(_("Conflicting items"))
        self.hint_label = QLabel()
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label.setWordWrap(True)
        self.hint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.items_list)
        layout.addWidget(self.hint_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def show_report(self, report: SyncReport, items: Sequence[str] = ()) -> None:
        """The conflicts of one sync: ``items`` describes each when known."""
        count = max(report.conflicts, len(items))
        self.summary_label.setText(
            ngettext(
                "{n} item changed both here and on the server since the last sync. "
                "This computer's version was kept and sent to the server; what the "
                "server had is below. Change it again here if the server was right.",
                "{n} items changed both here and on the server since the last sync. "
                "This computer's versions were kept and sent to the server; what the "
                "server had is below. Change them again here where the server was right.",
                count,
            ).format(n=count)
        )
        self.items_list.clear()
        self.items_list.addItems(list(items))
        self.items_list.setVisible(bool(items))
        self.hint_label.setText(
            _("For the details of each, run: followup-desktop sync --json") if not items else ""
        )
        self.hint_label.setVisible(not items)
        self.show()
        self.adjustSize()  # no empty room where the list would be
