"""Contact CSV files in and out: Google, Outlook, LinkedIn, Thunderbird, or any table.

Reading finds the delimiter and the header row (LinkedIn puts notes above it),
recognises the exporter by its header, and turns each row into a contact
through a column mapping: one field per column. Known layouts get their
mapping from the header; any other table gets a guess the user can correct
(and the app remembers). Writing produces Google's contacts layout.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from followup_desktop.domain.address import envelope_lines
from followup_desktop.domain.model import PostalAddress, Prospect
from followup_desktop.domain.translated import Translated
from followup_desktop.i18n import _, ngettext, pgettext
from followup_desktop.io.contacts import (
    MAX_CARD_CHARS,
    ContactCard,
    LabelledAddress,
    NotAContactFile,
    Problem,
    ReadResult,
    add_unique,
    called,
    clean_email,
    clean_phone,
    looks_like_email,
    one_line,
    size_words,
    sort_out_emails,
    value_cut,
)
from followup_desktop.io.csv_rows import Row, RowCut, read_rows
from followup_desktop.io.text import TextSource

DELIMITERS = (",", ";", "\t")
# Notes exported from a CRM can be long; the csv module's default limit is 128 KiB.
# (Values reach it cut to MAX_VALUE_CHARS: see csv_rows.)
csv.field_size_limit(max(csv.field_size_limit(), 32 * 1024 * 1024))
# The most of the first lines the delimiter is guessed from.
SAMPLE_CHARS = 1024 * 1024
GOOGLE_MULTI = " ::: "
HEADER_SEARCH_ROWS = 20
ADDRESS_PARTS = ("street", "street2", "city", "region", "postal_code", "country")
ADDRESS_SLOTS = ("work", "home", "other")

# Fields a column can feed, with the words the mapping step shows for them.
FIELDS: Mapping[str, str] = Translated(
    lambda: {
        "": _("(not imported)"),
        "name": pgettext("contact field", "Full name"),
        "first": pgettext("contact field", "First name"),
        "middle": pgettext("contact field", "Middle name"),
        "last": pgettext("contact field", "Last name"),
        "prefix": pgettext("contact field", "Name prefix"),
        "suffix": pgettext("contact field", "Name suffix"),
        "company": pgettext("contact field", "Company"),
        "title": pgettext("contact field", "Job title"),
        "email": pgettext("contact field", "E-mail"),
        "phone": pgettext("contact field", "Phone"),
        "notes": pgettext("contact field", "Notes"),
        "web": pgettext("contact field", "Web page (kept in notes)"),
    }
)


def _part_words() -> dict[str, str]:
    return {
        "street": pgettext("address part", "street"),
        "street2": pgettext("address part", "street, second line"),
        "city": pgettext("address part", "city"),
        "region": pgettext("address part", "state or region"),
        "postal_code": pgettext("address part", "postal code"),
        "country": pgettext("address part", "country"),
    }


LAYOUT_NAMES: Mapping[str, str] = Translated(
    lambda: {
        "google": _("Google Contacts"),
        "google-old": _("Google Contacts (older layout)"),
        "outlook": "Outlook",
        "outlook-web": _("Outlook on the web"),
        "linkedin": _("LinkedIn connections"),
        "thunderbird": "Thunderbird",
        "email-list": _("a list of e-mail addresses"),
        "": _("a table of contacts"),
    }
)


def field_label(key: str) -> str:
    """The words for a mapping field: "Work address: city", "E-mail", ..."""
    if ":" in key:
        slot, part = key.split(":", 1)
        if slot.isdigit():
            where = _("Address {n}").format(n=slot)
        else:
            where = {
                "work": _("Work address"),
                "home": _("Home address"),
                "other": _("Other address"),
            }.get(slot) or _("{slot} address").format(slot=slot.capitalize())
        # Translators: a mapping field for a part of an address ("Work address: city").
        return _("{address}: {part}").format(address=where, part=_part_words().get(part, part))
    return FIELDS.get(key, key)


def field_choices(extra: Sequence[str] = ()) -> list[str]:
    """Every field a column can be mapped to, in the order the mapping step lists them."""
    keys = list(FIELDS)
    for slot in ADDRESS_SLOTS:
        keys += [f"{slot}:{part}" for part in ADDRESS_PARTS]
    for key in extra:
        if key and key not in keys:
            keys.append(key)
    return keys


def normalise_header(text: str) -> str:
    text = text.strip().strip("\ufeff").casefold()
    text = re.sub(r"[_\-–/.:'’()]+", " ", text)
    return " ".join(text.split())


def _has(h: str, pattern: str) -> bool:
    return re.search(pattern, h) is not None


def _first_rule(h: str, rules: Sequence[tuple[str, str]]) -> str:
    """The value of the first (pattern, value) rule whose pattern is found in ``h``."""
    return next((value for pattern, value in rules if _has(h, pattern)), "")


# Which field a (normalised) header names, tried in order: the first match wins.
_PERSON_RULES = (
    (r"weitere vornamen|middle ?name|additional name", "middle"),
    (r"first ?name|given name|vorname|pr[ée]nom", "first"),
    (r"last ?name|family name|surname|nachname|nom de famille", "last"),
    (r"prefix|anrede|salutation|civilit", "prefix"),
    (r"suffix", "suffix"),
    (r"^(display name|full name|name|contact name|contact|nom|kontakt)$", "name"),
    (r"^title$", "title"),  # Outlook's "Title" is the name prefix: see guess_field
    (r"job ?title|position|occupation|\brole\b|organi[sz]ation( 1)? title|beruf|poste", "title"),
    (
        r"company|organi[sz]ation( 1)?( name)?$|^org$|firma|employer|soci[ée]t[ée]|account",
        "company",
    ),
    (r"^notes?$|comment|description|notiz|bemerkung", "notes"),
    (r"^url$|web ?page|website|homepage|profile url", "web"),
)
_SLOT_RULES = (
    (r"\b(home|private|privat|personal|domicile)\b", "home"),
    (r"\b(work|business|office|company|gesch[äa]ft|dienst)", "work"),
    (r"\bother\b", "other"),
)
_PART_RULES = (
    (r"formatted", "formatted"),
    (r"po box|pobox|postfach", "pobox"),
    (r"extended|street [23]|address 2$|address line 2|address [23]$|zusatz", "street2"),
    (r"street|address line|stra(ss|ß)e|\brue\b|^address$|\baddress$", "street"),
    (r"\bcity\b|\btown\b|locality|\bort\b|stadt|ville", "city"),
    (r"country|\bland\b|\bpays\b", "country"),
    (r"\bstate\b|region|province|county|bundesland", "region"),
    (r"\bzip|postal|post ?code|\bplz\b|postleitzahl|code postal", "postal_code"),
)


def guess_field(header: str, headers: Sequence[str] = ()) -> str:
    """The field a column with this header most likely holds ("" when none)."""
    h = normalise_header(header)
    if not h or _has(h, r"yomi|phonetic|e ?mail.*(display|angezeigt)|(display|angezeigt).*e ?mail"):
        return ""
    slot = _slot(h)
    if _has(h, r"\b(type|label|typ)\b"):
        return f"{slot}:type" if slot and _has(h, r"address") else ""
    if _has(h, r"e ?mail|\bmail\b|courriel|correo"):
        return "email"
    if _has(h, r"phone|mobile|\bcell|\btel\b|telephone|telefon|\bfax\b|pager|handy|mobil"):
        return "phone"
    part = _first_rule(h, _PART_RULES)
    if part:
        return f"{slot or 'work'}:{part}"
    found = _first_rule(h, _PERSON_RULES)
    if found == "title" and h == "title":
        others = (normalise_header(x) for x in headers)
        if any(_has(o, r"job ?title|position|occupation") for o in others):
            return "prefix"
    return found


def _slot(h: str) -> str:
    number = re.search(r"address (\d+) ", h)  # Google's "Address 1 - Street"
    return number.group(1) if number else _first_rule(h, _SLOT_RULES)


def guess_mapping(header: Sequence[str]) -> list[str]:
    return [guess_field(h, header) for h in header]


def detect_layout(header: Sequence[str]) -> str:
    """Which exporter wrote a header row ("" when none we know)."""
    h = {normalise_header(x) for x in header}
    if {"first name", "last name", "url", "email address", "connected on"} <= h:
        return "linkedin"
    if "e mail 1 value" in h or "e mail 1 label" in h or "phone 1 value" in h:
        if {"given name", "family name"} & h or "group membership" in h:
            return "google-old"
        return "google"
    if {"primary email", "display name"} <= h and ("work phone" in h or "mobile number" in h):
        return "thunderbird"
    if "e mail address" in h and {"first name", "last name"} <= h:
        if "e mail display name" in h or "e mail type" in h:
            return "outlook"
        return "outlook-web"
    return ""


@dataclass
class ContactTable:
    """A CSV file read as a table: its header row, and the rows under it with line numbers."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    delimiter: str
    header_line: int
    layout: str
    guessed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cuts: dict[int, RowCut] = field(default_factory=dict)  # by the line a row starts on

    @property
    def needs_mapping(self) -> bool:
        """True when no exporter was recognised: the user should confirm the columns."""
        return self.layout == ""


