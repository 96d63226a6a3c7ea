"""One entry point for a contact file's bytes: which format, then its contacts."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from followup_desktop.i18n import N_, _
from followup_desktop.io.contacts import NotAContactFile, Problem, ReadResult
from followup_desktop.io.csv_contacts import ContactTable, contacts_from_table, read_table
from followup_desktop.io.text import (
    WESTERN,
    UnreadableEncoding,
    encoding_label,
    is_binary,
    open_text,
)
from followup_desktop.io.vcard import looks_like_vcard, read_vcards

NOT_A_CONTACT_FILE = N_(
    "this is not a contact file: FollowUp Desktop reads vCard (.vcf) files and CSV "
    "files with a header row"
)


@dataclass
class ContactFile:
    """A file read: its text encoding, its contacts and problems, and for a CSV file
    the table and the mapping used (the mapping step shows and changes them)."""

    encoding: str
    result: ReadResult
    table: ContactTable | None = None
    mapping: list[str] | None = None
    remembered: bool = False  # the mapping is one the user confirmed before


def read_contact_file(
    data: bytes | BinaryIO,
    mapping: Sequence[str] | None = None,
    remembered: Callable[[Sequence[str]], list[str] | None] | None = None,
) -> ContactFile:
    """Read a vCard or CSV file's bytes, or a seekable binary stream of them, a piece
    at a time. Never raises for bad content: a file that cannot be read comes back
    refused, with a problem saying why in words.

    A CSV file is read through ``mapping`` when given, else through the mapping
    ``remembered`` has for its header (a list of e-mails needs none), else the guess.
    """
    try:
        source = open_text(io.BytesIO(data) if isinstance(data, bytes) else data)
    except UnreadableEncoding as exc:
        return ContactFile("", ReadResult("").refuse(0, str(exc)))
    encoding = source.encoding
    head = source.head(65536)
    if looks_like_vcard(head):
        return ContactFile(encoding, read_vcards(source))
    if is_binary(head):
        return ContactFile(encoding, ReadResult("").refuse(0, _(NOT_A_CONTACT_FILE)))
    try:
        table = read_table(source)
    except NotAContactFile as exc:  # says all there is to say
        return ContactFile(encoding, ReadResult("csv").refuse(0, str(exc)))
    except ValueError as exc:
        # Translators: why a file is not a contact file, then what went wrong reading it.
        message = _("{not_a_contact_file} ({problem})").format(
            not_a_contact_file=_(NOT_A_CONTACT_FILE), problem=exc
        )
        return ContactFile(encoding, ReadResult("csv").refuse(0, message))
    known = None
    if mapping is None and remembered is not None and table.layout != "email-list":
        known = remembered(table.header)
    used = list(mapping if mapping is not None else known or table.guessed)
    used = (used + [""] * len(table.header))[: len(table.header)]
    result = contacts_from_table(table, used)
    if source.legacy != WESTERN and encoding == source.legacy:
        # Found by its bytes: said, so that a wrong guess can be told from the data.
        result.problems.insert(
            0,
            Problem(
                0,
                _("the file is not UTF-8: it was read as {encoding}").format(
                    encoding=encoding_label(encoding)
                ),
            ),
        )
    return ContactFile(encoding, result, table, used, remembered=known is not None)
