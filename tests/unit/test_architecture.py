"""House rules that keep the code honest: one clock, plain-text labels."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "followup_desktop"
WALL_CLOCK = re.compile(
    r"\b(datetime\.now|datetime\.utcnow|datetime\.today|date\.today|time\.time|"
    r"time\.localtime|QDateTime\.currentDateTime|QDate\.currentDate|QTime\.currentTime)\("
)


def test_only_the_clock_reads_the_wall_clock() -> None:
    readers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if WALL_CLOCK.search(path.read_text(encoding="utf-8"))
    )
    assert readers == ["clock.py"]


def test_the_rule_above_would_catch_a_reader() -> None:
    assert WALL_CLOCK.search("stamp = datetime.now(UTC)")
    assert WALL_CLOCK.search("today = date.today()")
    assert not WALL_CLOCK.search("now = self.clock.now()")
