"""The draft composer: a short follow-up e-mail on the three-part formula, and its templates.

The user picks why they are reaching out now, adds a line of their own and
the one next step; the history comes from the timeline. The draft can be
copied, opened in the mail client, and logged as sent (an e-mail touch, so
the cadence plans what comes next).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.drafts import (
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    SHORT_WORDS,
    Draft,
    DraftTemplate,
    Reason,
    clipboard_text,
    unknown_placeholders,
)
from followup_desktop.domain.errors import DomainError
from followup_desktop.i18n import N_, _, ngettext
from followup_desktop.services.drafts import DraftService
from followup_desktop.ui.palette import alert_red, keep_text_colour

# Texts here are marked with N_() and shown with _(): the language is chosen
# after this module loads.
TITLE = N_("Draft follow-up")
# Radio texts with their mnemonics; the dialog's other mnemonics avoid these letters.
# Translators: the reason radios' mnemonics must differ from the dialog's other ones
# (L, S, U, B, R, T, C, M, G).
_REASON_TEXTS = {
    Reason.NEWS: N_("&News"),
    Reason.NEW_OFFER: N_("A new &offer"),
    Reason.CHECK_IN: N_("A chec&k-in"),
    Reason.ARTICLE: N_("An &article to share"),
    Reason.OWN_LINE: N_("My o&wn line only"),
}
_TEMPLATE_NAMES = {
    Reason.NEWS: N_("News"),
    Reason.NEW_OFFER: N_("A new offer"),
    Reason.CHECK_IN: N_("A check-in"),
    Reason.ARTICLE: N_("An article to share"),
    Reason.OWN_LINE: N_("My own line only"),
}
DEFAULT_REASON = Reason.CHECK_IN
NO_EMAIL_TIP = N_("{name} has no e-mail address: add one on their card, or copy the text.")
NO_NAME_HINT = N_("To sign with your name, set “Sender on envelopes” in Preferences.")
REPLACE_QUESTION = N_(
    "You changed the message by hand. Replace it with a new draft for your new choices?"
)


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class DraftDialog(QDialog):
    """Composes a follow-up e-mail to one prospect.

    ``log_sent`` applies "Log as sent" (the main window passes one that can be
    undone); by default the draft service logs the touch itself, carrying out
    ``follow_up_id`` when given (an agenda entry).
    """

    def __init__(
        self,
        drafts: DraftService,
        prospect_id: int,
        parent: QWidget | None = None,
        *,
        my_name: str = "",
        log_sent: Callable[[Draft], object] | None = None,
        follow_up_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._drafts = drafts
        self._prospect_id = prospect_id
        self._prospect = drafts.service.get_prospect(prospect_id)
        self._my_name = my_name.strip()
        self._log_sent = log_sent
        self._follow_up_id = follow_up_id
        self._generated: Draft | None = None
        self._stale = False  # the choices changed but the edited draft was kept
        self.logged: object = None  # what logging returned: a LoggedTouch by default
        self.setWindowTitle(_("{title} — {name}").format(title=_(TITLE), name=self._prospect.name))
        self._init_widgets()
        self._init_shortcuts()
        self._connect_signals()
        self.regenerate(ask=False)
        self.own_line_edit.setFocus()
        self.resize(640, 620)

    # -- building ------------------------------------------------------------
    def _init_widgets(self) -> None:
        email = self._drafts.email(self._prospect_id)
        to = f"{self._prospect.name} <{email}>" if email else f"{self._prospect.name}"
        self.to_label = _plain_label(_("To: {recipient}").format(recipient=to))
        self.to_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.reason_box = QGroupBox(_("Why you are reaching out now"))
        grid = QGridLayout(self.reason_box)
        self.reason_group = QButtonGroup(self)
        self.reason_buttons: dict[Reason, QRadioButton] = {}
        for index, reason in enumerate(Reason):
            button = QRadioButton(_(_REASON_TEXTS[reason]))
            self.reason_buttons[reason] = button
            self.reason_group.addButton(button, index)
            grid.addWidget(button, index // 3, index % 3)
        self.reason_buttons[DEFAULT_REASON].setChecked(True)

        self.own_line_edit = QLineEdit()
        self.own_line_edit.setPlaceholderText(_("What is new, or why now: in your own words"))
        self.next_step_edit = QLineEdit(self._drafts.suggested_next_step(self._prospect_id))
        self.next_step_edit.setPlaceholderText(_("The one thing you ask them to do"))
        self.subject_edit = QLineEdit()
        self.body_edit = QPlainTextEdit()
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        form = QFormLayout()
        form.addRow(_("Your &line:"), self.own_line_edit)
        form.addRow(_("Next &step:"), self.next_step_edit)
        form.addRow(_("S&ubject:"), self.subject_edit)
        body_label = QLabel(_("&Body:"))
        body_label.setBuddy(self.body_edit)
        form.addRow(body_label, self.body_edit)

        self.word_count_label = _plain_label()
        self.regenerate_button = QPushButton(_("&Regenerate"))
        self.regenerate_button.setToolTip(_("Draft the message again from your choices (Ctrl+R)"))
        count_row = QHBoxLayout()
        count_row.addWidget(self.word_count_label, 1)
        count_row.addWidget(self.regenerate_button)

        self.hint_label = _plain_label("" if self._my_name else _(NO_NAME_HINT))
        self.hint_label.setVisible(not self._my_name)
        self.hint_label.setEnabled(False)
        self.status_label = _plain_label()

        self.templates_button = QPushButton(_("Edit &templates…"))
        self.templates_button.setToolTip(_("Change the wording of each reason's draft"))
        self.copy_button = QPushButton(_("&Copy"))
        self.copy_button.setToolTip(_("Copy the subject and the message (Ctrl+Shift+C)"))
        self.open_button = QPushButton(_("Open in &mail client"))
        if email:
            self.open_button.setToolTip(_("Start an e-mail with this draft (Ctrl+Return)"))
        else:
            self.open_button.setEnabled(False)
            self.open_button.setToolTip(_(NO_EMAIL_TIP).format(name=self._prospect.name))
        self.log_button = QPushButton(_("Lo&g as sent"))
        self.log_button.setToolTip(
            _("Log an e-mail touch with this subject; the plan proposes the next step (Ctrl+L)")
        )
        self.close_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.templates_button)
        buttons.addStretch(1)
        for push in (self.copy_button, self.open_button, self.log_button, self.close_button):
            buttons.addWidget(push)
        for push in (
            self.regenerate_button,
            self.templates_button,
            self.copy_button,
            self.open_button,
            self.log_button,
            self.close_button,
        ):
            # Return in a field must not send or close anything.
            push.setAutoDefault(False)
            push.setDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.to_label)
        layout.addWidget(self.reason_box)
        layout.addLayout(form, 1)
        layout.addLayout(count_row)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)

        order: list[QWidget] = [
            *self.reason_buttons.values(),
            self.own_line_edit,
            self.next_step_edit,
            self.subject_edit,
            self.body_edit,
            self.regenerate_button,
            self.templates_button,
            self.copy_button,
            self.open_button,
            self.log_button,
            self.close_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _init_shortcuts(self) -> None:
        for keys, slot in (
            ("Ctrl+Shift+C", self.copy),
            ("Ctrl+Return", self.open_in_mail_client),
            ("Ctrl+Enter", self.open_in_mail_client),
            ("Ctrl+L", self.log_as_sent),
            ("Ctrl+R", self._on_regenerate_button_clicked),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

    def _connect_signals(self) -> None:
        self.reason_group.idToggled.connect(self._on_reason_group_id_toggled)
        for edit in (self.own_line_edit, self.next_step_edit):
            edit.textChanged.connect(self._on_choice_text_changed)
            edit.editingFinished.connect(self._on_choice_editing_finished)
        self.body_edit.textChanged.connect(self._update_word_count)
        self.regenerate_button.clicked.connect(self._on_regenerate_button_clicked)
        self.templates_button.clicked.connect(self.edit_templates)
        self.copy_button.clicked.connect(self.copy)
        self.open_button.clicked.connect(self.open_in_mail_client)
        self.log_button.clicked.connect(self.log_as_sent)
        self.close_button.clicked.connect(self.reject)

    # -- the draft -------------------------------------------------------------
    def reason(self) -> Reason:
        return next(r for r, b in self.reason_buttons.items() if b.isChecked())

    def set_reason(self, reason: Reason) -> None:
        self.reason_buttons[reason].setChecked(True)

    def draft(self) -> Draft:
        """The message as it stands in the dialog, hand edits included."""
        return Draft(" ".join(self.subject_edit.text().split()), self.body_edit.toPlainText())

    def composed(self) -> Draft:
        """The draft the current choices make."""
        return self._drafts.compose(
            self._prospect_id,
            self.reason(),
            own_line=self.own_line_edit.text(),
            next_step=self.next_step_edit.text(),
            my_name=self._my_name,
        )

    def is_hand_edited(self) -> bool:
        """True when the subject or body differs from the last draft made for the user."""
        return self._generated is not None and self.draft() != self._generated

    def regenerate(self, *, ask: bool = True) -> bool:
        """Draft the message again; a hand-edited one is replaced only if the user
        agrees (``ask``), or not at all. Returns whether it was replaced."""
        new = self.composed()
        if self.is_hand_edited():
            self._stale = True
            if not ask:
                return False
            self._stale = False
            answer = QMessageBox.question(
                self,
                _(TITLE),
                _(REPLACE_QUESTION),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self._generated = new
        self._stale = False
        self.subject_edit.setText(new.subject)
        self.body_edit.setPlainText(new.body)
        return True

    def _update_word_count(self) -> None:
        draft = self.draft()
        words = draft.words
        text = ngettext("{count} word", "{count} words", words).format(count=words)
        if not draft.is_short:
            # Translators: {words} is the count just made: "127 words".
            text = _("{words} — long: a follow-up reads best under {limit} words").format(
                words=text, limit=SHORT_WORDS
            )
        keep_text_colour(self.word_count_label, None if draft.is_short else alert_red)
        self.word_count_label.setText(text)

    # -- slots -------------------------------------------------------------------
    def _on_reason_group_id_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self.regenerate(ask=True)

    def _on_choice_text_changed(self, _text: str) -> None:
        # Typing updates an untouched draft as it goes; an edited one waits for the
        # end of the edit, so the question comes once and not on every key.
        self.regenerate(ask=False)

    def _on_choice_editing_finished(self) -> None:
        if self._stale:
            self.regenerate(ask=True)

    def _on_regenerate_button_clicked(self) -> None:
        self.regenerate(ask=True)

    # -- actions -----------------------------------------------------------------
    def copy(self) -> None:
        """The subject, a blank line and the message, on the clipboard."""
        QApplication.clipboard().setText(clipboard_text(self.draft()))
        self.status_label.setText(_("Copied the subject and the message."))

    def mailto_url(self) -> QUrl:
        url = self._drafts.mailto(self._prospect_id, self.draft())
        return QUrl.fromEncoded(url.encode("ascii"), QUrl.ParsingMode.StrictMode)

    def open_in_mail_client(self) -> bool:
        if not self.open_button.isEnabled():
            return False
        opened = QDesktopServices.openUrl(self.mailto_url())
        self.status_label.setText(
            _("Opened in your mail client. Once it is sent, log it as sent.")
            if opened
            else _("No mail client opened: copy the text and paste it into your e-mail.")
        )
        return bool(opened)

    def log_as_sent(self) -> None:
        """Log the e-mail touch (through ``log_sent`` when given) and close."""
        draft = self.draft()
        try:
            if self._log_sent is not None:
                self.logged = self._log_sent(draft)
            else:
                self.logged = self._drafts.log_sent(
                    self._prospect_id, draft, answers=self._follow_up_id
                )
        except DomainError as exc:
            QMessageBox.warning(self, _(TITLE), str(exc))
            return
        if self.logged is False:
            return
        self.accept()

    def edit_templates(self) -> bool:
        dialog = DraftTemplatesDialog(self._drafts, self.reason(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.regenerate(ask=True)
        return True


class DraftTemplatesDialog(QDialog):
    """Edits the wording of each reason's draft; Reset brings back the default."""

    def __init__(self, drafts: DraftService, reason: Reason, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Draft templates"))
        self._drafts = drafts
        self._templates = drafts.templates()
        self._current = reason
        self.template_combo = QComboBox()
        for each in Reason:
            self.template_combo.addItem(_(_TEMPLATE_NAMES[each]), each.value)
        self.template_combo.setCurrentIndex(list(Reason).index(reason))
        self.subject_edit = QLineEdit()
        self.body_edit = QPlainTextEdit()
        self.body_edit.setTabChangesFocus(True)
        names = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        self.help_label = _plain_label(
            _(
                "Placeholders: {names}. A sentence whose facts are unknown is left out; "
                "a part in [square brackets] is left out alone."
            ).format(names=names)
        )
        self.help_label.setEnabled(False)
        self.problem_label = _plain_label()
        self.reset_button = QPushButton(_("Reset to &default"))
        self.reset_button.setAutoDefault(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        form = QFormLayout()
        form.addRow(_("&Template:"), self.template_combo)
        form.addRow(_("S&ubject:"), self.subject_edit)
        body_label = QLabel(_("&Body:"))
        body_label.setBuddy(self.body_edit)
        form.addRow(body_label, self.body_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.help_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self._show(reason)
        self.template_combo.currentIndexChanged.connect(self._on_template_combo_changed)
        self.subject_edit.textChanged.connect(self._check)
        self.body_edit.textChanged.connect(self._check)
        self.reset_button.clicked.connect(self.reset_to_default)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(600, 480)

    def _show(self, reason: Reason) -> None:
        self._current = reason
        template = self._templates[reason]
        self.subject_edit.setText(template.subject)
        self.body_edit.setPlainText(template.body)
        self._check()

    def _keep_current(self) -> None:
        self._templates[self._current] = DraftTemplate(
            self.subject_edit.text(), self.body_edit.toPlainText()
        )

    def _on_template_combo_changed(self, index: int) -> None:
        self._keep_current()
        self._show(list(Reason)[index])

    def _check(self) -> None:
        template = DraftTemplate(self.subject_edit.text(), self.body_edit.toPlainText())
        problems = []
        unknown = unknown_placeholders(template)
        if unknown:
            names = ", ".join(f"{{{name}}}" for name in unknown)
            problems.append(_("Not a placeholder, shown as typed: {names}.").format(names=names))
        if not template.body.strip():
            problems.append(_("A template needs a body."))
        self.problem_label.setText(" ".join(problems))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(template.body.strip()))

    def reset_to_default(self) -> None:
        """The shown template back to its default words (kept when saved)."""
        default = DEFAULT_TEMPLATES[self._current]
        self.subject_edit.setText(default.subject)
        self.body_edit.setPlainText(default.body)

    def templates(self) -> dict[Reason, DraftTemplate]:
        self._keep_current()
        return dict(self._templates)

    def accept(self) -> None:
        templates = self.templates()
        if any(not t.body.strip() for t in templates.values()):
            empty = next(r for r, t in templates.items() if not t.body.strip())
            self.template_combo.setCurrentIndex(list(Reason).index(empty))
            return
        try:
            self._drafts.save_templates(templates)
        except DomainError as exc:
            QMessageBox.warning(self, _("Draft templates"), str(exc))
            return
        super().accept()
