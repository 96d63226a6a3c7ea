"""A second FollowUp start, run by the single-instance tests as a real process.

python second_instance.py DATA_DIR [ARGS...]
    Acquire the data folder: exit ACQUIRED (after releasing it) when that
    works, else hand ARGS over to the running instance and exit HANDED_OVER
    or NOT_ANSWERED.
python second_instance.py --hold DATA_DIR
    Acquire, print "ready", then serve hand-overs (one JSON line of
    arguments on stdout for each) until killed. Exit NOT_ACQUIRED if taken.
python second_instance.py --hang DATA_DIR
    Acquire, print "ready", then never run an event loop: a hung instance.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HANDED_OVER = 0
ACQUIRED = 3
NOT_ANSWERED = 4
NOT_ACQUIRED = 5
USAGE = 64


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QCoreApplication

    from followup_desktop.paths import Paths
    from followup_desktop.ui.single_instance import SingleInstance

    mode = argv[0] if argv and argv[0] in ("--hold", "--hang") else None
    rest = argv[1:] if mode else argv
    if not rest:
        print(__doc__, file=sys.stderr)
        return USAGE
    app = QCoreApplication([sys.argv[0]])
    instance = SingleInstance(Paths(Path(rest[0])))
    if mode is None:
        if instance.acquire():
            instance.release()
            return ACQUIRED
        return HANDED_OVER if instance.hand_over(rest[1:]) else NOT_ANSWERED
    if not instance.acquire():
        return NOT_ACQUIRED
    print("ready", flush=True)
    if mode == "--hang":
        while True:
            time.sleep(3600)
    instance.activation_requested.connect(lambda args: print(json.dumps(args), flush=True))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
