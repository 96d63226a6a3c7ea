"""The `followup-desktop` command: the GUI by default, verbs for scripting.

Bad arguments or input print one line on stderr and exit with status 2,
having written nothing. A file that cannot be written for want of room (a full
disk) prints one line and exits with status 1; an earlier file of that name is
left as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import re
import shlex
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from followup_desktop import __version__, paths
from followup_desktop.clock import SystemClock
from followup_desktop.domain.cadence import BUILT_IN_CADENCES
from followup_desktop.domain.clock import Clock
from followup_desktop.domain.errors import DomainError, os_error_words
from followup_desktop.domain.model import Channel, Direction, Outcome, Source, Stage
from followup_desktop.domain.values import parse_amount
from followup_desktop.domain.wallclock import iso_in
from followup_desktop.domain.when import HELP as WHEN_HELP
from followup_desktop.domain.when import read_when
from followup_desktop.i18n import (
    N_,
    _,
    available_languages,
    babel_locale,
    current_language,
    known_language,
    ngettext,
    pgettext,
    set_language,
)
from followup_desktop.io.whole import write_whole
from followup_desktop.services import FollowUpService, NextStep
from followup_desktop.services.backups import Backup, BackupService
from followup_desktop.services.contacts import (
    Decision,
    ImportOutcome,
    ImportPreview,
    ImportService,
)
from followup_desktop.services.demo import DEFAULT_PROSPECTS, generate_demo
from followup_desktop.services.demo import MAX_PROSPECTS as MAX_DEMO_PROSPECTS
from followup_desktop.services.preferences import (
    DatabasePreferences,
    load_page_size,
    load_sender_lines,
    stored_language,
)
from followup_desktop.services.report import MAX_QUIET_DAYS, ReportService
from followup_desktop.services.settings import (
    SENDER_ENV,
    home_country_from_env,
    sender_lines_from_env,
)
from followup_desktop.services.thanks import ThankYouService
from followup_desktop.store import Store, StoreError, open_store

PROG = "followup-desktop"
EXIT_USAGE = 2
EXIT_NOT_WRITTEN = 1


class UsageError(Exception):
    """Bad arguments or input: one line for the user, exit status 2."""


class NotWrittenError(Exception):
    """The disk would not take a file (full, over quota): one line, exit status 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


# argparse's own words (usage, options, its error messages), translated in our
# catalogue: main() has argparse look them up there.
_ARGPARSE_WORDS = (
    # Translators: argparse's heading before the command's synopsis; keep the space.
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
)


def _translate_argparse() -> None:
    """Have argparse say its words in the current language (it looks them up through
    its module's ``_`` and ``ngettext``, the stdlib's gettext otherwise)."""
    setattr(argparse, "_", _)  # noqa: B010 - argparse has no public hook for this
    setattr(argparse, "ngettext", ngettext)  # noqa: B010


def _choose_language(argv: list[str]) -> None:
    """The language, before any output: ``--language``, else the one chosen in
    Preferences for the data this run opens, else the environment's."""
    language: str | None = None
    data_dir: str | None = None
    demo = False
    i = 0
    # The global options come before the command; the first word that is not
    # one of them ends the search.
    while i < len(argv):
        arg = argv[i]
        name, equals, value = arg.partition("=")
        if name in ("--language", "--data-dir"):
            if not equals:
                i += 1
                value = argv[i] if i < len(argv) else ""
            if name == "--language":
                language = value
            else:
                data_dir = value
        elif arg == "--demo":
            demo = True
        elif not arg.startswith("-") or arg == "--":
            break
        i += 1
    chosen = known_language(language) if language else None
    if chosen is None and (data_dir is None or data_dir.strip()):
        database = paths.resolve(data_dir, demo=demo).database
        chosen = known_language(stored_language(database))
    set_language(chosen)  # None: from LANGUAGE / LC_ALL / LC_MESSAGES / LANG
    _translate_argparse()


