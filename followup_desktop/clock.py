"""The system clock: the only object in the app that reads the wall clock."""

from __future__ import annotations

import contextlib
import os
import re
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# A POSIX TZ rule such as "JST-9" or "EST5EDT,M3.2.0,M11.1.0": the C library reads it.
_ABBREVIATION = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)"
_OFFSET = r"[+-]?\d{1,2}(?::\d{1,2}){0,2}"
_POSIX_RULE = re.compile(
    rf"{_ABBREVIATION}{_OFFSET}(?:{_ABBREVIATION}(?:{_OFFSET})?(?:,[^,]+,[^,]+)?)?"
)


def local_zone() -> tzinfo:
    """The user's time zone, as an IANA zone where the system names one.

    A named zone matters: follow-ups keep their wall-clock time across
    daylight-saving changes only when the zone's rules are known.
    """
    return read_local_zone()[0]


def read_local_zone() -> tuple[tzinfo, str]:
    """The user's time zone, and a warning in words when ``TZ`` names none ("" if not).

    ``TZ`` names a zone ("Europe/Berlin", or a file such as
    /usr/share/zoneinfo/Asia/Tokyo) or gives a POSIX rule ("JST-9") that only the
    C library reads. Anything else names no zone: UTC is used, as the C library
    does, and the warning says so.
    """
    tz_env = os.environ.get("TZ", "")
    rule = tz_env.lstrip(":")
    if rule:
        name = rule.split("zoneinfo/", 1)[1] if "zoneinfo/" in rule else rule
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError, OSError):
            return ZoneInfo(name), ""
        if _POSIX_RULE.fullmatch(rule) or (os.path.isabs(rule) and os.path.isfile(rule)):
            return _c_library_zone(), ""
        return UTC, (
            f"TZ={tz_env} names no time zone, so times are in UTC; set TZ to a zone "
            "such as Europe/Berlin, or unset it to use the system's"
        )
    candidates: list[str] = []
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError, OSError):
            return ZoneInfo(name), ""
    return _c_library_zone(), ""


def _c_library_zone() -> tzinfo:
    local = datetime.now(UTC).astimezone().tzinfo
    return local if local is not None else UTC


class SystemClock:
    """The real clock, in the user's time zone.

    ``problem`` is a warning in words when the zone asked for (``TZ``) is unknown.
    """

    def __init__(self, tz: tzinfo | None = None) -> None:
        self.problem = ""
        if tz is None:
            tz, self.problem = read_local_zone()
        self._tz = tz

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def now(self) -> datetime:
        return datetime.now(self._tz)
