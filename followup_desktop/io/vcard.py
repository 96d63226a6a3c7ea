"""vCard 2.1, 3.0 and 4.0 in and out, built on vobject.

Reading is forgiving the way real exporters need: the file is first cut into
cards and logical lines here (folded lines, quoted-printable soft line
breaks, nested AGENT cards, mixed line endings), only the properties a
prospect keeps are handed to vobject, and a card vobject cannot read whole is
read line by line, so that one bad property costs that property, not the card.

The file is read as a stream, one card at a time: what is held at once is one
card's kept properties, each cut to MAX_VALUE_CHARS and the card to
MAX_CARD_CHARS (the cut is said), while properties a prospect does not keep
(photos, keys, sounds) are passed over without being gathered.
"""

from __future__ import annotations

import codecs
import quopri
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import vobject

from followup_desktop.domain.model import PostalAddress, Prospect
from followup_desktop.i18n import N_, _, ngettext
from followup_desktop.io.contacts import (
    MAX_CARD_CHARS,
    MAX_VALUE_CHARS,
    ContactCard,
    LabelledAddress,
    Problem,
    ReadResult,
    add_unique,
    called,
    clean_email,
    clean_phone,
    size_words,
    sort_out_emails,
    value_cut,
)
from followup_desktop.io.text import TextSource, decode_legacy, encoding_label, split_byte_lines

