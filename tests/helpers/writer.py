"""One of several programs writing to the same database at once (a stress test).

Run as ``python -m tests.helpers.writer DB OPERATIONS SEED OUT [KINDS]``: it
opens the database as its own program would and makes ``OPERATIONS`` changes
chosen at random over the open prospects: log a touch, carry out the next
follow-up, snooze it, move it (KINDS, comma-separated, limits the choice).
Every change the service reports as done goes into OUT (JSON), so the test can
check that each one is stored.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import timedelta
from pathlib import Path

from followup_desktop.clock import SystemClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel
from followup_desktop.services import FollowUpService, StoreError
from followup_desktop.store import open_store

CHANNELS = (Channel.CALL, Channel.EMAIL, Channel.TEXT, Channel.SOCIAL)


KINDS = ("log", "log", "done", "snooze", "move")


def main(db: str, operations: int, seed: int, out: str, kinds: tuple[str, ...] = KINDS) -> None:
    rng = random.Random(seed)
    store = open_store(Path(db), origin=f"writer-{seed}")
    service = FollowUpService(store, SystemClock())
    ids = [s.prospect.id or 0 for s in store.summaries(None) if s.prospect.stage.is_open]
    done: dict[str, list[int]] = {"touches": [], "snoozed": [], "moved": []}
    refused: dict[str, int] = {}
    for _ in range(operations):
        pid = rng.choice(ids)
        kind = rng.choice(kinds)
        try:
            if kind == "log":
                logged = service.log_touch(pid, rng.choice(CHANNELS))
                done["touches"].append(logged.touch.id or 0)
            else:
                pending = service.pending(pid)
                if not pending:
                    refused["none pending"] = refused.get("none pending", 0) + 1
                    continue
                follow_up_id = pending[0].id or 0
                if kind == "done":
                    done["touches"].append(service.mark_done(follow_up_id).touch.id or 0)
                elif kind == "snooze":
                    service.snooze(follow_up_id, service.now() + timedelta(hours=1))
                    done["snoozed"].append(follow_up_id)
                else:
                    service.reschedule(follow_up_id, service.now() + timedelta(days=2))
                    done["moved"].append(follow_up_id)
        except (DomainError, StoreError) as exc:  # the other writer got there first
            refused[str(exc)] = refused.get(str(exc), 0) + 1
    Path(out).write_text(json.dumps({"done": done, "refused": refused}), encoding="utf-8")
    store.close()


if __name__ == "__main__":
    chosen = tuple(sys.argv[5].split(",")) if len(sys.argv) > 5 else KINDS
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], chosen)
