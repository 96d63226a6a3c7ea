"""The translation catalogues' upkeep; run through scripts/i18n."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "followup_desktop"
LOCALE = PACKAGE / "locale"
DOMAIN = "followup_desktop"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def extract() -> Catalog:
    catalog = Catalog(project="FollowUp Desktop", domain=DOMAIN, charset="utf-8")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=method_map,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        catalog.add(
            message,
            None,
            [(f"followup_desktop/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    LOCALE.mkdir(exist_ok=True)
    with TEMPLATE.open("wb") as out:
        write_po(out, catalog, width=100, omit_header=False, sort_output=False)
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(catalog)} messages")
    return catalog


def update(langs: list[str]) -> None:
    extract()
    for language in langs or languages():
        path = po_path(language)
        subprocess.run(
            [
                "msgmerge",
                "--quiet",
                "--update",
                "--backup=none",
                "--no-fuzzy-matching",
                "--width=100",
                str(path),
                str(TEMPLATE),
            ],
            check=True,
        )
        print(f"{path.relative_to(ROOT)}: {stats(path)}")


def init(language: str) -> None:
    extract()
    path = po_path(language)
    if path.exists():
        sys.exit(f"{path} exists already")
    path.parent.mkdir(parents=True)
    subprocess.run(
        [
            "msginit",
            "--no-translator",
            "--width=100",
            f"--locale={language}.UTF-8",
            f"--input={TEMPLATE}",
            f"--output-file={path}",
        ],
        check=True,
    )


def stats(path: Path) -> str:
    with path.open("rb") as f:
        catalog = read_po(f)
    total = sum(1 for m in catalog if m.id)
    done = sum(
        1
        for m in catalog
        if m.id
        and m.string
        and not m.fuzzy
        and (all(m.string) if isinstance(m.string, tuple) else True)
    )
    fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
    return f"{done}/{total} translated, {fuzzy} fuzzy"


def compile_all(langs: list[str], *, out_dir: Path | None = None) -> list[Path]:
    written = []
    for language in langs or languages():
        po = po_path(language)
        mo = (out_dir / language / f"{DOMAIN}.mo") if out_dir else po.with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
        written.append(mo)
    return written


def check() -> None:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in languages():
            fresh = compile_all([language], out_dir=Path(tmp))[0]
            shipped = po_path(language).with_suffix(".mo")
            if not shipped.exists() or shipped.read_bytes() != fresh.read_bytes():
                name = shipped.relative_to(ROOT)
                problems.append(f"{name} is out of date: run scripts/i18n compile")
    if problems:
        sys.exit("\n".join(problems))
    print(f"catalogues valid and compiled: {', '.join(languages()) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="scripts/i18n")
    commands = ["extract", "update", "init", "compile", "check", "stats"]
    parser.add_argument("command", choices=commands)
    parser.add_argument("languages", nargs="*")
    args = parser.parse_args()
    if args.command == "extract":
        extract()
    elif args.command == "update":
        update(args.languages)
    elif args.command == "init":
        for language in args.languages:
            init(language)
    elif args.command == "compile":
        for mo in compile_all(args.languages):
            print(f"{mo.relative_to(ROOT)} written")
    elif args.command == "check":
        check()
    else:
        for language in args.languages or languages():
            print(f"{language}: {stats(po_path(language))}")


if __name__ == "__main__":
    main()