# The properties a prospect keeps; everything else (photos, keys, sounds) is skipped unread.
_KEPT = {"VERSION", "FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "ADR", "NOTE", "UID", "X-ABLABEL"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Properties whose value is one text, whatever commas it holds (ORG is a list of units).
_SINGLE_TEXT = {"FN", "TITLE", "NOTE"}
_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")
_RAW_PROPERTY = re.compile(rb"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")
_RAW_KEPT = {name.encode() for name in _KEPT}
_CARD_EDGES = (b"END:VCARD", b"BEGIN:VCARD")
# A kept line holds its name and parameters besides its value, which quoted-printable
# writes with up to three characters for one; the value is cut once decoded.
_LINE_CHARS = 3 * MAX_VALUE_CHARS + 4096
# What is held of a line before knowing whether its property is kept (and of one that is not).
_HEAD_CHARS = 256
# Translators: a value of a contact card, as a problem names it ("the note of Ana
# García is longer than 1 MB").
_WORDS = {
    "FN": N_("the name"),
    "N": N_("the name"),
    "ORG": N_("the company"),
    "TITLE": N_("the job title"),
    "EMAIL": N_("the e-mail address"),
    "TEL": N_("the phone number"),
    "ADR": N_("the address"),
    "NOTE": N_("the note"),
    "UID": N_("the uid"),
    "X-ABLABEL": N_("the label"),
    "VERSION": N_("the version"),
}


def _the(prop: str) -> str:
    """A property as a problem names it: "the note", "the X-FOO"."""
    word = _WORDS.get(prop)
    return _(word) if word is not None else _("the {property}").format(property=prop)


@dataclass
class _Line:
    number: int  # the physical line it starts on
    text: str
    cut: bool = False  # too long to keep whole: ``text`` holds its beginning only


@dataclass
class _RawLine:
    """A logical line as bytes: it is decoded once unfolded, so that a fold that cuts a
    character in two does not cut it for the decoder."""

    number: int
    data: bytes
    cut: bool = False


def looks_like_vcard(text: str) -> bool:
    """True when a line of the first part of ``text`` opens a card."""
    head = text[:65536]
    return any(line.strip().upper() == "BEGIN:VCARD" for line in _LINE_BREAK.split(head))


def _rest_of_line(
    first: bytes, pieces: Iterator[tuple[bytes, bytes | None]]
) -> tuple[bytes, int, bytes]:
    """A line longer than a piece: at most _LINE_CHARS of it, its length and last byte."""
    kept, size, length = [first[:_LINE_CHARS]], min(len(first), _LINE_CHARS), len(first)
    last = b""
    end: bytes | None = None
    while end is None:
        data, end = next(pieces)
        if data:
            length += len(data)
            last = data[-1:]
            if size < _LINE_CHARS:
                kept.append(data[: _LINE_CHARS - size])
                size += len(kept[-1])
    return b"".join(kept), length, last


class _Logical:
    """A logical line being gathered from its physical lines, within the caps."""

    def __init__(self, number: int, data: bytes, length: int, last: bytes) -> None:
        self.number = number
        self.parts = [data]
        self.size = len(data)
        self.cut = length > self.size
        self.last = last
        self.keep: bool | None = None  # decided once longer than _HEAD_CHARS
        self.quoted_printable: bool | None = None  # decided at the first ":"
        self._find_head(data, b"")
        self._decide()

    def add(self, data: bytes, whole: int, last: bytes) -> None:
        """Append ``data`` (the held part of a continuation ``whole`` bytes long)."""
        if whole:
            self.last = last
        if self.keep is False:
            return
        if self.quoted_printable is None:
            if self.size > _HEAD_CHARS:
                self.quoted_printable = False  # no name and parameters run that long
            else:
                self._find_head(data, b"".join(self.parts))
        room = _LINE_CHARS - self.size
        if whole > room:
            self.cut = True
        if room > 0 and data:
            self.parts.append(data[:room])
            self.size += len(self.parts[-1])
        self._decide()

    def drop_soft_break(self) -> None:
        """Take off the "=" that ends a quoted-printable line continued on the next."""
        if self.keep is not False and not self.cut:
            while self.parts and not self.parts[-1]:
                self.parts.pop()
            if self.parts:
                self.parts[-1] = self.parts[-1][:-1]
                self.size -= 1
                self.last = next((p[-1:] for p in reversed(self.parts) if p), b"")
                return
        self.last = b""

    def line(self) -> _RawLine:
        data = self.parts[0] if len(self.parts) == 1 else b"".join(self.parts)
        return _RawLine(self.number, data, self.cut and self.keep is not False)

    def _find_head(self, data: bytes, before: bytes) -> None:
        colon = data.find(b":")
        if colon >= 0:
            head = (before + data[:colon]).upper()
            self.quoted_printable = b"QUOTED-PRINTABLE" in head

    def _decide(self) -> None:
        if self.keep is None and self.size > _HEAD_CHARS:
            data = b"".join(self.parts)
            match = _RAW_PROPERTY.match(data)
            self.keep = bool(match and match.group(1).upper() in _RAW_KEPT)
            if self.keep:
                self.parts = [data]
            else:  # passed over: its beginning is enough
                self.parts, self.size = [data[:_HEAD_CHARS]], _HEAD_CHARS


def _logical_lines(pieces: Iterator[tuple[bytes, bytes | None]]) -> Iterator[_RawLine]:
    """Unfold folded lines and quoted-printable soft line breaks, as bytes."""
    current: _Logical | None = None
    qp_open = False
    for number, (piece, end) in enumerate(pieces, start=1):
        if end is None:
            data, length, last = _rest_of_line(piece, pieces)
        else:
            data, length, last = piece, len(piece), piece[-1:]
        if current is not None and qp_open and data.strip().upper() in _CARD_EDGES:
            qp_open = False  # a dangling soft break: the card still ends here
            current.drop_soft_break()
        if current is not None and qp_open:
            current.drop_soft_break()
            current.add(data, length, last)
        elif current is not None and data[:1] in (b" ", b"\t") and data.strip():
            # A folded line; quoted-printable values that fold this way keep the space.
            if current.keep is False:  # passed over (a photo, say): only its end matters
                current.last = last
            else:
                current.add(data[1:], length - 1, last)
        else:
            if current is not None:
                yield current.line()
            current = _Logical(number, data, length, last)
        # A quoted-printable line ending in "=" goes on on the next line.
        qp_open = current.last == b"=" and bool(current.quoted_printable)
    if current is not None:
        yield current.line()


def read_vcards(text: str | TextSource) -> ReadResult:
    """Every card in ``text``, read card by card. A file cut off inside a card is
    refused whole.

    Each value is decoded on its own once its lines are unfolded: as the CHARSET
    it declares, else as UTF-8 when it is that, else in the file's legacy
    encoding (a guess the problems name), so that a file gathered from several
    sources reads right card by card.
    """
    source = TextSource.from_string(text) if isinstance(text, str) else text
    result = ReadResult("vcard")
    depth = 0
    card: list[_RawLine] = []
    card_size = 0
    card_cut = 0  # the line from which the card was too long to keep
    start = 0
    outside_reported = False
    guessed: list[tuple[ContactCard, str]] = []  # cards read in a guessed encoding
    any_utf8 = False  # some card has text beyond ASCII in UTF-8
    for line in _logical_lines(split_byte_lines(source.byte_chunks())):
        stripped = line.data.strip()
        upper = stripped.upper()
        if upper == b"BEGIN:VCARD" or upper.endswith(b":BEGIN:VCARD"):
            if depth == 0:
                card, start, card_size, card_cut = [], line.number, 0, 0
            depth += 1
            continue
        if upper == b"END:VCARD":
            if depth == 0:
                result.problems.append(
                    Problem(line.number, _("an END:VCARD with no card open was ignored"))
                )
                continue
            depth -= 1
            if depth == 0:
                decoded = _Decoded(source.legacy)
                lines = [decoded.line(raw) for raw in card]
                contact = _read_card(lines, start, result, card_cut)
                if contact is not None:
                    result.contacts.append(contact)
                    any_utf8 = any_utf8 or decoded.utf8
                    if decoded.guessed:
                        guessed.append((contact, decoded.guessed))
                card = []
            continue
        if depth == 1:
            if not _is_kept(line.data):
                continue
            card_size += min(len(line.data), MAX_VALUE_CHARS)  # what is kept of it
            if card_size > MAX_CARD_CHARS:
                card_cut = card_cut or line.number
            else:
                card.append(line)
        elif depth == 0 and stripped and not outside_reported:
            outside_reported = True
            result.problems.append(Problem(line.number, _("text outside any card was ignored")))
    if depth > 0:
        return result.refuse(
            start,
            _(
                "the file ends inside the card that begins here (no END:VCARD): it looks cut "
                "off, so nothing was imported from it"
            ),
        )
    if not result.contacts and not result.problems:
        return result.refuse(0, _("the file holds no contact cards"))
    _report_guesses(result, guessed, any_utf8)
    return result


def _is_kept(data: bytes) -> bool:
    match = _RAW_PROPERTY.match(data)
    return bool(match and match.group(1).upper() in _RAW_KEPT and b":" in data)


class _Decoded:
    """Decodes one card's lines, noting the encoding guessed for any of its values."""

    def __init__(self, legacy: str) -> None:
        self.legacy = legacy
        self.guessed = ""  # the legacy encoding some value was read in, if any
        self.utf8 = False  # some value beyond ASCII was UTF-8

    def line(self, raw: _RawLine) -> _Line:
        """A line as text: quoted-printable decoded, CHARSET and ENCODING taken off.

        Done here rather than by vobject so that bytes not valid in their charset
        (real exporters write them) are read in the legacy encoding, not lost.
        """
        head, colon, value = raw.data.partition(b":")
        params = head.split(b";")
        kept = [params[0]]
        charset = ""
        quoted_printable = any(b"QUOTED-PRINTABLE" in p.upper() for p in params[1:])
        for param in params[1:]:
            key, _sep, val = param.partition(b"=")
            if key.strip().upper() == b"CHARSET":
                charset = val.strip().strip(b'"').decode("ascii", errors="replace")
            elif param.strip().upper() not in (b"QUOTED-PRINTABLE", b"ENCODING=QUOTED-PRINTABLE"):
                kept.append(param)
        if quoted_printable:
            value = quopri.decodestring(value)
        text = self._text(value, charset, quoted_printable, raw.cut)
        if quoted_printable:
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
        else:
            kept = params
        name = self._text(b";".join(kept), "", False, False)
        return _Line(raw.number, name + colon.decode() + text, raw.cut)

    def _text(self, data: bytes, charset: str, quoted_printable: bool, cut: bool) -> str:
        if data.isascii():
            return data.decode("ascii")
        if charset and quoted_printable and (text := _decode(data, charset, cut)) is not None:
            return text  # an encoded value says its charset: honoured
        if (text := _decode(data, "utf-8", cut, "strict")) is not None:
            self.utf8 = True
            return text
        if charset and (text := _decode(data, charset, cut)) is not None:
            return text  # 8-bit bytes in the charset their property says
        self.guessed = self.legacy
        return decode_legacy(data, self.legacy)


def _decode(data: bytes, charset: str, cut: bool, errors: str = "replace") -> str | None:
    """``data`` decoded as ``charset``, or None when there is no such charset (or, with
    strict ``errors``, the bytes are not in it). A cut value may end inside a
    character: that part is left off."""
    try:
        decoder = codecs.getincrementaldecoder(charset)(errors=errors)
        return decoder.decode(data, final=not cut)
    except (LookupError, UnicodeDecodeError):
        return None


def _report_guesses(
    result: ReadResult, guessed: list[tuple[ContactCard, str]], any_utf8: bool
) -> None:
    """Say which cards were read in a guessed encoding: each one when the file mixes
    them with UTF-8 cards, else once for the file."""
    if not guessed:
        return
    if any_utf8:
        for contact, encoding in guessed:
            result.problems.append(
                Problem(
                    contact.line,
                    _(
                        "the card of {contact} is not UTF-8 and does not say its "
                        "character set: read as {encoding}"
                    ).format(contact=called(contact), encoding=encoding_label(encoding)),
                )
            )
        return
    shown = ", ".join(
        _("{contact} (line {line})").format(contact=called(c), line=c.line)
        for c, _encoding in guessed[:5]
    )
    more = len(guessed) - 5
    if more > 0:
        shown = ngettext("{names} and {n} more", "{names} and {n} more", more).format(
            names=shown, n=more
        )
    result.problems.append(
        Problem(
            0,
            ngettext(
                "the file is not UTF-8 and does not say its character set: {n} card read as "
                "{encoding}: {cards}",
                "the file is not UTF-8 and does not say its character set: {n} cards read as "
                "{encoding}: {cards}",
                len(guessed),
            ).format(n=len(guessed), encoding=encoding_label(guessed[0][1]), cards=shown),
        )
    )


def _kept(lines: list[_Line]) -> list[_Line]:
    """The lines a prospect keeps, each value cut to MAX_VALUE_CHARS."""
    kept = []
    for line in lines:
        text = line.text
        head, colon, value = text.partition(":")
        cut = line.cut or len(value) > MAX_VALUE_CHARS
        if cut:
            value = value[:MAX_VALUE_CHARS]
            if (len(value) - len(value.rstrip("\\"))) % 2:
                value = value[:-1]  # an escape cut in half would make the value unreadable
            text = head + colon + value
        if _property_name(head) in _SINGLE_TEXT:
            text = head + colon + _escape_commas(value)
        kept.append(_Line(line.number, text, cut))
    return kept


def _property_name(head: str) -> str:
    """FN from "item1.FN;CHARSET=UTF-8"."""
    return head.split(";", 1)[0].rpartition(".")[2].strip().upper()


def _escape_commas(value: str) -> str:
    """A text value with each unescaped comma escaped, so that it is read as one value.

    Exporters write "FN:Mustermann, Heiko"; read as the list the comma would
    make, it keeps only "Mustermann".
    """
    out: list[str] = []
    escaped = False
    for char in value:
        if char == "," and not escaped:
            out.append("\\")
        out.append(char)
        escaped = char == "\\" and not escaped
    return "".join(out)


def _parse(lines: Sequence[_Line]) -> Any:
    body = "\r\n".join(line.text for line in lines)
    # vobject reads the lines one by one when it allows quoted-printable, and else
    # through a regular expression that takes about 150 bytes per character of a
    # line. Values come here decoded and unfolded, so only one that mentions
    # quoted-printable and ends in "=" would be taken for a soft line break.
    soft_break = any(
        line.text.endswith("=") and "quoted-printable" in line.text.lower() for line in lines
    )
    return vobject.readOne(
        f"BEGIN:VCARD\r\n{body}\r\nEND:VCARD\r\n", validate=False, allowQP=not soft_break
    )


def _read_card(
    card: list[_Line], start: int, result: ReadResult, cut_from: int = 0
) -> ContactCard | None:
    lines = _kept(card)
    try:
        components = [_parse(lines)]
    except Exception:  # vobject raises many kinds; read the lines one by one instead
        components = []
        for line in lines:
            try:
                components.append(_parse([line]))
            except Exception as exc:
                name = _PROPERTY.match(line.text)
                what = name.group(1).upper() if name else _("a property")
                result.problems.append(
                    Problem(
                        line.number,
                        _("{property} could not be read ({reason}); skipped").format(
                            property=what, reason=_reason(exc)
                        ),
                    )
                )
    contact = ContactCard(start)
    labels: dict[str, str] = {}
    for component in components:
        for line in component.contents.get("x-ablabel", []):
            if line.group:
                labels[line.group.lower()] = _label(str(line.value))
    fn = ""
    n_name = ""
    for component in components:
        for key, values in component.contents.items():
            for line in values:
                try:
                    fn, n_name = _take(contact, key, line, labels, fn, n_name)
                except Exception as exc:
                    result.problems.append(
                        Problem(
                            start,
                            _("{property} could not be read ({reason})").format(
                                property=key.upper(), reason=_reason(exc)
                            ),
                        )
                    )
    contact.name = fn or n_name
    sort_out_emails(contact, result.problems)
    if contact.is_empty:
        result.problems.append(
            Problem(start, _("the card has no name, company, e-mail or phone; skipped"))
        )
        return None
    for line in lines:
        if line.cut:
            name = _PROPERTY.match(line.text)
            what = name.group(1).upper() if name else ""
            result.problems.append(Problem(line.number, value_cut(_the(what), contact)))
    if cut_from:
        result.problems.append(
            Problem(
                cut_from,
                _(
                    "the card of {contact} is longer than {size}: "
                    "the rest of it, from this line on, was not read"
                ).format(contact=called(contact), size=size_words(MAX_CARD_CHARS)),
            )
        )
    return contact


def _reason(exc: Exception) -> str:
    # vobject counts lines within the piece it was given: not the file's line, so drop it.
    text = re.sub(r"^At line \d+:\s*", "", " ".join(str(exc).split()))
    return text[:120] or type(exc).__name__


def _label(text: str) -> str:
    # Apple writes its own labels as _$!<Work>!$_
    return text.replace("_$!<", "").replace(">!$_", "").strip()


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value if _text(v))
    return " ".join(str(value).split()) if value is not None else ""


