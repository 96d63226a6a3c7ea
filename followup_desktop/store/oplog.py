"""The operation log: which rows each operation changed, before and after.

Every write transaction is one operation (a row of ``op``). Triggers on the
user's tables record each changed row in ``op_row`` with its columns before and
after, as JSON. The log serves two things:

- **undo and redo**, row by row and column by column: undoing an operation puts
  back only the columns it changed, and only where they still hold what it
  wrote, so undoing a rename never reverts a snooze made since;
- **the change feed**: another program's committed operations (``PRAGMA
  data_version`` says there are some) are read from the log to learn which
  prospects changed, without re-reading everything.

The triggers are TEMP triggers made on each connection, from the columns the
tables have: they follow the schema and record only this program's writes.
Columns the store derives from other rows (a prospect's touch count, next due
time, search text) are neither logged nor put back: the store recomputes them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from followup_desktop.domain.changes import (
    FOLLOW_UP,
    PROSPECT,
    PROSPECT_TAG,
    SETTING,
    THANK_YOU,
    TOUCH,
    Changes,
)

KEEP_DAYS = 14
"""Operations older than this are forgotten when the database is opened."""


@dataclass(frozen=True)
class _Table:
    name: str
    key: tuple[str, ...]
    prospect: str | None  # the column naming the prospect a row belongs to
    derived: frozenset[str] = frozenset()  # recomputed by the store: not logged
    silent: frozenset[str] = frozenset()  # logged, but a change of these alone is not

    def key_sql(self, row: str) -> str:
        return " || '/' || ".join(f'{row}."{c}"' for c in self.key)

    def where(self) -> str:
        return " AND ".join(f'"{c}" = ?' for c in self.key)

    def key_values(self, row_key: str) -> list[Any]:
        parts = row_key.split("/") if len(self.key) > 1 else [row_key]
        return [int(p) if c.endswith("id") else p for c, p in zip(self.key, parts, strict=True)]


TABLES: dict[str, _Table] = {
    t.name: t
    for t in (
        _Table(
            PROSPECT,
            ("id",),
            "id",
            derived=frozenset(
                {"touch_count", "last_touch_utc", "next_due_utc", "search_text", "sort_key"}
            ),
            # The row version goes up with every write: bookkeeping, not a change.
            silent=frozenset({"updated_at", "version"}),
        ),
        _Table(TOUCH, ("id",), "prospect_id"),
        # Marking a follow-up announced is the reminder engine's bookkeeping, not an edit.
        _Table(FOLLOW_UP, ("id",), "prospect_id", silent=frozenset({"notified_at_utc"})),
        _Table(THANK_YOU, ("id",), "prospect_id"),
        _Table(SETTING, ("key",), None),
        _Table(PROSPECT_TAG, ("prospect_id", "tag_id"), "prospect_id"),
    )
}


def _columns(conn: sqlite3.Connection, table: _Table) -> list[str]:
    rows = conn.execute(f'PRAGMA main.table_info("{table.name}")').fetchall()
    return [str(r[1]) for r in rows if str(r[1]) not in table.derived]


def _json(columns: Sequence[str], row: str) -> str:
    return "json_object(" + ", ".join(f"'{c}', {row}.\"{c}\"" for c in columns) + ")"


def _stamp(moment: datetime) -> str:
    """When an operation was made, in UTC, so that stamps compare as text."""
    return moment.astimezone(UTC).isoformat(sep=" ", timespec="seconds")


def install(conn: sqlite3.Connection) -> None:
    """Make this connection's state table and triggers (once the log's tables exist)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS fu_op_state (op_id INTEGER)")
    if conn.execute("SELECT COUNT(*) FROM temp.fu_op_state").fetchone()[0] == 0:
        conn.execute("INSERT INTO temp.fu_op_state VALUES (NULL)")
    active = "(SELECT op_id FROM temp.fu_op_state) IS NOT NULL"
    for table in TABLES.values():
        columns = _columns(conn, table)
        if not columns:
            continue
        watched = [c for c in columns if c not in table.silent]
        changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in watched)
        for event, row, before, after, when in (
            ("INSERT", "NEW", "NULL", _json(columns, "NEW"), active),
            ("DELETE", "OLD", _json(columns, "OLD"), "NULL", active),
            (
                "UPDATE",
                "NEW",
                _json(columns, "OLD"),
                _json(columns, "NEW"),
                f"{active} AND ({changed})",
            ),
        ):
            prospect = f'{row}."{table.prospect}"' if table.prospect else "NULL"
            conn.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS fu_log_{table.name}_{event.lower()} "
                f"AFTER {event} ON main.{table.name} WHEN {when} BEGIN "
                "INSERT INTO op_row (op_id, tbl, row_key, prospect_id, before, after) "
                f"SELECT op_id, '{table.name}', {table.key_sql(row)}, {prospect}, "
                f"{before}, {after} FROM temp.fu_op_state; END"
            )


