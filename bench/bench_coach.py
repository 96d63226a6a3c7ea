"""Time the persistence coach's lists and bulk actions on a large database.

Without ``--db`` it writes a database of N prospects and M touches into a
temporary folder with ``bench/make_large_db.py`` (as ``bench_report.py`` does);
a given ``--db`` is copied first, since the bulk actions write. Then it prints,
for each step, the median and the minimum of ``--repeat`` runs after one
untimed warm-up:

- the revive list's ids (QuickFilter.REVIVE: gone cold, or lost for timing,
  with the lost reason read by a SQL function) and the navigation's counts of
  it and of prospects with no next step;
- next-channel advice for 50 agenda entries (what the agenda's advice line does
  as the user moves down the list, 50 times);
- ``propose_next`` (what the log-touch dialog asks on every change);
- the snapshots the window keeps to undo a bulk action on 1,000 prospects;
- the bulk actions, each undone between runs by restoring a copy: put 1,000
  prospects on a plan, revive the revive list, schedule every missing next step.

    .venv/bin/python bench/bench_coach.py --prospects 10000 --touches 100000

Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench_report import NOW, make_database, timed  # beside this file

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel
from followup_desktop.domain.queries import ProspectQuery, QuickFilter
from followup_desktop.services import FollowUpService
from followup_desktop.services.coach import CoachService
from followup_desktop.store import open_store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--prospects", type=int, default=10_000)
    parser.add_argument("--touches", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, help="an existing database (copied, not changed)")
    args = parser.parse_args(argv)
    r = args.repeat

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.db:
            source = folder / "source.sqlite3"
            with sqlite3.connect(args.db) as src, sqlite3.connect(source) as dst:
                src.backup(dst)
        else:
            source = make_database(folder, args.prospects, args.touches, args.seed)
        work = folder / "work.sqlite3"
        shutil.copyfile(source, work)
        clock = FixedClock(datetime.fromisoformat(NOW).astimezone(ZoneInfo("Europe/Berlin")))

        def open_service() -> tuple[FollowUpService, CoachService]:
            service = FollowUpService(open_store(work), clock)
            return service, CoachService(service)

        service, coach = open_service()
        total = service.store.prospect_count()
        revive = coach.revive_ids()
        missing = service.count_without_next_step()
        print(f"{total:,} prospects; revive list {len(revive):,}; no next step {missing:,}")
        timed("revive list ids (QuickFilter.REVIVE)", r, coach.revive_ids)
        timed(
            "count(REVIVE) + count_without_next_step()",
            r,
            lambda: (service.count(QuickFilter.REVIVE), service.count_without_next_step()),
        )
        agenda = service.agenda()
        items = [*agenda.overdue, *agenda.today, *agenda.next_days][:50]

        def advise_all() -> None:
            for item in items:
                prospect = service.get_prospect(item.follow_up.prospect_id)
                service.advise(prospect, item.follow_up.channel)

        timed(f"advice for {len(items)} agenda entries", r, advise_all)
        open_ids = service.prospect_ids(ProspectQuery(quick=QuickFilter.THIS_WEEK))
        pid = open_ids[0] if open_ids else service.prospect_ids(ProspectQuery())[0]
        timed(
            "propose_next (the log dialog's proposal)",
            r,
            lambda: service.propose_next(pid, Channel.EMAIL),
        )
        chosen = list(range(1, min(total, 1000) + 1))
        timed(
            f"undo snapshots of {len(chosen):,} prospects (once)",
            r,
            lambda: [service.store.snapshot_prospect(pid) for pid in chosen],
            "a bulk action in the window takes them before and after",
        )
        service.store.close()

        chosen = list(range(1, min(total, 1000) + 1))

        def fresh(action: str) -> object:
            shutil.copyfile(source, work)
            for suffix in ("-wal", "-shm"):
                Path(str(work) + suffix).unlink(missing_ok=True)
            svc, c = open_service()
            try:
                if action == "none":
                    return 0
                if action == "apply":
                    return len(c.apply_plan(chosen, "information").changed)
                if action == "revive":
                    return len(c.revive(c.revive_ids()).changed)
                return len(c.schedule_by_plan().changed)
            finally:
                svc.store.close()

        timed("(copy the database and open it: in each below)", r, lambda: fresh("none"))
        timed("put 1,000 prospects on a plan", r, lambda: fresh("apply"))
        timed("revive the whole revive list", r, lambda: fresh("revive"))
        timed("schedule every missing next step", r, lambda: fresh("schedule"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