def _multiline(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        out: list[str] = []
        for v in value:
            out += _multiline(v)
        return out
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return [" ".join(part.split()) for part in text.split("\n") if part.strip()]


def _types(line: Any) -> list[str]:
    raw = [str(t) for t in line.params.get("TYPE", [])]
    raw += [str(t) for t in getattr(line, "singletonparams", [])]
    types = list(dict.fromkeys(t.strip().lower() for t in ",".join(raw).split(",") if t.strip()))
    if line.params.get("PREF"):
        types.append("pref")
    return types


def _take(
    contact: ContactCard, key: str, line: Any, labels: dict[str, str], fn: str, n_name: str
) -> tuple[str, str]:
    value = line.value
    if key == "fn":
        fn = fn or _text(value)
    elif key == "n":
        parts = [_text(getattr(value, p, "")) for p in ("given", "additional", "family")]
        n_name = n_name or " ".join(p for p in parts if p)
    elif key == "org":
        orgs = value if isinstance(value, list) else [value]
        first = orgs[0] if orgs else ""
        # vobject splits an escaped comma inside a unit into a list: join it back.
        company = ", ".join(_text(p) for p in first) if isinstance(first, list) else _text(first)
        contact.company = contact.company or company
    elif key == "title":
        contact.title = contact.title or _text(value)
    elif key == "email":
        _add_ranked(contact.emails, clean_email(_text(value)), "pref" in _types(line))
    elif key == "tel":
        _add_ranked(contact.phones, clean_phone(_text(value)), "pref" in _types(line))
    elif key == "adr":
        types = _types(line)
        label = labels.get((line.group or "").lower(), "") or ", ".join(
            t for t in types if t not in ("pref", "postal", "parcel", "intl", "dom")
        )
        street = _multiline(getattr(value, "box", "")) + _multiline(getattr(value, "extended", ""))
        street += _multiline(getattr(value, "street", ""))
        address = PostalAddress(
            street="\n".join(street),
            city=_text(getattr(value, "city", "")),
            region=_text(getattr(value, "region", "")),
            postal_code=_text(getattr(value, "code", "")),
            country=_text(getattr(value, "country", "")),
        )
        if not address.is_empty:
            contact.addresses.append(LabelledAddress(address, label, "pref" in types))
    elif key == "note":
        note = "\n".join(_multiline_keep(value) if isinstance(value, str) else _multiline(value))
        if note:
            contact.notes = f"{contact.notes}\n\n{note}" if contact.notes else note
    elif key == "uid":
        contact.uid = contact.uid or uid_from_vcard(_text(value))
    return fn, n_name


def _add_ranked(values: list[str], value: str, preferred: bool) -> None:
    """Add a value once; a preferred one goes first."""
    if value and preferred and value not in values:
        values.insert(0, value)
    add_unique(values, value)


def _multiline_keep(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [part.rstrip() for part in text.strip().split("\n")]


def uid_from_vcard(value: str) -> str:
    value = value.strip()
    return value[9:] if value.lower().startswith("urn:uuid:") else value


def uid_for_vcard(uid: str) -> str:
    """A uid as vCard 4.0 writes a UUID (urn:uuid:), keeping the letters' case as read."""
    try:
        uuid.UUID(uid)
    except ValueError:
        return uid
    return f"urn:uuid:{uid}"


# -- writing -----------------------------------------------------------------


def write_vcards(prospects: Sequence[Prospect], version: str = "4.0") -> str:
    """The prospects as vCards (4.0 by default, or 3.0), CRLF line endings."""
    if version not in ("3.0", "4.0"):
        raise ValueError(
            _("vCard {version} is not written; choose 3.0 or 4.0").format(version=version)
        )
    return "".join(_card(p, version).serialize() for p in prospects)


def _card(p: Prospect, version: str) -> Any:
    card = vobject.vCard()
    card.add("version").value = version
    if p.uid:
        card.add("uid").value = uid_for_vcard(p.uid) if version == "4.0" else p.uid
    card.add("fn").value = p.name
    # A company standing as its own prospect has no person's name to split.
    family, given = ("", "") if p.name == p.company else _split_name(p.name)
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if p.company:
        card.add("org").value = [p.company]
    if p.title:
        card.add("title").value = p.title
    for i, email in enumerate(p.emails):
        line = card.add("email")
        line.value = email
        if i == 0 and len(p.emails) > 1:
            line.params["PREF" if version == "4.0" else "TYPE"] = [
                "1" if version == "4.0" else "pref"
            ]
    for phone in p.phones:
        card.add("tel").value = phone
    if not p.address.is_empty:
        a = p.address
        card.add("adr").value = vobject.vcard.Address(
            street=a.street, city=a.city, region=a.region, code=a.postal_code, country=a.country
        )
    if p.notes:
        card.add("note").value = p.notes
    return card


def _split_name(name: str) -> tuple[str, str]:
    """(family, given) from a display name: the last word is taken as the family name."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return words[-1], " ".join(words[:-1])


# -- merging into a card another client edited -----------------------------------

# What a prospect's card says, once per card: ours replaces the other client's.
_OWNED_ONCE = ("VERSION", "UID", "FN", "N", "ORG", "TITLE", "NOTE")
# Several per card: the other client's line is kept (its label, its types) while
# the prospect still has its value.
_OWNED_MANY = ("EMAIL", "TEL", "ADR")
_CONTENT_LINE = re.compile(
    r'^(?:(?P<group>[A-Za-z0-9-]+)\.)?(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;(?:[^:";]|"[^"]*")*)*):'
    r"(?P<value>.*)$"
)
_FOLD_OCTETS = 75


@dataclass(frozen=True)
class _CardLine:
    text: str
    group: str
    name: str
    value: str

    @classmethod
    def read(cls, text: str) -> _CardLine:
        match = _CONTENT_LINE.match(text)
        if match is None:
            return cls(text, "", "", "")
        return cls(
            text,
            (match.group("group") or "").lower(),
            match.group("name").upper(),
            match.group("value"),
        )

    def key(self) -> str:
        """The value as compared: a number's digits, an address's parts, an e-mail's case."""
        if self.name == "TEL":
            return re.sub(r"[^\d+]", "", self.value)
        if self.name == "EMAIL":
            return self.value.strip().lower()
        parts = re.split(r"(?<!\\);", self.value)
        return ";".join(" ".join(p.replace("\\n", " ").split()).lower() for p in parts)

    def with_value_of(self, other: _CardLine) -> _CardLine:
        head = self.text[: len(self.text) - len(self.value)]
        return _CardLine(head + other.value, self.group, self.name, other.value)


def _card_lines(text: str) -> list[_CardLine]:
    """The first card's content lines, unfolded, without BEGIN and END."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text.replace("\r\n", "\n"))
    lines: list[_CardLine] = []
    inside = False
    for raw in unfolded.split("\n"):
        upper = raw.strip().upper()
        if upper == "BEGIN:VCARD":
            inside = True
        elif upper == "END:VCARD":
            if inside:
                break
        elif inside and raw.strip():
            lines.append(_CardLine.read(raw))
    return lines


def _folded(line: str) -> str:
    """A content line folded at 75 octets, never inside a character."""
    out: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > _FOLD_OCTETS:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def merge_vcard(ours: str, theirs: str) -> str:
    """Our card written into the server's copy of it, as another client (a phone)
    left it: what the prospect says replaces what the card said, and the rest is
    kept (photos, X-APPLE-* properties, labels, a note added there while the
    prospect has none, addresses beyond the prospect's one). Ours alone when the
    server's copy holds no card."""
    their_lines = _card_lines(theirs)
    if not their_lines:
        return ours
    mine = _card_lines(ours)
    mine_once = {line.name: line for line in mine if line.name in _OWNED_ONCE}
    mine_many = [line for line in mine if line.name in _OWNED_MANY]
    used: set[int] = set()
    merged: list[_CardLine] = [mine_once["VERSION"]] if "VERSION" in mine_once else []
    unmatched_address: int | None = None
    written: set[str] = {"VERSION"}
    for line in their_lines:
        if line.name in _OWNED_ONCE:
            if line.name in written:
                continue
            if line.name in mine_once:
                merged.append(mine_once[line.name])
                written.add(line.name)
            elif line.name == "NOTE":
                merged.append(line)  # a note written on the phone, the prospect having none
            continue
        if line.name in _OWNED_MANY:
            match = next(
                (
                    i
                    for i, m in enumerate(mine_many)
                    if i not in used and m.name == line.name and m.key() == line.key()
                ),
                None,
            )
            if match is not None:
                used.add(match)
                merged.append(line)
            elif line.name == "ADR":
                if unmatched_address is None:
                    unmatched_address = len(merged)
                merged.append(line)  # the prospect keeps one address: the others are the phone's
            continue  # a number or e-mail the prospect no longer has
        merged.append(line)
    for name in _OWNED_ONCE:
        if name in mine_once and name not in written:
            merged.append(mine_once[name])
    for i, line in enumerate(mine_many):
        if i in used:
            continue
        if line.name == "ADR" and unmatched_address is not None:
            # The prospect's address changed here: it takes the old one's place and label.
            merged[unmatched_address] = merged[unmatched_address].with_value_of(line)
            unmatched_address = None
            continue
        merged.append(line)
    groups = {line.group for line in merged if line.group and line.name != "X-ABLABEL"}
    kept = [
        line
        for line in merged
        if line.name != "X-ABLABEL" or not line.group or line.group in groups
    ]
    return (
        "".join(_folded(line.text) + "\r\n" for line in [_CardLine.read("BEGIN:VCARD"), *kept])
        + "END:VCARD\r\n"
    )
