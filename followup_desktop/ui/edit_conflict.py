"""Asking the user which value stays when an edit and another writer's change meet."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from followup_desktop.domain.edits import EditConflict
from followup_desktop.domain.model import Channel, PostalAddress, Source
from followup_desktop.i18n import _
from followup_desktop.ui.format import CHANNEL_LABELS
from followup_desktop.ui.prospect_card import SOURCE_LABELS, format_deal_value


class Choice(Enum):
    MINE = "mine"
    THEIRS = "theirs"
    EDIT = "edit"  # neither yet: back to the card, with what was typed


def shown_value(value: Any) -> str:
    """A field's value in words, as the card shows it (the card's own formats)."""
    if value is None or value == "" or value == ():
        return _("(empty)")
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, PostalAddress):
        parts = (value.street, value.postal_code, value.city, value.region, value.country)
        return ", ".join(" ".join(p.split()) for p in parts if p.strip()) or _("(empty)")
    if isinstance(value, Channel):
        return CHANNEL_LABELS[value]
    if isinstance(value, Source):
        return SOURCE_LABELS[value]
    if isinstance(value, Decimal):
        return format_deal_value(value)
    return " ".join(str(value).split())


def conflict_text(conflict: EditConflict) -> str:
    """Each field both changed: what the user typed and what is stored now."""
    lines = []
    for c in conflict.conflicts:
        lines.append(
            _("{field}: you typed “{mine}”; stored now: “{theirs}”.").format(
                field=c.label, mine=shown_value(c.mine), theirs=shown_value(c.theirs)
            )
        )
    return "\n".join(lines)


def ask_about_conflict(parent: QWidget, conflict: EditConflict) -> Choice:
    """Which value stays in the fields both changed; the rest of the edit is saved
    either way, and nothing is lost by going back to the card."""
    box = QMessageBox(parent)
    box.setObjectName("editConflict")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Changed elsewhere"))
    box.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are the user's text
    box.setText(f"{conflict}\n\n{conflict_text(conflict)}")
    box.setInformativeText(_("Your other changes are saved either way."))  # no stored text
    mine = box.addButton(_("Keep &mine"), QMessageBox.ButtonRole.AcceptRole)
    mine.setObjectName("keepMine")
    theirs = box.addButton(_("Keep &stored"), QMessageBox.ButtonRole.DestructiveRole)
    theirs.setObjectName("keepStored")
    back = box.addButton(_("Back to editing"), QMessageBox.ButtonRole.RejectRole)
    back.setObjectName("backToEditing")
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    clicked = box.clickedButton()
    if clicked is mine:
        return Choice.MINE
    if clicked is theirs:
        return Choice.THEIRS
    return Choice.EDIT
