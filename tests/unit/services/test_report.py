"""The persistence report worked out from a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, Direction, Outcome, Stage
from followup_desktop.services import FollowUpService
from followup_desktop.services.report import QUIET_DAYS_SETTING, ReportService


def touch_days_ago(
    service: FollowUpService,
    pid: int,
    days: int,
    channel: Channel = Channel.EMAIL,
    direction: Direction = Direction.OUT,
    outcome: Outcome | None = Outcome.SENT,
) -> None:
    service.log_touch(
        pid, channel, direction=direction, outcome=outcome, at=service.now() - timedelta(days=days)
    )


def add(service: FollowUpService, name: str) -> int:
    pid = service.add_prospect(name).id
    assert pid is not None
    return pid


@pytest.fixture
def reports(service: FollowUpService, clock: FixedClock) -> ReportService:
    won = add(service, "Won After Six")
    for days in (20, 18, 16, 14, 12):
        touch_days_ago(service, won, days)
    touch_days_ago(service, won, 10, Channel.CALL, Direction.IN, Outcome.REPLIED)
    service.change_stage(won, Stage.WON)
    lost = add(service, "Lost On Price")
    touch_days_ago(service, lost, 9, Channel.CALL, outcome=Outcome.DECLINED)
    service.change_stage(lost, Stage.LOST, "Too expensive")
    quiet = add(service, "Quiet After Two")
    touch_days_ago(service, quiet, 60)
    touch_days_ago(service, quiet, 45)
    service.store.skip_pending(quiet)  # dropped: nothing planned ahead
    add(service, "Never Touched")
    fresh = add(service, "Touched Last Week")
    touch_days_ago(service, fresh, 7)
    service.store.skip_pending(fresh)
    planned = add(service, "Silent But Planned")
    touch_days_ago(service, planned, 50)  # its next step is planned ahead: still in play
    # A thank-you note a day after the win does not count as a touch before it ended.
    clock.advance(timedelta(days=1))
    service.log_touch(won, Channel.NOTE, outcome=Outcome.SENT)
    return ReportService(service)


def test_the_report_counts_what_the_database_holds(reports: ReportService) -> None:
    data = reports.report().to_json()
    assert data["prospects"] == {"won": 1, "lost": 1, "quiet": 1, "in_play": 3, "ended": 3}
    buckets = {b["touches"]: (b["won"], b["lost"], b["quiet"]) for b in data["touches_at_end"]}
    assert buckets["6"] == (1, 0, 0)
    assert buckets["1"] == (0, 1, 0)
    assert buckets["2"] == (0, 0, 1)
    assert data["given_up_before_mark"] == {"count": 1, "of": 3, "share": 0.3333}
    assert data["reached_mark"] == {"count": 1, "share": 0.3333}
    channels = {c["channel"]: (c["used"], c["answered"], c["inbound"]) for c in data["channels"]}
    # The fifth e-mail was answered by the call: a reply on another channel does not count.
    assert channels["email"] == (9, 0, 0)
    assert channels["call"] == (1, 1, 1)
    assert channels["note"] == (1, 0, 0)
    assert data["lost_reasons"] == [{"kind": "budget", "label": "Budget or price", "count": 1}]
    assert data["as_of"] == reports.service.now().isoformat()


def test_the_quiet_period_is_the_revive_setting(reports: ReportService) -> None:
    assert reports.quiet_days() == 30
    reports.store.set_setting(QUIET_DAYS_SETTING, "5")
    assert reports.quiet_days() == 5
    data = reports.report().to_json()
    assert data["quiet_days"] == 5
    assert data["prospects"]["quiet"] == 2  # last week's prospect went quiet too
    assert reports.report(quiet_days=90).to_json()["prospects"]["quiet"] == 0


@pytest.mark.parametrize("value", ["", "soon", "0", "-3"])
def test_a_bad_setting_falls_back_to_30_days(reports: ReportService, value: str) -> None:
    reports.store.set_setting(QUIET_DAYS_SETTING, value)
    assert reports.quiet_days() == 30


def test_a_quiet_period_under_a_day_is_refused(reports: ReportService) -> None:
    with pytest.raises(DomainError):
        reports.report(quiet_days=0)


def test_a_quiet_period_past_fifty_years_is_refused(reports: ReportService) -> None:
    with pytest.raises(DomainError, match="at most 18250 days"):
        reports.report(10**20)


def test_an_empty_database_has_an_empty_report(service: FollowUpService) -> None:
    report = ReportService(service).report()
    assert report.is_empty
    assert report.in_play == 0
