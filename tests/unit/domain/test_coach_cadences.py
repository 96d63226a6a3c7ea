"""Plans the user defines, where a prospect stands on its plan, and intervals
that scale with the deal's value."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from followup_desktop.domain.cadence import (
    BUILT_IN_CADENCES,
    INBOUND,
    OUTBOUND,
    REVIVE,
    Cadence,
    CadenceStep,
    DealScaling,
    cadence_from_dict,
    cadence_to_dict,
    is_built_in,
    new_cadence_key,
    plan_progress,
    scale_cadence,
    scale_days,
    validate_cadence,
)
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel


def _plan(**changes: object) -> Cadence:
    fields: dict[str, object] = {
        "key": "custom-workshop",
        "name": "Workshop leads",
        "description": "",
        "steps": (
            CadenceStep(0, Channel.EMAIL, "Thank them for asking"),
            CadenceStep(2, Channel.CALL, "Talk dates"),
        ),
        "then_every_days": 10,
        "widening": 1.5,
        "max_interval_days": 40,
        "then_channels": (Channel.ARTICLE, Channel.CALL),
        "then_purpose": "Stay in touch",
        "touches": 6,
    }
    fields.update(changes)
    return Cadence(**fields)  # type: ignore[arg-type]


def test_built_in_plans_count_their_touches() -> None:
    assert {k: c.plan_length for k, c in BUILT_IN_CADENCES.items()} == {
        "inbound": 7,
        "outbound": 7,
        "information": 5,
        "meeting": 6,
        "revive": 4,
    }
    # A plan never counts fewer touches than its own steps.
    assert _plan(touches=0).plan_length == 2


@pytest.mark.parametrize(
    ("position", "text"),
    [
        (0, "not started: a 7-touch plan"),
        (1, "touch 1 of a 7-touch plan"),
        (3, "touch 3 of a 7-touch plan"),
        (7, "touch 7 of a 7-touch plan"),
        (9, "touch 9: past the 7-touch plan, keep going until a Yes or a No"),
    ],
)
def test_where_a_prospect_stands(position: int, text: str) -> None:
    assert plan_progress(OUTBOUND, position) == text


def test_keys_for_new_plans_are_unique_and_never_built_in() -> None:
    assert new_cadence_key("Workshop leads!", set()) == "custom-workshop-leads"
    assert new_cadence_key("Workshop leads", {"custom-workshop-leads"}) == (
        "custom-workshop-leads-2"
    )
    assert new_cadence_key("???", set()) == "custom-plan"
    assert is_built_in("revive")
    assert not is_built_in("custom-plan")


def test_a_good_plan_has_no_problems() -> None:
    assert validate_cadence(_plan()) == []
    for built_in in BUILT_IN_CADENCES.values():
        assert validate_cadence(built_in) == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"name": "  "}, "The plan needs a name."),
        ({"steps": ()}, "The plan needs at least one step."),
        ({"steps": (CadenceStep(400, Channel.CALL, ""),)}, "Step 1: the days"),
        ({"steps": (CadenceStep(-1, Channel.CALL, ""),)}, "Step 1: the days"),
        (
            {"steps": (CadenceStep(0, Channel.CALL, ""), CadenceStep(0, Channel.EMAIL, ""))},
            "Step 2: only one step a day",
        ),
        ({"then_every_days": 0}, "the interval must be 1 to 365"),
        ({"widening": 0.5}, "The widening must be"),
        ({"widening": 3.5}, "The widening must be"),
        ({"max_interval_days": 5}, "The longest interval cannot be shorter"),
        ({"then_channels": ()}, "Choose at least one channel"),
        ({"touches": 51}, "at most 50 touches"),
    ],
)
def test_a_bad_plan_says_what_is_wrong(changes: dict[str, object], problem: str) -> None:
    problems = validate_cadence(_plan(**changes))
    assert any(problem in p for p in problems), problems


def test_plans_round_trip_through_json() -> None:
    plan = _plan()
    again = cadence_from_dict(json.loads(json.dumps(cadence_to_dict(plan))))
    assert again == plan
    assert cadence_from_dict(cadence_to_dict(REVIVE)) == REVIVE


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"key": "x", "name": "x", "steps": [{"days": "soon", "channel": "call"}]},
        {**cadence_to_dict(_plan()), "then_channels": ["pigeon"]},
    ],
)
def test_a_damaged_saved_plan_is_refused_in_words(data: object) -> None:
    with pytest.raises(DomainError, match="could not be read"):
        cadence_from_dict(data)


def test_a_saved_plan_that_breaks_the_rules_is_refused() -> None:
    with pytest.raises(DomainError, match="not valid: The plan needs a name"):
        cadence_from_dict({**cadence_to_dict(_plan()), "name": ""})


# -- scaling -----------------------------------------------------------------
SCALING = DealScaling()


@pytest.mark.parametrize(
    ("value", "factor"),
    [
        (None, 1.0),
        (Decimal(0), 1.0),
        (Decimal(500), 1.25),
        (Decimal(1000), 1.25),
        (Decimal(20000), 0.6),
        (Decimal(1_000_000), 0.6),
        # Halfway on a log scale between 1,000 and 20,000 is about 4,472.
        (Decimal(4472), 0.925),
    ],
)
def test_bigger_deals_get_a_tighter_plan(value: Decimal | None, factor: float) -> None:
    assert SCALING.factor(value) == pytest.approx(factor, abs=0.001)


def test_the_factor_falls_as_the_deal_grows() -> None:
    values = [Decimal(v) for v in (800, 1500, 3000, 6000, 12000, 25000)]
    factors = [SCALING.factor(v) for v in values]
    assert factors == sorted(factors, reverse=True)
    assert factors[0] == 1.25
    assert factors[-1] == 0.6


def test_scaling_can_be_switched_off() -> None:
    assert DealScaling(enabled=False).factor(Decimal(50000)) == 1.0


def test_scaled_intervals() -> None:
    assert scale_days(0, 0.5) == 0  # the same day stays the same day
    assert scale_days(1, 0.3) == 1  # never less than a day
    assert scale_days(21, 0.6) == 13
    assert scale_cadence(INBOUND, 1.0) is INBOUND
    tight = scale_cadence(INBOUND, 0.5)
    assert [s.days for s in tight.steps] == [0, 1, 2, 4]
    assert (tight.then_every_days, tight.max_interval_days) == (7, 30)
    assert [s.channel for s in tight.steps] == [s.channel for s in INBOUND.steps]


def test_scaling_bounds_are_checked() -> None:
    assert DealScaling().problems() == []
    bad = DealScaling(
        small_value=Decimal(5000), large_value=Decimal(100), small_factor=0.5, large_factor=2
    )
    assert len(bad.problems()) == 3


def test_scaling_round_trips_and_damaged_settings_fall_back() -> None:
    mine = DealScaling(True, Decimal(2000), 1.5, Decimal(50000), 0.5)
    assert DealScaling.from_dict(json.loads(json.dumps(mine.to_dict()))) == mine
    assert DealScaling.from_dict({"enabled": True}) == DealScaling()
    assert DealScaling.from_dict({**mine.to_dict(), "small_value": "lots"}) == DealScaling()
    assert DealScaling.from_dict({**mine.to_dict(), "large_factor": 9}) == DealScaling()


@pytest.mark.parametrize(
    "changes",
    [
        {"small_value": Decimal("NaN")},
        {"large_value": Decimal("Infinity")},
        {"large_factor": float("nan")},
    ],
)
def test_scaling_that_is_not_a_number_is_refused(changes: dict[str, object]) -> None:
    scaling = replace(DealScaling(), **changes)  # type: ignore[arg-type]
    assert scaling.problems() == ["Deal values and factors must be plain numbers."]
    assert DealScaling.from_dict(scaling.to_dict()) == DealScaling()
