"""The operation log: change sets per operation, row-level undo, other writers."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from followup_desktop.domain.changes import FOLLOW_UP, PROSPECT, SETTING, TOUCH, Changes
from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel, Outcome
from followup_desktop.domain.queries import ProspectQuery
from followup_desktop.services import FollowUpService
from followup_desktop.store import Store, open_store


def test_an_operation_announces_what_it_changed(service: FollowUpService) -> None:
    heard: list[Changes] = []
    service.store.subscribe(heard.append)
    ana = service.add_prospect("Ana Müller", company="Acme")
    bo = service.add_prospect("Bo Berg")
    assert ana.id is not None
    assert bo.id is not None
    assert heard[0].added == {ana.id}
    assert heard[0].prospect_ids == {ana.id}
    heard.clear()
    service.log_touch(ana.id, Channel.CALL, outcome=Outcome.CONVERSATION)
    (changes,) = heard
    assert changes.prospect_ids == {ana.id}
    assert changes.touches(TOUCH)
    assert changes.touches(FOLLOW_UP)
    assert not changes.membership
    assert changes.touches_prospect(ana.id)
    assert not changes.touches_prospect(bo.id)


def test_nested_transactions_are_one_operation(service: FollowUpService) -> None:
    heard: list[Changes] = []
    service.store.subscribe(heard.append)
    with service.store.transaction("Add two") as op:
        service.add_prospect("Ana")
        service.add_prospect("Bo")
    assert len(heard) == 1
    assert len(heard[0].added) == 2
    assert op.op_id is not None
    assert op.changes.op_ids == (op.op_id,)
    logged = service.store.get_op(op.op_id)
    assert logged is not None
    assert logged.label == "Add two"


def test_a_refused_change_announces_nothing(service: FollowUpService) -> None:
    heard: list[Changes] = []
    service.store.subscribe(heard.append)
    try:
        with service.store.transaction("Half"):
            service.add_prospect("Ana")
            raise RuntimeError("refused")
    except RuntimeError:
        pass
    assert heard == []
    assert service.store.prospect_count() == 0


def test_undoing_a_rename_keeps_a_snooze_made_since(
    service: FollowUpService, clock: FixedClock
) -> None:
    """The defect: undo restored whole snapshots, taking later changes with it."""
    ana = service.add_prospect("Ana Müller")
    assert ana.id is not None
    with service.store.transaction("Rename") as rename:
        service.update_prospect(replace(ana, name="Ana Schmidt"))
    (follow_up,) = service.pending(ana.id)
    assert follow_up.id is not None
    until = clock.now() + timedelta(hours=3)
    service.snooze(follow_up.id, until)

    assert rename.op_id is not None
    service.store.undo_op(rename.op_id)
    assert service.get_prospect(ana.id).name == "Ana Müller"
    assert service.pending(ana.id)[0].snoozed_until == until

    service.store.redo_op(rename.op_id)
    assert service.get_prospect(ana.id).name == "Ana Schmidt"


def test_undo_puts_back_only_columns_nobody_changed_since(service: FollowUpService) -> None:
    ana = service.add_prospect("Ana", company="Acme")
    assert ana.id is not None
    with service.store.transaction() as first:
        service.update_prospect(replace(ana, name="Ana B", company="Acme GmbH"))
    service.update_prospect(replace(service.get_prospect(ana.id), company="Other AG"))
    assert first.op_id is not None
    service.store.undo_op(first.op_id)
    now = service.get_prospect(ana.id)
    assert (now.name, now.company) == ("Ana", "Other AG")


def test_undoing_a_delete_brings_back_touches_follow_ups_and_tags(
    service: FollowUpService,
) -> None:
    ana = service.add_prospect("Ana", tags=("coaching", "referral"))
    assert ana.id is not None
    service.log_touch(ana.id, Channel.MEETING, outcome=Outcome.CONVERSATION, notes="Workshop")
    touches, pending = service.touches(ana.id), service.pending(ana.id)
    with service.store.transaction("Delete") as op:
        service.delete_prospect(ana.id)
    assert op.changes.removed == {ana.id}
    assert op.op_id is not None
    changes = service.store.undo_op(op.op_id)
    assert changes.added == {ana.id}
    back = service.get_prospect(ana.id)
    assert back.tags == ("coaching", "referral")
    assert service.touches(ana.id) == touches
    assert service.pending(ana.id) == pending
    summary = service.summaries([ana.id])[0]
    assert summary.touch_count == 1  # derived columns recomputed
    assert service.prospect_ids(ProspectQuery(text="coaching")) == [ana.id]


def test_settings_are_logged_by_key(service: FollowUpService) -> None:
    heard: list[Changes] = []
    service.store.subscribe(heard.append)
    service.store.set_setting("quiet/start", "19:00")
    assert heard[-1].touches(SETTING)
    assert heard[-1].setting_keys == {"quiet/start"}


def _cli(db_path: Path, *args: str) -> str:
    """The real command line, in its own process: another writer of the same file."""
    done = subprocess.run(
        [sys.executable, "-m", "followup_desktop", "--data-dir", str(db_path.parent), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def test_another_programs_write_is_seen_with_what_it_changed(
    service: FollowUpService, db_path: Path
) -> None:
    ana = service.add_prospect("Ana")
    assert ana.id is not None
    assert not service.store.external_changes()  # own writes are not "external"
    _cli(db_path, "log", str(ana.id), "--channel", "email", "--no-next")
    bo_id = json.loads(_cli(db_path, "add", "Bo", "--json"))["id"]
    changes = service.store.external_changes()
    assert changes.external
    assert changes.prospect_ids == {ana.id, bo_id}
    assert changes.added == {bo_id}
    assert changes.touches(TOUCH)
    assert changes.touches(PROSPECT)
    assert not service.store.external_changes()  # announced once


def test_a_writer_that_keeps_no_log_means_everything_changed(
    service: FollowUpService, db_path: Path
) -> None:
    service.add_prospect("Ana")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE prospect SET name = 'Changed by hand'")
    conn.close()
    assert service.store.external_changes().everything


def test_old_operations_are_forgotten(service: FollowUpService, clock: FixedClock) -> None:
    with service.store.transaction() as op:
        service.add_prospect("Ana")
    clock.advance(timedelta(days=15))
    service.add_prospect("Bo")
    service.store.prune_log()
    assert op.op_id is not None
    assert service.store.get_op(op.op_id) is None
    assert service.store.latest_op("app", undone=False) is not None


def test_cli_undo_takes_back_only_the_command_lines_change(
    service: FollowUpService, db_path: Path
) -> None:
    """The window and the CLI share one log; each undoes its own operations."""
    ana = service.add_prospect("Ana")
    assert ana.id is not None
    _cli(db_path, "add", "From the terminal")
    with service.store.transaction("Rename") as rename:
        service.update_prospect(replace(ana, name="Ana Schmidt"))
    out = _cli(db_path, "undo")
    assert "Undid: Add From the terminal." in out
    names = [s.prospect.name for s in service.summaries(service.prospect_ids(ProspectQuery()))]
    assert names == ["Ana Schmidt"]  # the window's rename stays
    assert "Nothing to undo" in _cli(db_path, "undo")
    assert rename.op_id is not None
    logged = service.store.get_op(rename.op_id)
    assert logged is not None
    assert not logged.undone


def test_a_store_opened_twice_logs_from_each_connection(store: Store, db_path: Path) -> None:
    second = open_store(db_path)
    try:
        assert second.session != store.session
    finally:
        second.close()


def test_an_update_names_the_columns_it_changed(service: FollowUpService) -> None:
    ana = service.add_prospect("Ana", company="Acme")
    assert ana.id is not None
    with service.store.transaction() as op:
        service.update_prospect(replace(ana, company="Acme GmbH"))
    assert op.changes.columns == {"prospect.company"}


def test_undoing_a_rename_puts_back_the_sort_key(service: FollowUpService) -> None:
    ana = service.add_prospect("Zoe")
    service.add_prospect("Mia")
    assert ana.id is not None
    with service.store.transaction() as op:
        service.update_prospect(replace(ana, name="Ana"))
    names = [s.prospect.name for s in service.summaries(service.prospect_ids(ProspectQuery()))]
    assert names == ["Ana", "Mia"]
    assert op.op_id is not None
    service.store.undo_op(op.op_id)
    names = [s.prospect.name for s in service.summaries(service.prospect_ids(ProspectQuery()))]
    assert names == ["Mia", "Zoe"]


def test_the_search_index_follows_every_write_and_undo(service: FollowUpService) -> None:
    ana = service.add_prospect("Ana Kowalska", company="Brightside Coaching")
    assert ana.id is not None

    def found(text: str) -> list[int]:
        return service.prospect_ids(ProspectQuery(text=text))

    assert found("owals") == [ana.id]  # the middle of a word, from the trigram index
    assert found("ghtside coa") == [ana.id]
    assert found("ow") == [ana.id]  # short fragments are matched with LIKE
    with service.store.transaction() as op:
        service.update_prospect(replace(ana, name="Ana Nowak"))
    assert found("owals") == []
    assert found("nowak") == [ana.id]
    assert op.op_id is not None
    service.store.undo_op(op.op_id)
    assert found("owals") == [ana.id]
    assert found("nowak") == []
    service.delete_prospect(ana.id)
    assert found("owals") == []


def test_a_write_on_another_thread_of_this_program_is_announced_once_not_as_external(
    service: FollowUpService,
) -> None:
    """The phone sync writes on a thread of its own (its own connection): its
    operations reach the listeners as they commit, and the poll for other programs'
    writes does not report them again, let alone as a change of everything."""
    import threading

    heard: list[Changes] = []
    service.subscribe(heard.append)
    assert not service.store.external_changes()

    def write() -> None:
        service.add_prospect("Ana Müller")
        service.store.close()  # this thread's connection

    worker = threading.Thread(target=write)
    worker.start()
    worker.join()
    assert len(heard) == 1
    assert heard[0].added
    assert not service.store.external_changes()
    assert service.prospect_count() == 1
