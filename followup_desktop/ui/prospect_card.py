"""The prospect card: one prospect's details to read and edit, its stage and next step.

The card never writes to the database: Save emits ``edit_requested`` with the
edited prospect and the stage controls emit ``stage_change_requested``; the
main window applies both through the service (with undo) and calls
``reload()``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QLocale, QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.cadence import plan_progress
from followup_desktop.domain.edits import EDIT_FIELDS
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, FollowUp, PostalAddress, Prospect, Source, Stage
from followup_desktop.i18n import N_, _, pgettext
from followup_desktop.services import FollowUpService
from followup_desktop.ui.format import (
    CHANNEL_LABELS,
    STAGE_LABELS,
    TranslatedLabels,
    absolute_when,
    relative_when,
)
from followup_desktop.ui.icons import channel_icon
from followup_desktop.ui.palette import keep_text_colour, warning_amber

OPEN_STAGES = tuple(stage for stage in Stage if stage.is_open)


def _source_labels() -> dict[Source, str]:
    return {
        Source.INBOUND: _("Inbound inquiry"),
        Source.OUTBOUND: _("Outbound"),
        Source.REFERRAL: _("Referral"),
    }


SOURCE_LABELS: Mapping[Source, str] = TranslatedLabels(_source_labels)
NO_NEXT_STEP = N_("No next step planned")
EMPTY_STATE = N_("Select a prospect to see their card.")
NAME_REQUIRED = N_("A prospect needs a name.")
DEAL_VALUE_INVALID = N_("The deal value must be a number, such as 1500 or 1500.50.")
DEAL_VALUE_NEGATIVE = N_("The deal value cannot be negative.")

_LIST_SEPARATOR = re.compile(r"[,;\n]")
_GROUPED_THOUSANDS = re.compile(r"\d{1,3}([.,])\d{3}(\1\d{3})*")


def open_url(url: QUrl) -> bool:
    """Hand a mailto: or tel: URL to the desktop; tests replace this function."""
    return QDesktopServices.openUrl(url)


def mailto_url(address: str) -> QUrl:
    url = QUrl()
    url.setScheme("mailto")
    url.setPath(address.strip())
    return url


def tel_url(number: str) -> QUrl:
    """A tel: URL for a number as people write it ("+49 30 1234-56" -> tel:+4930123456)."""
    digits = re.sub(r"[^0-9+*#]", "", number)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    url = QUrl()
    url.setScheme("tel")
    url.setPath(digits)
    return url


def split_list(text: str) -> tuple[str, ...]:
    """Comma-separated (or one per line) entries, trimmed, blanks and repeats dropped."""
    items = (item.strip() for item in _LIST_SEPARATOR.split(text))
    return tuple(dict.fromkeys(item for item in items if item))


def parse_deal_value(text: str) -> Decimal | None:
    """A deal value as people type it: "1500", "1500.50", "1.500,50", "1,500"; "" is none.

    Raises ValueError with a message for the user when it is not a number.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f'’]", "", text)
    cleaned = cleaned.lstrip("€$£¥").rstrip("€$£¥")
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(group_mark, "").replace(decimal_mark, ".")
    elif _GROUPED_THOUSANDS.fullmatch(cleaned):
        # "1,500" or "12.000.000": three digits after each mark are thousands.
        cleaned = cleaned.replace(",", "").replace(".", "")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_(DEAL_VALUE_INVALID)) from None
    if not value.is_finite():
        raise ValueError(_(DEAL_VALUE_INVALID))
    if value < 0:
        raise ValueError(_(DEAL_VALUE_NEGATIVE))
    return value