def _choices(enum: type[Channel] | type[Direction] | type[Outcome] | type[Stage]) -> list[str]:
    return [m.value for m in enum]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=_("Systematic sales follow-up. Without a command, starts the app."),
        epilog=_help(_("WHEN is {when}.").format(when=_(WHEN_HELP))),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_help(
            _("where the database lives (default: ${variable} or {folder})").format(
                variable=paths.DATA_DIR_ENV, folder=paths.default_data_dir()
            )
        ),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("use a separate demo database (DIR/demo), filled with demo data on first use"),
    )
    parser.add_argument(
        "--language",
        type=_language_argument,
        metavar="LANG",
        help=_(
            "the language to use ({languages}; default: the one chosen in Preferences, "
            "else the system's)"
        ).format(languages=", ".join(available_languages())),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = sub.add_parser("demo", help=_("fill the database with realistic demo data"))
    demo.add_argument(
        "--prospects",
        type=int,
        default=DEFAULT_PROSPECTS,
        metavar="N",
        help=_("how many (default {default}, at most {most})").format(
            default=DEFAULT_PROSPECTS, most=MAX_DEMO_PROSPECTS
        ),
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument(
        "--force",
        action="store_true",
        help=_("add demo data even if the database has prospects"),
    )

    add = sub.add_parser("add", help=_("add a prospect (its first follow-up is planned)"))
    add.add_argument("name", metavar="NAME")
    add.add_argument("--company", default="", metavar="C")
    add.add_argument("--title", default="", metavar="T")
    add.add_argument("--email", action="append", default=[], metavar="E")
    add.add_argument("--phone", action="append", default=[], metavar="P")
    add.add_argument("--source", choices=[s.value for s in Source], default="outbound")
    add.add_argument("--value", metavar="AMOUNT", help=_("estimated deal value"))
    add.add_argument("--tag", action="append", default=[], metavar="TAG")
    add.add_argument("--json", action="store_true")

    log = sub.add_parser("log", help=_("log a touch and plan the next follow-up"))
    log.add_argument(
        "prospect", metavar="PROSPECT", help=_("an id or an unambiguous part of a name")
    )
    log.add_argument("--channel", required=True, choices=_choices(Channel), metavar="CH")
    log.add_argument("--direction", choices=_choices(Direction), default="out")
    log.add_argument("--outcome", choices=_choices(Outcome), metavar="O")
    log.add_argument("--note", default="", metavar="TEXT")
    log.add_argument("--at", metavar="WHEN", help=_("when the touch happened (default now)"))
    nxt = log.add_mutually_exclusive_group()
    nxt.add_argument("--next", metavar="WHEN", help=_("the next follow-up (default: by cadence)"))
    nxt.add_argument("--no-next", action="store_true", help=_("no next step, deliberately"))
    log.add_argument("--json", action="store_true")

    sub.add_parser(
        "undo",
        help=_("undo the last change made from the command line (the window's own are kept)"),
    )

    stage = sub.add_parser("stage", help=_("move a prospect to a stage (lost needs --reason)"))
    stage.add_argument("prospect", metavar="PROSPECT")
    stage.add_argument("stage", choices=_choices(Stage), metavar="STAGE")
    stage.add_argument("--reason", default="", metavar="TEXT")

    prospects = sub.add_parser("prospects", help=_("list prospects"))
    prospects.add_argument("--json", action="store_true")

    due = sub.add_parser("due", help=_("pending follow-ups due by a time, overdue first"))
    due_until = due.add_mutually_exclusive_group()
    due_until.add_argument("--until", metavar="WHEN", help=_("default: now"))
    due_until.add_argument(
        "--all", action="store_true", help=_("every pending follow-up, however far ahead")
    )
    due.add_argument("--json", action="store_true")

    thanks = sub.add_parser(
        "thank-you-notes",
        help=_("the thank-you notes to write: whom, why and where to send them"),
    )
    thanks.add_argument("--json", action="store_true")
    thanks.add_argument(
        "--pdf", metavar="FILE", help=_("write the list (or labels, envelopes) as PDF")
    )
    thanks.add_argument(
        "--page-size",
        type=str.lower,
        choices=["a4", "letter"],
        help=_("the list's paper (default from the locale: letter in the US and Canada, else a4)"),
    )
    printed = thanks.add_mutually_exclusive_group()
    printed.add_argument(
        "--labels", type=str.lower, choices=["avery-5160", "avery-l7160"], metavar="SHEET"
    )
    printed.add_argument(
        "--envelopes", type=str.lower, choices=["dl", "c5", "us10"], metavar="SIZE"
    )
    thanks.add_argument(
        "--start-at",
        type=int,
        metavar="N",
        help=_("the first free label on the sheet (default 1)"),
    )
    thanks.add_argument(
        "--sender-line",
        action="append",
        default=[],
        metavar="TEXT",
        help=_help(
            _(
                "a line of the sender's address on envelopes (default: ${variable}, "
                "lines separated by \\n)"
            ).format(variable=SENDER_ENV)
        ),
    )
    imp = sub.add_parser(
        "import",
        help=_("import contacts from vCard or CSV files (a preview with --dry-run)"),
        description=_(
            "Import contacts. A contact with the same e-mail address or phone "
            "number as a prospect already there is merged into it; one with only a close "
            "name and company is reported and created as a new prospect. --duplicates "
            "decides for every match instead. All or nothing: one transaction."
        ),
    )
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument(
        "--dry-run", action="store_true", help=_("report what would happen, write nothing")
    )
    imp.add_argument("--json", action="store_true")
    imp.add_argument(
        "--duplicates",
        choices=[d.value for d in Decision],
        default=None,
        help=_(
            "what to do with every contact that looks like an existing prospect "
            "(default: merge an exact e-mail or phone match, create for a close name)"
        ),
    )
    imp.add_argument(
        "--cadence",
        choices=sorted(BUILT_IN_CADENCES),
        metavar="CADENCE",
        help=_("put new prospects on this cadence ({cadences})").format(
            cadences=", ".join(sorted(BUILT_IN_CADENCES))
        ),
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=_(
            "for a CSV file: which field a column holds (FIELD: name, first, last, company, "
            "title, email, phone, notes, work:street, home:city, ... or 'skip')"
        ),
    )

    rep = sub.add_parser(
        "report",
        help=_help(
            _("the persistence report: touches before prospects ended, against the 5-touch mark")
        ),
    )
    rep.add_argument("--json", action="store_true")
    rep.add_argument(
        "--quiet-days",
        type=int,
        metavar="N",
        help=_(
            "an open prospect untouched for over N days went quiet (default: the revive "
            "list's setting, 30)"
        ),
    )
    rep_file = rep.add_mutually_exclusive_group()
    rep_file.add_argument(
        "--png", metavar="FILE", help=_("save the report's charts as a PNG image")
    )
    rep_file.add_argument("--pdf", metavar="FILE", help=_("save the report's charts as a PDF file"))

    exp = sub.add_parser(
        "export", help=_("export prospects (vCard, CSV) or follow-ups (iCalendar)")
    )
    exp.add_argument("--format", required=True, choices=["vcard", "csv", "ics"], dest="fmt")
    exp.add_argument("-o", "--output", metavar="FILE", help=_("default: standard output"))
    exp.add_argument(
        "--vcard-version", choices=["3.0", "4.0"], default="4.0", help=_("default 4.0")
    )
    exp.add_argument("--events", action="store_true", help=_("iCalendar: events instead of to-dos"))
    exp.add_argument(
        "--prospect",
        action="append",
        default=[],
        metavar="PROSPECT",
        help=_("only this prospect (repeatable; vcard and csv)"),
    )
    sync = sub.add_parser(
        "sync",
        help=_("sync follow-ups (to-dos) and prospects (contacts) with a CalDAV/CardDAV server"),
        description=_(
            "Two-way sync with your own CalDAV/CardDAV server, for your phone. The first "
            "run remembers the server and user; later runs may leave them out. The password "
            "is never stored: name the environment variable that holds it."
        ),
    )
    sync.add_argument("--url", metavar="URL", help=_("the server's address"))
    sync.add_argument("--user", metavar="USER", help=_("your user name on the server"))
    sync.add_argument(
        "--password-env",
        metavar="VAR",
        help=_("the environment variable holding the password (none: no password)"),
    )
    sync.add_argument(
        "--allow-empty",
        action="store_true",
        help=_(
            "go on when the server lists none of the items synced before (removed there "
            "on purpose): their follow-ups are skipped, their contacts put back"
        ),
    )
    sync.add_argument("--json", action="store_true")
    backup = sub.add_parser("backup", help=_("write a backup of the database now"))
    backup.add_argument("--json", action="store_true")
    backups = sub.add_parser("backups", help=_("list the backups, newest first"))
    backups.add_argument("--json", action="store_true")
    restore = sub.add_parser(
        "restore",
        help=_("put a backup in place of the current data (which is kept beside it)"),
        description=_(
            "Restore a backup. The current database is kept as "
            "followup.sqlite3.before-restore-TIME, which restores the same way."
        ),
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--yes", action="store_true", help=_("do not ask first"))
    return parser


def _help(text: str) -> str:
    """``text`` as argparse help, which %-formats it: a literal % is doubled."""
    return text.replace("%", "%%")


def _language_argument(text: str) -> str:
    language = known_language(text)
    if language is None:
        raise argparse.ArgumentTypeError(
            _("no translation for {language!r}; there are: {languages}").format(
                language=text, languages=", ".join(available_languages())
            )
        )
    return language


def _decimal_mark() -> str:
    """The decimal mark of the user's locale ("," in German), for amounts typed."""
    from babel.numbers import get_decimal_symbol

    return str(get_decimal_symbol(babel_locale()))


def main(argv: Sequence[str] | None = None, clock: Clock | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    _choose_language(args_list)
    # File names that are not UTF-8 are printed as the bytes they are, not refused.
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdout.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
    try:
        args = build_parser().parse_args(_join_past_times(args_list))
        _check_text(args)
    except UsageError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.language and args.language != current_language():
        set_language(args.language)  # given abbreviated (--lang de)
    if args.data_dir is not None and not args.data_dir.strip():
        print(f"{PROG}: " + _("--data-dir needs a folder"), file=sys.stderr)
        return EXIT_USAGE
    app_paths = paths.resolve(args.data_dir, demo=args.demo)
    if clock is None:
        system_clock = SystemClock()
        if system_clock.problem:
            _warn(system_clock.problem)
        clock = system_clock
    if args.command is None:
        from followup_desktop.app import run_gui  # Qt is loaded only for the GUI

        return run_gui(app_paths, clock, demo=args.demo, argv=[sys.argv[0], *args_list])
    created = _missing(app_paths)
    try:
        app_paths.ensure()
        store = open_store(app_paths.database, origin="cli", read_only_ok=not _writes(args))
    except (StoreError, OSError) as exc:
        print(f"{PROG}: {_folder_error(exc, app_paths)}", file=sys.stderr)
        _remove_created(created)
        return EXIT_USAGE
    if store.read_only:
        message = _("{problem}: showing it without changes").format(problem=store.read_only)
        print(f"{PROG}: {message}", file=sys.stderr)
    code = EXIT_USAGE
    try:
        service = FollowUpService(store, clock, home_country=home_country_from_env(os.environ))
        ThankYouService(service)  # touches logged from here on (demo data too) fill the queue
        if args.demo and args.command != "demo" and store.prospect_count() == 0:
            generate_demo(service)
            ThankYouService(service).fill_from_history()
        if args.command in _LOGGED_COMMANDS:
            service.forget_old_operations()  # the undo log sheds operations two weeks old
            # One operation per command, named for the undo that may take it back.
            with store.transaction(_label(args)):
                code = _run(args, service, store)
        else:
            code = _run(args, service, store)
    except (UsageError, DomainError, StoreError) as exc:
        print(f"{PROG}: {_one_line(exc)}", file=sys.stderr)
    except NotWrittenError as exc:
        print(f"{PROG}: {_one_line(exc)}", file=sys.stderr)
        code = EXIT_NOT_WRITTEN
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 0
    except OSError as exc:  # writing the output failed (e.g. a full disk)
        message = _("cannot write the output: {problem}").format(problem=os_error_words(exc))
        print(f"{PROG}: {message}", file=sys.stderr)
        code = EXIT_NOT_WRITTEN
    finally:
        store.close()
    if code != 0 or getattr(args, "dry_run", False):
        # A failed command, or a dry run, leaves no new data folder behind.
        _remove_created(created)
    return code


# Arguments that name files: any bytes the system allows. All others are text.
_FILE_ARGUMENTS = frozenset({"data_dir", "files", "output", "pdf", "png"})
_ARGUMENT_WORDS = {
    "name": N_("The name"),
    "company": N_("The company"),
    "title": N_("The title"),
    "email": N_("The e-mail address"),
    "phone": N_("The phone number"),
    "tag": N_("The tag"),
    "value": N_("The value"),
    "prospect": N_("The prospect"),
    "note": N_("The note"),
    "reason": N_("The reason"),
    "sender_line": N_("The sender's address"),
}


def _check_text(args: argparse.Namespace) -> None:
    """Refuse text arguments that are not valid text. Bytes that are not UTF-8 reach
    Python as lone surrogates, which can be neither stored nor printed."""
    for key, value in vars(args).items():
        if key in _FILE_ARGUMENTS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and not _is_text(item):
                word = _ARGUMENT_WORDS.get(key)
                what = _(word) if word else f"--{key.replace('_', '-')}"
                raise UsageError(
                    _(
                        "{what} is not valid text: '{text}' holds bytes that are "
                        "not UTF-8; type it again, or convert it to UTF-8"
                    ).format(what=what, text=_as_bytes(item))
                )


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _as_bytes(text: str) -> str:
    """``text`` with what is not UTF-8 shown as the bytes it came from (\\xff)."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("ascii")
    return raw.decode("utf-8", "backslashreplace")


def _writes(args: argparse.Namespace) -> bool:
    """Whether the command changes the database: those that only read it can show a
    read-only one."""
    if args.command == "import":
        return not args.dry_run
    return args.command in (*_LOGGED_COMMANDS, "undo", "demo", "sync")


_WHEN_OPTIONS = ("--at", "--next", "--until")
_PAST_TIME = re.compile(r"-\d+\s*[A-Za-z]+")


def _join_past_times(argv: list[str]) -> list[str]:
    """``--at -3d`` as ``--at=-3d``: argparse would take "-3d" for an option."""
    joined: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            return joined + argv[i:]
        if arg in _WHEN_OPTIONS and i + 1 < len(argv) and _PAST_TIME.fullmatch(argv[i + 1]):
            joined.append(f"{arg}={argv[i + 1]}")
            i += 2
        else:
            joined.append(arg)
            i += 1
    return joined


def _missing(app_paths: paths.Paths) -> list[Path]:
    """The data folders and files that do not exist yet, outermost first."""
    missing = paths.missing_folders(app_paths.data_dir)
    db = app_paths.database
    if not db.exists():
        missing += [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
    return missing


def _remove_created(created: list[Path]) -> None:
    for path in reversed(created):
        with contextlib.suppress(OSError):
            if path.is_dir():
                path.rmdir()
            elif path.exists():
                path.unlink()


def _folder_error(exc: BaseException, app_paths: paths.Paths) -> str:
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return _("the data folder {folder} is a file, not a folder").format(
            folder=app_paths.data_dir
        )
    if isinstance(exc, OSError):
        return _("cannot create the data folder {folder}: {problem}").format(
            folder=app_paths.data_dir, problem=exc.strerror
        )
    return _one_line(exc)


def _one_line(exc: BaseException) -> str:
    text = (
        str(exc)
        if not isinstance(exc, OSError) or not exc.strerror
        else (f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror)
    )
    return " ".join(text.split())


# `due --all`: a moment after every follow-up anyone plans.
EVERYTHING_PENDING = datetime(9999, 1, 1, tzinfo=UTC)


def _local_when(moment: datetime, service: FollowUpService) -> str:
    """A moment in the user's zone as a person reads it: "Wed 25 Nov 09:00" (with the
    year when it is not this one)."""
    local = moment.astimezone(service.clock.tz)
    same_year = local.year == service.now().astimezone(service.clock.tz).year
    return _moment_text(local, year=not same_year)


def _moment_text(moment: datetime, *, year: bool) -> str:
    """ "Wed 25 Nov 09:00" in English (the words the command has always printed),
    the same in the language chosen otherwise ("Mi., 25. Nov., 09:00")."""
    if current_language() == "en":
        return f"{moment:%a %d %b %Y %H:%M}" if year else f"{moment:%a %d %b %H:%M}"
    from babel import Locale
    from babel.dates import format_skeleton, format_time

    locale = Locale.parse(babel_locale())
    day = format_skeleton("yMMMEd" if year else "MMMEd", moment, locale=locale)
    pattern = str(locale.datetime_formats["short"])  # "{1}, {0}": the day, then the time
    return pattern.format(format_time(moment, "short", locale=locale), day)


def _when(text: str, service: FollowUpService, *, end_of_day: bool = False) -> datetime:
    """The moment ``text`` names; a time a clock change skips or repeats is warned about."""
    moment, note = read_when(text, service.now(), service.follow_up_time, end_of_day=end_of_day)
    if note:
        _warn(note)
    return moment


def _warn(message: str) -> None:
    print(f"{PROG}: " + _("warning: {message}").format(message=message), file=sys.stderr)


_LOGGED_COMMANDS = ("add", "log", "stage")


def _label(args: argparse.Namespace) -> str:
    if args.command == "add":
        return _("Add {name}").format(name=args.name)
    if args.command == "log":
        return _("Log touch: {prospect}").format(prospect=args.prospect)
    return _("Mark {stage}: {prospect}").format(stage=args.stage, prospect=args.prospect)


def _undo_last(store: Store) -> int:
    last = store.latest_op("cli", undone=False)
    if last is None:
        print(_("Nothing to undo: no change made from the command line is left to take back."))
        return 0
    store.undo_op(last.op_id, _("Undo {change}").format(change=last.label).strip())
    print(
        _("Undid: {change}.").format(
            change=last.label or _("the last change made from the command line")
        )
    )
    return 0


def _run_sync(args: argparse.Namespace, service: FollowUpService) -> int:
    """Sync with the account given, or the one remembered from the last sync."""
    from followup_desktop.io.dav import DavError, DavServer
    from followup_desktop.services.sync import (
        Account,
        EmptyServer,
        SyncService,
        conflict_text,
        password_from_env,
        remember_account,
        remembered_account,
    )

    if args.url or args.user is not None:
        if not args.url or args.user is None:
            raise UsageError(_("sync needs both --url and --user (or neither, to reuse them)"))
        password = password_from_env(args.password_env) if args.password_env else None
        account = Account(args.url, args.user, password)
        remember_account(service, account, args.password_env or "")
    else:
        remembered = remembered_account(service, dict(os.environ))
        if remembered is None:
            raise UsageError(_("no sync account yet: give --url and --user"))
        account = remembered
        if args.password_env:
            account = Account(account.url, account.user, password_from_env(args.password_env))
    server = DavServer(account.url, account.user, account.password)
    try:
        report = SyncService(service, server).sync(allow_empty=args.allow_empty)
    except EmptyServer as exc:
        raise UsageError(
            _("{problem} (To go on, sync with --allow-empty.)").format(problem=exc)
        ) from exc
    except DavError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        server.close()
    if args.json:
        print(json.dumps(report.as_json()))
        return 0
    counts = report.as_json()
    parts = [
        # Translators: the counts of one sync, joined by commas: "3 new, 1 updated, …".
        _("{n} new").format(n=counts["uploaded"]),
        _("{n} updated").format(n=counts["updated"]),
        _("{n} removed").format(n=counts["removed"]),
        _("{n} unchanged").format(n=counts["unchanged"]),
        ngettext("{n} conflict", "{n} conflicts", counts["conflicts"]).format(
            n=counts["conflicts"]
        ),
        ngettext(
            "{n} change from the server", "{n} changes from the server", counts["from_server"]
        ).format(n=counts["from_server"]),
    ]
    print(_("Synced with {url}: {counts}.").format(url=account.url, counts=", ".join(parts)))
    for merged in report.merged:
        # Translators: what a contact edited on the phone added to a prospect.
        print(
            _("{prospect}: added from the phone: {what}.").format(
                prospect=merged.prospect, what=", ".join(merged.added)
            )
        )
    for conflict in report.conflict_items:
        print(
            _("{conflict} (The server's version is in --json.)").format(
                conflict=conflict_text(conflict)
            )
        )
    return 0


def _run(args: argparse.Namespace, service: FollowUpService, store: Store) -> int:
    if args.command == "undo":
        return _undo_last(store)
    if args.command in ("backup", "backups", "restore"):
        return _run_backups(args, BackupService(service))
    if args.command == "sync":
        return _run_sync(args, service)
    if args.command == "demo":
        if args.prospects < 1:
            raise UsageError(_("--prospects must be at least 1"))
        if args.prospects > MAX_DEMO_PROSPECTS:
            raise UsageError(
                _("--prospects must be at most {most}").format(most=MAX_DEMO_PROSPECTS)
            )
        if store.prospect_count() and not args.force:
            raise UsageError(
                _(
                    "the database already holds prospects; demo data goes in an empty one "
                    "(use --demo or another --data-dir, or --force to add it anyway)"
                )
            )
        summary = generate_demo(service, args.prospects, args.seed)
        ThankYouService(service).fill_from_history()
        # Translators: the three counts are said by the three phrases that follow.
        print(
            _("Added {prospects}, {touches} and {follow_ups}.").format(
                prospects=ngettext(
                    "{n} demo prospect", "{n} demo prospects", summary.prospects
                ).format(n=summary.prospects),
                touches=ngettext("{n} touch", "{n} touches", summary.touches).format(
                    n=summary.touches
                ),
                follow_ups=ngettext("{n} follow-up", "{n} follow-ups", summary.follow_ups).format(
                    n=summary.follow_ups
                ),
            )
        )
        return 0
    if args.command == "add":
        value = parse_amount(args.value, _decimal_mark()) if args.value is not None else None
        prospect = service.add_prospect(
            args.name,
            company=args.company,
            title=args.title,
            emails=tuple(args.email),
            phones=tuple(args.phone),
            source=Source(args.source),
            deal_value=value,
            tags=tuple(args.tag),
        )
        if args.json:
            _print_json({"id": prospect.id, "name": prospect.name})
        else:
            print(_("Added {name} (id {id}).").format(name=prospect.name, id=prospect.id))
            first = min(service.pending(prospect.id or 0), key=lambda f: f.due_at, default=None)
            if first is not None:
                print(
                    _("First follow-up: {channel} on {when} ({purpose}).").format(
                        channel=first.channel.value,
                        when=_local_when(first.due_at, service),
                        purpose=first.purpose,
                    )
                )
        return 0
    if args.command == "log":
        prospect = service.resolve_prospect(args.prospect)
        at = _when(args.at, service) if args.at is not None else None
        next_step = (
            NextStep.none()
            if args.no_next
            else NextStep.on(_when(args.next, service))
            if args.next is not None
            else NextStep.auto()
        )
        logged = service.log_touch(
            prospect.id or 0,
            Channel(args.channel),
            direction=Direction(args.direction),
            outcome=Outcome(args.outcome) if args.outcome else None,
            notes=args.note,
            at=at,
            next_step=next_step,
        )
        nf = logged.next_follow_up
        if args.json:
            _print_json(
                {
                    "touch_id": logged.touch.id,
                    "prospect_id": prospect.id,
                    "stage": logged.stage.value,
                    "completed_follow_up_id": logged.completed.id if logged.completed else None,
                    "next_follow_up": None
                    if nf is None
                    else {
                        "follow_up_id": nf.id,
                        "due_at": iso_in(nf.due_at, service.clock.tz),
                        "channel": nf.channel.value,
                        "purpose": nf.purpose,
                    },
                }
            )
        else:
            print(
                _("Logged {channel} with {name}.").format(channel=args.channel, name=prospect.name)
            )
            if nf is not None:
                print(
                    _("Next: {channel} on {when} ({purpose}).").format(
                        channel=nf.channel.value,
                        when=_moment_text(nf.due_at, year=True),
                        purpose=nf.purpose,
                    )
                )
            elif logged.stage.is_open:
                print(_("{name} has no next step now.").format(name=prospect.name))
        return 0
    if args.command == "stage":
        if args.reason.strip() and args.stage != Stage.LOST.value:
            raise UsageError(_("--reason is for a lost prospect: the reason they said no"))
        prospect = service.resolve_prospect(args.prospect)
        changed = service.change_stage(prospect.id or 0, Stage(args.stage), args.reason)
        print(_("{name} is now {stage}.").format(name=changed.name, stage=changed.stage.value))
        return 0
    if args.command == "prospects":
        rows = service.prospects_json()
        if args.json:
            _print_json(rows)
        else:
            for row in rows:
                nxt = row["next_follow_up"] or _("no next step")
                print(f"{row['id']:>6}  {row['name']}  [{row['stage']}]  {nxt}")
        return 0
    if args.command == "due":
        until = (
            EVERYTHING_PENDING
            if args.all
            else _when(args.until, service, end_of_day=True)
            if args.until is not None
            else None
        )
        items = service.due_json(until)
        if args.json:
            _print_json(items)
        else:
            for item in items:
                when = _local_when(datetime.fromisoformat(item["due_at"]), service)
                if item["overdue"]:
                    # Translators: a follow-up's time in `due`, upper case to stand out.
                    when = _("OVERDUE {when}").format(when=when)
                who = item["prospect_name"]
                if item["company"]:
                    who = _("{name} ({company})").format(name=who, company=item["company"])
                print(f"{when}  {who}: {item['channel']} ({item['purpose']})")
            if not items:
                print(_("Nothing due."))
        return 0
    if args.command == "thank-you-notes":
        return _thank_you_notes(args, ThankYouService(service))
    if args.command == "import":
        return _import(args, ImportService(service))
    if args.command == "report":
        return _report(args, ReportService(service))
    if args.command == "export":
        return _export(args, ImportService(service))
    raise UsageError(f"unknown command {args.command!r}")  # pragma: no cover (argparse)


def _thank_you_notes(args: argparse.Namespace, thanks: ThankYouService) -> int:
    _check_thank_you_options(args)
    if args.pdf is not None:
        return _print_thank_you(args, thanks)
    if args.json:
        _print_json(thanks.queue_json())
        return 0
    entries = thanks.queue()
    for entry in entries:
        if entry.address_lines is None:
            where = _("(no postal address)")
        else:
            where = ", ".join(entry.postal_lines)
            if entry.address_missing:
                where = _("(incomplete postal address) {address}").format(address=where).rstrip()
        print(f"{entry.name} — {entry.headline} — {where}")
    if not entries:
        print(_("No thank-you notes to write."))
    return 0


def _check_thank_you_options(args: argparse.Namespace) -> None:
    """Options that make no sense together are usage errors, before anything is read."""
    printed = "--labels" if args.labels else "--envelopes" if args.envelopes else None
    if args.pdf is None:
        if printed:
            raise UsageError(
                _("{option} needs --pdf FILE: the PDF file to write").format(option=printed)
            )
        if args.page_size:
            raise UsageError(_("--page-size is for the list written with --pdf FILE"))
    elif not args.pdf.strip():
        raise UsageError(_("--pdf needs a file name"))
    if args.pdf is not None and args.json:
        raise UsageError(_("--json lists the queue; it does not go with --pdf"))
    if printed and args.page_size:
        raise UsageError(
            _("--page-size is for the list; {option} have their own paper size").format(
                option=printed
            )
        )
    if args.start_at is not None and not args.labels:
        raise UsageError(_("--start-at is for --labels: the first free label on the sheet"))
    if args.sender_line and not args.envelopes:
        raise UsageError(_("--sender-line is for --envelopes: the sender's address"))


def _print_thank_you(args: argparse.Namespace, thanks: ThankYouService) -> int:
    """Write the list, label sheets or envelopes as a PDF. Qt is loaded only here."""
    from followup_desktop.printing.labels import sheet_for

    start_at = 1 if args.start_at is None else args.start_at
    if args.labels:
        per_sheet = sheet_for(args.labels).per_sheet
        if not 1 <= start_at <= per_sheet:
            raise UsageError(
                _(
                    "--start-at must be between 1 and {most} (the labels on an {sheet} "
                    "sheet), not {start}"
                ).format(most=per_sheet, sheet=args.labels, start=start_at)
            )
    entries = thanks.queue()
    if not entries:
        print(_("No thank-you notes to write."))
        return 0
    target = Path(args.pdf).expanduser()
    addressed = [e for e in entries if e.address_lines and not e.address_missing]
    skipped = [e.name for e in entries if not e.address_lines or e.address_missing]
    printed = bool(args.labels or args.envelopes)
    if printed and not addressed:
        message = (
            _("No labels to write: no thank-you note has a postal address (skipped: {names}).")
            if args.labels
            else _(
                "No envelopes to write: no thank-you note has a postal address (skipped: {names})."
            )
        )
        print(message.format(names=", ".join(skipped)))
        return 0
    from followup_desktop.printing import envelopes, labels, thank_you

    app = thank_you.ensure_gui_application()  # fonts need one; offscreen without a display
    _refuse_folder(target)
    sender = _sender_lines(args, thanks.service) if args.envelopes else []
    try:
        if args.labels:
            labels.write_labels(entries, target, sheet=args.labels, start_at=start_at)
            count = ngettext("{n} label", "{n} labels", len(addressed)).format(n=len(addressed))
        elif args.envelopes:
            envelopes.write_envelopes(entries, target, size=args.envelopes, sender_lines=sender)
            count = ngettext("{n} envelope", "{n} envelopes", len(addressed)).format(
                n=len(addressed)
            )
        else:
            # The paper chosen in Preferences, as the window prints, unless given here.
            prefs = DatabasePreferences(thanks.service)
            page_size = args.page_size or load_page_size(prefs, thanks.service.home_country)
            pages = thank_you.write_thank_you_list(
                entries, target, page_size=page_size, today=thanks.service.now().date()
            )
            # Translators: "{notes} on {pages}": "3 thank-you notes on 1 page".
            count = _("{notes} on {pages}").format(
                notes=ngettext("{n} thank-you note", "{n} thank-you notes", len(entries)).format(
                    n=len(entries)
                ),
                pages=ngettext("{n} page", "{n} pages", pages).format(n=pages),
            )
    except OSError as exc:
        raise _not_written(target, exc) from None
    if args.envelopes and not sender:
        _warn_no_sender()
    del app
    line = _("Wrote {what} to {file}").format(what=count, file=args.pdf)
    if printed and skipped:
        line = _("{wrote}; skipped (no postal address): {names}").format(
            wrote=line, names=", ".join(skipped)
        )
    print(line)
    return 0


def _import(args: argparse.Namespace, imports: ImportService) -> int:
    from followup_desktop.io.csv_contacts import field_choices, normalise_header

    column_fields: dict[str, str] = {}
    for item in args.map:
        column, sep, key = item.partition("=")
        key = key.strip().lower()
        key = "" if key in ("skip", "ignore", "none") else key
        if not sep or not column.strip() or (key and key not in field_choices()):
            raise UsageError(
                _("--map {item!r}: write COLUMN=FIELD, FIELD one of {fields} or skip").format(
                    item=item, fields=", ".join(k for k in field_choices() if k)
                )
            )
        column_fields[normalise_header(column)] = key
    mappings: dict[str, list[str]] = {}
    if column_fields:
        known: set[str] = set()
        for name in args.files:
            with contextlib.suppress(DomainError):
                read = imports.read_file(name)
                if read.table is not None:
                    base = read.mapping or read.table.guessed
                    known |= {normalise_header(h) for h in read.table.header}
                    mappings[name] = [
                        column_fields.get(normalise_header(h), base[i])
                        for i, h in enumerate(read.table.header)
                    ]
        unknown = [c for c in column_fields if c not in known]
        if unknown:
            raise UsageError(
                _("--map: no CSV file given has a column {column!r}").format(column=unknown[0])
            )
    preview = imports.preview(args.files, mappings)
    if args.duplicates is not None:
        preview.set_all(Decision(args.duplicates))
    outcome: ImportOutcome | None = None
    if preview.readable and preview.candidates and not args.dry_run:
        outcome = imports.apply(preview, cadence=args.cadence)
    read_any = bool(preview.candidates)
    if args.json:
        _print_json(_import_json(preview, args, outcome))
    else:
        _print_import(preview, args, outcome)
    return 0 if read_any else EXIT_USAGE


def _import_json(
    preview: ImportPreview, args: argparse.Namespace, done: ImportOutcome | None
) -> object:
    problems = preview.problems
    return {
        "dry_run": bool(args.dry_run),
        "new": preview.new_count,
        "duplicates": preview.duplicate_count,
        "errors": len(problems),
        "created": len(done.created) if done else 0,
        "merged": done.merged if done else 0,
        "skipped": done.skipped if done else 0,
        "files": [
            {
                "file": f.path,
                "format": f.format or None,
                "layout": f.layout or None,
                "encoding": f.encoding or None,
                "contacts": f.contacts,
                "refused": f.refused,
                "problems": [
                    {"line": p.line or None, "message": p.message, "fatal": p.fatal}
                    for p in f.problems
                ],
            }
            for f in preview.files
        ],
        "matches": [
            {
                "file": c.file,
                "line": c.contact.line,
                "name": c.contact.name or c.contact.company,
                "matches": c.match.name,
                "prospect_id": c.match.prospect_id,
                "reason": c.match.reason,
                "decision": c.decision.value,
            }
            for c in preview.candidates
            if c.match is not None
        ],
    }


# Why a contact looks like a prospect already there (ImportService's reasons).
_MATCH_REASONS = {
    "same uid": N_("same uid"),
    "same e-mail": N_("same e-mail"),
    "same phone": N_("same phone"),
    "similar name and company": N_("similar name and company"),
}


def _print_import(
    preview: ImportPreview, args: argparse.Namespace, outcome: ImportOutcome | None
) -> None:
    for f in preview.files:
        if f.refused:
            print(_("{file}: not read").format(file=f.path))
        else:
            print(
                ngettext(
                    "{file}: {kind}, {n} contact", "{file}: {kind}, {n} contacts", f.contacts
                ).format(file=f.path, kind=f.kind, n=f.contacts)
            )
        for p in f.problems:
            print(f"  {p}")
    for c in preview.candidates:
        if c.match is not None:
            print(
                _("{where}: {name} looks like {match} ({reason}): {decision}").format(
                    where=c.where,
                    name=c.contact.name or c.contact.company,
                    match=c.match.name,
                    reason=_(_MATCH_REASONS.get(c.match.reason, c.match.reason)),
                    decision=c.decision.value,
                )
            )
    # Translators: the summary of an import: "3 new contacts, 1 like prospects
    # already here, 0 problems."
    print(
        _("{new}, {duplicates}, {problems}.").format(
            new=ngettext("{n} new contact", "{n} new contacts", preview.new_count).format(
                n=preview.new_count
            ),
            duplicates=ngettext(
                "{n} like prospects already here",
                "{n} like prospects already here",
                preview.duplicate_count,
            ).format(n=preview.duplicate_count),
            problems=ngettext("{n} problem", "{n} problems", len(preview.problems)).format(
                n=len(preview.problems)
            ),
        )
    )
    if args.dry_run:
        print(_("Dry run: nothing was written."))
    elif outcome is not None:
        print(
            _("Imported: {new}, {merged} merged, {skipped} skipped.").format(
                new=ngettext("{n} new prospect", "{n} new prospects", len(outcome.created)).format(
                    n=len(outcome.created)
                ),
                merged=outcome.merged,
                skipped=outcome.skipped,
            )
        )
    else:
        print(_("Nothing was imported."))


def _export(args: argparse.Namespace, imports: ImportService) -> int:
    if args.prospect and args.fmt == "ics":
        raise UsageError(_("--prospect is for vcard and csv; ics exports every pending follow-up"))
    if args.events and args.fmt != "ics":
        raise UsageError(_("--events is for --format ics"))
    ids = [imports.service.resolve_prospect(p).id or 0 for p in args.prospect] or None
    if args.fmt == "vcard":
        data = imports.export_vcard(ids, args.vcard_version).encode("utf-8")
    elif args.fmt == "csv":
        data = imports.export_csv(ids).encode("utf-8")
    else:
        data = imports.export_ics(as_events=args.events)
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    if not args.output.strip():
        raise UsageError(_("-o needs a file name"))
    target = Path(args.output).expanduser()
    _refuse_folder(target)
    try:
        write_whole(target, data)
    except OSError as exc:
        raise _not_written(target, exc) from None
    print(_("Wrote {file}").format(file=args.output), file=sys.stderr)
    return 0


def _report(args: argparse.Namespace, reports: ReportService) -> int:
    if args.quiet_days is not None and args.quiet_days < 1:
        raise UsageError(_("--quiet-days must be at least 1"))
    if args.quiet_days is not None and args.quiet_days > MAX_QUIET_DAYS:
        raise UsageError(
            _("--quiet-days must be at most {most} (50 years)").format(most=MAX_QUIET_DAYS)
        )
    target = args.png if args.png is not None else args.pdf
    if target is not None and not target.strip():
        option = "--png" if args.png is not None else "--pdf"
        raise UsageError(_("{option} needs a file name").format(option=option))
    if target is not None and args.json:
        raise UsageError(_("--json prints the figures; it does not go with --png or --pdf"))
    report = reports.report(args.quiet_days)
    if target is not None:
        from followup_desktop.printing.thank_you import ensure_gui_application
        from followup_desktop.ui.reports_view import write_report_pdf, write_report_png

        app = ensure_gui_application()  # fonts need one; offscreen without a display
        path = Path(target).expanduser()
        _refuse_folder(path)
        try:
            if args.png is not None:
                write_report_png(report, path)
            else:
                write_report_pdf(report, path)
        except OSError as exc:
            raise _not_written(path, exc) from None
        del app
        print(_("Wrote the report to {file}").format(file=target))
        return 0
    data = report.to_json()
    if args.json:
        _print_json(data)
        return 0
    for line in _report_lines(data):
        print(line)
    return 0


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{round(share * 100)}%"


def _report_lines(data: dict[str, Any]) -> list[str]:
    """The report in a few readable lines."""
    p, given_up = data["prospects"], data["given_up_before_mark"]
    lines = [
        ngettext(
            "Persistence report as of {when} (quiet = no touch for over {n} day)",
            "Persistence report as of {when} (quiet = no touch for over {n} days)",
            data["quiet_days"],
        ).format(when=data["as_of"][:16].replace("T", " "), n=data["quiet_days"]),
        _(
            "Ended: {ended} ({won} won, {lost} lost, {quiet} went quiet); {in_play} still in play."
        ).format(
            ended=p["ended"], won=p["won"], lost=p["lost"], quiet=p["quiet"], in_play=p["in_play"]
        ),
    ]
    if not p["ended"]:
        lines.append(
            _(
                "Nothing has ended yet. Log touches and close prospects as Won or Lost; "
                "the report fills in as prospects end."
            )
        )
        return lines
    mark = data["mark"]
    lines += [
        ngettext(
            "Given up before touch {mark}: {share} ({count} of {n} prospect that ended).",
            "Given up before touch {mark}: {share} ({count} of {n} prospects that ended).",
            given_up["of"],
        ).format(
            mark=mark, share=_percent(given_up["share"]), count=given_up["count"], n=given_up["of"]
        ),
        _("Reached {mark}+ touches: {share} ({count}).").format(
            mark=mark,
            share=_percent(data["reached_mark"]["share"]),
            count=data["reached_mark"]["count"],
        ),
        _("Touches at the end (won/lost/quiet): {counts}").format(
            counts=", ".join(
                f"{b['touches']}: {b['won']}/{b['lost']}/{b['quiet']}"
                for b in data["touches_at_end"]
                if b["won"] or b["lost"] or b["quiet"]
            )
        ),
        _("Win rate by touches: {rates}").format(
            rates=", ".join(
                _("{touches}: {rate} of {ended}").format(
                    touches=w["touches"], rate=_percent(w["rate"]), ended=w["ended"]
                )
                for w in data["win_rate_by_touches"]
                if w["ended"]
            )
        ),
    ]
    used = [c for c in data["channels"] if c["used"]]
    if used:
        lines.append(
            _("Channels answered: {channels}").format(
                channels=", ".join(f"{c['channel']} {c['answered']}/{c['used']}" for c in used)
            )
        )
    if data["lost_reasons"]:
        lines.append(
            _("Lost because: {reasons}").format(
                reasons=", ".join(f"{r['label']} {r['count']}" for r in data["lost_reasons"])
            )
        )
    return lines


def _run_backups(args: argparse.Namespace, backups: BackupService) -> int:
    if args.command == "backup":
        made = backups.back_up()
        if args.json:
            _print_json(made.to_json())
        else:
            print(made.path)
        return 0
    if args.command == "backups":
        found = backups.backups()
        if args.json:
            _print_json([b.to_json() for b in found])
        elif not found:
            print(_("No backups yet in {folder}.").format(folder=backups.folder))
        for b in found if not args.json else ():
            print(f"{b.created_at:%Y-%m-%d %H:%M:%S}  {_holds(b)}  {b.path}")
        return 0
    return _restore(args, backups)


def _holds(backup: Backup) -> str:
    if backup.prospects is None:
        return _("unreadable: {problem}").format(problem=backup.problem)
    touches = backup.touches or 0
    # Translators: what a backup holds: "12 prospects, 40 touches".
    return _("{prospects}, {touches}").format(
        prospects=ngettext("{n} prospect", "{n} prospects", backup.prospects).format(
            n=backup.prospects
        ),
        touches=ngettext("{n} touch", "{n} touches", touches).format(n=touches),
    )


def _restore(args: argparse.Namespace, backups: BackupService) -> int:
    path = Path(args.file).expanduser()
    if not path.is_file():
        raise UsageError(_("no such backup: {file}").format(file=path))
    if paths.window_running(backups.database.parent):
        raise UsageError(
            _(
                "FollowUp is running with this data: quit it first, "
                "or restore from its File menu (Restore from backup…)"
            )
        )
    backup = backups.describe(path)
    if backup.prospects is None:
        raise UsageError(backup.problem)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(
                _(
                    "restoring replaces the current data; there is no terminal to ask on, "
                    "so add --yes to restore without asking"
                )
            )
        current = backups.current_prospects()
        # Translators: the answers accepted are y/yes and, translated, "y" and "yes"
        # below; the [y/N] shows them.
        answer = input(
            ngettext(
                "Restore the backup of {when} ({holds}) in place of the current data "
                "({n} prospect)? The current data is kept beside it. [y/N] ",
                "Restore the backup of {when} ({holds}) in place of the current data "
                "({n} prospects)? The current data is kept beside it. [y/N] ",
                current,
            ).format(when=f"{backup.created_at:%Y-%m-%d %H:%M}", holds=_holds(backup), n=current)
        )
        # Translators: the short and long "yes" a user may type to confirm a restore.
        yes = {"y", "yes", pgettext("answer", "y"), pgettext("answer", "yes")}
        if answer.strip().lower() not in yes:
            print(_("Nothing was restored."))
            return 1
    restored = backups.restore(path)
    kept = restored.kept_as
    print(
        _("Restored the backup of {when} ({holds}).").format(
            when=f"{backup.created_at:%Y-%m-%d %H:%M}", holds=_holds(backup)
        )
    )
    print(_("The data from before is kept as {file}. To go back to it, run:").format(file=kept))
    print(f"  {PROG} --data-dir {shlex.quote(str(kept.parent))} restore {shlex.quote(str(kept))}")
    return 0


def _sender_lines(args: argparse.Namespace, service: FollowUpService) -> list[str]:
    """The sender's address for envelopes: --sender-line, else $FOLLOWUP_DESKTOP_SENDER,
    else the one in Preferences.
    None at all is allowed: the envelopes are written, then a warning says so."""
    sender = [line.strip() for line in args.sender_line if line.strip()]
    sender = sender or sender_lines_from_env(os.environ)
    return sender or load_sender_lines(DatabasePreferences(service))


def _warn_no_sender() -> None:
    _warn(
        _(
            "the envelopes have no sender's address "
            "(give --sender-line TEXT, set {variable}, or fill it in Preferences)"
        ).format(variable=SENDER_ENV)
    )


def _refuse_folder(target: Path) -> None:
    if target.is_dir():
        raise UsageError(_("cannot write {file}: it is a folder").format(file=target))


# A path that cannot be written at all: the argument is wrong, not the disk.
_PATH_ERRORS = {
    errno.ENOENT,
    errno.ENOTDIR,
    errno.EISDIR,
    errno.EACCES,
    errno.EPERM,
    errno.ENAMETOOLONG,
    errno.ELOOP,
}


def _not_written(target: Path, exc: OSError) -> Exception:
    """A file not written, nothing left behind: a path that cannot be written (no such
    folder, no permission) is a usage error; a disk that failed the write exits 1."""
    message = _("cannot write {file}: {problem}").format(file=target, problem=os_error_words(exc))
    return UsageError(message) if exc.errno in _PATH_ERRORS else NotWrittenError(message)


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


__all__ = ["main"]
