"""The system clock: the only object in the app that reads the wall clock."""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone() -> tzinfo:
    """The user's time zone, as an IANA zone where the system names one.

    A named zone matters: follow-ups keep their wall-clock time across
    daylight-saving changes only when the zone's rules are known.
    """
    candidates: list[str] = []
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if tz_env:
        # "Europe/Berlin", or a file path such as /usr/share/zoneinfo/Asia/Tokyo.
        candidates.append(tz_env.split("zoneinfo/", 1)[1] if "zoneinfo/" in tz_env else tz_env)
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            if name == tz_env:
                break  # a POSIX rule like "JST-9": only the C library can read it
            continue
    local = datetime.now(UTC).astimezone().tzinfo
    return local if local is not None else UTC


class SystemClock:
    """The real clock, in the user's time zone."""

    def __init__(self, tz: tzinfo | None = None) -> None:
        self._tz = tz if tz is not None else local_zone()

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def now(self) -> datetime:
        return datetime.now(self._tz)
