"""What an operation changed: the change set every view reacts to.

Every write to the database is part of one operation; when it commits, the
store says which prospects and which kinds of rows it touched (Anki's
``OpChanges`` is the model). A view re-reads only what a change set touches,
so that one logged touch does not re-read the whole window, and writes made by
another program (the command line, another window) arrive the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

PROSPECT = "prospect"
TOUCH = "touch"
FOLLOW_UP = "follow_up"
THANK_YOU = "thank_you"
SETTING = "setting"
PROSPECT_TAG = "prospect_tag"

ALL_TABLES = frozenset({PROSPECT, TOUCH, FOLLOW_UP, THANK_YOU, SETTING, PROSPECT_TAG})


@dataclass(frozen=True)
class Changes:
    """The rows one operation (or several, merged) changed.

    ``everything`` stands for a change too large or too unknown to list (a
    bulk import, demo data, a writer that kept no log): every view re-reads.
    ``added`` and ``removed`` are prospects that came into being or went away,
    which changes the rows a list shows rather than only their content.
    """

    prospect_ids: frozenset[int] = frozenset()
    tables: frozenset[str] = frozenset()
    setting_keys: frozenset[str] = frozenset()
    added: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()
    columns: frozenset[str] = frozenset()  # "table.column" of rows updated in place
    everything: bool = False
    external: bool = False
    op_ids: tuple[int, ...] = field(default=())

    @classmethod
    def all(cls, *, external: bool = False) -> Changes:
        return cls(tables=ALL_TABLES, everything=True, external=external)

    def __bool__(self) -> bool:
        return self.everything or bool(self.tables)

    def touches(self, *tables: str) -> bool:
        """Whether rows of any of these tables changed."""
        return self.everything or any(t in self.tables for t in tables)

    def touches_prospect(self, prospect_id: int | None) -> bool:
        """Whether this prospect (its fields, touches, follow-ups or notes owed) changed."""
        if prospect_id is None:
            return False
        return self.everything or prospect_id in self.prospect_ids

    def touches_column(self, table: str, *columns: str) -> bool:
        """Whether an update changed any of these columns of ``table`` (rows added or
        removed count as ``membership``, not as columns)."""
        return self.everything or any(f"{table}.{c}" in self.columns for c in columns)

    @property
    def membership(self) -> bool:
        """Prospects were added or removed: lists must re-read which rows they show."""
        return self.everything or bool(self.added or self.removed)

    def merged(self, other: Changes) -> Changes:
        return Changes(
            prospect_ids=self.prospect_ids | other.prospect_ids,
            tables=self.tables | other.tables,
            setting_keys=self.setting_keys | other.setting_keys,
            added=self.added | other.added,
            removed=self.removed | other.removed,
            columns=self.columns | other.columns,
            everything=self.everything or other.everything,
            external=self.external or other.external,
            op_ids=self.op_ids + other.op_ids,
        )


def merge_all(changes: Iterable[Changes]) -> Changes:
    """One change set for several (changes that arrived together)."""
    result = Changes()
    for change in changes:
        result = result.merged(change)
    return result
