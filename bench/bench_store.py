"""Time the store's hot paths on a large database, next to raw sqlite3 floors.

Each store call is timed as the app makes it (peewee, domain objects and all);
beside it, the same SQL run with the standard library's sqlite3 and fetchall(),
which is the floor the store cannot beat without a schema or query change.
The row counts are printed too, so that a fast figure is not a wrong answer.

    .venv/bin/python bench/make_large_db.py          # once: bench/data/large/...
    .venv/bin/python bench/bench_store.py --repeat 7

Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from followup_desktop.domain.model import Stage
from followup_desktop.store import Store, open_store
from followup_desktop.store.database import PRAGMAS, inspect_file
from followup_desktop.store.search import like_pattern

DEFAULT_DB = Path(__file__).resolve().parent / "data" / "large" / "followup.sqlite3"
DEFAULT_FRAGMENTS = ("son", "kowalski", "øyvind", "zzq")
FIND_LIMIT = 50  # Store.find_prospects' default limit

# The SQL peewee sends for Store.due(until) (see the store's debug log), unaliased.
EFFECTIVE_DUE = (
    "CASE WHEN f.snoozed_until_utc > f.due_utc THEN f.snoozed_until_utc ELSE f.due_utc END"
)
DUE_SQL = f"""
SELECT f.id, f.prospect_id, f.due_local, f.due_tz, f.due_utc, f.channel, f.purpose, f.status,
       f.snoozed_until_utc, f.completed_by_id, f.created_at, f.notified_at_utc,
       p.name, p.company
FROM follow_up f JOIN prospect p ON f.prospect_id = p.id
WHERE f.status = 'pending' AND f.due_utc <= :until AND {EFFECTIVE_DUE} <= :until
ORDER BY {EFFECTIVE_DUE}, f.id
"""
SEARCH_SQL = "SELECT id FROM prospect WHERE search_text LIKE ? ESCAPE '\\' ORDER BY name"
FIND_SQL = "SELECT id, name FROM prospect WHERE instr(lower(name), ?) > 0 ORDER BY name LIMIT ?"
FIND_FALLBACK_SQL = "SELECT id, name FROM prospect WHERE search_text LIKE ?"
OPEN_STAGES = tuple(s.value for s in Stage if s.is_open)
WITHOUT_NEXT_STEP_SQL = f"""
SELECT * FROM prospect
WHERE stage IN ({", ".join("?" for _ in OPEN_STAGES)}) AND next_due_utc IS NULL
ORDER BY lower(name)
"""
TAGS_SQL = (
    "SELECT pt.prospect_id, t.name FROM prospect_tag pt JOIN tag t ON pt.tag_id = t.id "
    "WHERE pt.prospect_id IN ({marks}) ORDER BY t.name"
)


@dataclass(frozen=True)
class Result:
    label: str
    times: list[float]
    rows: int | None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def min_ms(self) -> float:
        return min(self.times) * 1000


def measure(
    label: str,
    action: Callable[[], int | None],
    repeat: int,
    warmup: int,
    cleanup: Callable[[], None] | None = None,
) -> Result:
    """Run ``action`` warmup + repeat times; it returns the row count it produced.

    ``cleanup`` runs after each call, outside the timed part.
    """
    times: list[float] = []
    rows: int | None = None
    for i in range(warmup + repeat):
        start = time.perf_counter()
        rows = action()
        elapsed = time.perf_counter() - start
        if cleanup is not None:
            cleanup()
        if i >= warmup:
            times.append(elapsed)
    return Result(label, times, rows)


def raw_connect(path: Path) -> sqlite3.Connection:
    """A connection set up as the store's (same pragmas), without peewee."""
    conn = sqlite3.connect(path)
    for name, value in PRAGMAS.items():
        conn.execute(f"PRAGMA {name} = {value}")
    return conn