def begin(
    conn: sqlite3.Connection,
    *,
    label: str,
    origin: str,
    session: str,
    now: datetime,
    everything: bool,
    undo_of: int | None,
) -> int:
    """Start an operation inside the open transaction; its rows are logged until ``end``."""
    cursor = conn.execute(
        "INSERT INTO op (label, origin, session, created_at, everything, undo_of) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (label, origin, session, _stamp(now), int(everything), undo_of),
    )
    op_id = int(cursor.lastrowid or 0)
    # A bulk change (demo data, an import) is announced whole, not row by row.
    conn.execute("UPDATE temp.fu_op_state SET op_id = ?", (None if everything else op_id,))
    return op_id


def set_label(conn: sqlite3.Connection, op_id: int, label: str) -> None:
    conn.execute("UPDATE op SET label = ? WHERE id = ?", (label, op_id))


def end(conn: sqlite3.Connection, op_id: int, *, everything: bool) -> Changes:
    """Stop logging and say what the operation changed (``everything`` as ``begin``
    was told); an empty one leaves no trace."""
    conn.execute("UPDATE temp.fu_op_state SET op_id = NULL")
    if everything:
        return Changes.all()
    rows = conn.execute(
        "SELECT tbl, row_key, prospect_id, before, after FROM op_row WHERE op_id = ?",
        (op_id,),
    ).fetchall()
    if not rows:
        conn.execute("DELETE FROM op WHERE id = ?", (op_id,))
        return Changes()
    return _changes(rows, (op_id,))


def _changes(
    rows: Iterable[Sequence[Any]], op_ids: tuple[int, ...], external: bool = False
) -> Changes:
    tables: set[str] = set()
    prospects: set[int] = set()
    settings: set[str] = set()
    added: set[int] = set()
    removed: set[int] = set()
    columns: set[str] = set()
    for tbl, row_key, prospect_id, before, after in rows:
        inserted, deleted = before is None, after is None
        if not inserted and not deleted:
            old, new = json.loads(before), json.loads(after)
            columns.update(
                f"{tbl}.{c}" for c, v in new.items() if old.get(c) != v and c != "version"
            )
        tables.add(str(tbl))
        if prospect_id is not None:
            prospects.add(int(prospect_id))
        if tbl == SETTING:
            settings.add(str(row_key))
        elif tbl == PROSPECT and inserted:
            added.add(int(row_key))
        elif tbl == PROSPECT and deleted:
            removed.add(int(row_key))
    return Changes(
        prospect_ids=frozenset(prospects),
        tables=frozenset(tables),
        setting_keys=frozenset(settings),
        added=frozenset(added - removed),
        removed=frozenset(removed - added),
        columns=frozenset(columns),
        external=external,
        op_ids=op_ids,
    )


def last_op_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM op").fetchone()[0])


def changes_since(conn: sqlite3.Connection, after_op: int, session: str) -> tuple[Changes, int]:
    """What other sessions' operations after ``after_op`` changed, and the last op seen.

    A commit that left no operation (a program that keeps no log) is reported
    as a change of everything.
    """
    ops = conn.execute(
        "SELECT id, session, everything FROM op WHERE id > ? ORDER BY id", (after_op,)
    ).fetchall()
    last = int(ops[-1][0]) if ops else after_op
    theirs = [int(op_id) for op_id, s, _ in ops if s != session]
    if ops and not theirs:
        # This program's own (written on another thread, the phone sync's): each was
        # announced to the listeners as it committed.
        return Changes(), last
    if not theirs:
        return Changes.all(external=True), last
    if any(everything for _, s, everything in ops if s != session):
        return Changes.all(external=True), last
    marks = ", ".join("?" for _ in theirs)
    rows = conn.execute(
        f"SELECT tbl, row_key, prospect_id, before, after FROM op_row WHERE op_id IN ({marks})",
        theirs,
    ).fetchall()
    return _changes(rows, tuple(theirs), external=True), last


