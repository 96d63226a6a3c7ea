"""The conflict question shows each value the way the card shows it."""

from __future__ import annotations

from decimal import Decimal

from followup_desktop.domain.model import Channel, PostalAddress, Source
from followup_desktop.ui.edit_conflict import shown_value


def test_values_read_as_in_the_card() -> None:
    assert shown_value(Decimal("6000")) == "6000"
    assert shown_value(Decimal("6000.50")) == "6000.50"
    assert shown_value(Source.INBOUND) == "Inbound inquiry"
    assert shown_value(Channel.EMAIL) == "E-mail"
    assert shown_value(("ana@acme.example", "ana@home.example")) == (
        "ana@acme.example, ana@home.example"
    )
    assert shown_value(PostalAddress("Hauptstr. 1\nHinterhaus", "Berlin", "", "10115", "DE")) == (
        "Hauptstr. 1 Hinterhaus, 10115, Berlin, DE"
    )
    assert shown_value("") == shown_value(None) == shown_value(()) == "(empty)"
    assert shown_value(PostalAddress()) == "(empty)"
    assert shown_value("two\nlines  of notes") == "two lines of notes"
