"""Time importing 10,000 contacts, next to vobject's parse time alone.

Writes a vCard 3.0 file of N contacts (names, companies, e-mails, phones,
addresses, notes; one in ten with a folded base64 photo as phones export
them) and a CSV in Google's layout of the same contacts, then times:

- vobject alone: ``vobject.readComponents`` over the whole file (the floor);
- reading: our reader (cards cut, properties filtered, then vobject);
- preview: reading plus matching against the database (empty, then holding
  the same N prospects so that every contact is a duplicate);
- import: the one transaction that writes N new prospects (with and without
  a cadence), and N merges.

    .venv/bin/python bench/bench_import.py --contacts 10000 --repeat 3

With ``--big-mb N`` it times something else: importing one vCard of N MB
(200 by default: the largest file the import takes) written as a phone
exports it, every card with a folded photo. Each step runs the command line
in a child process and prints its time and peak memory: reading alone, the
dry run (reading and matching) and the import. ``--code DIR`` runs them from
another source tree (an older version, to compare), ``--timeout`` gives up on
a step after that many seconds.

    .venv/bin/python bench/bench_import.py --big-mb 200

Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import vobject

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import PostalAddress, Prospect
from followup_desktop.io.csv_contacts import write_google_csv
from followup_desktop.io.files import read_contact_file
from followup_desktop.services import FollowUpService
from followup_desktop.services.contacts import ImportService
from followup_desktop.store import open_store

FIRST = [
    "Ana",
    "Bo",
    "Chloé",
    "Dmitri",
    "Émile",
    "Fatima",
    "Grace",
    "Hiroshi",
    "Ingrid",
    "Jonas",
    "Kwame",
    "Łukasz",
    "Maria",
    "Nils",
    "Øyvind",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tomás",
]
LAST = [
    "García",
    "Berg",
    "Dubois",
    "Ivanov",
    "Martin",
    "Haddad",
    "Hopper",
    "Tanaka",
    "Larsen",
    "Weber",
    "Mensah",
    "Kowalski",
    "Rossi",
    "Nilsson",
    "Hansen",
    "Raman",
    "Moreau",
    "Silva",
]
CITIES = [
    ("Berlin", "10115", "DE"),
    ("Paris", "75001", "FR"),
    ("Madrid", "28013", "ES"),
    ("Boston", "02108", "US"),
    ("Oslo", "0150", "NO"),
    ("Kraków", "31-001", "PL"),
]
PHOTO = "\r\n ".join(
    ["/9j/4AAQSkZJRgABAQAAAQABAAD/4QBYRXhpZgAATU0AKgAAAAgAAgESAAMAAAABAAEAAIdp"] * 60
)


def make_prospects(n: int, seed: int) -> list[Prospect]:
    rng = random.Random(seed)
    people = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company = f"{rng.choice(LAST)} {rng.choice(['GmbH', 'Ltd', 'SA', 'AS', 'Inc.'])} {i % 997}"
        city, postal, country = rng.choice(CITIES)
        people.append(
            Prospect(
                id=i + 1,
                name=f"{first} {last}",
                company=company,
                title=rng.choice(["CEO", "Head of Sales", "Founder", ""]),
                emails=(f"{first.lower()}.{last.lower()}.{i}@example.com",),
                phones=(f"+49 30 {1000000 + i}",),
                address=PostalAddress(
                    f"Street {i % 300}\nFloor {i % 7}", city, "", postal, country
                ),
                notes="Met at the fair; follow up after the holidays." if i % 3 == 0 else "",
                uid=f"00000000-0000-4000-8000-{i:012d}",
            )
        )
    return people


def vcard_text(prospects: list[Prospect]) -> str:
    from followup_desktop.io.vcard import write_vcards

    text = write_vcards(prospects, "3.0")
    # One card in ten carries a photo, as phones export them: folded base64.
    cards = text.split("END:VCARD\r\n")
    return "".join(
        (c.replace("FN:", f"PHOTO;ENCODING=b;TYPE=JPEG:{PHOTO}\r\nFN:", 1) if i % 10 == 0 else c)
        + "END:VCARD\r\n"
        for i, c in enumerate(cards)
        if c.strip()
    )


def timed(label: str, repeat: int, work: Callable[[], object], note: str = "") -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    median = statistics.median(runs)
    print(f"{label:<58} {median * 1000:>9.0f} ms  (min {min(runs) * 1000:.0f}){note}")
    return median


def write_big_vcard(path: Path, megabytes: int, seed: int) -> int:
    """A vCard 3.0 of about ``megabytes`` MB (10^6 bytes) in which every card carries
    a folded base64 photo of about 4 KB; returns how many cards it holds."""
    from followup_desktop.io.vcard import write_vcards

    target = megabytes * 1_000_000
    prospects = make_prospects(target // 4500 + 1000, seed)
    written = cards = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        for prospect in prospects:
            card = write_vcards([prospect], "3.0")
            card = card.replace("FN:", f"PHOTO;ENCODING=b;TYPE=JPEG:{PHOTO}\r\nFN:", 1)
            written += len(card.encode("utf-8"))
            if written > target:
                break
            out.write(card)
            cards += 1
    return cards


# Runs a command and prints its CPU time (s) and peak memory (ru_maxrss, KiB) on the last line.
_MEASURED = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
sys.stderr.write(done.stderr[-2000:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)
sys.exit(done.returncode)
"""
_READ_ONLY = """
import inspect, sys
from followup_desktop.io.files import read_contact_file
with open(sys.argv[1], "rb") as stream:
    # Versions before the streaming reader took the file's bytes only.
    streams = "BinaryIO" in str(inspect.signature(read_contact_file))
    result = read_contact_file(stream if streams else stream.read()).result
print(len(result.contacts), len(result.problems))
"""