def _sample(source: TextSource) -> tuple[str, bool]:
    """The first lines of the text, at most SAMPLE_CHARS of them, and whether that
    cut the lines short."""
    parts: list[str] = []
    size = lines = 0
    for text, end in source.lines():
        parts.append(text[: SAMPLE_CHARS - size])
        size += len(parts[-1])
        if size >= SAMPLE_CHARS:
            break
        if end is not None:
            parts.append(end)
            lines += 1
            if lines >= HEADER_SEARCH_ROWS * 3:
                break
    sample = "\n".join("".join(parts).splitlines()[: HEADER_SEARCH_ROWS * 3])
    return sample, size >= SAMPLE_CHARS


def _sniff_delimiter(sample: str, cut_short: bool) -> str:
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        try:
            # A sample cut short may end inside quotes: read on as csv does when not strict,
            # and leave out the last row, which is only a beginning.
            read = read_rows(TextSource.from_string(sample), delimiter, not cut_short)[0]
            rows = [r for _, r in read[: -1 if cut_short else None] if any(c.strip() for c in r)]
        except csv.Error:
            rows = [line.split(delimiter) for line in sample.splitlines() if line.strip()]
        counts = Counter(len(r) for r in rows if len(r) > 1)
        if not counts:
            continue
        width, times = max(counts.items(), key=lambda kv: (kv[1] * kv[0], kv[0]))
        score = times * width
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_error(exc: csv.Error) -> tuple[int, str]:
    """The line a csv error names (``read_rows`` puts "line N: " first; 0 without one)
    and what the csv module said."""
    where, _sep, what = str(exc).partition(": ")
    number = where.split()[-1] if where.split() else ""
    return (int(number) if number.isdigit() else 0), what


