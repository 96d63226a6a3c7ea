"""File › Restore from backup…: the backups, what each holds, and a confirmed restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.i18n import _, ngettext
from followup_desktop.services.backups import BACKUP_EVERY_MINUTES, Backup, BackupService
from followup_desktop.ui.format import date_time_text


def describe(backup: Backup) -> str:
    """What a backup holds, in words."""
    if backup.prospects is None:
        return _("cannot be read")
    touches = backup.touches or 0
    # Translators: two counts joined: "12 prospects, 40 touches".
    return _("{prospects}, {touches}").format(
        prospects=ngettext("{count} prospect", "{count} prospects", backup.prospects).format(
            count=_number(backup.prospects)
        ),
        touches=ngettext("{count} touch", "{count} touches", touches).format(
            count=_number(touches)
        ),
    )


def _number(value: int) -> str:
    return str(QLocale().toString(value))


class RestoreDialog(QDialog):
    """Lists the backups, newest first; Restore asks first, then emits
    ``restore_requested(path)`` for the window to carry out."""

    restore_requested = Signal(object)  # Path

    def __init__(self, backups: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backups = backups
        self._listed: list[Backup] = []
        self.setWindowTitle(_("Restore from backup"))
        self._init_widgets()
        self._connect_signals()
        self.refresh()

    def _init_widgets(self) -> None:
        self.intro = QLabel()
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        self.folder_label = QLabel()
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(_("Backups"))
        self.table.setHorizontalHeaderLabels([_("Taken"), _("Prospects"), _("Touches")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel(_("No backups yet. One is made when you quit FollowUp."))
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton(_("&Restore…"))
        self.other_button = QPushButton(_("&Other file…"))
        self.other_button.setToolTip(
            _("Restore a database file kept elsewhere, such as the data from before a restore")
        )
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 420)

    def _connect_signals(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.other_button.clicked.connect(self._on_other_button_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self._on_restore_button_clicked())

    def refresh(self) -> None:
        self._listed = self._backups.backups()
        self.intro.setText(
            _(
                "FollowUp backs your data up when you quit and every {minutes} minutes while "
                "you work. Restoring a backup puts it in place of the current data, which is "
                "kept so that you can go back."
            ).format(minutes=BACKUP_EVERY_MINUTES)
        )
        self.folder_label.setText(
            _("Backups are kept in {folder}").format(folder=self._backups.folder)
        )
        self.table.setRowCount(len(self._listed))
        for row, backup in enumerate(self._listed):
            taken = QTableWidgetItem(date_time_text(backup.created_at))
            taken.setToolTip(str(backup.path))
            prospects = QTableWidgetItem(
                "" if backup.prospects is None else _number(backup.prospects)
            )
            touches = QTableWidgetItem("" if backup.touches is None else _number(backup.touches))
            if backup.prospects is None:
                taken.setText(_("{taken} (cannot be read)").format(taken=taken.text()))
                taken.setToolTip(backup.problem)
            for column, item in enumerate((taken, prospects, touches)):
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(self._listed))
        self.empty.setVisible(not self._listed)
        if self._listed:
            self.table.selectRow(0)
        self._on_table_item_selection_changed()

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self._listed[rows[0].row()] if rows else None

    def _on_table_item_selection_changed(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(chosen is not None and chosen.prospects is not None)

    def _on_restore_button_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.prospects is not None:
            self.confirm_and_restore(chosen)

    def _on_other_button_clicked(self) -> None:
        name, _kind = QFileDialog.getOpenFileName(
            self, _("Restore from a file"), str(self._backups.database.parent)
        )
        if name:
            chosen = self._backups.describe(Path(name))
            if chosen.prospects is None:
                QMessageBox.warning(self, _("Restore from backup"), chosen.problem)
                return
            self.confirm_and_restore(chosen)

    def confirm_and_restore(self, backup: Backup) -> None:
        """Ask first; on Yes, emit ``restore_requested`` and close."""
        current = self._backups.current_prospects()
        answer = QMessageBox.question(
            self,
            _("Restore from backup"),
            ngettext(
                "Put the backup of {taken} ({holds}) in place of the current data "
                "({count} prospect)?\n\nThe current data is not deleted: it is kept beside "
                "the database, and you can restore it the same way.",
                "Put the backup of {taken} ({holds}) in place of the current data "
                "({count} prospects)?\n\nThe current data is not deleted: it is kept beside "
                "the database, and you can restore it the same way.",
                current,
            ).format(
                taken=date_time_text(backup.created_at),
                holds=describe(backup),
                count=_number(current),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_requested.emit(backup.path)
            self.accept()