def measure_child(label: str, command: list[str], code: Path, timeout: float) -> None:
    """Run ``command`` in ``code`` (a source tree) and print its time (wall clock and
    CPU, which other work on the machine does not inflate) and peak memory."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _MEASURED, *command],
            cwd=code,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        print(f"{label:<34} no result after {timeout:.0f} s")
        return
    elapsed = time.perf_counter() - start
    *output, last = done.stderr.splitlines() or ["0 0"]
    cpu, peak = last.split()
    status = ""
    if done.returncode != 0:
        status = f"  [exit {done.returncode}: {' '.join(output)[-200:]}]"
    print(
        f"{label:<34} {elapsed:>6.1f} s (CPU {float(cpu):>6.1f} s)"
        f"   peak {int(peak) / 1024:>6.0f} MB{status}"
    )


def bench_big_file(megabytes: int, seed: int, code: Path, timeout: float) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-import-big-") as name:
        folder = Path(name)
        vcf = folder / "contacts.vcf"
        cards = write_big_vcard(vcf, megabytes, seed)
        print(
            f"vCard of {vcf.stat().st_size / 1e6:.0f} MB: {cards} cards, each with a 4 KB "
            f"photo; code from {code}"
        )
        app = [sys.executable, "-m", "followup_desktop", "--data-dir"]
        read = [sys.executable, "-c", _READ_ONLY, str(vcf)]
        dry_run = [*app, str(folder / "dry"), "import", str(vcf), "--dry-run"]
        full = [*app, str(folder / "data"), "import", str(vcf)]
        measure_child("read only (read_contact_file)", read, code, timeout)
        measure_child("import --dry-run (read + match)", dry_run, code, timeout)
        measure_child("import (read + match + write)", full, code, timeout)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--big-mb", type=int, nargs="?", const=200, default=None)
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    if args.big_mb is not None:
        return bench_big_file(args.big_mb, args.seed, args.code, args.timeout)
    n, repeat = args.contacts, args.repeat
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    prospects = make_prospects(n, args.seed)
    vcf = folder / "contacts.vcf"
    vcf.write_text(vcard_text(prospects), encoding="utf-8", newline="")
    csv_file = folder / "contacts.csv"
    csv_file.write_text(write_google_csv(prospects), encoding="utf-8", newline="")
    data = vcf.read_bytes()
    print(
        f"{n} contacts: vCard {len(data) / 1e6:.1f} MB, CSV {csv_file.stat().st_size / 1e6:.1f} MB"
    )
    clock = FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")))

    text = data.decode("utf-8")
    count = len(list(vobject.readComponents(text)))
    timed(
        "vobject.readComponents alone (the floor)",
        repeat,
        lambda: list(vobject.readComponents(text)),
        f"  [{count} cards]",
    )
    got = len(read_contact_file(data).result.contacts)
    timed(
        "read_contact_file: vCard", repeat, lambda: read_contact_file(data), f"  [{got} contacts]"
    )
    csv_data = csv_file.read_bytes()
    got = len(read_contact_file(csv_data).result.contacts)
    timed(
        "read_contact_file: CSV (Google layout)",
        repeat,
        lambda: read_contact_file(csv_data),
        f"  [{got} contacts]",
    )

    def fresh(name: str) -> tuple[ImportService, object]:
        store = open_store(folder / name / "followup.sqlite3")
        return ImportService(FollowUpService(store, clock, home_country="DE")), store

    empty, empty_store = fresh("empty")
    timed(
        "preview vCard into an empty database (read + match)", repeat, lambda: empty.preview([vcf])
    )
    for label, cadence in (
        ("import vCard, no cadence", None),
        ("import vCard, on a cadence", "outbound"),
    ):
        writes: list[float] = []
        created: list[int] = []

        def run(
            cadence: str | None = cadence,
            writes: list[float] = writes,
            created: list[int] = created,
        ) -> None:
            imports, store = fresh(f"w{time.perf_counter_ns()}")
            preview = imports.preview([vcf])
            start = time.perf_counter()
            outcome = imports.apply(preview, cadence=cadence)
            writes.append(time.perf_counter() - start)
            created.append(len(outcome.created))
            store.close()  # type: ignore[attr-defined]

        timed(f"{label}: preview + write", repeat, run)
        print(
            f"{'  of which the write transaction':<58} "
            f"{statistics.median(writes) * 1000:>9.0f} ms  [{created[0]} new prospects]"
        )

    full, full_store = fresh("full")
    full.apply(full.preview([vcf]))
    preview = full.preview([vcf])
    print(
        f"re-import into a database holding them: {preview.duplicate_count} duplicates, "
        f"{preview.new_count} new"
    )
    timed(
        "preview vCard against the same N prospects (all duplicates)",
        repeat,
        lambda: full.preview([vcf]),
    )
    timed(
        "preview CSV against the same N prospects (by e-mail)",
        repeat,
        lambda: full.preview([csv_file]),
    )
    empty_store.close()  # type: ignore[attr-defined]
    full_store.close()  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
