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


QT_LAYERS = ("ui", "tray", "printing")


def _store_reaches(source: str) -> list[int]:
    """Lines where code reaches through a service to its store (``x.store``)."""
    import ast

    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "store"
    )


def test_the_qt_layers_reach_data_only_through_services() -> None:
    """Import contracts cannot see ``service.store.get_prospect(...)``: this can."""
    reaches = {
        str(path.relative_to(PACKAGE)): lines
        for layer in QT_LAYERS
        for path in (PACKAGE / layer).rglob("*.py")
        if (lines := _store_reaches(path.read_text(encoding="utf-8")))
    }
    assert reaches == {}


def test_the_store_rule_would_catch_a_reach() -> None:
    assert _store_reaches("p = self._service.store.get_prospect(1)") == [1]
    assert _store_reaches("p = self._service.find_prospect(1)") == []


def test_what_is_not_needed_to_show_the_window_loads_when_first_used() -> None:
    """Contact formats, fuzzy matching, country names, printing and the report cost
    start-up time: they load when first used."""
    import subprocess
    import sys

    code = (
        "import sys, followup_desktop.app\n"
        "print(' '.join(m for m in ('vobject', 'icalendar', 'rapidfuzz', 'phonenumbers',"
        " 'pycountry', 'charset_normalizer',"
        " 'followup_desktop.services.contacts', 'followup_desktop.printing.thank_you',"
        " 'followup_desktop.printing.labels', 'followup_desktop.printing.envelopes',"
        " 'followup_desktop.ui.reports_view', 'followup_desktop.services.report')"
        " if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == ""
