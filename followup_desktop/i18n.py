"""Translations: one gettext catalogue for every layer, Qt or not.

Every user-visible string is written in English in the code and wrapped in
``_()`` (or ``ngettext()`` for counts, ``pgettext()`` where one English word
has two meanings). Strings built at import time (tables of labels, say) are
marked with ``N_()`` and translated where they are shown, because the
language is chosen after the modules load.

The catalogues live in ``followup_desktop/locale/<lang>/LC_MESSAGES/`` as
``followup_desktop.po`` (edited) and ``followup_desktop.mo`` (compiled by
``scripts/i18n compile``, checked in so a plain ``pip install .`` has them).

The language is, in order: what ``set_language`` is given (the
Preferences choice or ``--language``), else the environment (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English. ``pseudo`` is a
made-up language for tests: every translated string comes back accented,
bracketed and about 30 % longer, so a string that reaches the screen
untranslated, or is cut off, shows.

Dates, numbers and money follow the language too, with the territory the
environment names when it is the same language: ``babel_locale()`` gives the
Babel (CLDR) locale for formatting outside Qt ("de_AT" when LANG is
de_AT.UTF-8, "de_DE" for German with no territory), ``qt_locale_name()``
the same for ``QLocale``.
"""

from __future__ import annotations

import gettext as _gettext
import os
from importlib import resources

DOMAIN = "followup_desktop"
PSEUDO = "pseudo"
SOURCE_LANGUAGE = "en"
# The locale variables in the order that decides a territory: the formats'
# own (LC_TIME) before the messages', LANGUAGE's list last.
_TERRITORY_VARIABLES = ("LC_ALL", "LC_TIME", "LC_MESSAGES", "LANG", "LANGUAGE")
# Where a language is spoken when the environment does not say (CLDR's likely
# territory is the fallback for any other).
_DEFAULT_TERRITORY = {"en": "US", "de": "DE", "pl": "PL"}

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language: str = SOURCE_LANGUAGE


def _(message: str) -> str:
    """``message`` in the current language."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for translation without translating it yet."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted phrase that ``n`` takes in the current language."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, where ``context`` tells two uses apart."""
    return _translation.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _translation.npgettext(context, singular, plural, n)


def current_language() -> str:
    """The language in use: "en", "de", "pseudo", …"""
    return _language


def locale_dir() -> str:
    return str(resources.files("followup_desktop") / "locale")


def available_languages() -> list[str]:
    """The languages with a compiled catalogue, English first."""
    found = [SOURCE_LANGUAGE]
    root = resources.files("followup_desktop") / "locale"
    if root.is_dir():
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
                found.append(entry.name)
    return found


def known_language(code: str) -> str | None:
    """The language we have for ``code`` ("de", "de_AT", "de_DE.UTF-8", "pseudo"), or None."""
    have = set(available_languages()) | {PSEUDO}
    code = code.strip().split(".")[0].split("@")[0].replace("-", "_")
    if code in have:
        return code
    base = code.split("_")[0].lower()
    return base if base in have else None


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The first language the environment asks for that we have, else English.

    Follows gettext's order: ``LANGUAGE`` (a colon-separated list), then
    ``LC_ALL``, ``LC_MESSAGES``, ``LANG``. "de_DE.UTF-8" and "de_AT" both
    give "de"; "C" and "POSIX" give English.
    """
    env = os.environ if environ is None else environ
    have = set(available_languages()) | {PSEUDO}
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if not value:
            continue
        for item in value.split(":"):
            code = item.split(".")[0].split("@")[0]
            if code in ("C", "POSIX", ""):
                continue
            if code in have:
                return code
            base = code.split("_")[0]
            if base in have:
                return base
        if variable != "LANGUAGE":
            # LC_ALL, LC_MESSAGES and LANG override each other; the first set wins.
            break
    return SOURCE_LANGUAGE


def set_language(language: str | None = None) -> str:
    """Translate from now on into ``language`` (None: from the environment).

    Returns the language chosen. A language with no catalogue falls back
    to English rather than failing: the app must start whatever LANG says.
    """
    global _translation, _language
    chosen = language if language else language_from_environment()
    if chosen == PSEUDO:
        from followup_desktop.i18n_pseudo import PseudoTranslations

        _translation = PseudoTranslations()
    elif chosen == SOURCE_LANGUAGE:
        _translation = _gettext.NullTranslations()
    else:
        try:
            _translation = _gettext.translation(DOMAIN, locale_dir(), languages=[chosen])
        except OSError:
            chosen = SOURCE_LANGUAGE
            _translation = _gettext.NullTranslations()
    _language = chosen
    return chosen


def language_name(language: str) -> str:
    """A language's name in that language, for a list to choose from: "Deutsch", "Polski"."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language).get_display_name(language) or language
    except (UnknownLocaleError, ValueError):
        return language
    return name[:1].upper() + name[1:]


def babel_locale(environ: dict[str, str] | None = None) -> str:
    """The Babel (CLDR) locale that dates, numbers and money are written in.

    The current language, with the territory the environment gives for that
    language ("de_AT" for German when LANG is de_AT.UTF-8), else the
    language's usual one ("de_DE", "en_US", "pl_PL"). The pseudo-language
    formats as American English.
    """
    language = current_language()
    if language == PSEUDO:
        return "en_US"
    env = os.environ if environ is None else environ
    for variable in _TERRITORY_VARIABLES:
        for item in env.get(variable, "").split(":"):
            code = item.split(".")[0].split("@")[0]
            base, _, territory = code.partition("_")
            if base == language and territory and _is_locale(f"{base}_{territory}"):
                return f"{base}_{territory}"
    territory = _DEFAULT_TERRITORY.get(language) or _likely_territory(language)
    return f"{language}_{territory}" if territory else language


def qt_locale_name(environ: dict[str, str] | None = None) -> str:
    """The name to give ``QLocale`` for the current language: "de_DE", "en_GB"…"""
    return babel_locale(environ)


def _is_locale(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _likely_territory(language: str) -> str:
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(language, ""))
    parts = likely.split("_")
    return parts[-1] if len(parts) > 1 and parts[-1].isupper() else ""
