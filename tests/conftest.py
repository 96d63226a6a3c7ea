"""Shared fixtures. Qt runs offscreen unless a test sets up a display itself."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop import i18n
from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import FollowUpService
from followup_desktop.store import Store, open_store
from tests.helpers.radicale_server import dav_server  # a fixture of every test's own

__all__ = ["dav_server"]

BERLIN = ZoneInfo("Europe/Berlin")

# The suite reads English whatever LANG the machine has; a test that wants
# another language sets it and the fixture below puts English back.
os.environ["LANGUAGE"] = "en"
i18n.set_language("en")


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    yield
    if i18n.current_language() != "en":
        i18n.set_language("en")


@pytest.fixture
def clock() -> FixedClock:
    """Wednesday 25 November 2026, 10:00 in Berlin."""
    return FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "followup.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture
def service(store: Store, clock: FixedClock) -> FollowUpService:
    return FollowUpService(store, clock, home_country="DE")
