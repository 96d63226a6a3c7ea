"""Screenshots of the window at 900×600 (a small laptop screen, a window beside another).

Run under Xvfb like scripts/screenshots.py:
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \
        python scripts/screenshots_narrow.py /tmp/shots
Saves, with the calendar shown and hidden: the agenda, a prospect's card and
timeline, the Revive list, the thank-you notes and the reports; and prints the
window's size, so a minimum wider than 900 shows at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

from demo_window import demo_window
from PySide6.QtCore import QTimer

from followup_desktop.ui.navigation import AGENDA, REPORTS, REVIVE, THANK_YOU

WIDTH, HEIGHT = 900, 600


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    shown = demo_window(WIDTH, HEIGHT)
    app, window, service, store = shown.app, shown.window, shown.service, shown.store
    settle = shown.settle

    def save(name: str) -> None:
        settle()
        window.grab().save(str(out / f"{name}.png"))
        print(f"{name}: {window.width()}×{window.height()}")

    def shoot() -> None:
        richest = max(service.prospects_json(), key=lambda r: r["touch_count"])
        for calendar in (True, False):
            window.set_calendar_shown(calendar)
            window.resize(WIDTH, HEIGHT)
            suffix = "" if calendar else "-no-calendar"
            window.show_destination(AGENDA)
            save(f"narrow-agenda{suffix}")
            window.open_prospect(richest["id"])
            save(f"narrow-prospect{suffix}")
            window.show_destination(REVIVE)
            save(f"narrow-revive{suffix}")
            window.show_destination(THANK_YOU)
            save(f"narrow-thank-you{suffix}")
            window.show_destination(REPORTS)
            save(f"narrow-reports{suffix}")
        window.close()
        app.quit()

    QTimer.singleShot(300, shoot)
    app.exec()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")))