def read_table(text: str | TextSource) -> ContactTable:
    """``text`` as a table of contacts, read a row at a time (values longer than
    MAX_VALUE_CHARS cut). Raises ValueError with a message for the user: a
    NotAContactFile when the message says all there is to say."""
    source = TextSource.from_string(text) if isinstance(text, str) else text
    if source.is_blank():
        raise ValueError(_("the file is empty"))
    delimiter = _sniff_delimiter(*_sample(source))
    quoting: list[Problem] = []
    try:
        records, cuts = read_rows(source, delimiter)
    except csv.Error as exc:
        line, what = _csv_error(exc)
        if "unexpected end of data" in what:
            raise NotAContactFile(
                str(
                    Problem(
                        line,
                        _(
                            "the file ends inside a quoted field; it looks cut off, so "
                            "nothing was imported from it"
                        ),
                    )
                )
            ) from None
        # A quote in the wrong place: read the file as written, and say where.
        try:
            records, cuts = read_rows(source, delimiter, strict=False)
        except csv.Error as again:
            line, what = _csv_error(again)
            raise NotAContactFile(
                str(
                    Problem(
                        line,
                        _("this is not a table the app can read ({error})").format(error=what),
                    )
                )
            ) from None
        quoting.append(
            Problem(
                line, _("a quote in the wrong place ({error}); read as written").format(error=what)
            )
        )
    records = [(n, r) for n, r in records if any(c.strip() for c in r)]
    if not records:
        raise ValueError(_("the file is empty"))
    widths = Counter(len(r) for _, r in records)
    if max(widths) == 1 or (len(widths) == 1 and next(iter(widths)) == 1):
        table = _email_list(records)
        table.cuts = cuts
        return table
    header_index = 0
    for index, (_line, row) in enumerate(records[:HEADER_SEARCH_ROWS]):
        if sum(1 for f in guess_mapping(row) if f) >= 2 or detect_layout(row):
            header_index = index
            break
    header_line, header = records[header_index]
    header = [h.strip().strip("\ufeff") for h in header]
    rows = records[header_index + 1 :]
    if len(header) < 2:
        raise ValueError(_("no header row with column names was found"))
    table_like = sum(1 for _, r in rows if abs(len(r) - len(header)) <= 1)
    if rows and table_like < len(rows) / 2:
        raise NotAContactFile(
            _("this is not a contact file: its rows do not line up with a header row")
        )
    layout = detect_layout(header)
    table = ContactTable(header, rows, delimiter, header_line, layout, guess_mapping(header))
    table.problems += quoting
    table.cuts = cuts
    for line, row in rows:
        if len(row) != len(header):
            table.problems.append(
                Problem(
                    line,
                    ngettext(
                        "{n} field where the header has {columns}",
                        "{n} fields where the header has {columns}",
                        len(row),
                    ).format(n=len(row), columns=len(header)),
                )
            )
    return table


