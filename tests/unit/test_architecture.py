"""House rules that keep the code honest: one clock, plain-text labels."""

from __future__ import annotations

import os
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


def test_without_a_phone_sync_account_the_dav_client_never_loads(tmp_path: Path) -> None:
    """The DAV client and what it brings (caldav, lxml, an HTTP library: tens of
    megabytes) load with the first sync, not with a change in a window that has no
    phone sync set up."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from followup_desktop.domain.clock import FixedClock\n"
        "from followup_desktop.domain.model import Channel\n"
        "from followup_desktop.services import FollowUpService\n"
        "from followup_desktop.store import open_store\n"
        "from followup_desktop.ui.mainwindow import MainWindow\n"
        "from datetime import datetime, UTC\n"
        "app = QApplication([])\n"
        f"store = open_store(Path({str(tmp_path / 'f.sqlite3')!r}))\n"
        "service = FollowUpService(store, FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC)))\n"
        "window = MainWindow(service)\n"
        "window.show()\n"
        "ana = service.add_prospect('Ana Müller')\n"
        "with service.operation('Log touch'):\n"
        "    service.log_touch(ana.id, Channel.CALL)\n"
        "for _ in range(20):\n"
        "    app.processEvents()\n"
        "print(' '.join(m for m in ('caldav', 'lxml', 'followup_desktop.io.dav',"
        " 'followup_desktop.services.sync') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.stdout.strip() == ""
