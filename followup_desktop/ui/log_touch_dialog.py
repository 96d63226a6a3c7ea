"""The one dialog that logs a touch and decides the next step, from the keyboard.

The dialog writes nothing: it hands back a :class:`LogTouchRequest` that the
main window applies (``log_touch``, then ``change_stage`` when the touch
closes the prospect) so that it can be undone.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from PySide6.QtCore import QDateTime, QEvent, QLocale, QObject, Qt, QTimeZone
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.cadence import Proposal
from followup_desktop.domain.model import Channel, Direction, FollowUp, Outcome, Stage
from followup_desktop.domain.rules import answered_follow_up
from followup_desktop.domain.wallclock import at_local
from followup_desktop.i18n import N_, _, pgettext
from followup_desktop.services import FollowUpService, NextStep
from followup_desktop.ui.format import (
    CHANNEL_LABELS,
    DIRECTION_LABELS,
    OUTCOME_LABELS,
    STAGE_LABELS,
    locale_date,
    qdate,
    qtime,
    relative_when,
    weekday_date_pattern,
    weekday_day_month_pattern,
)
from followup_desktop.ui.palette import alert_red, keep_text_colour
from followup_desktop.ui.time_note import TimeNote, with_note

# Why there is no next step: the three answers the rules accept (DOMAIN.md rule 1).
NO_NEXT_STEP_WON = "won"
NO_NEXT_STEP_LOST = "lost"
NO_NEXT_STEP_PAUSE = "pause"
_NO_NEXT_STEP_CHOICES = (
    (NO_NEXT_STEP_WON, N_("Won: they said yes")),
    (NO_NEXT_STEP_LOST, N_("Lost: they said no")),
    (NO_NEXT_STEP_PAUSE, N_("Deliberate pause")),
)
_REASON_PLACEHOLDERS = {
    NO_NEXT_STEP_WON: N_("Note (optional)"),
    NO_NEXT_STEP_LOST: N_("The reason they gave (required)"),
    NO_NEXT_STEP_PAUSE: N_("Why pause, until when (optional)"),
}
_REASON_PLACEHOLDER = N_("Won, lost or a deliberate pause")


@dataclass(frozen=True)
class LogTouchRequest:
    """What the user asked for in the dialog, ready for ``FollowUpService.log_touch``.

    ``next_step`` is explicit: ``NextStep.on(...)`` with the date, channel and
    purpose shown, or ``NextStep.none()``. ``close_as`` is the stage to move the
    prospect to after logging (won or lost), with ``close_reason``; for a
    deliberate pause ``close_as`` is None and ``close_reason`` holds its note.
    """

    prospect_id: int
    channel: Channel
    direction: Direction
    outcome: Outcome | None
    notes: str
    at: datetime
    next_step: NextStep
    close_as: Stage | None = None
    close_reason: str = ""


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _date_time_format() -> str:
    """Weekday, date and time in the user's locale, with a four-digit year."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return f"{weekday_date_pattern()} HH:mm"
    day = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in day:
        day = day.replace("yy", "yyyy")
    return f"ddd {day} {locale.timeFormat(QLocale.FormatType.ShortFormat)}"


