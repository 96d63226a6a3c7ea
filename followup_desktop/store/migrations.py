"""Forward migrations, one function per schema version, recorded in PRAGMA user_version.

Each migration is frozen: it states the DDL of its own version and never
follows later changes to the models. Migrations run inside one transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from peewee import Database

from followup_desktop.store.search import search_text_for, sort_key_for

SUMMARY_UPDATE = """
UPDATE prospect SET
  touch_count = (SELECT COUNT(*) FROM touch t WHERE t.prospect_id = prospect.id),
  last_touch_utc = (SELECT MAX(t.at_utc) FROM touch t WHERE t.prospect_id = prospect.id),
  next_due_utc = (
    SELECT MIN(CASE WHEN f.snoozed_until_utc > f.due_utc
                    THEN f.snoozed_until_utc ELSE f.due_utc END)
    FROM follow_up f WHERE f.prospect_id = prospect.id AND +f.status = 'pending')
"""

V1 = [
    """CREATE TABLE prospect (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        company TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        emails TEXT NOT NULL DEFAULT '[]',
        phones TEXT NOT NULL DEFAULT '[]',
        street TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        region TEXT NOT NULL DEFAULT '',
        postal_code TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'outbound',
        deal_value DECIMAL(10, 2),
        preferred_channel TEXT,
        stage TEXT NOT NULL DEFAULT 'new',
        lost_reason TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        cadence TEXT NOT NULL DEFAULT '',
        cadence_position INTEGER NOT NULL DEFAULT 0,
        created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL)""",
    """CREATE TABLE tag (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE)""",
    """CREATE TABLE prospect_tag (
        prospect_id INTEGER NOT NULL REFERENCES prospect (id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
        PRIMARY KEY (prospect_id, tag_id))""",
    "CREATE INDEX prospect_tag_tag ON prospect_tag (tag_id)",
    """CREATE TABLE touch (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        prospect_id INTEGER NOT NULL REFERENCES prospect (id) ON DELETE CASCADE,
        at_utc DATETIME NOT NULL,
        channel TEXT NOT NULL,
        direction TEXT NOT NULL DEFAULT 'out',
        outcome TEXT,
        summary TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        created_at DATETIME NOT NULL)""",
    "CREATE INDEX touch_prospect_at ON touch (prospect_id, at_utc)",
    """CREATE TABLE follow_up (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        prospect_id INTEGER NOT NULL REFERENCES prospect (id) ON DELETE CASCADE,
        due_local TEXT NOT NULL,
        due_tz TEXT NOT NULL,
        due_utc DATETIME NOT NULL,
        channel TEXT NOT NULL,
        purpose TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'pending',
        snoozed_until_utc DATETIME,
        completed_by_id INTEGER REFERENCES touch (id) ON DELETE SET NULL,
        created_at DATETIME NOT NULL)""",
    "CREATE INDEX follow_up_status_due ON follow_up (status, due_utc)",
    "CREATE INDEX follow_up_prospect_status ON follow_up (prospect_id, status)",
    "CREATE INDEX follow_up_completed_by ON follow_up (completed_by_id)",
]


def fill_search_text(db: Database) -> None:
    """Compute every prospect's search text in one pass (after a migration or bulk load)."""
    tags: dict[int, list[str]] = {}
    for prospect_id, tag in db.execute_sql(
        "SELECT pt.prospect_id, t.name FROM prospect_tag pt JOIN tag t ON t.id = pt.tag_id"
    ):
        tags.setdefault(prospect_id, []).append(tag)
    rows = db.execute_sql(
        "SELECT id, name, company, title, emails, phones, notes, city FROM prospect"
    ).fetchall()
    updates = [
        (
            search_text_for(
                name,
                company,
                title,
                json.loads(emails),
                json.loads(phones),
                tags.get(pid, []),
                notes,
                city,
            ),
            pid,
        )
        for pid, name, company, title, emails, phones, notes, city in rows
    ]
    if updates:
        db.cursor().executemany("UPDATE prospect SET search_text = ? WHERE id = ?", updates)


def _v1(db: Database) -> None:
    """The first schema: prospects, tags, touches and follow-ups."""
    for statement in V1:
        db.execute_sql(statement)


def _v2(db: Database) -> None:
    """Per-prospect summaries and search text, so that 100k-row lists stay fast;
    and when each follow-up's reminder was shown, so that it is shown once."""
    for statement in (
        "ALTER TABLE prospect ADD COLUMN touch_count INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE prospect ADD COLUMN last_touch_utc DATETIME",
        "ALTER TABLE prospect ADD COLUMN next_due_utc DATETIME",
        "ALTER TABLE prospect ADD COLUMN search_text TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE follow_up ADD COLUMN notified_at_utc DATETIME",
        "CREATE INDEX prospect_next_due ON prospect (next_due_utc)",
        "CREATE INDEX prospect_stage ON prospect (stage)",
        "CREATE INDEX prospect_name ON prospect (name COLLATE NOCASE)",
    ):
        db.execute_sql(statement)
    db.execute_sql(SUMMARY_UPDATE)
    fill_search_text(db)


def _v3(db: Database) -> None:
    """An index for the reminder engine's question: the next pending, un-announced time."""
    db.execute_sql(
        "CREATE INDEX follow_up_pending_alert "
        "ON follow_up (status, due_utc, snoozed_until_utc, notified_at_utc)"
    )


def _v4(db: Database) -> None:
    """The thank-you queue: one row per note owed, pending until sent or removed."""
    for statement in (
        """CREATE TABLE thank_you (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            prospect_id INTEGER NOT NULL REFERENCES prospect (id) ON DELETE CASCADE,
            touch_id INTEGER REFERENCES touch (id) ON DELETE SET NULL,
            reason TEXT NOT NULL DEFAULT '',
            talking_point TEXT NOT NULL DEFAULT '',
            occurred_at DATETIME NOT NULL,
            created_at DATETIME NOT NULL,
            sent_at DATETIME,
            sent_touch_id INTEGER REFERENCES touch (id) ON DELETE SET NULL,
            removed_at DATETIME)""",
        "CREATE INDEX thank_you_pending ON thank_you (sent_at, removed_at)",
        "CREATE INDEX thank_you_prospect ON thank_you (prospect_id)",
        "CREATE INDEX thank_you_touch ON thank_you (touch_id)",
        "CREATE INDEX thank_you_sent_touch ON thank_you (sent_touch_id)",
    ):
        db.execute_sql(statement)


def _v5(db: Database) -> None:
    """A stable identifier per prospect (a vCard's UID, kept across export and import)
    and a table of small settings (remembered CSV column mappings)."""
    db.execute_sql("ALTER TABLE prospect ADD COLUMN uid TEXT NOT NULL DEFAULT ''")
    ids = [row[0] for row in db.execute_sql("SELECT id FROM prospect").fetchall()]
    db.cursor().executemany(
        "UPDATE prospect SET uid = ? WHERE id = ?", [(str(uuid.uuid4()), pid) for pid in ids]
    )
    db.execute_sql("CREATE INDEX prospect_uid ON prospect (uid)")
    db.execute_sql(
        "CREATE TABLE setting (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL DEFAULT '')"
    )


def _v6(db: Database) -> None:
    """When each prospect was won or lost (the revive list waits months after a
    "not now"; the report counts touches up to that moment). Prospects already
    closed take the time they were last changed."""
    db.execute_sql("ALTER TABLE prospect ADD COLUMN closed_at_utc DATETIME")
    db.execute_sql("UPDATE prospect SET closed_at_utc = updated_at WHERE stage IN ('won', 'lost')")


def _v7(db: Database) -> None:
    """The operation log: the rows each operation changed, for undo and for
    telling other windows what changed; one prospect's follow-ups by one index."""
    for statement in (
        """CREATE TABLE op (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            label TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT '',
            session TEXT NOT NULL DEFAULT '',
            created_at DATETIME NOT NULL,
            everything INTEGER NOT NULL DEFAULT 0,
            undone INTEGER NOT NULL DEFAULT 0,
            undo_of INTEGER)""",
        """CREATE TABLE op_row (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            op_id INTEGER NOT NULL,
            tbl TEXT NOT NULL,
            row_key TEXT NOT NULL,
            prospect_id INTEGER,
            before TEXT,
            after TEXT)""",
        "CREATE INDEX op_row_op ON op_row (op_id)",
        "CREATE INDEX op_origin ON op (origin, undone)",
        # A prospect's follow-ups in due order from one index: without it SQLite
        # read every pending follow-up to find one prospect's (90 ms at 100k).
        "DROP INDEX follow_up_prospect_status",
        "CREATE INDEX follow_up_prospect_status_due ON follow_up (prospect_id, status, due_utc)",
    ):
        db.execute_sql(statement)


def fill_sort_keys(db: Database) -> None:
    """Every prospect's sort key from its name (after a migration or bulk load)."""
    rows = db.execute_sql("SELECT id, name FROM prospect").fetchall()
    db.cursor().executemany(
        "UPDATE prospect SET sort_key = ? WHERE id = ?",
        [(sort_key_for(name), pid) for pid, name in rows],
    )


def _v8(db: Database) -> None:
    """Names sort without regard to accents (Łukasz among the L's) by a folded
    key, and the search text is folded for accents too ("muller" finds Müller)."""
    db.execute_sql("ALTER TABLE prospect ADD COLUMN sort_key TEXT NOT NULL DEFAULT ''")
    fill_sort_keys(db)
    db.execute_sql("DROP INDEX prospect_name")
    db.execute_sql("CREATE INDEX prospect_sort_key ON prospect (sort_key)")
    fill_search_text(db)


def _v9(db: Database) -> None:
    """A trigram index over the search text: a fragment is found anywhere in a
    name, company, e-mail, phone, tag or note without reading every prospect.
    Triggers keep it in step with every write, whoever makes it. And indexes on
    when each follow-up demands attention (the agenda, calendar and tray) and on
    what the revive list asks of prospects."""
    for statement in (
        "CREATE VIRTUAL TABLE prospect_fts USING fts5("
        "search_text, content='prospect', content_rowid='id', tokenize='trigram')",
        "INSERT INTO prospect_fts (prospect_fts) VALUES ('rebuild')",
        "CREATE TRIGGER prospect_fts_insert AFTER INSERT ON prospect BEGIN "
        "INSERT INTO prospect_fts (rowid, search_text) VALUES (new.id, new.search_text); END",
        "CREATE TRIGGER prospect_fts_delete AFTER DELETE ON prospect BEGIN "
        "INSERT INTO prospect_fts (prospect_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END",
        "CREATE TRIGGER prospect_fts_update AFTER UPDATE OF search_text ON prospect BEGIN "
        "INSERT INTO prospect_fts (prospect_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO prospect_fts (rowid, search_text) VALUES (new.id, new.search_text); END",
        # When a pending follow-up demands attention (its snooze, if later): the agenda's
        # sections, the calendar's days and the tray read and count ranges of it.
        "CREATE INDEX follow_up_status_effective ON follow_up (status, "
        "(CASE WHEN (snoozed_until_utc > due_utc) THEN snoozed_until_utc ELSE due_utc END))",
        # The revive list and its count: prospects gone quiet after a touch or two,
        # and those lost (for timing) long enough ago.
        "CREATE INDEX prospect_cold ON prospect (touch_count, last_touch_utc)",
        "CREATE INDEX prospect_closed ON prospect (stage, closed_at_utc)",
    ):
        db.execute_sql(statement)


def _v10(db: Database) -> None:
    """A version per prospect row, raised by every write to it: a card saved from
    an older copy finds out that the row changed since it was read."""
    db.execute_sql("ALTER TABLE prospect ADD COLUMN version INTEGER NOT NULL DEFAULT 0")


def _v11(db: Database) -> None:
    """The stage beside each prospect's next due time in its index: "open prospects
    with no next step" (counted on every change) is read from the index alone."""
    db.execute_sql("DROP INDEX prospect_next_due")
    db.execute_sql("CREATE INDEX prospect_next_due ON prospect (next_due_utc, stage)")


def _v12(db: Database) -> None:
    """The stage and next due time beside (touch_count, last_touch_utc): the revive
    list's count of prospects gone quiet reads the index, not each row."""
    db.execute_sql("DROP INDEX prospect_cold")
    db.execute_sql(
        "CREATE INDEX prospect_cold ON prospect (touch_count, last_touch_utc, stage, next_due_utc)"
    )


def _v13(db: Database) -> None:
    """Phone sync's state, one row per item kept on a CalDAV/CardDAV server (as
    vdirsyncer keeps it): where it is (href), its ETag there, and a hash of the
    content last uploaded and last seen on the server, which tell which side
    changed. Not in the operation log: undo never rewinds what a server holds."""
    db.execute_sql(
        """CREATE TABLE sync_item (
            kind TEXT NOT NULL,
            local_id INTEGER NOT NULL,
            uid TEXT NOT NULL,
            href TEXT NOT NULL,
            etag TEXT NOT NULL DEFAULT '',
            local_hash TEXT NOT NULL DEFAULT '',
            remote_hash TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (kind, local_id))"""
    )
    db.execute_sql("CREATE UNIQUE INDEX sync_item_href ON sync_item (href)")


MIGRATIONS: list[Callable[[Database], None]] = [
    _v1,
    _v2,
    _v3,
    _v4,
    _v5,
    _v6,
    _v7,
    _v8,
    _v9,
    _v10,
    _v11,
    _v12,
    _v13,
]
"""MIGRATIONS[n] takes a database from schema version n to n + 1."""

SCHEMA_VERSION = len(MIGRATIONS)
LOG_SCHEMA = 7
"""The first schema with the operation log."""
