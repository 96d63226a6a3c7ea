"""The translation system: which language the environment asks for, fallbacks, plural
forms, the pseudo-language, the locale that dates and numbers are written in, and the
catalogues themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from followup_desktop import i18n
from followup_desktop.i18n import _, ngettext

LOCALE = Path(i18n.locale_dir())


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANGUAGE": "fr:de:en", "LANG": "pl_PL.UTF-8"}, "de"),  # LANGUAGE's list, in order
        ({"LANGUAGE": "fr", "LANG": "de_DE.UTF-8"}, "de"),  # nothing in LANGUAGE we have
        ({"LC_ALL": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}, "de"),  # LC_ALL over LANG
        ({"LC_ALL": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_MESSAGES": "pl_PL.UTF-8", "LANG": "de_DE.UTF-8"}, "pl"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT"}, "de"),
        ({"LANG": "de_CH.UTF-8@euro"}, "de"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "xx_YY.UTF-8"}, "en"),  # a language we have no catalogue for
        ({"LC_ALL": "xx_YY.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),  # LC_ALL set wins, unknown
        ({}, "en"),
    ],
)
def test_language_from_environment(environ: dict[str, str], expected: str) -> None:
    assert i18n.language_from_environment(environ) == expected


def test_a_language_without_a_catalogue_falls_back_to_english() -> None:
    assert i18n.set_language("fr") == "en"
    assert i18n.current_language() == "en"
    assert _("Preferences") == "Preferences"


def test_german_and_back() -> None:
    assert i18n.set_language("de") == "de"
    assert _("Preferences") == "Einstellungen"
    assert i18n.set_language("en") == "en"
    assert _("Preferences") == "Preferences"


def test_no_language_given_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "de")
    assert i18n.set_language(None) == "de"
    assert _("Nothing due.") == "Nichts fällig."


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", "de"),
        ("de_AT.UTF-8", "de"),
        ("de-DE", "de"),
        ("PL", "pl"),
        ("pseudo", "pseudo"),
        ("en", "en"),
        ("fr", None),
        ("", None),
    ],
)
def test_known_language(code: str, expected: str | None) -> None:
    assert i18n.known_language(code) == expected


def test_available_languages_have_english_first_and_no_pseudo() -> None:
    languages = i18n.available_languages()
    assert languages[0] == "en"
    assert {"de", "pl"} <= set(languages)
    assert "pseudo" not in languages


def test_languages_are_named_in_their_own_words() -> None:
    assert i18n.language_name("de") == "Deutsch"
    assert i18n.language_name("en") == "English"
    assert i18n.language_name("pl") == "Polski"
    assert i18n.language_name("zz") == "zz"


# -- counted phrases ----------------------------------------------------------------


def _contacts(n: int) -> str:
    return ngettext("{n} contact", "{n} contacts", n).format(n=n)


def test_english_counts() -> None:
    assert [_contacts(n) for n in (0, 1, 2)] == ["0 contacts", "1 contact", "2 contacts"]


def test_german_counts() -> None:
    i18n.set_language("de")
    assert [_contacts(n) for n in (0, 1, 2)] == ["0 Kontakte", "1 Kontakt", "2 Kontakte"]


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 kontakt"),
        (2, "2 kontakty"),
        (4, "4 kontakty"),
        (5, "5 kontaktów"),
        (12, "12 kontaktów"),  # the teens take the third form
        (22, "22 kontakty"),
        (25, "25 kontaktów"),
        (101, "101 kontaktów"),  # ends in 1, but is not one
        (0, "0 kontaktów"),
    ],
)
def test_polish_has_three_forms(n: int, expected: str) -> None:
    i18n.set_language("pl")
    assert _contacts(n) == expected


def test_polish_counts_of_the_command_line() -> None:
    i18n.set_language("pl")
    pages = [ngettext("{n} page", "{n} pages", n).format(n=n) for n in (1, 3, 5)]
    assert pages == ["1 strona", "3 strony", "5 stron"]
    labels = [ngettext("{n} label", "{n} labels", n).format(n=n) for n in (1, 2, 12)]
    assert labels == ["1 etykieta", "2 etykiety", "12 etykiet"]


# -- the pseudo-language -------------------------------------------------------------


def test_pseudo_keeps_placeholders_and_mnemonics_and_is_longer() -> None:
    i18n.set_language("pseudo")
    text = _("Page {page} of {pages}")
    assert text.startswith("⟦")
    assert text.endswith("⟧")
    assert "{page}" in text
    assert "{pages}" in text
    assert text.format(page=1, pages=2).count("1") == 1
    label = _("&Language:")
    assert "&" in label
    plain = "Preferences"
    assert len(_(plain)) >= 1.3 * len(plain)
    counted = ngettext("{n} contact", "{n} contacts", 3).format(n=3)
    assert counted.startswith("⟦3 ")
    assert "ç" in counted


def test_pseudo_formats_as_american_english() -> None:
    i18n.set_language("pseudo")
    assert i18n.babel_locale({"LANG": "de_DE.UTF-8"}) == "en_US"


# -- the locale for dates, numbers and money -----------------------------------------


@pytest.mark.parametrize(
    ("language", "environ", "expected"),
    [
        ("de", {"LANG": "de_AT.UTF-8"}, "de_AT"),
        ("de", {"LC_ALL": "de_CH.UTF-8", "LANG": "de_DE.UTF-8"}, "de_CH"),
        ("de", {"LC_TIME": "de_AT.UTF-8", "LANG": "de_DE.UTF-8"}, "de_AT"),
        ("de", {"LANGUAGE": "de_AT:de"}, "de_AT"),
        ("de", {}, "de_DE"),
        ("de", {"LANG": "en_GB.UTF-8"}, "de_DE"),  # another language's territory: not ours
        ("de", {"LANG": "de_XX.UTF-8"}, "de_DE"),  # no such locale
        ("en", {}, "en_US"),
        ("en", {"LANG": "C.UTF-8"}, "en_US"),
        ("en", {"LANG": "en_GB.UTF-8"}, "en_GB"),
        ("pl", {"LANG": "C"}, "pl_PL"),
    ],
)
def test_babel_locale(language: str, environ: dict[str, str], expected: str) -> None:
    i18n.set_language(language)
    assert i18n.babel_locale(environ) == expected
    assert i18n.qt_locale_name(environ) == expected


def test_babel_locale_formats_a_german_date() -> None:
    from datetime import date

    from babel.dates import format_date

    i18n.set_language("de")
    day = format_date(date(2026, 11, 25), format="long", locale=i18n.babel_locale({}))
    assert day == "25. November 2026"


# -- the catalogues ------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sdr]|%[sdr]")


@pytest.mark.parametrize("language", ["de", "pl"])
def test_every_translation_keeps_the_placeholders(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "followup_desktop.po").open("rb") as f:
        catalog = read_po(f)
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(_PLACEHOLDER.findall(i) for i in ids))
        for string in strings:
            if string and not set(_PLACEHOLDER.findall(string)) <= wanted:
                wrong.append((ids[0], string))
            if string and not set(_PLACEHOLDER.findall(ids[-1])) - {"{n}"} <= set(
                _PLACEHOLDER.findall(string)
            ):
                wrong.append((ids[0], string))
    assert wrong == []


def test_polish_catalogue_has_three_plural_forms() -> None:
    with (LOCALE / "pl" / "LC_MESSAGES" / "followup_desktop.po").open("rb") as f:
        catalog = read_po(f)
    assert catalog.num_plurals == 3