def _email_list(records: list[Row]) -> ContactTable:
    values = [(n, r[0].strip() if r else "") for n, r in records]
    emails = [v for _, v in values if looks_like_email(clean_email(v))]
    if not emails:
        raise NotAContactFile(
            _("this is not a contact file: it has one column, and it holds no e-mail addresses")
        )
    header = ["E-mail"]
    rows = [(n, [v]) for n, v in values]
    header_line = 0
    if values and not looks_like_email(clean_email(values[0][1])):
        header_line = values[0][0]
        header = [values[0][1] or "E-mail"]
        rows = rows[1:]
    return ContactTable(header, rows, "", header_line, "email-list", ["email"])


def contacts_from_table(table: ContactTable, mapping: Sequence[str]) -> ReadResult:
    """Every row as a contact through ``mapping`` (one field per column)."""
    result = ReadResult("csv", table.layout, problems=list(table.problems))
    if not any(f in ("name", "first", "last", "company", "email", "phone") for f in mapping):
        return result.refuse(
            table.header_line,
            _(
                "this is not a contact file as it stands: no column holds names, companies, "
                "e-mail addresses or phone numbers (map the columns to import it)"
            ),
        )
    multi = table.layout.startswith("google")
    # Fax and pager numbers go after the numbers a person answers.
    late = {i for i, h in enumerate(table.header) if _has(normalise_header(h), r"fax|pager")}
    for line, row in table.rows:
        contact = _contact(line, row, mapping, multi, table.layout, late)
        sort_out_emails(contact, result.problems)
        if contact.is_empty:
            result.problems.append(
                Problem(line, _("no name, company, e-mail or phone in this row; skipped"))
            )
            continue
        cut = table.cuts.get(line)
        if cut is not None:
            result.problems += _cut_problems(line, cut, table.header, mapping, contact)
        result.contacts.append(contact)
    if not result.contacts and not result.problems:
        result.problems.append(Problem(table.header_line, _("no contacts under the header row")))
    return result


def _cut_problems(
    line: int, cut: RowCut, header: Sequence[str], mapping: Sequence[str], contact: ContactCard
) -> list[Problem]:
    """What was cut of a row, in words: only the columns that are imported."""
    problems = [
        Problem(
            line, value_cut(_("the {column} column").format(column=repr(header[column])), contact)
        )
        for column in cut.columns
        if column < min(len(header), len(mapping)) and mapping[column]
    ]
    if cut.rest:
        problems.append(
            Problem(
                line,
                _("the row of {contact} is longer than {size}: the rest of it was not read").format(
                    contact=called(contact), size=size_words(MAX_CARD_CHARS)
                ),
            )
        )
    return problems


