"""Small builders for test data."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from followup_desktop.domain.model import Channel, Outcome
from followup_desktop.services import FollowUpService, NextStep
from followup_desktop.store.database import APPLICATION_ID
from followup_desktop.store.migrations import V1


def make_v1_database(path: Path) -> None:
    """A database as the first schema wrote it, with one prospect's history."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    with conn:
        for statement in V1:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO prospect (id, name, company, emails, phones, stage, cadence, "
            "created_at, updated_at) VALUES (1, 'Éloïse Moreau', 'Atelier Lumière', "
            "'[\"eloise@atelier.example\"]', '[\"+33 1 23 45 67 89\"]', 'engaged', 'outbound', "
            "'2026-01-05 09:00:00', '2026-01-05 09:00:00')"
        )
        conn.execute(
            "INSERT INTO prospect (id, name, stage, created_at, updated_at) "
            "VALUES (2, 'Tom Becker', 'new', '2026-01-06 09:00:00', '2026-01-06 09:00:00')"
        )
        conn.execute("INSERT INTO tag (id, name) VALUES (1, 'workshop')")
        conn.execute("INSERT INTO prospect_tag (prospect_id, tag_id) VALUES (1, 1)")
        for day in (5, 12, 19):
            conn.execute(
                "INSERT INTO touch (prospect_id, at_utc, channel, direction, created_at) "
                f"VALUES (1, '2026-01-{day:02d} 10:00:00', 'email', 'out', '2026-01-05 10:00:00')"
            )
        conn.execute(
            "INSERT INTO follow_up (prospect_id, due_local, due_tz, due_utc, channel, purpose, "
            "status, created_at) VALUES (1, '2026-02-02T09:00:00', 'Europe/Paris', "
            "'2026-02-02 08:00:00', 'call', 'Ask about the workshop', 'pending', "
            "'2026-01-19 10:00:00')"
        )
        conn.execute("PRAGMA user_version = 1")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.close()


def add_met_prospect(service: FollowUpService, notes: str = "") -> int:
    """Ana García at Acme: met on 12 November about the leadership workshop, sent a
    proposal on the 18th, no next step planned. Her id."""
    prospect = service.add_prospect(
        "Ana García", company="Acme", emails=("ana@acme.example",), notes=notes
    )
    pid = prospect.id
    assert pid is not None
    service.log_touch(
        pid,
        Channel.MEETING,
        summary="Met to talk about the leadership workshop",
        at=datetime(2026, 11, 12, 15, 0, tzinfo=ZoneInfo("Europe/Berlin")),
        next_step=NextStep.none(),
    )
    service.log_touch(
        pid,
        Channel.EMAIL,
        outcome=Outcome.PROPOSAL_SENT,
        summary="Proposal",
        at=datetime(2026, 11, 18, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")),
        next_step=NextStep.none(),
    )
    return pid
