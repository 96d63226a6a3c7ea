"""import FILE... [--dry-run] [--json] and export --format vcard|csv|ics [-o FILE]."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from followup_desktop.cli import main
from followup_desktop.domain.clock import FixedClock
from tests.helpers.full_disk import run_cli_with_room

CARDS = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ana García\nORG:Acme\nEMAIL:ana@acme.example\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Bo Berg\nTEL:+46 8 123 456\nEND:VCARD\n"
)


def _file(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def _names(run) -> list[str]:  # type: ignore[no-untyped-def]
    code, out, _ = run("prospects", "--json")
    assert code == 0
    return sorted(p["name"] for p in json.loads(out))


def test_dry_run_reports_and_writes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("add", "Ana García", "--email", "ANA@acme.example")
    path = _file(tmp_path, "people.vcf", CARDS)
    code, out, _ = run("import", path, "--dry-run", "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["new"], report["duplicates"], report["errors"]) == (1, 1, 0)
    assert report["dry_run"] is True
    assert report["created"] == 0
    assert report["matches"][0]["reason"] == "same e-mail"
    assert report["files"][0]["format"] == "vcard"
    assert _names(run) == ["Ana García"]


def test_import_merges_duplicates_by_default_and_reports_in_words(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("add", "Ana García", "--email", "ana@acme.example")
    code, out, _ = run("import", _file(tmp_path, "people.vcf", CARDS))
    assert code == 0
    assert "1 new contact, 1 like prospects already here, 0 problems." in out
    assert "Imported: 1 new prospect, 1 merged, 0 skipped." in out
    assert _names(run) == ["Ana García", "Bo Berg"]
    code, out, _ = run("prospects", "--json")
    ana = next(p for p in json.loads(out) if p["name"] == "Ana García")
    assert ana["company"] == "Acme"


def test_duplicates_create_and_a_cadence(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("add", "Ana García", "--email", "ana@acme.example")
    path = _file(tmp_path, "people.vcf", CARDS)
    code, out, _ = run("import", path, "--duplicates", "create", "--cadence", "outbound", "--json")
    assert code == 0
    assert json.loads(out)["created"] == 2
    code, out, _ = run("prospects", "--json")
    rows = json.loads(out)
    assert len(rows) == 3
    assert all(r["next_follow_up"] for r in rows)


def test_nothing_readable_exits_2_and_changes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("add", "Keep Me")
    junk = _file(tmp_path, "photo.vcf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    cut = _file(tmp_path, "cut.vcf", CARDS[:-12])
    code, out, _ = run("import", junk, cut, "--json")
    assert code == 2
    report = json.loads(out)
    assert [f["refused"] for f in report["files"]] == [True, True]
    assert "not a contact file" in report["files"][0]["problems"][0]["message"]
    assert "cut off" in report["files"][1]["problems"][0]["message"]
    assert _names(run) == ["Keep Me"]
    code, _, _ = run("import", str(tmp_path / "missing.vcf"))
    assert code == 2


def test_a_bad_file_beside_a_good_one_is_reported_and_changes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = _file(tmp_path, "good.vcf", CARDS)
    cut = _file(tmp_path, "cut.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Off\n")
    code, out, _ = run("import", good, cut)
    assert code == 0
    assert f"{cut}: not read" in out
    assert "line 1: the file ends inside the card" in out
    assert _names(run) == ["Ana García", "Bo Berg"]


def test_map_option_for_an_unknown_csv(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, "kunden.csv", "Kunde;Telefon;Ort\nErika Mustermann;030 1234;Berlin\n")
    code, out, _ = run("import", path, "--map", "Kunde=name", "--map", "Ort=home:city", "--json")
    assert code == 0, out
    assert json.loads(out)["created"] == 1
    assert _names(run) == ["Erika Mustermann"]
    code, _, err = run("import", path, "--map", "Kunde=nonsense")
    assert code == 2
    assert "--map" in err
    assert err.count("\n") == 1


def test_export_formats_to_stdout_and_to_a_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("add", "Ana García", "--company", "Acme", "--email", "ana@acme.example")
    code, out, _ = run("export", "--format", "vcard")
    assert code == 0
    assert "VERSION:4.0" in out
    assert "FN:Ana García" in out
    code, out, _ = run("export", "--format", "vcard", "--vcard-version", "3.0")
    assert "VERSION:3.0" in out
    code, out, _ = run("export", "--format", "csv")
    assert out.startswith("First Name,Middle Name,Last Name")
    target = tmp_path / "out" / "follow-ups.ics"
    target.parent.mkdir()
    code, out, err = run("export", "--format", "ics", "-o", str(target))
    assert code == 0
    assert f"Wrote {target}" in err
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    (todo,) = cal.walk("VTODO")
    assert "Ana García" in str(todo["SUMMARY"])


def test_export_then_import_round_trip_through_the_cli(
    run, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    run(
        "add",
        "Ana García",
        "--company",
        "Acme",
        "--email",
        "ana@acme.example",
        "--phone",
        "+34 600 000 000",
    )
    run("add", "Bo Berg", "--title", "CEO")
    out_file = tmp_path / "all.vcf"
    assert run("export", "--format", "vcard", "-o", str(out_file))[0] == 0
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "import", str(out_file)], clock=clock) == 0
    capsys.readouterr()
    code = main(["--data-dir", str(other), "prospects", "--json"], clock=clock)
    rows = json.loads(capsys.readouterr().out)
    assert code == 0
    assert sorted(
        (r["name"], r["company"], r["title"], r["emails"], r["phones"]) for r in rows
    ) == [
        ("Ana García", "Acme", "", ["ana@acme.example"], ["+34 600 000 000"]),
        ("Bo Berg", "", "CEO", [], []),
    ]


def test_export_usage_errors(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("export", "--format", "ics", "--prospect", "1")
    assert code == 2
    assert err.count("\n") == 1
    code, _, err = run("export", "--format", "pdf")
    assert code == 2


def test_map_naming_a_column_no_file_has_is_a_usage_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, "kunden.csv", "Kunde;Telefon\nErika;030 1234\n")
    code, _, err = run("import", path, "--map", "Kundenname=name")
    assert code == 2
    assert err == "followup-desktop: --map: no CSV file given has a column 'kundenname'\n"


def test_a_dry_run_into_a_new_data_folder_leaves_nothing_behind(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("import", _file(tmp_path, "people.vcf", CARDS), "--dry-run")
    assert code == 0
    assert "Dry run: nothing was written." in out
    assert not run.data.exists()


FORMATS = ["vcard", "csv", "ics"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_on_a_full_disk_keeps_the_earlier_file(run, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    assert run("demo", "--prospects", "40")[0] == 0
    target = tmp_path / f"everyone.{fmt}"
    assert run("export", "--format", fmt, "-o", str(target))[0] == 0
    earlier = target.read_bytes()
    assert len(earlier) > 4096
    for room in (0, 4096):
        done = run_cli_with_room(
            run.data, ["export", "--format", fmt, "-o", str(target)], room=room
        )
        assert (done.returncode, done.stdout) == (1, "")
        assert done.stderr == (
            f"followup-desktop: cannot write {target}: the file is larger than the disk allows\n"
        )
        assert target.read_bytes() == earlier
        assert [p.name for p in tmp_path.glob("*everyone*")] == [target.name]


CSV_EXPORT = ["export", "--format", "csv"]


def test_an_export_to_a_full_disk_on_standard_output_says_so(run) -> None:  # type: ignore[no-untyped-def]
    assert run("add", "Ana García")[0] == 0
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "followup_desktop", "--data-dir", str(run.data), *CSV_EXPORT],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr == "followup-desktop: cannot write the output: the disk is full\n"


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_is_the_owners_alone(run, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """Every contact is in it: 0600 whatever the umask, unless the user chose otherwise."""
    assert run("add", "Ana García", "--email", "ana@acme.example")[0] == 0
    target = tmp_path / f"everyone.{fmt}"
    umask = os.umask(0)
    try:
        assert run("export", "--format", fmt, "-o", str(target))[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        target.chmod(0o640)
        assert run("export", "--format", fmt, "-o", str(target))[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(umask)


# -- contact files written by other software read right, in a real process --------


def _import_in_a_process(tmp_path: Path, name: str, data: bytes) -> tuple[dict, list[dict]]:  # type: ignore[type-arg]
    """``import FILE --json`` run as the user runs it: its report, and the prospects after
    (with their notes)."""
    path = tmp_path / name
    path.write_bytes(data)
    data_dir = tmp_path / "data"

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "followup_desktop", "--data-dir", str(data_dir), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=120,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    report = json.loads(cli("import", str(path), "--json"))
    prospects = json.loads(cli("prospects", "--json"))
    # The list leaves notes out; the CSV export has them, row for row in the same order.
    exported = csv.DictReader(io.StringIO(cli("export", "--format", "csv")))
    notes = {row["File As"]: row["Notes"] for row in exported}
    for prospect in prospects:
        prospect["notes"] = notes[prospect["name"]]
    return report, prospects


def test_a_name_with_an_unescaped_comma_is_imported_whole(tmp_path: Path) -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Mustermann;Heiko;;;\r\nFN:Mustermann, Heiko\r\n"
        b"TITLE:Leiter, Vertrieb\r\nNOTE:Messe, Stand 4\r\nEND:VCARD\r\n"
    )
    report, prospects = _import_in_a_process(tmp_path, "heiko.vcf", data)
    assert (report["created"], report["errors"]) == (1, 0)
    (heiko,) = prospects
    assert (heiko["name"], heiko["title"], heiko["notes"]) == (
        "Mustermann, Heiko",
        "Leiter, Vertrieb",
        "Messe, Stand 4",
    )


def test_utf_8_and_latin_1_cards_in_one_file_are_each_imported_right(tmp_path: Path) -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nORG:Société Générale\r\n"
        "NOTE:Café crème\r\nEND:VCARD\r\n"
    ).encode() + (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller\r\nORG:Bäckerei Groß\r\n"
        "NOTE:Hauptstraße 1\r\nEND:VCARD\r\n"
    ).encode("latin-1")
    report, prospects = _import_in_a_process(tmp_path, "merged.vcf", data)
    assert (report["created"], report["errors"]) == (2, 1)
    assert report["files"][0]["problems"] == [
        {
            "line": 7,
            "message": "the card of Jürgen Müller is not UTF-8 and does not say its character "
            "set: read as Windows-1252 (Western European)",
            "fatal": False,
        }
    ]
    assert sorted((p["name"], p["company"], p["notes"]) for p in prospects) == [
        ("Jürgen Müller", "Bäckerei Groß", "Hauptstraße 1"),
        ("Zoë Ångström", "Société Générale", "Café crème"),
    ]


def test_a_shift_jis_csv_is_imported_in_japanese_and_a_damaged_one_refused(
    tmp_path: Path,
) -> None:
    data = (
        "First Name,Last Name,Display Name,Primary Email,Work City,Organization,Notes\r\n"
        "太郎,山田,山田太郎,taro@example.jp,東京都,株式会社テスト,大阪府出身\r\n"
    ).encode("shift_jis")
    report, (taro,) = _import_in_a_process(tmp_path, "thunderbird.csv", data)
    assert report["files"][0]["encoding"] == "cp932"
    assert report["files"][0]["problems"] == [
        {
            "line": None,
            "message": "the file is not UTF-8: it was read as Shift-JIS (Japanese)",
            "fatal": False,
        }
    ]
    assert (taro["name"], taro["company"], taro["notes"]) == (
        "山田太郎",
        "株式会社テスト",
        "大阪府出身",
    )
    damaged = tmp_path / "damaged.csv"
    import_args = ("import", str(damaged), "--json")
    damaged.write_bytes(data + b"\x82\xff\x82,x@example.jp\r\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup_desktop",
            "--data-dir",
            str(tmp_path / "data"),
            *import_args,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    (problem,) = json.loads(done.stdout)["files"][0]["problems"]
    assert problem["fatal"] is True
    assert problem["message"].startswith(
        "this file is not UTF-8, and its text looks like Shift-JIS (Japanese), but not all"
    )
