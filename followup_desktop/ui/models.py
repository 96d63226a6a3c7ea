"""What the app's flat item models share: selectable leaf rows and column titles."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

SELECTABLE_LEAF = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


def leaf_flags(index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
    """Flags of a row that can be selected and has no children."""
    return SELECTABLE_LEAF if index.isValid() else Qt.ItemFlag.NoItemFlags


def column_title(
    titles: Mapping[Any, str], section: int, orientation: Qt.Orientation, role: int
) -> Any:
    """headerData for a horizontal header whose titles are ``titles`` by column."""
    if (
        orientation is Qt.Orientation.Horizontal
        and role == Qt.ItemDataRole.DisplayRole
        and section in titles
    ):
        return titles[section]
    return None