class WallClockEdit(QDateTimeEdit):
    """A date and time in the user's zone: Tab leaves it, Left/Right walk its parts.

    Qt's date edit makes Tab step through the day, month, year, hour and
    minute; in a form the user tabs through, Tab goes to the next field.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Kept as UTC only so that the system zone's daylight-saving gaps never
        # shift the wall-clock time shown; the zone that counts is the user's.
        self.setTimeZone(QTimeZone.utc())
        self.setCalendarPopup(True)
        self.setDisplayFormat(_date_time_format())

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)

    def _stepped(self, steps: int) -> QDateTime | None:
        """The moment ``steps`` days, months, years, hours or minutes on, by the
        part the cursor is in; None for a part Qt steps well on its own."""
        moment = self.dateTime()
        section = self.sectionAt(self.currentSectionIndex())
        Section = QDateTimeEdit.Section
        if section is Section.DaySection:  # the weekday as well as the day of the month
            return moment.addDays(steps)
        if section is Section.MonthSection:
            return moment.addMonths(steps)
        if section is Section.YearSection:
            return moment.addYears(steps)
        if section is Section.HourSection:
            return moment.addSecs(3600 * steps)
        if section is Section.MinuteSection:
            return moment.addSecs(60 * steps)
        return None

    def stepBy(self, steps: int) -> None:
        # Qt steps each part on its own: the weekday stays inside its month
        # (Up on Mon 30 Nov gives Tue 24 Nov), 30 Nov does not step to 1 Dec,
        # nor 23:00 to tomorrow. Step the whole moment, so Up always means later.
        moment = self._stepped(steps)
        if moment is not None:
            index = self.currentSectionIndex()
            self.setDateTime(moment)
            self.setCurrentSectionIndex(index)
            steps = 0  # Qt's own step by nothing selects the part again
        super().stepBy(steps)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        if self.isReadOnly() or self._stepped(0) is None:
            return super().stepEnabled()
        return (
            QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
            | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        )

    def set_moment(self, moment: datetime) -> None:
        """Show ``moment``'s wall-clock date and time."""
        self.setDateTime(QDateTime(qdate(moment.date()), qtime(moment.time()), QTimeZone.utc()))

    def moment(self, tz: tzinfo) -> datetime:
        """The date and time shown, as a moment in ``tz``."""
        day, clock_time = self.date(), self.time()
        return at_local(
            date(day.year(), day.month(), day.day()),
            time(clock_time.hour(), clock_time.minute()),
            tz,
        )