def _contact(
    line: int,
    row: list[str],
    mapping: Sequence[str],
    multi: bool,
    layout: str,
    late: set[int],
) -> ContactCard:
    """One row as a contact (maybe an empty one: the caller says so)."""
    contact = ContactCard(line)
    late_phones: list[str] = []
    parts: dict[str, str] = {}
    slots: dict[str, dict[str, list[str]]] = {}
    notes: list[str] = []
    web: list[str] = []
    for column, (key, value) in enumerate(zip(mapping, row, strict=False)):
        value = value.strip()
        if not key or not value:
            continue
        values = [v.strip() for v in value.split(GOOGLE_MULTI)] if multi else [value]
        if key == "email":
            for v in values:
                add_unique(contact.emails, clean_email(v))
        elif key == "phone":
            for v in values:
                add_unique(late_phones if column in late else contact.phones, clean_phone(v))
        elif key == "notes":
            notes.append(value.replace("\r\n", "\n"))
        elif key == "web":
            web.append(("LinkedIn: " if layout == "linkedin" else "Web: ") + value)
        elif ":" in key:
            slot, part = key.split(":", 1)
            slots.setdefault(slot, {}).setdefault(part, []).append(value)
        elif key in ("name", "first", "middle", "last", "prefix", "suffix", "company", "title"):
            parts[key] = f"{parts[key]} {value}" if key in parts else value
    for phone in late_phones:
        add_unique(contact.phones, phone)
    contact.name = one_line(parts.get("name", "")) or one_line(
        " ".join(parts.get(k, "") for k in ("first", "middle", "last"))
    )
    contact.company = one_line(parts.get("company", ""))
    contact.title = one_line(parts.get("title", ""))
    contact.notes = "\n\n".join([*notes, "\n".join(web)] if web else notes)
    for slot, fields in slots.items():
        address = _address(fields)
        if address is not None:
            label = " ".join(fields.get("type", [])).strip()
            preferred = label.startswith("*")
            label = label.lstrip("* ").strip() or slot
            contact.addresses.append(LabelledAddress(address, label, preferred))
    return contact


def _address(fields: dict[str, list[str]]) -> PostalAddress | None:
    def first(part: str) -> str:
        return one_line(" ".join(fields.get(part, [])))

    street_lines: list[str] = []
    for part in ("pobox", "street", "street2"):
        for value in fields.get(part, []):
            street_lines += [s.strip() for s in value.splitlines() if s.strip()]
    address = PostalAddress(
        street="\n".join(street_lines),
        city=first("city"),
        region=first("region"),
        postal_code=first("postal_code"),
        country=first("country"),
    )
    if address.is_empty and fields.get("formatted"):
        lines = [s.strip() for v in fields["formatted"] for s in v.splitlines() if s.strip()]
        address = PostalAddress(street="\n".join(lines))
    return None if address.is_empty else address


# -- writing -----------------------------------------------------------------

GOOGLE_HEADER = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Notes",
    "Labels",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
    "Address 1 - Label",
    "Address 1 - Formatted",
    "Address 1 - Street",
    "Address 1 - City",
    "Address 1 - PO Box",
    "Address 1 - Region",
    "Address 1 - Postal Code",
    "Address 1 - Country",
    "Address 1 - Extended Address",
]


def write_google_csv(prospects: Sequence[Prospect]) -> str:
    """The prospects in Google Contacts' CSV layout (several e-mails or phones in one
    cell, separated by " ::: ", as Google writes them)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(GOOGLE_HEADER)
    for p in prospects:
        words = [] if p.name == p.company else p.name.split()  # a company has no person's name
        first, last = (" ".join(words[:-1]), words[-1]) if len(words) > 1 else (" ".join(words), "")
        a = p.address
        # Laid out as the destination country writes it ("Cupertino, CA 95014").
        lines = envelope_lines("", "", a, a.country) or []
        formatted = "\n".join([*lines, a.country] if a.country else lines)
        row = {
            "First Name": first,
            "Last Name": last,
            "File As": p.name,
            "Organization Name": p.company,
            "Organization Title": p.title,
            "Notes": p.notes,
            "Labels": " ::: ".join(["* myContacts", *p.tags]),
            "E-mail 1 - Label": "* Work" if p.emails else "",
            "E-mail 1 - Value": GOOGLE_MULTI.join(p.emails),
            "Phone 1 - Label": "Work" if p.phones else "",
            "Phone 1 - Value": GOOGLE_MULTI.join(p.phones),
            "Address 1 - Label": "" if a.is_empty else "Work",
            "Address 1 - Formatted": formatted,
            "Address 1 - Street": a.street,
            "Address 1 - City": a.city,
            "Address 1 - Region": a.region,
            "Address 1 - Postal Code": a.postal_code,
            "Address 1 - Country": a.country,
        }
        writer.writerow([row.get(h, "") for h in GOOGLE_HEADER])
    return out.getvalue()