def prune(conn: sqlite3.Connection, now: datetime) -> None:
    """Forget operations older than KEEP_DAYS (their undo is long out of reach)."""
    cutoff = _stamp(now - timedelta(days=KEEP_DAYS))
    row = conn.execute("SELECT MAX(id) FROM op WHERE created_at < ?", (cutoff,)).fetchone()
    if row[0] is None:
        return
    conn.execute("DELETE FROM op_row WHERE op_id <= ?", (row[0],))
    conn.execute("DELETE FROM op WHERE id <= ?", (row[0],))


@dataclass(frozen=True)
class LoggedOp:
    op_id: int
    label: str
    origin: str
    undone: bool


def get_op(conn: sqlite3.Connection, op_id: int) -> LoggedOp | None:
    row = conn.execute("SELECT id, label, origin, undone FROM op WHERE id = ?", (op_id,)).fetchone()
    return LoggedOp(int(row[0]), str(row[1]), str(row[2]), bool(row[3])) if row else None


def latest_op(conn: sqlite3.Connection, origin: str, *, undone: bool) -> LoggedOp | None:
    """The newest operation of this origin that is (or is not) undone, undo steps excluded."""
    row = conn.execute(
        "SELECT id FROM op WHERE origin = ? AND undone = ? AND undo_of IS NULL "
        "AND everything = 0 AND EXISTS (SELECT 1 FROM op_row WHERE op_id = op.id) "
        "ORDER BY id DESC LIMIT 1",
        (origin, int(undone)),
    ).fetchone()
    return get_op(conn, int(row[0])) if row else None


def _current(
    conn: sqlite3.Connection, table: _Table, columns: list[str], key: list[Any]
) -> dict[str, Any] | None:
    row = conn.execute(
        f"SELECT {_json(columns, table.name)} FROM main.{table.name} WHERE {table.where()}", key
    ).fetchone()
    return json.loads(row[0]) if row else None


def apply(conn: sqlite3.Connection, op_id: int, *, undo: bool) -> set[int]:
    """Undo (or redo) one operation's rows; returns the prospects whose rows moved.

    A column is put back only where it still holds what the operation left
    (for a redo: what it found), so later operations' changes stay.
    """
    rows = conn.execute(
        "SELECT tbl, row_key, before, after FROM op_row WHERE op_id = ? ORDER BY seq", (op_id,)
    ).fetchall()
    if undo:
        rows.reverse()
    # Rows come back in any order (a prospect after its touches): checked at commit.
    conn.execute("PRAGMA defer_foreign_keys = ON")
    prospects: set[int] = set()
    for tbl, row_key, before_text, after_text in rows:
        table = TABLES[str(tbl)]
        before = json.loads(before_text) if before_text is not None else None
        after = json.loads(after_text) if after_text is not None else None
        found, wanted = (after, before) if undo else (before, after)
        columns = list((wanted or found or {}).keys())
        key = table.key_values(str(row_key))
        current = _current(conn, table, columns, key)
        if wanted is None:
            if current is not None:
                conn.execute(f"DELETE FROM main.{table.name} WHERE {table.where()}", key)
        elif found is None or current is None:
            if current is None:
                names = ", ".join(f'"{c}"' for c in wanted)
                marks = ", ".join("?" for _ in wanted)
                conn.execute(
                    f"INSERT INTO main.{table.name} ({names}) VALUES ({marks})",
                    list(wanted.values()),
                )
        else:
            put = {
                c: v
                for c, v in wanted.items()
                if v != found.get(c) and current.get(c) == found.get(c) and c != "version"
            }
            if put:
                sets = ", ".join(f'"{c}" = ?' for c in put)
                if "version" in wanted:  # a row version only ever goes up
                    sets += ', "version" = "version" + 1'
                conn.execute(
                    f"UPDATE main.{table.name} SET {sets} WHERE {table.where()}",
                    [*put.values(), *key],
                )
        for state in (before, after):
            if state is not None and table.prospect is not None:
                prospects.add(int(state[table.prospect]))
    conn.execute("UPDATE op SET undone = ? WHERE id = ?", (int(undo), op_id))
    return prospects