class LogTouchDialog(QDialog):
    """Log one touch with a prospect and decide its next step, in one dialog.

    The next step is pre-filled from the prospect's cadence and follows the
    touch's channel, direction, outcome and time until the user edits it.
    Clearing it needs a reason: won, lost (with what they said) or a pause.
    """

    def __init__(
        self,
        service: FollowUpService,
        prospect_id: int,
        parent: QWidget | None = None,
        follow_up_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._prospect = service.get_prospect(prospect_id)
        self._prospect_id = prospect_id
        self._answers = self._answered_follow_up(follow_up_id)
        self._proposal: Proposal | None = None
        self._next_step_edited = False
        self._filling_next_step = False
        self._request: LogTouchRequest | None = None

        self.setWindowTitle(_("Log touch — {name}").format(name=self._prospect.name))
        self.setMinimumWidth(480)
        self._init_header()
        self._init_touch_fields()
        self._init_next_step()
        self._init_buttons()
        self._init_layout()
        self._set_defaults()
        self._connect_signals()
        self._update_proposal()
        self._update_no_next_step()
        self.channel_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- building ------------------------------------------------------------
    def _answered_follow_up(self, follow_up_id: int | None) -> FollowUp | None:
        pending = self._service.pending(self._prospect_id)
        if follow_up_id is not None:
            for follow_up in pending:
                if follow_up.id == follow_up_id:
                    return follow_up
        return answered_follow_up(pending)

    def _init_header(self) -> None:
        prospect = self._prospect
        who = prospect.name
        if prospect.company and prospect.company != prospect.name:
            who = f"{who} — {prospect.company}"
        self.header_label = _plain_label(who)
        font = self.header_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.header_label.setFont(font)
        self.answers_label = _plain_label(self._answers_text())
        self.answers_label.setVisible(self._answers is not None)

    def _answers_text(self) -> str:
        follow_up = self._answers
        if follow_up is None:
            return ""
        now = self._service.now()
        due = follow_up.effective_due.astimezone(now.tzinfo)
        if abs((due.date() - now.date()).days) <= 1:
            when = relative_when(due, now)  # today, tomorrow or yesterday, with the time
        else:
            day = locale_date(due.date(), weekday_day_month_pattern())
            clock = QLocale().toString(qtime(due.time()), QLocale.FormatType.ShortFormat)
            when = _("{date} {time}").format(date=day, time=clock)
        channel = CHANNEL_LABELS[follow_up.channel]
        if due < now:
            text = _("Answers: {channel} planned for {when} (overdue)")
        else:
            text = _("Answers: {channel} planned for {when}")
        text = text.format(channel=channel, when=when)
        return f"{text} — {follow_up.purpose}" if follow_up.purpose else text

    def _init_touch_fields(self) -> None:
        self.channel_combo = QComboBox()
        for channel in Channel:
            self.channel_combo.addItem(CHANNEL_LABELS[channel], channel)

        self.direction_group = QButtonGroup(self)
        self.direction_buttons: dict[Direction, QRadioButton] = {}
        self._direction_row = QWidget()
        row = QHBoxLayout(self._direction_row)
        row.setContentsMargins(0, 0, 0, 0)
        # Alt+U and Alt+I: Alt+O is the outcome's.
        texts = {
            # Translators: a radio button; its & letter must differ from the dialog's others.
            Direction.OUT: pgettext("direction", "O&utgoing"),
            # Translators: a radio button; its & letter must differ from the dialog's others.
            Direction.IN: pgettext("direction", "&Incoming"),
        }
        for direction in (Direction.OUT, Direction.IN):
            button = QRadioButton(texts[direction])
            button.setAccessibleName(DIRECTION_LABELS[direction])
            self.direction_group.addButton(button)
            self.direction_buttons[direction] = button
            row.addWidget(button)
        row.addStretch()

        self.outcome_combo = QComboBox()
        self.outcome_combo.addItem("—", None)
        for outcome in Outcome:
            self.outcome_combo.addItem(OUTCOME_LABELS[outcome], outcome)

        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(_("What was said or sent (Ctrl+Enter saves)"))
        lines = self.note_edit.fontMetrics().lineSpacing()
        self.note_edit.setMinimumHeight(4 * lines + 12)

        self.when_edit = WallClockEdit()
        self.when_edit.setAccessibleName(_("When"))
        self.when_note = TimeNote(self.when_edit, self._service.clock.tz)

    def _init_next_step(self) -> None:
        self.next_step_box = QGroupBox(_("Next step"))
        self.next_when_edit = WallClockEdit()
        self.next_when_edit.setAccessibleName(_("Next step due"))
        self.next_when_note = TimeNote(self.next_when_edit, self._service.clock.tz)
        self.next_channel_combo = QComboBox()
        for channel in Channel:
            self.next_channel_combo.addItem(CHANNEL_LABELS[channel], channel)
        self.next_purpose_edit = QLineEdit()
        self.next_purpose_edit.setPlaceholderText(_("What this follow-up is for"))
        # Why this channel (next-channel advice): one short line under it.
        self.advice_label = _plain_label()
        self.advice_label.setWordWrap(True)
        self.advice_label.setAccessibleName(_("Channel advice"))
        self.advice_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.no_next_step_check = QCheckBox(_("&No next step, because…"))
        self.no_next_step_combo = QComboBox()
        self.no_next_step_combo.setPlaceholderText(_("Choose why…"))
        for key, label in _NO_NEXT_STEP_CHOICES:
            self.no_next_step_combo.addItem(_(label), key)
        self.no_next_step_combo.setCurrentIndex(-1)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(_(_REASON_PLACEHOLDER))

        self.closed_label = _plain_label()

        self._next_step_form = form = QFormLayout(self.next_step_box)
        form.addRow(_("&Due:"), with_note(self.next_when_edit, self.next_when_note))
        form.addRow(_("C&hannel:"), self.next_channel_combo)
        form.addRow("", self.advice_label)
        form.addRow(_("&Purpose:"), self.next_purpose_edit)
        why = QHBoxLayout()
        why.addWidget(self.no_next_step_check)
        why.addWidget(self.no_next_step_combo, 1)
        form.addRow(why)
        form.addRow(_("&Reason:"), self.reason_edit)
        form.addRow(self.closed_label)

    def _init_buttons(self) -> None:
        self.error_label = _plain_label()
        keep_text_colour(self.error_label, alert_red)
        self.error_label.hide()

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.button_box.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("&Save"))
        self.save_button.setDefault(True)
        self.cancel_button = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        # Enter saves wherever the focus is; Cancel is Escape or a click.
        self.save_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)

    def _init_layout(self) -> None:
        form = QFormLayout()
        form.addRow(_("&Channel:"), self.channel_combo)
        form.addRow(_("Direction:"), self._direction_row)
        form.addRow(_("&Outcome:"), self.outcome_combo)
        form.addRow(_("No&te:"), self.note_edit)
        form.addRow(_("&When:"), with_note(self.when_edit, self.when_note))

        layout = QVBoxLayout(self)
        layout.addWidget(self.header_label)
        layout.addWidget(self.answers_label)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.next_step_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)

        out, into = self.direction_buttons[Direction.OUT], self.direction_buttons[Direction.IN]
        order: list[QWidget] = [
            self.channel_combo,
            out,
            into,
            self.outcome_combo,
            self.note_edit,
            self.when_edit,
            self.next_when_edit,
            self.next_channel_combo,
            self.next_purpose_edit,
            self.no_next_step_check,
            self.no_next_step_combo,
            self.reason_edit,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _set_defaults(self) -> None:
        if self._answers is not None:
            channel = self._answers.channel
        else:
            channel = self._prospect.preferred_channel or Channel.EMAIL
        self.channel_combo.setCurrentIndex(self.channel_combo.findData(channel))
        self.direction_buttons[Direction.OUT].setChecked(True)
        self.outcome_combo.setCurrentIndex(0)
        self.when_edit.set_moment(self._service.now().astimezone(self._service.clock.tz))

    def _connect_signals(self) -> None:
        self.channel_combo.currentIndexChanged.connect(self._on_touch_changed)
        self.direction_buttons[Direction.IN].toggled.connect(self._on_touch_changed)
        self.outcome_combo.currentIndexChanged.connect(self._on_touch_changed)
        self.when_edit.dateTimeChanged.connect(self._on_touch_changed)

        self.next_when_edit.dateTimeChanged.connect(self._on_next_step_edited)
        self.next_channel_combo.currentIndexChanged.connect(self._on_next_step_edited)
        self.next_purpose_edit.textChanged.connect(self._on_next_step_edited)

        self.no_next_step_check.toggled.connect(self._update_no_next_step)
        self.no_next_step_combo.currentIndexChanged.connect(self._update_no_next_step)

        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        # Enter in the note starts a new line; Ctrl+Enter saves, from any field.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.accept)
        self.note_edit.installEventFilter(self)

    # -- reading the fields ----------------------------------------------------
    @property
    def channel(self) -> Channel:
        return Channel(self.channel_combo.currentData())

    @property
    def direction(self) -> Direction:
        if self.direction_buttons[Direction.IN].isChecked():
            return Direction.IN
        return Direction.OUT

    @property
    def outcome(self) -> Outcome | None:
        data = self.outcome_combo.currentData()
        return None if data is None else Outcome(data)

    @property
    def at(self) -> datetime:
        """When the touch happened, in the user's zone."""
        return self.when_edit.moment(self._service.clock.tz)

    @property
    def proposal(self) -> Proposal | None:
        """The cadence's next step for the touch as it stands (None: prospect closed)."""
        return self._proposal

    @property
    def next_step_edited(self) -> bool:
        return self._next_step_edited

    def _no_next_step_reason(self) -> str | None:
        data = self.no_next_step_combo.currentData()
        return None if data is None else str(data)

    # -- reacting ------------------------------------------------------------------
    def _on_touch_changed(self, *_args: object) -> None:
        self._update_proposal()

    def _on_next_step_edited(self, *_args: object) -> None:
        if not self._filling_next_step:
            self._next_step_edited = True

    def _update_proposal(self) -> None:
        """Ask the cadence again; fill the next step unless the user has edited it."""
        self._proposal = self._service.propose_next(
            self._prospect_id,
            self.channel,
            direction=self.direction,
            outcome=self.outcome,
            at=self.at,
        )
        closed = self._proposal is None
        self.next_step_box.setEnabled(not closed)
        # A closed prospect has nothing to plan: only say why, no empty fields.
        form = self._next_step_form
        for row in range(form.rowCount()):
            form.setRowVisible(row, not closed)
        form.setRowVisible(self.closed_label, closed)
        if closed:
            stage = self._prospect.stage
            if stage is Stage.WON:
                text = _("No next step: the prospect is won.")
            elif stage is Stage.LOST:
                text = _("No next step: the prospect is lost.")
            else:
                text = _("No next step: the prospect is {stage}.").format(stage=STAGE_LABELS[stage])
            self.closed_label.setText(text)
            return
        if self._proposal is None:
            return
        advice = self._proposal.advice
        self.advice_label.setText(_("Advice: {advice}").format(advice=advice) if advice else "")
        if self._next_step_edited:
            return
        self._filling_next_step = True
        try:
            self.next_when_edit.set_moment(self._proposal.due_at.astimezone(self._service.clock.tz))
            index = self.next_channel_combo.findData(self._proposal.channel)
            self.next_channel_combo.setCurrentIndex(index)
            self.next_purpose_edit.setText(self._proposal.purpose)
        finally:
            self._filling_next_step = False

    def _update_no_next_step(self, *_args: object) -> None:
        cleared = self.no_next_step_check.isChecked()
        for widget in (self.next_when_edit, self.next_channel_combo, self.next_purpose_edit):
            widget.setEnabled(not cleared)
        self.no_next_step_combo.setEnabled(cleared)
        self.reason_edit.setEnabled(cleared)
        reason = self._no_next_step_reason()
        self.reason_edit.setPlaceholderText(
            _(_REASON_PLACEHOLDERS.get(reason or "", _REASON_PLACEHOLDER))
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl+Enter in the note saves even where a platform style lets the
        # text edit take the key before the dialog's shortcut sees it.
        if (
            watched is self.note_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    # -- saving ------------------------------------------------------------------
    def _refuse(self, message: str, focus: QWidget) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_request(self) -> LogTouchRequest | None:
        """The request for the fields as they stand, or None after showing why not."""
        next_step = NextStep.none()
        close_as: Stage | None = None
        close_reason = ""
        if self._proposal is not None and self.no_next_step_check.isChecked():
            reason = self._no_next_step_reason()
            close_reason = self.reason_edit.text().strip()
            if reason is None:
                self._refuse(
                    _("Say why there is no next step: won, lost or a deliberate pause."),
                    self.no_next_step_combo,
                )
                return None
            if reason == NO_NEXT_STEP_LOST and not close_reason:
                self._refuse(
                    _("A lost prospect needs the reason they gave: write it in Reason."),
                    self.reason_edit,
                )
                return None
            close_as = {NO_NEXT_STEP_WON: Stage.WON, NO_NEXT_STEP_LOST: Stage.LOST}.get(reason)
        elif self._proposal is not None:
            due = self.next_when_edit.moment(self._service.clock.tz)
            now = self._service.now().replace(second=0, microsecond=0)
            if due < now:
                self._refuse(
                    _("The next step is in the past: choose a later date and time."),
                    self.next_when_edit,
                )
                return None
            next_step = NextStep.on(
                due,
                Channel(self.next_channel_combo.currentData()),
                self.next_purpose_edit.text().strip(),
            )
        return LogTouchRequest(
            prospect_id=self._prospect_id,
            channel=self.channel,
            direction=self.direction,
            outcome=self.outcome,
            notes=self.note_edit.toPlainText().strip(),
            at=self.at,
            next_step=next_step,
            close_as=close_as,
            close_reason=close_reason,
        )

    def accept(self) -> None:
        """Save: close the dialog only when the fields make a valid request."""
        request = self._build_request()
        if request is None:
            return
        self.error_label.hide()
        self._request = request
        super().accept()

    def result_request(self) -> LogTouchRequest:
        """What to log; only after the dialog was accepted."""
        if self._request is None or self.result() != QDialog.DialogCode.Accepted:
            raise RuntimeError("The touch was not saved: the dialog was cancelled.")  # for code
        return self._request