def format_deal_value(value: Decimal | None) -> str:
    """Whole amounts without decimals, cents with two places and the locale's
    decimal mark ("6000", "6000.50", in German "6000,50"); no thousands separator,
    so that the text reads back the same (``parse_deal_value``)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    if value == value.quantize(Decimal("0.01")):
        mark = QLocale().decimalPoint()
        return str(value.quantize(Decimal("0.01"))).replace(".", mark if mark == "," else ".")
    return str(value)


def _plain_label(text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class LostReasonDialog(QDialog):
    """Asks why the prospect said no; OK stays disabled until there is a reason."""

    def __init__(self, prospect_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Mark as lost"))
        layout = QVBoxLayout(self)
        self.prompt_label = _plain_label(
            _(
                "Why did {name} say no? The reasons across lost prospects "
                "show what the offer is missing."
            ).format(name=prospect_name)
        )
        layout.addWidget(self.prompt_label)
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName(_("Reason"))
        self.reason_edit.setPlaceholderText(_("The reason they gave, e.g. no budget this year"))
        layout.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Mark lost"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)
        self._on_reason_edit_text_changed(self.reason_edit.text())
        self.setMinimumWidth(360)

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def accept(self) -> None:
        if not self.reason():  # Enter in the line edit reaches here even with OK disabled
            return
        super().accept()

    def _on_reason_edit_text_changed(self, _text: str) -> None:
        self.ok_button.setEnabled(bool(self.reason()))


class _FieldError(ValueError):
    """A field's content the card cannot save, with the field to put the cursor in."""

    def __init__(self, message: str, field: QWidget) -> None:
        super().__init__(message)
        self.field = field


class _ContactField(QWidget):
    """A comma-separated line edit with a button that opens its first entry (menu: others)."""

    def __init__(self, channel: Channel, tooltip: str, make_url: Callable[[str], QUrl]) -> None:
        super().__init__()
        self._make_url = make_url
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        layout.addWidget(self.edit, 1)
        self.button = QToolButton()
        self.button.setIcon(channel_icon(channel))
        self.button.setToolTip(tooltip)
        self.button.setAccessibleName(tooltip)
        self.button.setAutoRaise(True)
        self.button.clicked.connect(self._on_button_clicked)
        self._menu = QMenu(self.button)
        layout.addWidget(self.button)
        self.edit.textChanged.connect(self.update_button)
        self.update_button()

    def entries(self) -> tuple[str, ...]:
        return split_list(self.edit.text())

    def open_entry(self, entry: str) -> None:
        open_url(self._make_url(entry))

    def _on_button_clicked(self) -> None:
        entries = self.entries()
        if entries:
            self.open_entry(entries[0])

    def update_button(self, *_args: object) -> None:
        """Enable the button when there is an entry; a menu to pick one of several."""
        entries = self.entries()
        self.button.setEnabled(bool(entries))
        self._menu.clear()
        if len(entries) > 1:
            for entry in entries:
                action = self._menu.addAction(entry)
                action.triggered.connect(lambda _checked=False, e=entry: self.open_entry(e))
            self.button.setMenu(self._menu)
            self.button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        else:
            self.button.setMenu(None)  # type: ignore[arg-type]
            self.button.setPopupMode(QToolButton.ToolButtonPopupMode.DelayedPopup)


EDITABLE_FIELDS = EDIT_FIELDS
"""The prospect's fields the card edits, each shown by its own widgets."""

_FIELD_WIDGETS = {
    "name": "name_edit",
    "company": "company_edit",
    "title": "title_edit",
    "emails": "emails_edit",
    "phones": "phones_edit",
    "source": "source_combo",
    "deal_value": "deal_value_edit",
    "preferred_channel": "preferred_channel_combo",
    "tags": "tags_edit",
    "notes": "notes_edit",
}


