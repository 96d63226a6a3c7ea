"""Preferences › Phone sync: the CalDAV/CardDAV account the phone syncs with."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.i18n import _
from followup_desktop.services.sync import Account
from followup_desktop.services.sync_account import save_account
from followup_desktop.ui.phone_sync import PhoneSync


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class PhoneSyncPage(QWidget):
    """Server URL, user name and password; a test of the connection."""

    def __init__(self, phone_sync: PhoneSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sync = phone_sync
        account = phone_sync.account()
        self._saved = account
        intro = _note(
            _(
                "Your follow-ups as to-dos and your prospects as contacts on your own "
                "CalDAV/CardDAV server (Nextcloud, Radicale, Fastmail, iCloud…), so that "
                "your phone reminds you and shows who is calling. FollowUp syncs when it "
                "starts, after each change, every 15 minutes, and on Tools › Sync now."
            )
        )
        self.url_edit = QLineEdit("" if account is None else account.url)
        self.url_edit.setPlaceholderText(_("https://cloud.example.com/remote.php/dav"))
        self.user_edit = QLineEdit("" if account is None else account.user)
        self.password_edit = QLineEdit(
            "" if account is None or account.password is None else account.password
        )
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        if phone_sync.keeper.in_keyring():
            kept = _("The password is kept in the system keyring.")
        else:
            kept = _(
                "There is no system keyring here: the password is kept only until "
                "FollowUp closes, and asked for again at the next start."
            )
        self.password_note = _note(kept)
        self.test_button = QPushButton(_("&Test connection"))
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.result_label = _note()
        self.result_label.setAccessibleName(_("Connection test"))
        self.last_test_ok: bool | None = None
        form = QFormLayout()
        form.addRow(_("Server &URL:"), self.url_edit)
        form.addRow(_("User &name:"), self.user_edit)
        form.addRow(_("Pass&word:"), self.password_edit)
        form.addRow(self.password_note)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.result_label, 1)
        form.addRow(row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)

    def entered(self) -> Account:
        return Account(
            self.url_edit.text().strip(), self.user_edit.text().strip(), self.password_edit.text()
        )

    def _on_test_button_clicked(self) -> None:
        account = self.entered()
        if not account.url:
            self.result_label.setText(_("Enter the server's URL first."))
            return
        self.test_button.setEnabled(False)
        self.result_label.setText(_("Connecting to {url}…").format(url=account.url))
        self._sync.test_connection(account, self._on_tested)

    def _on_tested(self, ok: bool, words: str) -> None:
        if not shiboken6.isValid(self):
            return  # the dialog closed meanwhile
        self.test_button.setEnabled(True)
        self.result_label.setText(words)
        self.last_test_ok = ok

    def save(self) -> None:
        """Keep what was entered; sync with it soon when it changed."""
        entered = self.entered()
        saved = self._saved
        if saved is not None and entered == saved:
            return
        if saved is None and not entered.url:
            return
        if (
            saved is not None
            and (entered.url, entered.user) == (saved.url, saved.user)
            and saved.password is None
            and not entered.password
        ):
            return  # the password is still to be asked for
        save_account(
            self._sync.service,
            self._sync.keeper,
            entered.url,
            entered.user,
            entered.password or "",
        )
        self._sync.account_changed()


class PasswordPrompt(QDialog):
    """Asks for the sync password this session (no system keyring keeps it);
    not modal, so the window goes on working while it is open."""

    def __init__(self, phone_sync: PhoneSync, account: object, parent: QWidget | None = None):
        super().__init__(parent)
        assert isinstance(account, Account)
        self._sync = phone_sync
        self._account = account
        self.setWindowTitle(_("Phone sync"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        question = _note(
            _("The password for {user} on {url}, to sync with your phone:").format(
                user=account.user, url=account.url
            )
        )
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(_("Password"))
        if phone_sync.keeper.in_keyring():
            kept = _("The password will be kept in the system keyring.")
        else:
            kept = _("It is kept only until FollowUp closes.")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.password_edit)
        layout.addWidget(_note(kept))
        layout.addWidget(buttons)

    def open(self) -> None:
        self.show()

    def accept(self) -> None:
        self._sync.keeper.set(self._account, self.password_edit.text())
        super().accept()
        self._sync.sync_now()