def raw_quick_check(path: Path) -> int | None:
    """The one check of inspect_file() that reads the whole file."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA quick_check(1)").fetchone()
    finally:
        conn.close()
    return None


def db_text(moment: datetime) -> str:
    """An instant as the store compares it: naive UTC ``YYYY-MM-DD HH:MM:SS``."""
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat(" ")


def raw_find(conn: sqlite3.Connection, fragment: str, limit: int) -> list[tuple[int, str]]:
    """Store.find_prospects in raw SQL, with its non-ASCII fallback."""
    found: list[tuple[int, str]] = conn.execute(FIND_SQL, (fragment.lower(), limit)).fetchall()
    if found or fragment.isascii():
        return found
    folded = fragment.casefold()
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(FIND_FALLBACK_SQL, (f"%{escaped}%",)).fetchall()
    return [(pid, name) for pid, name in rows if folded in name.casefold()][:limit]


def count_search(store: Store, fragment: str) -> int:
    return len(store.search_prospect_ids(fragment))


def count_raw_search(conn: sqlite3.Connection, pattern: str) -> int:
    return len(conn.execute(SEARCH_SQL, (pattern,)).fetchall())


def count_find(store: Store, fragment: str) -> int:
    return len(store.find_prospects(fragment, FIND_LIMIT))


def count_raw_find(conn: sqlite3.Connection, fragment: str) -> int:
    return len(raw_find(conn, fragment, FIND_LIMIT))


def raw_without_next_step(conn: sqlite3.Connection) -> int:
    rows = conn.execute(WITHOUT_NEXT_STEP_SQL, OPEN_STAGES).fetchall()
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), 30_000):  # stay under SQLite's variable limit
        chunk = ids[start : start + 30_000]
        conn.execute(TAGS_SQL.format(marks=", ".join("?" * len(chunk))), chunk).fetchall()
    return len(rows)


def run(args: argparse.Namespace) -> list[tuple[str, list[Result]]]:
    path: Path = args.db
    repeat: int = args.repeat
    warmup: int = args.warmup
    now: datetime = args.now
    until = db_text(now)
    sections: list[tuple[str, list[Result]]] = []

    # -- opening -------------------------------------------------------------------
    holder: list[Store] = []

    def open_it() -> int | None:
        holder.append(open_store(path))
        return None

    def close_it() -> None:
        holder.pop().close()

    raw_holder: list[sqlite3.Connection] = []

    def raw_open() -> int | None:
        conn = raw_connect(path)
        conn.execute("PRAGMA user_version").fetchone()
        raw_holder.append(conn)
        return None

    def raw_close() -> None:
        raw_holder.pop().close()

    sections.append(
        (
            "open",
            [
                measure("open_store(path)", open_it, repeat, warmup, close_it),
                measure(
                    "  of which inspect_file(path)",
                    lambda: inspect_file(path) and None,
                    repeat,
                    warmup,
                ),
                measure(
                    "  raw: read-only connect + quick_check(1)",
                    partial(raw_quick_check, path),
                    repeat,
                    warmup,
                ),
                measure(
                    "  raw: connect + pragmas + user_version", raw_open, repeat, warmup, raw_close
                ),
            ],
        )
    )

    store = open_store(path)
    conn = raw_connect(path)
    try:
        sections.append(
            (
                f"due now ({now.isoformat(timespec='seconds')})",
                [
                    measure("Store.due(now)", lambda: len(store.due(now)), repeat, warmup),
                    measure(
                        "  raw: same SELECT, fetchall",
                        lambda: len(conn.execute(DUE_SQL, {"until": until}).fetchall()),
                        repeat,
                        warmup,
                    ),
                ],
            )
        )
        for fragment in args.fragments:
            pattern = like_pattern(fragment)
            sections.append(
                (
                    f"search {fragment!r}",
                    [
                        measure(
                            "Store.search_prospect_ids(f)",
                            partial(count_search, store, fragment),
                            repeat,
                            warmup,
                        ),
                        measure(
                            "  raw: LIKE over search_text",
                            partial(count_raw_search, conn, pattern),
                            repeat,
                            warmup,
                        ),
                        measure(
                            f"Store.find_prospects(f) [limit {FIND_LIMIT}]",
                            partial(count_find, store, fragment),
                            repeat,
                            warmup,
                        ),
                        measure(
                            "  raw: instr(lower(name)) + fallback",
                            partial(count_raw_find, conn, fragment),
                            repeat,
                            warmup,
                        ),
                    ],
                )
            )
        if args.extras:
            end_of_day = now.replace(hour=23, minute=59, second=59, microsecond=0)
            page = store.search_prospect_ids(args.fragments[0], limit=50)
            sections.append(
                (
                    "extras: the main window's refresh, a list page",
                    [
                        measure("Store.prospect_count()", store.prospect_count, repeat, warmup),
                        measure(
                            "Store.due(end of today)",
                            lambda: len(store.due(end_of_day)),
                            repeat,
                            warmup,
                        ),
                        measure(
                            "  raw: same SELECT, fetchall",
                            lambda: len(
                                conn.execute(DUE_SQL, {"until": db_text(end_of_day)}).fetchall()
                            ),
                            repeat,
                            warmup,
                        ),
                        measure(
                            "Store.without_next_step()",
                            lambda: len(store.without_next_step()),
                            repeat,
                            warmup,
                        ),
                        measure(
                            "  raw: same SELECTs, fetchall",
                            lambda: raw_without_next_step(conn),
                            repeat,
                            warmup,
                        ),
                        measure(
                            "Store.count_without_next_step()",
                            store.count_without_next_step,
                            repeat,
                            warmup,
                        ),
                        measure(
                            "Store.summaries(50 ids)",
                            lambda: len(store.summaries(page)),
                            repeat,
                            warmup,
                        ),
                    ],
                )
            )
        if args.explain:
            explain(conn, until, args.fragments)
    finally:
        conn.close()
        store.close()
    return sections


def explain(conn: sqlite3.Connection, until: str, fragments: Sequence[str]) -> None:
    queries: list[tuple[str, str, Sequence[object] | dict[str, object]]] = [
        ("due", DUE_SQL, {"until": until}),
        ("search", SEARCH_SQL, (like_pattern(fragments[0]),)),
        ("find", FIND_SQL, (fragments[0].lower(), FIND_LIMIT)),
        ("without_next_step", WITHOUT_NEXT_STEP_SQL, OPEN_STAGES),
    ]
    for name, sql, params in queries:
        print(f"EXPLAIN QUERY PLAN {name}:")
        for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params):
            print(f"    {row[-1]}")
    print()


def print_table(sections: Sequence[tuple[str, list[Result]]], repeat: int, warmup: int) -> None:
    width = max(len(r.label) for _, results in sections for r in results) + 2
    header = f"{'':<{width}}{'median ms':>11}{'min ms':>10}{'rows':>9}"
    print(f"{repeat} timed runs each (after {warmup} warm-up), time.perf_counter")
    print(header)
    print("-" * len(header))
    for title, results in sections:
        print(f"[{title}]")
        for r in results:
            rows = "-" if r.rows is None else f"{r.rows:,}"
            print(f"{r.label:<{width}}{r.median_ms:>11.2f}{r.min_ms:>10.2f}{rows:>9}")


def parse_now(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("needs a UTC offset, e.g. 2026-01-15T10:00:00+00:00")
    return moment


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per figure")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first")
    parser.add_argument(
        "--now", type=parse_now, default=None, help="the instant for due (default: now)"
    )
    parser.add_argument(
        "--fragment",
        dest="fragments",
        action="append",
        help=f"a search fragment; repeatable (default: {', '.join(DEFAULT_FRAGMENTS)})",
    )
    parser.add_argument(
        "--no-extras",
        dest="extras",
        action="store_false",
        help="skip the main-window and list-page figures",
    )
    parser.add_argument("--explain", action="store_true", help="print the raw queries' plans")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    args.fragments = args.fragments or list(DEFAULT_FRAGMENTS)
    args.now = (args.now or datetime.now(UTC)).astimezone(UTC)
    if not args.db.exists():
        print(f"{args.db} does not exist; run bench/make_large_db.py first", file=sys.stderr)
        return 1

    conn = sqlite3.connect(f"{args.db.resolve().as_uri()}?mode=ro", uri=True)
    counts = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("prospect", "touch", "follow_up")
    }
    conn.close()
    size = args.db.stat().st_size
    print(
        f"{args.db}: {size / 2**20:.1f} MiB, "
        + ", ".join(f"{n:,} {t}" for t, n in counts.items())
        + f"; SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}"
    )
    sections = run(args)
    print_table(sections, args.repeat, args.warmup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
