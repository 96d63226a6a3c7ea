"""Fixtures for the tray tests: a TrayController over the test database, due work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel
from followup_desktop.services import FollowUpService
from followup_desktop.tray.icon import TrayController
from followup_desktop.ui.format import CHANNEL_LABELS
from followup_desktop.ui.icons import app_icon

MakeDue = Callable[..., int]


@pytest.fixture
def tray(qtbot: QtBot, service: FollowUpService) -> Iterator[TrayController]:
    controller = TrayController(service, icon=app_icon(), channel_labels=CHANNEL_LABELS)
    yield controller
    controller.hide()
    controller.deleteLater()


@pytest.fixture
def make_due(service: FollowUpService, clock: FixedClock) -> MakeDue:
    """Add a prospect whose first follow-up is due ``ago`` before now (negative: later)."""

    def make(
        name: str, *, ago: timedelta = timedelta(hours=1), channel: Channel | None = None
    ) -> int:
        prospect = service.add_prospect(name)
        assert prospect.id is not None
        follow_up = service.pending(prospect.id)[0]
        assert follow_up.id is not None
        planned = service.reschedule(follow_up.id, clock.now() - ago)
        if channel is not None:
            service.restore_follow_up(replace(planned, channel=channel))
        return prospect.id

    return make
