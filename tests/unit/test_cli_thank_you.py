"""`thank-you-notes --pdf`: the list, label sheets and envelopes written from the CLI."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from followup_desktop import paths
from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import PostalAddress
from followup_desktop.services import FollowUpService
from followup_desktop.services.settings import page_size_for_country, sender_lines_from_env
from followup_desktop.store import open_store
from tests.helpers.full_disk import run_cli_with_room
from tests.unit.printing import page_count, page_size_pts, pdftotext, squash

# The tests run in-process; the CLI reuses pytest-qt's (offscreen) application.
pytestmark = pytest.mark.usefixtures("qapp")

A4_PTS = (595.0, 842.0)
LETTER_PTS = (612.0, 792.0)

ADDRESSES = {
    "Tom Becker": PostalAddress("Unter den Linden 1", "Berlin", "", "10117", "DE"),
    "Jane Doe": PostalAddress("350 Fifth Avenue", "New York", "NY", "10118", "US"),
}
NAMES = ["Tom Becker", "Jane Doe", "Ana García"]  # Ana has no postal address


@pytest.fixture(autouse=True)
def german_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("LC_ALL", "LC_ADDRESS", "FOLLOWUP_DESKTOP_SENDER"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")


@pytest.fixture
def queued(run, clock: FixedClock):  # type: ignore[no-untyped-def]
    """Three meetings logged from the CLI; two of the prospects have a postal address."""
    for name in NAMES:
        assert run("add", name, "--company", "Acme & Sons")[0] == 0
        code, _, err = run(
            "log",
            name.split()[0],
            "--channel",
            "meeting",
            "--outcome",
            "conversation",
            "--note",
            f"talked about {name.split()[0]}'s workshop",
        )
        assert code == 0, err
    store = open_store(paths.resolve(run.data).database)
    try:
        service = FollowUpService(store, clock, home_country="DE")
        for name, address in ADDRESSES.items():
            prospect = service.resolve_prospect(name)
            service.update_prospect(replace(prospect, address=address))
    finally:
        store.close()
    return run


def test_pdf_writes_the_list_with_every_name(queued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "thanks.pdf"
    code, out, err = queued("thank-you-notes", "--pdf", str(pdf))
    assert (code, err) == (0, "")
    assert out == f"Wrote 3 thank-you notes on 1 page to {pdf}\n"
    text = squash(pdftotext(pdf))
    for name in NAMES:
        assert name in text
    assert "Unter den Linden 1" in text
    assert "talked about Tom's workshop" in text
    assert "Wed 25 Nov 2026" in text  # the header's date is the clock's
    assert page_count(pdf) == 1
    assert page_size_pts(pdf) == pytest.approx(A4_PTS, abs=1)  # de_DE: A4


def test_page_size_follows_the_locale_unless_given(  # type: ignore[no-untyped-def]
    queued, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_CA.UTF-8")
    assert queued("thank-you-notes", "--pdf", str(tmp_path / "ca.pdf"))[0] == 0
    assert page_size_pts(tmp_path / "ca.pdf") == pytest.approx(LETTER_PTS, abs=1)
    code, _, _ = queued("thank-you-notes", "--pdf", str(tmp_path / "a4.pdf"), "--page-size", "A4")
    assert code == 0
    assert page_size_pts(tmp_path / "a4.pdf") == pytest.approx(A4_PTS, abs=1)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    code, _, _ = queued(
        "thank-you-notes", "--pdf", str(tmp_path / "us.pdf"), "--page-size", "letter"
    )
    assert code == 0
    assert page_size_pts(tmp_path / "us.pdf") == pytest.approx(LETTER_PTS, abs=1)


def test_labels_skip_and_report_the_prospect_without_an_address(  # type: ignore[no-untyped-def]
    queued, tmp_path: Path
) -> None:
    pdf = tmp_path / "labels.pdf"
    code, out, err = queued("thank-you-notes", "--labels", "avery-l7160", "--pdf", str(pdf))
    assert (code, err) == (0, "")
    assert out == f"Wrote 2 labels to {pdf}; skipped (no postal address): Ana García\n"
    text = squash(pdftotext(pdf))
    assert "Tom Becker" in text
    assert "Jane Doe" in text
    assert "Ana García" not in text
    assert page_size_pts(pdf) == pytest.approx(A4_PTS, abs=1)
    # Starting at the last label of a part-used sheet spills onto a second sheet.
    code, out, _ = queued(
        "thank-you-notes", "--labels", "avery-5160", "--pdf", str(pdf), "--start-at", "30"
    )
    assert code == 0
    assert out.startswith(f"Wrote 2 labels to {pdf};")
    assert page_count(pdf) == 2
    assert page_size_pts(pdf) == pytest.approx(LETTER_PTS, abs=1)


def test_envelopes_carry_the_sender_lines(queued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "envelopes.pdf"
    code, out, err = queued(
        "thank-you-notes",
        "--envelopes",
        "c5",
        "--sender-line",
        "Jo Consultant",
        "--sender-line",
        "1 Main St",
        "--pdf",
        str(pdf),
    )
    assert (code, err) == (0, "")
    assert out == f"Wrote 2 envelopes to {pdf}; skipped (no postal address): Ana García\n"
    assert page_count(pdf) == 2
    for page in (1, 2):
        text = pdftotext(pdf, page)
        assert "Jo Consultant" in text
        assert "1 Main St" in text
    assert "Tom Becker" in pdftotext(pdf, 1) + pdftotext(pdf, 2)


def test_envelope_sender_from_the_environment_or_a_warning(  # type: ignore[no-untyped-def]
    queued, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_DESKTOP_SENDER", "Jo Consultant\n1 Main St")
    pdf = tmp_path / "env.pdf"
    code, _, err = queued("thank-you-notes", "--envelopes", "dl", "--pdf", str(pdf))
    assert (code, err) == (0, "")
    assert "Jo Consultant" in pdftotext(pdf, 1)
    monkeypatch.delenv("FOLLOWUP_DESKTOP_SENDER")
    code, out, err = queued("thank-you-notes", "--envelopes", "us10", "--pdf", str(pdf))
    assert code == 0
    assert out.startswith("Wrote 2 envelopes")
    assert len(err.splitlines()) == 1
    assert "warning" in err
    assert "Jo Consultant" not in pdftotext(pdf)


@pytest.mark.parametrize(
    "args",
    [
        ["--labels", "avery-5160"],
        ["--envelopes", "dl"],
        ["--labels", "avery-5160", "--envelopes", "dl", "--pdf", "x.pdf"],
        ["--labels", "avery-9999", "--pdf", "x.pdf"],
        ["--envelopes", "c4", "--pdf", "x.pdf"],
        ["--pdf", "x.pdf", "--page-size", "a3"],
        ["--page-size", "a4"],
        ["--pdf", "x.pdf", "--json"],
        ["--pdf", " "],
        ["--labels", "avery-5160", "--pdf", "x.pdf", "--page-size", "letter"],
        ["--labels", "avery-l7160", "--pdf", "x.pdf", "--start-at", "22"],
        ["--labels", "avery-l7160", "--pdf", "x.pdf", "--start-at", "0"],
        ["--pdf", "x.pdf", "--start-at", "2"],
        ["--pdf", "x.pdf", "--sender-line", "Jo"],
    ],
)
def test_usage_errors_exit_2_with_one_line(  # type: ignore[no-untyped-def]
    queued, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = queued("thank-you-notes", *args)
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_an_unwritable_path_is_one_line_and_writes_nothing(  # type: ignore[no-untyped-def]
    queued, tmp_path: Path
) -> None:
    before = sorted(tmp_path.rglob("*"))
    for target in (tmp_path / "missing" / "x.pdf", tmp_path):
        for extra in ([], ["--labels", "avery-5160"], ["--envelopes", "c5"]):
            code, out, err = queued("thank-you-notes", *extra, "--pdf", str(target))
            assert (code, out) == (2, "")
            assert err.startswith(f"followup-desktop: cannot write {target}")
            assert len(err.strip().splitlines()) == 1
    assert sorted(tmp_path.rglob("*")) == before  # no PDF, no temporary file left behind


PRINTED = [[], ["--labels", "avery-l7160"], ["--envelopes", "dl"]]


@pytest.mark.parametrize("printed", PRINTED, ids=["list", "labels", "envelopes"])
def test_a_full_disk_keeps_the_earlier_pdf_and_says_so(  # type: ignore[no-untyped-def]
    queued, tmp_path: Path, printed: list[str]
) -> None:
    pdf = tmp_path / "thanks.pdf"
    assert queued("thank-you-notes", *printed, "--pdf", str(pdf))[0] == 0
    earlier = pdf.read_bytes()
    args = ["thank-you-notes", *printed, "--pdf", str(pdf)]
    for room in (0, 4096, 8192):
        done = run_cli_with_room(queued.data, args, room=room)
        assert done.returncode == 1
        assert done.stdout == ""  # no "Wrote ..."
        assert done.stderr == (
            f"followup-desktop: cannot write {pdf}: the file is larger than the disk allows\n"
        )
        assert pdf.read_bytes() == earlier
        assert [p.name for p in tmp_path.glob("*thanks*")] == [pdf.name]  # no temporary file


@pytest.mark.parametrize("printed", PRINTED, ids=["list", "labels", "envelopes"])
def test_a_full_disk_leaves_no_broken_pdf(  # type: ignore[no-untyped-def]
    queued, tmp_path: Path, printed: list[str]
) -> None:
    pdf = tmp_path / "thanks.pdf"
    done = run_cli_with_room(
        queued.data, ["thank-you-notes", *printed, "--pdf", str(pdf)], room=4096
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert len(done.stderr.splitlines()) == 1
    assert not pdf.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.parametrize("printed", PRINTED, ids=["list", "labels", "envelopes"])
def test_the_pdf_is_the_owners_alone(  # type: ignore[no-untyped-def]
    queued, tmp_path: Path, printed: list[str]
) -> None:
    pdf = tmp_path / "thanks.pdf"
    umask = os.umask(0)
    try:
        assert queued("thank-you-notes", *printed, "--pdf", str(pdf))[0] == 0
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
        pdf.chmod(0o644)  # the user's choice is kept when the file is written again
        assert queued("thank-you-notes", *printed, "--pdf", str(pdf))[0] == 0
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o644
    finally:
        os.umask(umask)


def test_an_empty_queue_writes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "thanks.pdf"
    for extra in ([], ["--labels", "avery-l7160"], ["--envelopes", "dl"]):
        code, out, err = run("thank-you-notes", *extra, "--pdf", str(pdf))
        assert (code, out, err) == (0, "No thank-you notes to write.\n", "")
        assert not pdf.exists()


def test_no_addressed_entries_write_no_labels(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("add", "Ana García")
    run("log", "Ana", "--channel", "meeting", "--note", "workshop")
    pdf = tmp_path / "labels.pdf"
    code, out, _ = run("thank-you-notes", "--labels", "avery-l7160", "--pdf", str(pdf))
    assert code == 0
    assert (
        out == "No labels to write: no thank-you note has a postal address (skipped: Ana García).\n"
    )
    assert not pdf.exists()


def test_demo_data_prints_the_list_labels_and_envelopes(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("demo", "--prospects", "40", "--seed", "3")[0] == 0
    for extra in (
        [],
        ["--labels", "avery-l7160", "--start-at", "4"],
        ["--envelopes", "dl", "--sender-line", "Jo Consultant"],
    ):
        pdf = tmp_path / "demo.pdf"
        code, out, err = run("thank-you-notes", *extra, "--pdf", str(pdf))
        assert (code, err) == (0, ""), err
        assert out.startswith("Wrote ")
        assert page_count(pdf) >= 1


def test_plain_thank_you_notes_never_load_qt(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from followup_desktop.cli import main\n"
        f"code = main(['--data-dir', {str(tmp_path / 'data')!r}, 'thank-you-notes'])\n"
        "assert code == 0\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was loaded'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "No thank-you notes to write.\n"


def test_settings_page_size_and_sender() -> None:
    assert page_size_for_country("US") == "Letter"
    assert page_size_for_country("ca") == "Letter"
    assert page_size_for_country("DE") == "A4"
    assert sender_lines_from_env({}) == []
    env = {"FOLLOWUP_DESKTOP_SENDER": "Jo Consultant\\n1 Main St\n\n  Springfield "}
    assert sender_lines_from_env(env) == ["Jo Consultant", "1 Main St", "Springfield"]


def test_pdf_in_german(queued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "danke.pdf"
    code, out, err = queued("--language", "de", "thank-you-notes", "--pdf", str(pdf))
    assert (code, err) == (0, "")
    assert out == f"3 Dankeskarten auf 1 Seite in {pdf} geschrieben\n"
    text = squash(pdftotext(pdf))
    assert "Dankeskarten Mi., 25. Nov. 2026" in text
    assert "3 Karten zu schreiben" in text
    assert "Seite 1 von 1" in text


def test_labels_counted_in_polish(queued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "etykiety.pdf"
    code, out, _err = queued(
        "--language", "pl", "thank-you-notes", "--pdf", str(pdf), "--labels", "avery-l7160"
    )
    assert code == 0
    assert out.startswith(f"Zapisano do {pdf}: 2 etykiety;")  # one has no address
