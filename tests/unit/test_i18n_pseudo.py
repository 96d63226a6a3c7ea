"""The pseudo-language: every translated string accented, bracketed and about
30 % longer, its placeholders, mnemonics and tags left as they are."""

from __future__ import annotations

import re
from datetime import date

import pytest

from followup_desktop import i18n
from followup_desktop.i18n import _, ngettext, pgettext
from followup_desktop.i18n_pseudo import CLOSE, OPEN, PAD, pseudo


def _without_decoration(text: str) -> str:
    return text.removeprefix(OPEN).removesuffix(CLOSE).rstrip(PAD)


def test_a_message_is_accented_bracketed_and_padded() -> None:
    assert pseudo("Save") == "⟦Šàvé·⟧"
    text = pseudo("Mark as won")
    assert text.startswith(OPEN)
    assert text.endswith(CLOSE)
    assert _without_decoration(text) == "Màŕk àš wöñ"


@pytest.mark.parametrize(
    "message",
    [
        "Add a prospect",
        "Show prospects with no next step",
        "Reminders that fall due in quiet hours are announced when they end.",
        "Import vCard or CSV files (or drop them on the window)",
    ],
)
def test_a_message_grows_by_about_a_third(message: str) -> None:
    grown = len(pseudo(message)) / len(message)
    assert 1.25 <= grown <= 1.45, (message, pseudo(message))


def test_placeholders_stay_and_still_format() -> None:
    text = pseudo("Snoozed {name} until {day:%d %b}")
    assert "{name}" in text
    assert "{day:%d %b}" in text
    assert text.format(name="Ana", day=date(2026, 11, 25)) == "⟦Šñööžéď Ana ûñťîĺ 25 Nov····⟧"
    assert pseudo("Cannot open %s") % "x.csv" == "⟦Çàññöť öpéñ x.csv····⟧"
    assert pseudo("%(count)d of %(total)d done") % {"count": 3, "total": 9} == ("⟦3 öf 9 ďöñé···⟧")
    assert "%1" in pseudo("Page %1 of %2")
    assert "%2" in pseudo("Page %1 of %2")


def test_mnemonics_keep_their_letter() -> None:
    assert pseudo("&Save") == "⟦&Sàvé·⟧"  # Alt+S still presses it
    assert "&mîñé" in pseudo("Keep &mine")
    assert "&&" in pseudo("Tom && Jerry")


def test_tags_and_entities_stay() -> None:
    text = pseudo("<b>Bold</b> &amp; plain")
    assert "<b>" in text
    assert "</b>" in text
    assert "&amp;" in text
    assert "Böĺď" in text


def test_each_line_is_bracketed_so_each_shows_a_cut() -> None:
    text = pseudo("First line\n\nSecond line")
    lines = text.split("\n")
    assert lines[1] == ""
    assert all(line.startswith(OPEN) and line.endswith(CLOSE) for line in (lines[0], lines[2]))


def test_a_date_pattern_keeps_its_fields() -> None:
    translations = i18n.set_language("pseudo")
    assert translations == "pseudo"
    pattern = pgettext("date pattern", "d MMM yyyy")
    assert _without_decoration(pattern) == "d MMM yyyy"
    assert pgettext("menu", "&File") == "⟦&Fîĺé·⟧"


def test_the_pseudo_language_is_what_the_app_then_speaks() -> None:
    i18n.set_language("pseudo")
    assert i18n.current_language() == "pseudo"
    assert _("Save") == "⟦Šàvé·⟧"
    assert ngettext("{n} prospect", "{n} prospects", 1).format(n=1) == "⟦1 pŕöšpéçť···⟧"
    assert ngettext("{n} prospect", "{n} prospects", 2).format(n=2) == "⟦2 pŕöšpéçťš···⟧"
    assert re.fullmatch(f"{OPEN}[^{CLOSE}]*{CLOSE}", _("Quit"))
    i18n.set_language("en")
    assert _("Save") == "Save"


def test_nothing_stays_nothing() -> None:
    assert pseudo("") == ""
