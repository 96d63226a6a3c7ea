"""Importing huge contact files: card by card (or row by row) in bounded memory.

Each import runs the command line in a child process, under a small parent
that reports the child's peak memory (ru_maxrss of RUSAGE_CHILDREN), so that
nothing the test process ran before counts.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

from followup_desktop.io.contacts import MAX_VALUE_CHARS
from followup_desktop.store import open_store

# Generous: the import holds one card or row at a time. Before it streamed, one 50 MB
# line took about 7.5 GB and 20,000 cards with photos about 460 MB.
PEAK_MB = 400
MB = 1024 * 1024
_MEASURED = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr)
sys.exit(done.returncode)
"""


def _import(data: Path, path: Path) -> tuple[int, dict, int]:  # type: ignore[type-arg]
    """The import's exit status, its --json report and its peak memory in MB."""
    command = [sys.executable, "-m", "followup_desktop", "--data-dir", str(data)]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *command, "import", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        timeout=600,
        check=False,
    )
    *errors, peak = done.stderr.splitlines()
    assert not errors, done.stderr
    return done.returncode, json.loads(done.stdout), int(peak)


def _notes(data: Path) -> dict[str, str]:
    store = open_store(data / "followup.sqlite3")
    try:
        return {s.prospect.name: s.prospect.notes for s in store.summaries(None)}
    finally:
        store.close()


def _problems(report: dict) -> list[str]:  # type: ignore[type-arg]
    return [f"line {p['line']}: {p['message']}" for f in report["files"] for p in f["problems"]]


def test_a_vcard_with_a_50_mb_note_imports_in_bounded_memory_and_says_what_was_cut(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big-note.vcf"
    words = "Met at the trade fair; wants a proposal in spring. " * 20_000  # 1 MB
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Note\r\nEMAIL:big@example.com\r\nNOTE:")
        for _ in range(52):
            out.write(words)
        out.write("\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:After\r\nEND:VCARD\r\n")
    assert path.stat().st_size > 50 * MB
    code, report, peak = _import(tmp_path / "data", path)
    assert code == 0
    assert report["created"] == 2
    assert _problems(report) == [
        "line 5: the note of Big Note is longer than 1 MB: only its first 1 MB was kept"
    ]
    notes = _notes(tmp_path / "data")
    assert notes["Big Note"] == (words * 2)[:MAX_VALUE_CHARS].rstrip()
    assert notes["After"] == ""
    assert peak < PEAK_MB


def test_a_vcard_of_20000_cards_with_photos_imports_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "phone-export.vcf"
    photo = base64.b64encode(bytes(range(256)) * 12).decode()  # 3 KB, folded as phones do
    folded = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    with path.open("w", encoding="utf-8", newline="") as out:
        for i in range(20_000):
            out.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana{i} García{i}\r\nORG:Firma {i}\r\n"
                f"EMAIL:ana.{i}@example.com\r\nTEL;TYPE=cell:+49 30 {1_000_000 + i}\r\n"
                f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD\r\n"
            )
    assert path.stat().st_size > 80 * MB
    code, report, peak = _import(tmp_path / "data", path)
    assert code == 0
    assert (report["created"], report["errors"]) == (20_000, 0)
    notes = _notes(tmp_path / "data")
    assert len(notes) == 20_000
    assert {"Ana0 García0", "Ana19999 García19999"} <= notes.keys()
    assert peak < PEAK_MB


def test_a_csv_with_a_50_mb_value_imports_in_bounded_memory_and_says_what_was_cut(
    tmp_path: Path,
) -> None:
    path = tmp_path / "crm.csv"
    words = "Met at the trade fair; wants a proposal in spring. " * 20_000  # 1 MB
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write('Name,E-mail,Notes\r\nAna García,ana@example.com,"')
        for _ in range(52):
            out.write(words)
        out.write('"\r\nBo Berg,bo@example.com,short\r\n')
    assert path.stat().st_size > 50 * MB
    code, report, peak = _import(tmp_path / "data", path)
    assert code == 0
    assert report["created"] == 2
    assert _problems(report) == [
        "line 2: the 'Notes' column of Ana García is longer than 1 MB: only its first 1 MB was kept"
    ]
    notes = _notes(tmp_path / "data")
    assert notes == {"Ana García": (words * 2)[:MAX_VALUE_CHARS].rstrip(), "Bo Berg": "short"}
    assert peak < PEAK_MB
