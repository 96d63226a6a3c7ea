"""The clock interface: everything asks a Clock for the time, never the system."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Tells the current instant and the user's time zone."""

    @property
    def tz(self) -> tzinfo: ...

    def now(self) -> datetime:
        """The current instant as an aware datetime in the user's time zone."""
        ...


class FixedClock:
    """A clock that stands still until moved; for tests, demos and benchmarks."""

    def __init__(self, now: datetime, tz: tzinfo | None = None) -> None:
        if now.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._tz = tz if tz is not None else now.tzinfo
        self._now = now.astimezone(self._tz)

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now = (self._now.astimezone(UTC) + delta).astimezone(self._tz)

    def set(self, now: datetime) -> None:
        self._now = now.astimezone(self._tz)
