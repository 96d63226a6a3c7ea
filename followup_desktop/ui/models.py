"""What the app's flat item models share: selectable leaf rows, column titles, and
rows read a page at a time."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView

from followup_desktop.i18n import _

SELECTABLE_LEAF = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


Section = TypeVar("Section", bound=int)


def leaf_flags(index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
    """Flags of a row that can be selected and has no children."""
    return SELECTABLE_LEAF if index.isValid() else Qt.ItemFlag.NoItemFlags


def resize_sections(header: QHeaderView, widths: Mapping[Section, int]) -> None:
    """Give each section its width, or more where its title needs more: a title in
    another language may be longer than the English one the width was chosen for."""
    for section, width in widths.items():
        header.resizeSection(section, max(width, header.sectionSizeFromContents(section).width()))


def column_title(
    titles: Mapping[Any, str], section: int, orientation: Qt.Orientation, role: int
) -> Any:
    """headerData for a horizontal header whose titles are ``titles`` by column
    (marked with ``N_``: translated here, as they are shown)."""
    if (
        orientation is Qt.Orientation.Horizontal
        and role == Qt.ItemDataRole.DisplayRole
        and section in titles
    ):
        return _(titles[section])
    return None


T = TypeVar("T")


class PagedRows(Generic[T]):
    """The rows of a flat list, read ``page_size`` at a time: what a model's
    ``canFetchMore`` and ``fetchMore`` need, for a list counted in the database."""

    def __init__(self, page_size: int) -> None:
        self.page_size = page_size
        self.rows: list[T] = []
        self.total = 0
        self._fetch: Callable[[int, int], list[T]] | None = None

    def set_all(self, rows: Sequence[T]) -> None:
        """Rows read whole (short lists, tests)."""
        self.rows, self.total, self._fetch = list(rows), len(rows), None

    def set_source(
        self, total: int, fetch: Callable[[int, int], list[T]], keep_rows: int = 0
    ) -> None:
        """``total`` rows read by ``fetch(limit, offset)``: the first page, or as many as
        were shown before (``keep_rows``, so that a refresh keeps the place)."""
        self._fetch, self.total = fetch, total
        self.rows = fetch(max(self.page_size, keep_rows), 0) if total else []

    def set_first_page(
        self, total: int, rows: Sequence[T], fetch: Callable[[int, int], list[T]]
    ) -> None:
        """``total`` rows of which the first were read already (off the GUI thread);
        the others are read by ``fetch(limit, offset)`` as they are scrolled to."""
        self._fetch, self.total, self.rows = fetch, total, list(rows)

    def can_fetch_more(self) -> bool:
        return self._fetch is not None and len(self.rows) < self.total

    def fetch_into(self, model: QAbstractItemModel) -> None:
        """Read the next page and insert its rows at the end of ``model`` (a flat
        list); when the list shrank since it was counted, the total is cut instead."""
        if self._fetch is None or not self.can_fetch_more():
            return
        first = len(self.rows)
        page = self._fetch(self.page_size, first)[: self.total - first]
        if not page:
            self.total = first
            return
        model.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self.rows.extend(page)
        model.endInsertRows()