class ProspectCardWidget(QWidget):
    """Shows and edits one prospect; emits what the user asked for, writes nothing."""

    edit_requested = Signal(object, object)  # the edited Prospect, the copy it began from
    stage_change_requested = Signal(object, str)  # Stage, lost reason
    schedule_by_plan_requested = Signal(int)  # prospect id: the one-click "no next step" fix

    def __init__(self, service: FollowUpService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._prospect: Prospect | None = None
        self._base: Prospect | None = None  # what the edits began from
        self._dirty = False
        self.lost_dialog: LostReasonDialog | None = None
        self._init_widgets()
        self._connect_signals()
        self.set_prospect(None)

    # -- building ------------------------------------------------------------
    def _init_widgets(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._pages = QStackedWidget()
        outer.addWidget(self._pages)

        self.empty_label = _plain_label(_(EMPTY_STATE))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)
        self._pages.addWidget(self.empty_label)

        card = QWidget()
        layout = QVBoxLayout(card)
        # The header scrolls with the fields: in a short window its wrapped lines
        # (a long next step, a long plan name) are scrolled to, never clipped.
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self._init_header())
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        content_layout.addWidget(line)
        content_layout.addWidget(self._init_form(), 1)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._init_buttons())
        self._pages.addWidget(card)

    def _init_header(self) -> QWidget:
        header = QWidget()
        layout = QVBoxLayout(header)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name_label = _plain_label()
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.name_label)
        self.subtitle_label = _plain_label()
        layout.addWidget(self.subtitle_label)

        stage_row = QHBoxLayout()
        stage_caption = QLabel(_("&Stage:"))
        stage_row.addWidget(stage_caption)
        self.stage_combo = QComboBox()
        for stage in OPEN_STAGES:
            self.stage_combo.addItem(STAGE_LABELS[stage], stage.value)
        self.stage_combo.setToolTip(_("Move the prospect to another open stage"))
        stage_caption.setBuddy(self.stage_combo)
        stage_row.addWidget(self.stage_combo)
        self.won_button = QPushButton(pgettext("button", "Won"))
        self.won_button.setToolTip(_("They said Yes: close the prospect as won"))
        stage_row.addWidget(self.won_button)
        self.lost_button = QPushButton(pgettext("button", "Lost…"))
        self.lost_button.setToolTip(
            _("They said No: close the prospect as lost, with their reason")
        )
        stage_row.addWidget(self.lost_button)
        stage_row.addStretch()
        layout.addLayout(stage_row)
        self.closed_label = _plain_label()
        layout.addWidget(self.closed_label)

        plan = QFormLayout()
        plan.setContentsMargins(0, 4, 0, 0)
        plan.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.next_label = _plain_label()
        self.schedule_button = QPushButton(_("Schedule by plan"))
        self.schedule_button.setToolTip(_("Give this prospect the next step of its plan"))
        self.schedule_button.hide()
        next_row = QHBoxLayout()
        next_row.setContentsMargins(0, 0, 0, 0)
        next_row.addWidget(self.next_label, 1)
        next_row.addWidget(self.schedule_button)
        plan.addRow(_("Next step:"), next_row)
        self.cadence_label = _plain_label()
        self.cadence_label.setWordWrap(True)
        plan.addRow(_("Plan:"), self.cadence_label)
        layout.addLayout(plan)
        return header

    def _init_form(self) -> QWidget:
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        self._form = form
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.name_edit = QLineEdit()
        form.addRow(_("&Name:"), self.name_edit)
        self.company_edit = QLineEdit()
        form.addRow(_("&Company:"), self.company_edit)
        self.title_edit = QLineEdit()
        form.addRow(_("&Title:"), self.title_edit)

        self.emails_field = _ContactField(Channel.EMAIL, _("Write an e-mail"), mailto_url)
        self.emails_edit = self.emails_field.edit
        self.emails_edit.setAccessibleName(_("E-mail"))
        self.emails_edit.setPlaceholderText(_("Separate several with commas"))
        self.email_button = self.emails_field.button
        form.addRow(_("&E-mail:"), self.emails_field)
        self.phones_field = _ContactField(Channel.CALL, pgettext("verb", "Call"), tel_url)
        self.phones_edit = self.phones_field.edit
        self.phones_edit.setAccessibleName(_("Phone"))
        self.phones_edit.setPlaceholderText(_("Separate several with commas"))
        self.phone_button = self.phones_field.button
        form.addRow(_("&Phone:"), self.phones_field)

        self.street_edit = QPlainTextEdit()
        self.street_edit.setTabChangesFocus(True)
        self.street_edit.setPlaceholderText(_("Street, building, suite (several lines)"))
        metrics = self.street_edit.fontMetrics()
        self.street_edit.setFixedHeight(metrics.lineSpacing() * 3 + 12)
        form.addRow(_("Str&eet:"), self.street_edit)
        city_row = QWidget()
        city_layout = QHBoxLayout(city_row)
        city_layout.setContentsMargins(0, 0, 0, 0)
        self.postal_code_edit = QLineEdit()
        self.postal_code_edit.setAccessibleName(_("Postal code"))
        self.postal_code_edit.setPlaceholderText(_("Postal code"))
        self.postal_code_edit.setMaximumWidth(110)
        city_layout.addWidget(self.postal_code_edit, 1)
        self.city_edit = QLineEdit()
        self.city_edit.setAccessibleName(_("City"))
        self.city_edit.setPlaceholderText(_("City"))
        city_layout.addWidget(self.city_edit, 2)
        form.addRow(_("Postal code, cit&y:"), city_row)
        self.region_edit = QLineEdit()
        self.region_edit.setPlaceholderText(_("State, province or region"))
        form.addRow(_("&Region:"), self.region_edit)
        self.country_edit = QLineEdit()
        self.country_edit.setPlaceholderText(_("Country code (DE) or name"))
        form.addRow(_("C&ountry:"), self.country_edit)

        self.source_combo = QComboBox()
        for source in Source:
            self.source_combo.addItem(SOURCE_LABELS[source], source.value)
        form.addRow(_("So&urce:"), self.source_combo)
        self.deal_value_edit = QLineEdit()
        self.deal_value_edit.setPlaceholderText(_("e.g. 1500"))
        form.addRow(_("&Deal value:"), self.deal_value_edit)
        self.preferred_channel_combo = QComboBox()
        self.preferred_channel_combo.addItem(_("No preference"), "")
        for channel in Channel:
            self.preferred_channel_combo.addItem(
                channel_icon(channel), CHANNEL_LABELS[channel], channel.value
            )
        form.addRow(_("Pre&ferred channel:"), self.preferred_channel_combo)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(_("Separate tags with commas"))
        form.addRow(_("T&ags:"), self.tags_edit)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(metrics.lineSpacing() * 3 + 12)
        self.notes_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        form.addRow(_("N&otes:"), self.notes_edit)
        return form_widget

    def _init_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.error_label = _plain_label()
        self.error_label.hide()
        row.addWidget(self.error_label, 1)
        row.addStretch()  # keeps the buttons at their size while the message is hidden
        self.revert_button = QPushButton(_("Revert"))
        self.revert_button.setToolTip(_("Discard the changes not saved yet"))
        row.addWidget(self.revert_button)
        self.save_button = QPushButton(_("Save"))
        keys = QKeySequence(QKeySequence.StandardKey.Save).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.save_button.setToolTip(_("Save the changes ({keys})").format(keys=keys))
        row.addWidget(self.save_button)
        return row

    @property
    def _line_edits(self) -> tuple[QLineEdit, ...]:
        return (
            self.name_edit,
            self.company_edit,
            self.title_edit,
            self.emails_edit,
            self.phones_edit,
            self.postal_code_edit,
            self.city_edit,
            self.region_edit,
            self.country_edit,
            self.deal_value_edit,
            self.tags_edit,
        )

    def _connect_signals(self) -> None:
        for edit in self._line_edits:
            edit.textEdited.connect(self._on_field_edited)
            edit.returnPressed.connect(self.save)
        for text_edit in (self.street_edit, self.notes_edit):
            text_edit.textChanged.connect(self._on_field_edited)
        for combo in (self.source_combo, self.preferred_channel_combo):
            combo.currentIndexChanged.connect(self._on_field_edited)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self.save)
        self.stage_combo.activated.connect(self._on_stage_combo_activated)
        self.won_button.clicked.connect(self._on_won_button_clicked)
        self.schedule_button.clicked.connect(self._on_schedule_button_clicked)
        self.lost_button.clicked.connect(self._on_lost_button_clicked)

    NARROW_WIDTH = 420  # below it, labels go above their fields

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        policy = (
            QFormLayout.RowWrapPolicy.WrapAllRows
            if event.size().width() < self.NARROW_WIDTH
            else QFormLayout.RowWrapPolicy.WrapLongRows
        )
        if self._form.rowWrapPolicy() != policy:
            self._form.setRowWrapPolicy(policy)

    # -- API -------------------------------------------------------------------
    def prospect_id(self) -> int | None:
        return self._prospect.id if self._prospect is not None else None

    def prospect(self) -> Prospect | None:
        """The prospect as loaded (not as edited)."""
        return self._prospect

    def edit_base(self) -> Prospect | None:
        """The copy the typing began from: each field as it was when the user started
        to change it (the stored row may have moved on since)."""
        return self._base

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def set_prospect(self, prospect_id: int | None, stored: Prospect | None = None) -> None:
        """Show a prospect (discarding unsaved edits), or the empty state for None;
        ``stored`` is the prospect when the caller has just read it."""
        self._dirty = False
        if prospect_id is None:
            self._prospect = self._base = None
            self._pages.setCurrentIndex(0)
            return
        if stored is not None and stored.id == prospect_id:
            self._prospect = self._base = stored
        else:
            try:
                self._prospect = self._base = self._service.get_prospect(prospect_id)
            except DomainError:  # deleted meanwhile (an undo, another view)
                self.set_prospect(None)
                return
        self._fill_fields(self._prospect)
        self._show_status()
        self._pages.setCurrentIndex(1)

    def reload(self, stored: Prospect | None = None) -> None:
        """Re-read the prospect after a change made elsewhere (another window, the
        command line, an undo, a reminder): the fields being edited keep what was
        typed, the others show the stored value. ``stored``, when the caller has
        just read the prospect, saves reading it again."""
        if self._prospect is None or self._prospect.id is None:
            return
        if stored is not None and stored.id != self._prospect.id:
            stored = None
        if not self._dirty:
            self.set_prospect(self._prospect.id, stored)
            return
        old = self._base
        assert old is not None
        if stored is not None:
            new = stored
        else:
            try:
                new = self._service.get_prospect(old.id)  # type: ignore[arg-type]
            except DomainError:
                self.set_prospect(None)
                return
        self._prospect = new
        self._show_status()
        try:
            edited = self._edited_prospect()
        except ValueError:
            # What was typed is not valid yet: all of it stays as typed, and saving
            # compares every field with the copy the typing began from.
            return
        kept: dict[str, Any] = {}
        for name in EDITABLE_FIELDS:
            typed = getattr(edited, name) != getattr(old, name)
            if typed:
                kept[name] = getattr(old, name)  # saving tells whether both changed it
            elif getattr(new, name) != getattr(old, name):
                self._fill_field(name, new)
        self._base = replace(new, **kept)
        if self._edited_prospect() == new:
            self._base = new
            self._set_dirty(False)

    def edited_prospect(self) -> Prospect:
        """The loaded prospect with the fields as typed; ValueError when they are not valid."""
        return self._edited_prospect()

    def save(self) -> bool:
        """Emit ``edit_requested`` with the edits; False (with a message) when refused."""
        if self._prospect is None:
            return False
        try:
            edited = self._edited_prospect()
        except _FieldError as exc:
            self._show_error(str(exc))
            exc.field.setFocus()
            return False
        self._show_error("")
        if edited != self._prospect or self._base != self._prospect:
            self.edit_requested.emit(edited, self._base)
        else:
            self._set_dirty(False)
        return True

    def revert(self) -> None:
        if self._prospect is not None:
            self._fill_fields(self._prospect)
            self._show_error("")

    # -- showing -----------------------------------------------------------------
    def _fill_fields(self, p: Prospect) -> None:
        widgets: tuple[QWidget, ...] = (
            *self._line_edits,
            self.street_edit,
            self.notes_edit,
            self.source_combo,
            self.preferred_channel_combo,
        )
        blockers = [QSignalBlocker(w) for w in widgets]
        for name in EDITABLE_FIELDS:
            self._put_field(name, p)
        for blocker in blockers:
            blocker.unblock()
        for edit in self._line_edits:
            edit.setCursorPosition(0)  # show the start of long entries, not their end
        # The contact buttons follow their line edits' text; signals were blocked.
        self.emails_field.update_button()
        self.phones_field.update_button()
        self._set_dirty(False)

    def _fill_field(self, name: str, p: Prospect) -> None:
        """Show one field's stored value, leaving every other field as it is."""
        widgets = self._field_widgets(name)
        blockers = [QSignalBlocker(w) for w in widgets]
        self._put_field(name, p)
        for blocker in blockers:
            blocker.unblock()
        for widget in widgets:
            if isinstance(widget, QLineEdit):
                widget.setCursorPosition(0)
        self.emails_field.update_button()
        self.phones_field.update_button()

    def _field_widgets(self, name: str) -> tuple[QWidget, ...]:
        if name == "address":
            return (
                self.street_edit,
                self.postal_code_edit,
                self.city_edit,
                self.region_edit,
                self.country_edit,
            )
        return (getattr(self, _FIELD_WIDGETS[name]),)

    def _put_field(self, name: str, p: Prospect) -> None:
        if name in ("name", "company", "title"):
            getattr(self, _FIELD_WIDGETS[name]).setText(getattr(p, name))
        elif name in ("emails", "phones", "tags"):
            getattr(self, _FIELD_WIDGETS[name]).setText(", ".join(getattr(p, name)))
        elif name == "address":
            self.street_edit.setPlainText(p.address.street)
            self.postal_code_edit.setText(p.address.postal_code)
            self.city_edit.setText(p.address.city)
            self.region_edit.setText(p.address.region)
            self.country_edit.setText(p.address.country)
        elif name == "source":
            self.source_combo.setCurrentIndex(self.source_combo.findData(p.source.value))
        elif name == "deal_value":
            self.deal_value_edit.setText(format_deal_value(p.deal_value))
        elif name == "preferred_channel":
            self.preferred_channel_combo.setCurrentIndex(
                self.preferred_channel_combo.findData(
                    p.preferred_channel.value if p.preferred_channel is not None else ""
                )
            )
        else:
            self.notes_edit.setPlainText(p.notes)

    def _show_status(self) -> None:
        """Everything that is not an editable field: header, stage, next step, cadence."""
        p = self._prospect
        assert p is not None
        assert p.id is not None
        self.name_label.setText(p.name)
        self.subtitle_label.setText(" · ".join(part for part in (p.title, p.company) if part))
        self.subtitle_label.setVisible(bool(p.title or p.company))

        with QSignalBlocker(self.stage_combo):
            if p.stage.is_open:
                self.stage_combo.setCurrentIndex(self.stage_combo.findData(p.stage.value))
            else:
                self.stage_combo.setCurrentIndex(-1)
                self.stage_combo.setPlaceholderText(STAGE_LABELS[p.stage])
        self.stage_combo.setToolTip(
            _("Move the prospect to another open stage")
            if p.stage.is_open
            else _("Reopen the prospect at an open stage")
        )
        self.won_button.setEnabled(p.stage is not Stage.WON)
        self.lost_button.setEnabled(p.stage is not Stage.LOST)
        if p.stage is Stage.WON:
            self.closed_label.setText(_("Won: they said Yes."))
        elif p.stage is Stage.LOST:
            reason = p.lost_reason or _("no reason recorded")
            self.closed_label.setText(_("Lost: {reason}").format(reason=reason))
        self.closed_label.setVisible(p.stage.is_closed)

        next_up = self._next_follow_up(p.id)
        now = self._service.now()
        warn = False
        if next_up is not None:
            due = next_up.effective_due
            parts = [relative_when(due, now), CHANNEL_LABELS[next_up.channel]]
            if next_up.purpose:
                parts.append(next_up.purpose)
            self.next_label.setText(" · ".join(parts))
            self.next_label.setToolTip(absolute_when(due.astimezone(self._service.clock.tz)))
            warn = due < now
        elif p.stage.is_open:
            self.next_label.setText(_(NO_NEXT_STEP))
            self.next_label.setToolTip(
                _("Every open prospect needs a dated next step: log a touch or schedule one.")
            )
            warn = True
        else:
            self.next_label.setText(_("None: the prospect is closed"))
            self.next_label.setToolTip("")
        self._set_warning(self.next_label, warn)
        self.schedule_button.setVisible(warn)
        plan = self._service.plan_of(p)  # one read of the plans for both lines
        if p.stage.is_open:
            progress = plan_progress(plan, p.cadence_position)
            self.cadence_label.setText(f"{plan.name} · {progress}")
        else:
            self.cadence_label.setText(plan.name if p.cadence else _("No plan"))

    def _on_schedule_button_clicked(self) -> None:
        if self._prospect is not None and self._prospect.id is not None:
            self.schedule_by_plan_requested.emit(self._prospect.id)

    def _next_follow_up(self, prospect_id: int) -> FollowUp | None:
        pending = self._service.pending(prospect_id)
        return min(pending, key=lambda f: f.effective_due) if pending else None

    def _set_warning(self, label: QLabel, warn: bool) -> None:
        keep_text_colour(label, warning_amber if warn else None)
        font = label.font()
        font.setBold(warn)
        label.setFont(font)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self._set_warning(self.error_label, True)
        self.error_label.setVisible(bool(message))

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.save_button.setDefault(dirty)

    # -- reading the fields --------------------------------------------------------
    def _edited_prospect(self) -> Prospect:
        p = self._prospect
        assert p is not None
        name = self.name_edit.text().strip()
        if not name:
            raise _FieldError(_(NAME_REQUIRED), self.name_edit)
        try:
            deal_value = parse_deal_value(self.deal_value_edit.text())
        except ValueError as exc:
            raise _FieldError(str(exc), self.deal_value_edit) from None
        preferred = self.preferred_channel_combo.currentData()
        return replace(
            p,
            name=name,
            company=self.company_edit.text().strip(),
            title=self.title_edit.text().strip(),
            emails=split_list(self.emails_edit.text()),
            phones=split_list(self.phones_edit.text()),
            address=PostalAddress(
                street=self.street_edit.toPlainText().strip(),
                city=self.city_edit.text().strip(),
                region=self.region_edit.text().strip(),
                postal_code=self.postal_code_edit.text().strip(),
                country=self.country_edit.text().strip(),
            ),
            source=Source(self.source_combo.currentData()),
            deal_value=deal_value,
            preferred_channel=Channel(preferred) if preferred else None,
            tags=split_list(self.tags_edit.text()),
            notes=self.notes_edit.toPlainText(),
        )

    # -- slots ---------------------------------------------------------------------
    def _on_field_edited(self, *_args: object) -> None:
        if self._prospect is not None:
            self._set_dirty(True)

    def _on_stage_combo_activated(self, index: int) -> None:
        value = self.stage_combo.itemData(index)
        p = self._prospect
        if p is None or not value or value == p.stage.value:
            return
        self.stage_change_requested.emit(Stage(value), "")
        self._show_status()  # shows the stored stage until the main window reloads

    def _on_won_button_clicked(self) -> None:
        if self._prospect is not None and self._prospect.stage is not Stage.WON:
            self.stage_change_requested.emit(Stage.WON, "")
            self._show_status()

    def _on_lost_button_clicked(self) -> None:
        if self._prospect is None:
            return
        dialog = LostReasonDialog(self._prospect.name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # finished comes before accepted: read the reason while the dialog is known.
        dialog.finished.connect(lambda result: self._on_lost_dialog_finished(dialog, result))
        self.lost_dialog = dialog
        dialog.open()

    def _on_lost_dialog_finished(self, dialog: LostReasonDialog, result: int) -> None:
        self.lost_dialog = None
        reason = dialog.reason()
        if result != QDialog.DialogCode.Accepted.value or not reason or self._prospect is None:
            return
        self.stage_change_requested.emit(Stage.LOST, reason)
        if self._prospect is not None:
            self._show_status()


__all__ = [
    "EMPTY_STATE",
    "NO_NEXT_STEP",
    "LostReasonDialog",
    "ProspectCardWidget",
    "format_deal_value",
    "mailto_url",
    "open_url",
    "parse_deal_value",
    "split_list",
    "tel_url",
]
