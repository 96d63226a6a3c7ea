"""Time the persistence report on a large database: the store's two queries, the rules,
and the charts painted as PNG and PDF.

Without ``--db`` it writes a database of N prospects and M touches into a temporary
folder with ``bench/make_large_db.py`` (same seed, fixed ``--now``), then gives each
won or lost prospect a closing time (its last touch; the generator leaves it empty),
so that the closing cut-off is worked out too. Then it prints, for each step, the
median and the minimum of ``--repeat`` runs after one untimed warm-up:

- raw floor: the same two SELECTs through the standard-library sqlite3, fetchall();
- ``Store.report_facts()``: those rows as ProspectFacts and TouchFacts;
- ``build_report()``: the rules (domain only);
- ``ReportService.report()``: both, as the view and ``report --json`` call it;
- ``to_json()`` plus ``json.dumps``;
- the charts: ``render_image`` (the PNG's painting), ``write_report_png`` and
  ``write_report_pdf``.

    .venv/bin/python bench/bench_report.py --prospects 10000 --touches 100000

Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.report import build_report
from followup_desktop.services import FollowUpService
from followup_desktop.services.report import ReportService
from followup_desktop.store import open_store

NOW = "2026-11-25T10:00:00+00:00"
HERE = Path(__file__).resolve().parent

RAW_PROSPECTS = "SELECT id, stage, lost_reason, closed_at_utc FROM prospect"
RAW_TOUCHES = "SELECT prospect_id, at_utc, channel, direction, outcome FROM touch ORDER BY id"


def timed(label: str, repeat: int, work: Callable[[], object], note: str = "") -> object:
    """Run ``work`` once untimed, then ``repeat`` times; print median and min (ms)."""
    result = work()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        runs.append(time.perf_counter() - start)
    median, best = statistics.median(runs) * 1000, min(runs) * 1000
    print(f"{label:<44} {median:>9.1f} ms  (min {best:.1f}){'  ' + note if note else ''}")
    return result


def make_database(folder: Path, prospects: int, touches: int, seed: int) -> Path:
    out = folder / "followup.sqlite3"
    command = [
        sys.executable,
        str(HERE / "make_large_db.py"),
        "--prospects",
        str(prospects),
        "--touches",
        str(touches),
        "--follow-ups",
        str(prospects // 5),
        "--seed",
        str(seed),
        "--now",
        NOW,
        "--out",
        str(out),
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    with sqlite3.connect(out) as db:
        db.execute(
            "UPDATE prospect SET closed_at_utc = last_touch_utc "
            "WHERE stage IN ('won', 'lost') AND closed_at_utc IS NULL"
        )
    print(f"made {out} in {time.perf_counter() - start:.1f} s")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--prospects", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, help="an existing database (it is only read)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = args.db or make_database(folder, args.prospects, args.touches, args.seed)
        store = open_store(path)
        try:
            clock = FixedClock(datetime.fromisoformat(NOW).astimezone(ZoneInfo("Europe/Berlin")))
            service = FollowUpService(store, clock)
            reports = ReportService(service)
            now = service.now()
            raw = sqlite3.connect(path)
            n_prospects = len(raw.execute(RAW_PROSPECTS).fetchall())
            n_touches = len(raw.execute(RAW_TOUCHES).fetchall())
            print(f"{n_prospects:,} prospects, {n_touches:,} touches; repeat {args.repeat}")

            def raw_floor() -> None:
                raw.execute(RAW_PROSPECTS).fetchall()
                raw.execute(RAW_TOUCHES).fetchall()

            r = args.repeat
            timed("raw floor: both SELECTs, fetchall()", r, raw_floor)
            prospects, touches = store.report_facts()
            timed("Store.report_facts()", r, store.report_facts)
            timed("build_report() (rules only)", r, lambda: build_report(prospects, touches, now))
            report = reports.report()
            figures = report.to_json()["prospects"]
            timed("ReportService.report() (facts + rules)", r, reports.report, f"{figures}")
            timed("to_json() + json.dumps", r, lambda: json.dumps(report.to_json()))

            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            from followup_desktop.printing.thank_you import ensure_gui_application
            from followup_desktop.ui.reports_view import (
                render_image,
                write_report_pdf,
                write_report_png,
            )

            app = ensure_gui_application()
            timed("render_image() (paint the PNG's image)", r, lambda: render_image(report))
            png, pdf = folder / "report.png", folder / "report.pdf"
            timed("write_report_png()", r, lambda: write_report_png(report, png))
            timed("write_report_pdf()", r, lambda: write_report_pdf(report, pdf))
            print(
                f"PNG {png.stat().st_size / 1024:.0f} KiB, PDF {pdf.stat().st_size / 1024:.0f} KiB"
            )
            del app
            raw.close()
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
