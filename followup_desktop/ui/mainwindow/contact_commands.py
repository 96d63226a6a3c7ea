"""The window's commands that bring contacts in or take them out: demo data,
import (with its preview and undo) and export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from followup_desktop.domain.errors import DomainError
from followup_desktop.i18n import _, ngettext, npgettext
from followup_desktop.services import StoreError
from followup_desktop.services.demo import generate_demo
from followup_desktop.ui.file_dialogs import EXPORT, IMPORT
from followup_desktop.ui.format import number_text
from followup_desktop.ui.mainwindow.operations import APP_TITLE, Operations
from followup_desktop.ui.navigation import AGENDA
from followup_desktop.ui.progress import run_with_progress
from followup_desktop.ui.undo import CallbackCommand

if TYPE_CHECKING:
    from followup_desktop.services.contacts import ImportService
    from followup_desktop.ui.export_dialog import ExportDialog
    from followup_desktop.ui.import_dialog import ImportDialog
    from followup_desktop.ui.mainwindow import MainWindow


def import_undo_text(created: int, merged: int) -> str:
    """The undo entry of an import: "Import 3 new prospects and 1 merge"."""
    if not merged:
        return ngettext("Import {n} new prospect", "Import {n} new prospects", created).format(
            n=created
        )
    # Translators: an undo entry; {created} is "3 new prospects", {merges} is "1 merge".
    return _("Import {created} and {merges}").format(
        created=npgettext("undo entry", "{n} new prospect", "{n} new prospects", created).format(
            n=created
        ),
        merges=npgettext("undo entry", "{n} merge", "{n} merges", merged).format(n=merged),
    )


class ContactCommands:
    """Demo data, import and export for one main window.

    Import and export (vCard, CSV, iCalendar, duplicate matching) load when
    first used, not to show the window.
    """

    def __init__(self, window: MainWindow, ops: Operations) -> None:
        self.window = window
        self.ops = ops
        self._import_service: ImportService | None = None
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None

    @property
    def imports(self) -> ImportService:
        if self._import_service is None:
            from followup_desktop.services.contacts import ImportService

            self._import_service = ImportService(self.window.service)
        return self._import_service

    def load_demo(self) -> None:
        window = self.window
        if window.service.prospect_count():
            QMessageBox.information(
                window,
                APP_TITLE,
                _("Demo data goes in an empty database; this one has prospects."),
            )
            return
        try:
            generate_demo(window.service)
            window.thanks.fill_from_history()
        except (StoreError, DomainError) as exc:
            QMessageBox.critical(window, APP_TITLE, str(exc))
            return
        window.undo_stack.clear()
        window.refresh()
        window.show_destination(AGENDA)
        window.demo_loaded.emit()

    def choose_and_import(self) -> None:
        folders = self.window.folders
        paths, _filter = QFileDialog.getOpenFileNames(
            self.window,
            _("Import contacts"),
            folders.start(IMPORT),
            "{contacts} (*.vcf *.vcard *.csv *.txt *.tsv);;{all} (*)".format(
                contacts=_("Contact files"), all=_("All files")
            ),
        )
        if paths:
            folders.remember(IMPORT, paths[0])
        self.import_files(paths)

    def import_files(self, paths: list[str]) -> ImportDialog | None:
        """Read ``paths`` and show the import's preview (and columns step if needed)."""
        if not paths:
            return None
        from followup_desktop.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.imports, paths, self.window)
        if not dialog.start():
            dialog.deleteLater()
            return None
        dialog.import_requested.connect(lambda: self._run_import(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def _run_import(self, dialog: ImportDialog) -> None:
        from followup_desktop.services.contacts import ImportCancelled, ImportOutcome

        window = self.window
        preview = dialog.preview
        if preview is None:
            return
        cadence = dialog.cadence_key()
        try:
            outcome: ImportOutcome = run_with_progress(
                dialog,
                _("Importing contacts…"),
                lambda progress: self.imports.apply(preview, cadence, progress),
            )
        except ImportCancelled:
            QMessageBox.information(dialog, APP_TITLE, _("Import cancelled: nothing was written."))
            return
        except (DomainError, StoreError) as exc:
            QMessageBox.critical(
                dialog, APP_TITLE, _("Nothing was imported. {error}").format(error=exc)
            )
            return
        dialog.save_mappings()
        dialog.accept()
        self.import_dialog = None
        created, merged = len(outcome.created), outcome.merged
        text = import_undo_text(created, merged)
        window.undo_stack.push(
            CallbackCommand(
                text,
                lambda: self.imports.undo(outcome),
                lambda: self.imports.redo(outcome),
                window.refresh,
                self.ops.report,
            )
        )
        window.refresh()
        window.show_imported(
            outcome.created or [s.prospect.id for s in outcome.merged_before if s.prospect.id]
        )
        window.statusBar().showMessage(
            _(
                "Imported {created} new prospects, merged {merged}, skipped {skipped}. "
                "Edit › Undo takes the import back."
            ).format(created=created, merged=merged, skipped=outcome.skipped),
            15000,
        )

    def export(self) -> ExportDialog:
        window = self.window
        service = window.service
        total = service.prospect_count()
        scopes: list[tuple[str, list[int] | None]] = [
            (_("All prospects ({n})").format(n=number_text(total)), None)
        ]
        listed = service.prospect_ids(window.prospect_list.model.query())
        if 0 < len(listed) < total:
            shown = len(listed)
            scopes.append(
                (
                    ngettext(
                        "The {n} prospect the list shows now",
                        "The {n} prospects the list shows now",
                        shown,
                    ).format(n=number_text(shown)),
                    listed,
                )
            )
        current = window.current_prospect_id()
        prospect = service.find_prospect(current) if current is not None else None
        if prospect is not None and prospect.id is not None:
            scopes.append((_("Only {name}").format(name=prospect.name), [prospect.id]))
        from followup_desktop.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.imports, scopes, window.folders.folder(EXPORT), window)
        dialog.accepted.connect(lambda: self._on_export_dialog_accepted(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def _on_export_dialog_accepted(self, dialog: ExportDialog) -> None:
        if dialog.written is None:
            return
        self.window.folders.remember(EXPORT, dialog.written)
        self.window.statusBar().showMessage(
            _("Exported to {path}").format(path=dialog.written), 10000
        )
        self.export_dialog = None
