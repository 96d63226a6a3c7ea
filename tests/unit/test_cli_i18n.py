"""The command line in the user's language: chosen by --language, then the language
set in Preferences for the data, then the environment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from followup_desktop import i18n
from followup_desktop.cli import main
from followup_desktop.domain.clock import FixedClock
from followup_desktop.services.preferences import LANGUAGE_KEY, PREFIX, stored_language
from followup_desktop.store import open_store
from tests.conftest import BERLIN

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def run(data: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """The CLI at Wednesday 25 November 2026, 10:00 in Berlin."""
    clock = FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN))

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data), *args], clock=clock)
        out, err = capsys.readouterr()
        return code, out, err

    _run.clock = clock  # type: ignore[attr-defined]
    return _run


def _choose_in_preferences(data: Path, language: str) -> None:
    store = open_store(data / "followup.sqlite3")
    try:
        store.set_setting(PREFIX + LANGUAGE_KEY, language)
    finally:
        store.close()


def test_language_option_says_due_in_german(run: Run) -> None:
    run("add", "Ana García", "--company", "Mercado Verde")
    code, out, _err = run("--language", "de", "due", "--until", "today")
    assert code == 0
    assert out.splitlines() == [
        "Mi., 25. Nov., 11:00  Ana García (Mercado Verde): email (Introduce yourself)"
    ]
    assert i18n.current_language() == "de"
    run.clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=BERLIN))  # type: ignore[attr-defined]
    code, out, _err = run("--language", "de", "due")
    assert out.startswith("ÜBERFÄLLIG Mi., 25. Nov., 11:00  Ana García")


def test_nothing_due_in_german_from_the_environment(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "de")
    code, out, _err = run("due")
    assert (code, out) == (0, "Nichts fällig.\n")


def test_overdue_and_a_first_follow_up_in_german(run: Run) -> None:
    code, out, _err = run("--language=de", "add", "Ana García")
    assert code == 0
    assert out.splitlines()[0] == "Ana García angelegt (ID 1)."
    assert out.splitlines()[1].startswith("Erstes Nachfassen: email am Mi., 25. Nov., 11:00 (")


def test_an_error_in_german(run: Run) -> None:
    run("add", "Ana García")
    code, out, err = run("--language", "de", "stage", "Ana", "won", "--reason", "price")
    assert (code, out) == (2, "")
    assert err == (
        "followup-desktop: --reason ist für einen verlorenen Interessenten: "
        "der Grund für das Nein\n"
    )


def test_a_services_error_in_german(run: Run) -> None:
    code, _out, err = run("--language", "de", "log", "99", "--channel", "call")
    assert code == 2
    assert err == "followup-desktop: Es gibt keinen Interessenten mit der ID 99.\n"


def test_argparse_speaks_german_too(run: Run) -> None:
    code, _out, err = run("--language", "de", "log", "Ana")
    assert code == 2
    assert "diese Argumente fehlen: --channel" in err


def test_help_in_german(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--language", "de", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: followup-desktop")
    assert "Systematisches Nachfassen im Vertrieb." in out
    assert "Optionen:" in out
    assert "diese Hilfe zeigen und beenden" in out
    assert "die Sprache (en, de, pl" in out


def test_an_unknown_language_is_a_usage_error(run: Run) -> None:
    code, out, err = run("--language", "xx", "due")
    assert (code, out) == (2, "")
    assert "no translation for 'xx'; there are: en, de, pl" in err


def test_the_language_chosen_in_preferences(run: Run, data: Path) -> None:
    run("add", "Ana García")  # makes the database
    _choose_in_preferences(data, "de")
    assert stored_language(data / "followup.sqlite3") == "de"
    code, out, _err = run("due", "--until", "2026-11-20")
    assert (code, out) == (0, "Nichts fällig.\n")


def test_the_language_option_comes_before_preferences(run: Run, data: Path) -> None:
    run("add", "Ana García")
    _choose_in_preferences(data, "de")
    code, out, _err = run("--language", "en", "due", "--until", "2026-11-20")
    assert (code, out) == (0, "Nothing due.\n")


def test_preferences_come_before_the_environment(
    run: Run, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("add", "Ana García")
    _choose_in_preferences(data, "de")
    monkeypatch.setenv("LANGUAGE", "pl")
    code, out, _err = run("due", "--until", "2026-11-20")
    assert (code, out) == (0, "Nichts fällig.\n")
    _choose_in_preferences(data, "")  # "": follow the system
    code, out, _err = run("due", "--until", "2026-11-20")
    assert (code, out) == (0, "Nic nie jest do zrobienia.\n")


def test_no_database_yet_reads_the_environment(
    run: Run, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "de")
    assert stored_language(data / "followup.sqlite3") == ""
    assert run("due")[1] == "Nichts fällig.\n"


def test_polish_counts_on_the_command_line(run: Run) -> None:
    code, out, _err = run("--language", "pl", "demo", "--prospects", "2")
    assert code == 0
    assert out.startswith("Dodano: 2 przykładowych potencjalnych klientów, ")


def test_german_persistence_report(run: Run) -> None:
    code, out, _err = run("--language", "de", "report")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Ausdauer-Bericht, Stand 2026-11-25 10:00 (eingeschlafen = ")
    assert lines[1] == "Beendet: 0 (0 gewonnen, 0 verloren, 0 eingeschlafen); 0 noch im Spiel."


def test_a_deal_value_is_read_with_the_locales_decimal_mark(run: Run, data: Path) -> None:
    code, _out, err = run("--language", "de", "add", "Ana García", "--value", "1.234,56")
    assert (code, err) == (0, "")
    code, _out, _err = run("add", "Bo Berg", "--value", "2,500.5")  # English: as before
    assert code == 0
    store = open_store(data / "followup.sqlite3")
    try:
        found = [store.get_prospect(pid) for pid, _name in store.find_prospects("")]
        values = {p.name: p.deal_value for p in found if p is not None}
    finally:
        store.close()
    assert values == {"Ana García": Decimal("1234.56"), "Bo Berg": Decimal("2500.50")}
