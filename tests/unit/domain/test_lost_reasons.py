"""Lost reasons read into kinds, in the documented order."""

from __future__ import annotations

import pytest

from followup_desktop.domain.lost_reasons import LostReasonKind, is_timing, reason_kind


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("Timing: revisit after the merger", LostReasonKind.TIMING),
        ("Not the right time for them", LostReasonKind.TIMING),
        ("not now, maybe in spring", LostReasonKind.TIMING),
        ("Budget frozen until next year", LostReasonKind.BUDGET),
        ("Too expensive", LostReasonKind.BUDGET),
        ("Chose a competitor on price", LostReasonKind.BUDGET),
        ("Chose a competitor", LostReasonKind.COMPETITOR),
        ("Went with an internal solution", LostReasonKind.COMPETITOR),
        ("No longer a priority", LostReasonKind.NO_NEED),
        ("Not interested", LostReasonKind.NO_NEED),
        ("Ask again next quarter", LostReasonKind.TIMING),
        ("Project on hold", LostReasonKind.TIMING),
        ("They moved to Lisbon", LostReasonKind.OTHER),
        ("   ", LostReasonKind.NOT_RECORDED),
        ("", LostReasonKind.NOT_RECORDED),
    ],
)
def test_reason_kinds(reason: str, kind: LostReasonKind) -> None:
    assert reason_kind(reason) is kind


def test_labels_and_timing() -> None:
    assert LostReasonKind.BUDGET.label == "Budget or price"
    assert [k.label for k in LostReasonKind][-1] == "Not recorded"
    assert is_timing("TIMING")
    assert not is_timing("No budget")
