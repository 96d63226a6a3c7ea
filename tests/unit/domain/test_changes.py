"""Change sets: what views ask of them."""

from __future__ import annotations

from followup_desktop.domain.changes import (
    ALL_TABLES,
    FOLLOW_UP,
    PROSPECT,
    TOUCH,
    Changes,
    merge_all,
)


def test_an_empty_change_set_touches_nothing() -> None:
    empty = Changes()
    assert not empty
    assert not empty.touches(PROSPECT)
    assert not empty.touches_prospect(1)
    assert not empty.membership


def test_a_change_set_names_its_prospects_and_tables() -> None:
    logged = Changes(prospect_ids=frozenset({1}), tables=frozenset({TOUCH}))
    assert logged
    assert logged.touches(TOUCH, FOLLOW_UP)
    assert not logged.touches(PROSPECT)
    assert logged.touches_prospect(1)
    assert not logged.touches_prospect(2)
    assert not logged.touches_prospect(None)
    assert not logged.membership
    assert Changes(removed=frozenset({3})).membership


def test_everything_touches_every_table_and_prospect() -> None:
    everything = Changes.all(external=True)
    assert everything.external
    assert everything.tables == ALL_TABLES
    assert everything.touches(PROSPECT)
    assert everything.touches_prospect(42)
    assert everything.membership


def test_merged_change_sets_keep_all_of_both() -> None:
    a = Changes(prospect_ids=frozenset({1}), tables=frozenset({TOUCH}), op_ids=(1,))
    b = Changes(
        prospect_ids=frozenset({2}),
        tables=frozenset({PROSPECT}),
        added=frozenset({2}),
        setting_keys=frozenset({"k"}),
        external=True,
        op_ids=(2,),
    )
    both = merge_all([a, b])
    assert both.prospect_ids == {1, 2}
    assert both.tables == {TOUCH, PROSPECT}
    assert both.added == {2}
    assert both.setting_keys == {"k"}
    assert both.external
    assert not both.everything
    assert both.op_ids == (1, 2)
    assert merge_all([]) == Changes()


def test_columns_say_which_fields_an_update_changed() -> None:
    renamed = Changes(tables=frozenset({PROSPECT}), columns=frozenset({"prospect.name"}))
    assert renamed.touches_column(PROSPECT, "name", "company")
    assert not renamed.touches_column(PROSPECT, "stage")
    assert Changes.all().touches_column(PROSPECT, "stage")
    both = renamed.merged(Changes(columns=frozenset({"prospect.stage"})))
    assert both.columns == {"prospect.name", "prospect.stage"}
