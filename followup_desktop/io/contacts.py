"""What reading a contact file gives: contacts, and problems tied to line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followup_desktop.domain.model import PostalAddress
from followup_desktop.i18n import _

_EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")

# What one value, and one card or row, may hold: more is cut (and said), so that a
# file with a runaway line costs the memory of one card, not of the line.
MAX_VALUE_CHARS = 1024 * 1024
MAX_CARD_CHARS = 4 * MAX_VALUE_CHARS


@dataclass(frozen=True)
class LabelledAddress:
    """A postal address with the label its file gave it (home, work, ...)."""

    address: PostalAddress
    label: str = ""
    preferred: bool = False


@dataclass
class ContactCard:
    """One contact read from a file, before it becomes (or joins) a prospect.

    ``line`` is where it starts in its file, for messages about it.
    """

    line: int
    name: str = ""
    company: str = ""
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    addresses: list[LabelledAddress] = field(default_factory=list)
    notes: str = ""
    uid: str = ""

    @property
    def address(self) -> PostalAddress:
        """The address a prospect keeps: the preferred one, else work, else the first."""
        filled = [a for a in self.addresses if not a.address.is_empty]
        for choice in (
            [a for a in filled if a.preferred],
            [a for a in filled if _is_work(a.label)],
            filled,
        ):
            if choice:
                return choice[0].address
        return PostalAddress()

    def other_addresses(self) -> list[LabelledAddress]:
        kept = self.address
        return [a for a in self.addresses if not a.address.is_empty and a.address != kept]

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.company or self.emails or self.phones)


def _is_work(label: str) -> bool:
    label = label.casefold()
    return "work" in label or "business" in label or "office" in label


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file: where (line 0 for the whole file) and what, in words."""

    line: int
    message: str
    fatal: bool = False  # the whole file was refused

    def __str__(self) -> str:
        if not self.line:
            return self.message
        # Translators: a problem in a contact file, and the line it is on.
        return _("line {line}: {problem}").format(line=self.line, problem=self.message)


@dataclass
class ReadResult:
    """A file's contacts and problems. A fatal problem means no contact is taken from it."""

    format: str  # "vcard" or "csv"
    layout: str = ""  # the CSV layout recognised ("google", "outlook", ...), or "" for vCard
    contacts: list[ContactCard] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return any(p.fatal for p in self.problems)

    def refuse(self, line: int, message: str) -> ReadResult:
        self.contacts = []
        self.problems.append(Problem(line, message, fatal=True))
        return self


class NotAContactFile(ValueError):
    """The bytes are not a contact file this app reads; the message says so in words."""


def sort_out_emails(contact: ContactCard, problems: list[Problem]) -> None:
    """Keep only what looks like an e-mail address among a contact's e-mails.

    Anything else (a placeholder like "n/a", an Exchange path, "SMTP") is neither
    stored as an address nor used to find duplicates; a value with an @ in it is
    kept in the notes as written, so that nothing typed by a person is lost.
    """
    kept: list[str] = []
    for email in contact.emails:
        if looks_like_email(email):
            kept.append(email)
        elif "@" in email:
            note = _("E-mail as written: {email}").format(email=one_line(email))
            contact.notes = f"{contact.notes}\n{note}" if contact.notes else note
            problems.append(
                Problem(
                    contact.line,
                    _("{value} does not look like an e-mail address; kept in the notes").format(
                        value=repr(one_line(email))
                    ),
                )
            )
        else:
            problems.append(
                Problem(
                    contact.line,
                    _("{value} is not an e-mail address; not imported").format(
                        value=repr(one_line(email))
                    ),
                )
            )
    contact.emails = kept


def size_words(chars: int) -> str:
    """A limit in characters as the user reads it ("1 MB")."""
    return _("{n} MB").format(n=chars // (1024 * 1024))


def called(contact: ContactCard | None) -> str:
    """How a problem names a contact: by its name, company, e-mail or phone."""
    if contact is not None:
        for value in (contact.name, contact.company, *contact.emails, *contact.phones):
            if value.strip():
                return one_line(value)
    return _("a contact with no name")


def value_cut(what: str, contact: ContactCard | None) -> str:
    """The problem's words for a value longer than MAX_VALUE_CHARS, cut to that.

    ``what`` names the value: "the note", "the 'Notes' column".
    """
    size = size_words(MAX_VALUE_CHARS)
    return _("{what} of {contact} is longer than {size}: only its first {size} was kept").format(
        what=what, contact=called(contact), size=size
    )


def looks_like_email(text: str) -> bool:
    return bool(_EMAIL.match(text.strip()))


def clean_email(text: str) -> str:
    """An address as written, without a mailto: scheme, angle brackets or spaces."""
    text = text.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().strip("<>").strip()


def clean_phone(text: str) -> str:
    """A number as written, without a tel: scheme; an extension as ' ext. N'."""
    text = text.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
        number, _sep, params = text.partition(";")
        ext = ""
        for param in params.split(";"):
            key, _sep, value = param.partition("=")
            if key.lower() == "ext" and value:
                ext = f" ext. {value}"
        text = number + ext
    return " ".join(text.split())


def add_unique(values: list[str], value: str, key: str | None = None) -> None:
    """Append ``value`` unless a value with the same folded form is there."""
    value = value.strip()
    if not value:
        return
    folded = (key if key is not None else value).casefold()
    if all(v.casefold() != folded for v in values):
        values.append(value)


def one_line(text: str) -> str:
    return " ".join(text.split())
