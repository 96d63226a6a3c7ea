"""Saving an edit made from an older copy: only the user's fields, both sides kept."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from followup_desktop.domain.edits import EditConflict, merge_edit
from followup_desktop.domain.model import PostalAddress, Prospect

BASE = Prospect(
    1,
    "Ana Müller",
    company="Acme",
    emails=("ana@acme.example",),
    phones=("+49 30 1",),
    tags=("vip",),
    cadence="outbound",
    cadence_position=2,
    version=3,
)


def test_an_edit_of_an_unchanged_row_writes_only_the_fields_typed() -> None:
    mine = replace(BASE, company="Acme GmbH", notes="Met at the fair.")
    merge = merge_edit(BASE, mine, BASE)
    assert merge.changed == ("company", "notes")
    assert merge.conflicts == ()
    merged, fields = merge.result(BASE, keep_mine=False)
    assert fields == ("company", "notes")
    assert merged == mine


def test_another_writer_s_fields_stay_beside_the_user_s() -> None:
    """An import added an e-mail and a phone, a touch moved the plan on; the user
    changed the company: all of it is kept."""
    theirs = replace(
        BASE,
        emails=("ana@acme.example", "ana@home.example"),
        phones=("+49 30 1", "+49 171 2"),
        cadence_position=3,
        version=5,
    )
    mine = replace(BASE, company="Acme GmbH")
    merged, fields = merge_edit(BASE, mine, theirs).result(theirs, keep_mine=False)
    assert fields == ("company",)
    assert merged == replace(theirs, company="Acme GmbH")


def test_both_changing_one_field_is_a_conflict_the_user_decides() -> None:
    theirs = replace(BASE, company="Acme AG", deal_value=Decimal("900"), version=4)
    mine = replace(BASE, company="Acme GmbH", title="CEO")
    merge = merge_edit(BASE, mine, theirs)
    (conflict,) = merge.conflicts
    assert (conflict.field, conflict.label) == ("company", "Company")
    assert (conflict.base, conflict.mine, conflict.theirs) == ("Acme", "Acme GmbH", "Acme AG")
    kept_mine, fields = merge.result(theirs, keep_mine=True)
    assert fields == ("company", "title")
    assert (kept_mine.company, kept_mine.title, kept_mine.deal_value) == (
        "Acme GmbH",
        "CEO",
        Decimal("900"),
    )
    kept_theirs, fields = merge.result(theirs, keep_mine=False)
    assert fields == ("title",)
    assert (kept_theirs.company, kept_theirs.title) == ("Acme AG", "CEO")
    error = EditConflict(theirs, merge.conflicts)
    assert str(error).startswith("While you were editing, Ana Müller's company changed")
    assert error.theirs is theirs


def test_both_making_the_same_change_is_no_conflict() -> None:
    address = PostalAddress("Hauptstraße 1", "Berlin", "", "10115", "DE")
    theirs = replace(BASE, address=address, version=4)
    mine = replace(BASE, address=address)
    merge = merge_edit(BASE, mine, theirs)
    assert merge.conflicts == ()
    assert merge.result(theirs, keep_mine=False)[0] == theirs


def test_lists_merge_item_by_item() -> None:
    """They added an e-mail; the user added another and removed the old one."""
    theirs = replace(BASE, emails=("ana@acme.example", "ana@home.example"), tags=())
    mine = replace(BASE, emails=("a.mueller@acme.example",), tags=("vip", "fair"))
    merge = merge_edit(BASE, mine, theirs)
    assert merge.conflicts == ()
    merged, fields = merge.result(theirs, keep_mine=False)
    assert fields == ("emails", "tags")
    assert merged.emails == ("ana@home.example", "a.mueller@acme.example")
    assert merged.tags == ("fair",)  # they removed "vip"; the user's addition stays
