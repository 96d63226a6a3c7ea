"""Saving an edit made from an older copy: a three-way merge of a prospect's fields.

The card shows a copy of a prospect (the base); while the user types, someone
else (the command line, an import, another machine) may change the stored row.
Saving writes only the fields the user changed. Where the other writer changed
other fields, both changes stay. Where both changed the same field to different
values, that is a conflict the user decides; lists of e-mails, phones and tags
merge item by item, so two people adding one address each keep both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Prospect
from followup_desktop.domain.translated import Translated
from followup_desktop.i18n import _, pgettext

EDIT_FIELDS = (
    "name",
    "company",
    "title",
    "emails",
    "phones",
    "address",
    "source",
    "deal_value",
    "preferred_channel",
    "tags",
    "notes",
)
"""The fields a user edits in the card; the stage, plan and dates change by actions."""

LIST_FIELDS = frozenset({"emails", "phones", "tags"})

# The fields' names as a label shows them ("Deal value") ...
FIELD_LABELS: Mapping[str, str] = Translated(
    lambda: {
        "name": pgettext("field", "Name"),
        "company": pgettext("field", "Company"),
        "title": pgettext("field", "Title"),
        "emails": pgettext("field", "E-mail"),
        "phones": pgettext("field", "Phone"),
        "address": pgettext("field", "Address"),
        "source": pgettext("field", "Source"),
        "deal_value": pgettext("field", "Deal value"),
        "preferred_channel": pgettext("field", "Preferred channel"),
        "tags": pgettext("field", "Tags"),
        "notes": pgettext("field", "Notes"),
    }
)
# ... and inside a sentence ("Anna's deal value changed elsewhere").
FIELD_WORDS: Mapping[str, str] = Translated(
    lambda: {
        "name": pgettext("field in a sentence", "name"),
        "company": pgettext("field in a sentence", "company"),
        "title": pgettext("field in a sentence", "title"),
        "emails": pgettext("field in a sentence", "e-mail"),
        "phones": pgettext("field in a sentence", "phone"),
        "address": pgettext("field in a sentence", "address"),
        "source": pgettext("field in a sentence", "source"),
        "deal_value": pgettext("field in a sentence", "deal value"),
        "preferred_channel": pgettext("field in a sentence", "preferred channel"),
        "tags": pgettext("field in a sentence", "tags"),
        "notes": pgettext("field in a sentence", "notes"),
    }
)


@dataclass(frozen=True)
class Conflict:
    """One field both sides changed, each to its own value."""

    field: str
    base: Any
    mine: Any
    theirs: Any

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass(frozen=True)
class Merge:
    """What saving ``mine`` over ``theirs`` means, field by field."""

    changed: tuple[str, ...]  # the fields the user changed
    conflicts: tuple[Conflict, ...]
    values: dict[str, Any]  # what to write for each changed field (conflicts: mine)

    def result(self, theirs: Prospect, *, keep_mine: bool) -> tuple[Prospect, tuple[str, ...]]:
        """The prospect to store and the fields to write. ``keep_mine`` decides each
        conflict for the user's value; otherwise the stored value stays."""
        kept = {c.field for c in self.conflicts}
        fields = tuple(f for f in self.changed if keep_mine or f not in kept)
        return replace(theirs, **{f: self.values[f] for f in fields}), fields


class EditConflict(DomainError):
    """Saving would overwrite what someone else stored in the same fields meanwhile."""

    def __init__(self, theirs: Prospect, conflicts: tuple[Conflict, ...]) -> None:
        self.theirs = theirs
        self.conflicts = conflicts
        fields = ", ".join(FIELD_WORDS[c.field] for c in conflicts)
        super().__init__(
            _(
                "While you were editing, {name}'s {fields} changed elsewhere "
                "(another window, the command line, an import or sync)."
            ).format(name=theirs.name, fields=fields)
        )


def merge_edit(base: Prospect, mine: Prospect, theirs: Prospect) -> Merge:
    """Merge the user's edit (``mine``, made from ``base``) with the stored row
    (``theirs``, which may have changed since ``base`` was read)."""
    changed: list[str] = []
    conflicts: list[Conflict] = []
    values: dict[str, Any] = {}
    for name in EDIT_FIELDS:
        was, want, now = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if want == was:
            continue
        changed.append(name)
        if now in (was, want):
            values[name] = want
        elif name in LIST_FIELDS:
            values[name] = _merge_items(was, want, now)
        else:
            values[name] = want
            conflicts.append(Conflict(name, was, want, now))
    return Merge(tuple(changed), tuple(conflicts), values)


def _merge_items(
    base: tuple[str, ...], mine: tuple[str, ...], theirs: tuple[str, ...]
) -> tuple[str, ...]:
    """Their list without what the user removed, then what the user added."""
    removed = set(base) - set(mine)
    kept = [item for item in theirs if item not in removed]
    added = [item for item in mine if item not in base and item not in kept]
    return (*kept, *added)
