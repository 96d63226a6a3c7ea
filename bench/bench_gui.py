"""Start-up, search, logging a touch and memory of the main window.

Prints, for the same run and machine, on demo databases of 2,000 and 100,000
prospects (``followup-desktop demo --prospects N``, made once under
bench/data/demo-N/):

- start to window shown, next to a bare PySide6 window (goal: 1.5x bare): the
  window's frame, as the ``followup-desktop`` command shows it before loading the
  app (``launch.py``), and then to the window with its views filled;
- a search keystroke to repaint, next to the same search in raw sqlite3
  (goal: 2x the raw query);
- logging a touch to repaint, and the SQL statements it runs (goal < 50 ms);
- peak memory, next to the bare window (goal: bare + 60 MB).

Each start is a fresh process, timed from the parent.

    .venv/bin/python bench/bench_gui.py [--prospects N ...] [--db PATH] [--repeat N]

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
    # As the followup-desktop command starts the window: its frame first.
    from followup_desktop.launch import show_frame_first

    show_frame_first(["--data-dir", str(Path(db).parent)])
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.processEvents()
    frame_shown = time.perf_counter()

    import sqlite3

    from PySide6.QtCore import QSettings

    from followup_desktop.clock import SystemClock
    from followup_desktop.domain.model import Channel, Outcome
    from followup_desktop.services import FollowUpService
    from followup_desktop.store import open_store
    from followup_desktop.store.search import fold, like_pattern
    from followup_desktop.ui.mainwindow import MainWindow
    from followup_desktop.ui.navigation import PROSPECTS
    from followup_desktop.ui.start_frame import close_start_frame

    store = open_store(Path(db), full_check=False)  # as the app: the check runs after
    service = FollowUpService(store, SystemClock())
    settings = QSettings(str(Path(db).with_name("settings.ini")), QSettings.Format.IniFormat)
    window = MainWindow(service, settings)
    window.resize(1280, 800)
    window.show_destination(PROSPECTS)
    window.show()
    close_start_frame()
    app.processEvents()
    shown = time.perf_counter()
    # The navigation's and the calendar's counts are read off the GUI thread.
    while window.counts_pending():
        app.processEvents()
        time.sleep(0.001)
    figures: dict[str, float] = {
        "shown_at": frame_shown,
        "window_after_frame_ms": (shown - frame_shown) * 1000,
        "counts_after_shown_ms": (time.perf_counter() - shown) * 1000,
    }
    # Search as you type: each keystroke re-queries the database.
    model = window.prospect_list.table.model()
    raw = sqlite3.connect(db)
    keystrokes, raw_times = [], []
    for text in ("s", "so", "son", "sons", "son", "so", "s", ""):
        t0 = time.perf_counter()
        window.prospect_list.search_edit.setText(text)
        window.prospect_list.apply_search_now()
        app.processEvents()
        keystrokes.append(time.perf_counter() - t0)
        figures[f"rows[{text}]"] = float(model.rowCount())
        t0 = time.perf_counter()
        # The same question in plain SQL: the trigram index from three characters on.
        if len(text) >= 3:
            where, arg = (
                "WHERE id IN (SELECT rowid FROM prospect_fts WHERE prospect_fts MATCH ?)",
                (f'"{fold(text)}"'),
            )
        elif text:
            where, arg = "WHERE search_text LIKE ? ESCAPE '\\'", like_pattern(text)
        else:
            where, arg = "WHERE ?", "1"
        raw.execute(f"SELECT id FROM prospect {where} ORDER BY sort_key, id", (arg,)).fetchall()
        raw_times.append(time.perf_counter() - t0)
    raw.close()
    figures["keystroke_median_ms"] = statistics.median(keystrokes) * 1000
    figures["keystroke_max_ms"] = max(keystrokes) * 1000
    figures["raw_query_median_ms"] = statistics.median(raw_times) * 1000
    t0 = time.perf_counter()
    window.prospect_list.table.scrollToBottom()
    app.processEvents()
    figures["scroll_to_bottom_ms"] = (time.perf_counter() - t0) * 1000

    # Log a touch on the current prospect, as the dialog's Save does, to repaint.
    window.prospect_list.table.scrollToTop()
    pid = window.prospect_list.model.prospect_id(0)
    window.open_prospect(pid)
    app.processEvents()
    statements: list[str] = []
    conn = store._db.connection()  # type: ignore[no-untyped-call]  # to count statements
    logs, settled = [], []
    for i in range(5):
        conn.set_trace_callback(statements.append if i == 0 else None)
        t0 = time.perf_counter()
        with service.operation("Log touch"):
            service.log_touch(pid, Channel.CALL, outcome=Outcome.CONVERSATION)
        app.processEvents()
        logs.append(time.perf_counter() - t0)
        conn.set_trace_callback(None)
        while window.counts_pending():  # the counts, read off the GUI thread
            app.processEvents()
            time.sleep(0.001)
        settled.append(time.perf_counter() - t0)
    figures["log_touch_median_ms"] = statistics.median(logs) * 1000
    figures["log_touch_counts_median_ms"] = statistics.median(settled) * 1000
    figures["log_touch_statements"] = float(len(statements))
    store.close()
    return figures


def _compile_bytecode() -> None:
    """Compile the app's modules as an install does (pip, the bundle): a start
    that compiled every module from source would be timed, not the app."""
    import compileall

    compileall.compile_dir(str(HERE.parent / "followup_desktop"), quiet=1)


def _run_child(kind: str, db: str | None) -> dict[str, float]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    args = [sys.executable, __file__, "--child", kind] + (["--db", db] if db else [])
    start = time.perf_counter()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    line = proc.stdout.strip().splitlines()[-1]
    result: dict[str, float] = json.loads(line)
    result["start_to_shown_ms"] = (result.pop("t_shown") - start) * 1000
    if "window_after_frame_ms" in result:
        result["start_to_window_ms"] = result["start_to_shown_ms"] + result["window_after_frame_ms"]
    return result


def _demo_db(prospects: int) -> Path:
    """The demo database of this size, made once with the command line."""
    folder = HERE / "data" / f"demo-{prospects}"
    db = folder / "followup.sqlite3"
    if not db.exists():
        print(f"making {db} (demo --prospects {prospects}) …", file=sys.stderr)
        subprocess.run(
            [
                *(sys.executable, "-m", "followup_desktop", "--data-dir", str(folder)),
                "demo",
                "--prospects",
                str(prospects),
            ],
            check=True,
        )
    return db


def _bench(source: Path, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "followup.sqlite3"
        shutil.copy(source, db)  # the app writes (touches, WAL, settings): keep the original
        bare = [_run_child("bare", None) for _ in range(repeat)]
        app = [_run_child("app", str(db)) for _ in range(repeat)]

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    print(f"\n{source} ({source.stat().st_size / 2**20:.1f} MiB), {repeat} runs each")
    print(f"{'':48}{'median':>10}{'min':>10}")
    for label, rows, key, unit in (
        ("bare PySide6 window: start to shown", bare, "start_to_shown_ms", "ms"),
        ("FollowUp: start to window shown (its frame)", app, "start_to_shown_ms", "ms"),
        ("  to the views filled in it", app, "start_to_window_ms", "ms"),
        ("  then counts shown (read off the GUI thread)", app, "counts_after_shown_ms", "ms"),
        ("search keystroke (query + repaint), median", app, "keystroke_median_ms", "ms"),
        ("search keystroke, slowest of 8", app, "keystroke_max_ms", "ms"),
        ("same search in raw sqlite3, median", app, "raw_query_median_ms", "ms"),
        ("scroll list to bottom", app, "scroll_to_bottom_ms", "ms"),
        ("log a touch to repaint, median of 5", app, "log_touch_median_ms", "ms"),
        ("  to counts shown too, median of 5", app, "log_touch_counts_median_ms", "ms"),
        ("SQL statements for one logged touch", app, "log_touch_statements", ""),
        ("bare PySide6 window: peak memory", bare, "peak_rss_mib", "MiB"),
        ("FollowUp: peak memory", app, "peak_rss_mib", "MiB"),
    ):
        low = min(r[key] for r in rows)
        print(f"{label:48}{med(rows, key):>10.1f}{low:>10.1f} {unit}")
    start = med(app, "start_to_shown_ms") / med(bare, "start_to_shown_ms")
    filled = med(app, "start_to_window_ms") / med(bare, "start_to_shown_ms")
    search = med(app, "keystroke_median_ms") / max(med(app, "raw_query_median_ms"), 1e-6)
    memory = med(app, "peak_rss_mib") - med(bare, "peak_rss_mib")
    print(
        f"start {start:.2f}x bare (goal 1.5x; views filled {filled:.2f}x) · "
        f"keystroke {search:.2f}x the raw query "
        f"(goal 2x) · log a touch {med(app, 'log_touch_median_ms'):.0f} ms (goal < 50) · "
        f"memory bare + {memory:.0f} MiB (goal + 60)"
    )
    print(
        f"rows shown for 's' / 'son' / '': {app[0]['rows[s]']:.0f} / "
        f"{app[0]['rows[son]']:.0f} / {app[0]['rows[]']:.0f} (fetched so far, lazily)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a database of your own instead of the demo ones")
    parser.add_argument("--prospects", type=int, nargs="+", default=[2000, 100_000])
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
    _compile_bytecode()
    sources = [Path(args.db)] if args.db else [_demo_db(n) for n in args.prospects]
    for source in sources:
        if not source.exists():
            print(f"{source} does not exist", file=sys.stderr)
            return 2
        _bench(source, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
