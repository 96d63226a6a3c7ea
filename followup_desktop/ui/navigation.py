"""The left-hand navigation: views with live counts, then tags."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from followup_desktop.domain.queries import QuickFilter
from followup_desktop.i18n import N_, _

DESTINATION_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Destination:
    """Where a navigation entry leads: the agenda, or the list with a filter or tag."""

    view: str  # "agenda", "prospects", "thank_you" or "reports"
    quick: QuickFilter = QuickFilter.ALL
    tag: str | None = None


AGENDA = Destination("agenda")
PROSPECTS = Destination("prospects")
NO_NEXT_STEP = Destination("prospects", QuickFilter.NO_NEXT_STEP)
REVIVE = Destination("prospects", QuickFilter.REVIVE)
THANK_YOU = Destination("thank_you")
REPORTS = Destination("reports")

_FIXED = [
    (AGENDA, N_("Agenda")),
    (PROSPECTS, N_("Prospects")),
    (NO_NEXT_STEP, N_("No next step")),
    (REVIVE, N_("Revive")),
    (THANK_YOU, N_("Thank-you notes")),
    (REPORTS, N_("Reports")),
]


def _entry_text(label: str, count: int | None) -> str:
    return label if count is None else f"{label}  {QLocale().toString(count)}"


class NavigationWidget(QListWidget):
    """Agenda, Prospects, No next step, Revive, Thank-you notes, Reports, then tags."""

    destination_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Navigation"))
        self.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self._counts: dict[Destination, int] = {}
        self._tags: list[tuple[str, int]] = []
        self._rebuild()
        self.currentItemChanged.connect(self._on_self_current_item_changed)

    def set_counts(self, counts: dict[Destination, int], tags: list[tuple[str, int]]) -> None:
        """Update the numbers beside each entry, keeping the current choice."""
        current = self.current_destination()
        same_entries = self.count() > 0 and [n for n, _ in tags] == [n for n, _ in self._tags]
        self._counts = dict(counts)
        self._tags = list(tags)
        if same_entries:
            self._retext()  # only numbers changed: no list rebuilt, laid out and repainted
            return
        self.blockSignals(True)
        self._rebuild()
        self.select(current or AGENDA, emit=False)
        self.blockSignals(False)

    def select(self, destination: Destination, *, emit: bool = True) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(DESTINATION_ROLE) == destination:
                if not emit:
                    self.blockSignals(True)
                self.setCurrentItem(item)
                if not emit:
                    self.blockSignals(False)
                return

    def current_destination(self) -> Destination | None:
        item = self.currentItem()
        if item is None:
            return None
        value = item.data(DESTINATION_ROLE)
        return value if isinstance(value, Destination) else None

    def entry_text(self, destination: Destination) -> str:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(DESTINATION_ROLE) == destination:
                return item.text()
        return ""

    def _rebuild(self) -> None:
        self.clear()
        for destination, label in _FIXED:
            self._add(destination, _(label), self._counts.get(destination))
        if self._tags:
            header = QListWidgetItem(_("Tags"))
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            self.addItem(header)
            for name, count in self._tags:
                self._add(Destination("prospects", tag=name), f"#{name}", count)

    def _retext(self) -> None:
        """Each entry's words and number, changed in place where they differ."""
        labels = {destination: _(label) for destination, label in _FIXED}
        tag_counts = dict(self._tags)
        for row in range(self.count()):
            item = self.item(row)
            destination = item.data(DESTINATION_ROLE)
            if not isinstance(destination, Destination):
                continue
            if destination.tag is not None:
                text = _entry_text(f"#{destination.tag}", tag_counts.get(destination.tag))
            else:
                text = _entry_text(labels[destination], self._counts.get(destination))
            if item.text() != text:
                item.setText(text)

    def _add(self, destination: Destination, label: str, count: int | None) -> None:
        item = QListWidgetItem(_entry_text(label, count))
        item.setData(DESTINATION_ROLE, destination)
        self.addItem(item)

    def _on_self_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is not None and isinstance(current.data(DESTINATION_ROLE), Destination):
            self.destination_chosen.emit(current.data(DESTINATION_ROLE))
