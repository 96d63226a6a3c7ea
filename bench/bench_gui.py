"""Start-up, search and memory of the main window on a large database.

Prints, for the same run and machine: a bare PySide6 window's start (process
start to window shown), FollowUp's start on the 100k-prospect database, the
time per search keystroke in the prospect list, and peak memory of each
process. Each start is a fresh process, timed from the parent.

    .venv/bin/python bench/make_large_db.py     # once: the 100k database
    .venv/bin/python bench/bench_gui.py [--db PATH] [--repeat N]

No assertions: figures only. Runs offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DB = HERE / "data" / "large" / "followup.sqlite3"


def _child_bare() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("bare"))
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    return {}


def _child_app(db: str) -> dict[str, float]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from followup_desktop.clock import SystemClock
    from followup_desktop.services import FollowUpService
    from followup_desktop.store import open_store
    from followup_desktop.ui.mainwindow import MainWindow
    from followup_desktop.ui.navigation import PROSPECTS

    app = QApplication(sys.argv[:1])
    store = open_store(Path(db))
    service = FollowUpService(store, SystemClock())
    settings = QSettings(str(Path(db).with_name("bench-settings.ini")), QSettings.Format.IniFormat)
    window = MainWindow(service, settings)
    window.resize(1280, 800)
    window.show_destination(PROSPECTS)
    window.show()
    app.processEvents()
    shown = time.perf_counter()
    # Search as you type: each keystroke re-queries the database.
    figures: dict[str, float] = {"shown_at": shown}
    model = window.prospect_list.table.model()
    keystrokes = []
    for text in ("s", "so", "son", "sons", "son", "so", "s", ""):
        t0 = time.perf_counter()
        window.prospect_list.search_edit.setText(text)
        window.prospect_list.apply_search_now()
        app.processEvents()
        keystrokes.append(time.perf_counter() - t0)
        figures[f"rows[{text}]"] = float(model.rowCount())
    figures["keystroke_median_ms"] = statistics.median(keystrokes) * 1000
    figures["keystroke_max_ms"] = max(keystrokes) * 1000
    t0 = time.perf_counter()
    window.prospect_list.table.scrollToBottom()
    app.processEvents()
    figures["scroll_to_bottom_ms"] = (time.perf_counter() - t0) * 1000
    store.close()
    return figures


def _run_child(kind: str, db: str | None) -> dict[str, float]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    args = [sys.executable, __file__, "--child", kind] + (["--db", db] if db else [])
    start = time.perf_counter()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    line = proc.stdout.strip().splitlines()[-1]
    result: dict[str, float] = json.loads(line)
    result["start_to_shown_ms"] = (result.pop("t_shown") - start) * 1000
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=str(DEFAULT_DB))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=["bare", "app"])
    args = parser.parse_args()
    if args.child:
        import resource

        figures = _child_bare() if args.child == "bare" else _child_app(args.db)
        shown = figures.pop("shown_at", time.perf_counter())
        figures["t_shown"] = shown
        figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return 0
    source = Path(args.db)
    if not source.exists():
        print(f"{source} does not exist: run bench/make_large_db.py first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "followup.sqlite3"
        shutil.copy(source, db)  # the app may write (WAL, settings): keep the original as is
        bare = [_run_child("bare", None) for _ in range(args.repeat)]
        app = [_run_child("app", str(db)) for _ in range(args.repeat)]

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    print(f"{source} ({source.stat().st_size / 2**20:.1f} MiB), {args.repeat} runs each")
    print(f"{'':44}{'median':>10}{'min':>10}")
    for label, rows, key, unit in (
        ("bare PySide6 window: start to shown", bare, "start_to_shown_ms", "ms"),
        ("FollowUp, 100k prospects: start to shown", app, "start_to_shown_ms", "ms"),
        ("search keystroke (query + repaint), median", app, "keystroke_median_ms", "ms"),
        ("search keystroke, slowest of 8", app, "keystroke_max_ms", "ms"),
        ("scroll list to bottom", app, "scroll_to_bottom_ms", "ms"),
        ("bare PySide6 window: peak memory", bare, "peak_rss_mib", "MiB"),
        ("FollowUp, 100k prospects: peak memory", app, "peak_rss_mib", "MiB"),
    ):
        low = min(r[key] for r in rows)
        print(f"{label:44}{med(rows, key):>10.1f}{low:>10.1f} {unit}")
    print(
        f"rows shown for 's' / 'son' / '': {app[0]['rows[s]']:.0f} / "
        f"{app[0]['rows[son]']:.0f} / {app[0]['rows[]']:.0f} (fetched so far, lazily)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
