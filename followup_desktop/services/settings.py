"""User preferences that services need, read from where the platform keeps them."""

from __future__ import annotations

from collections.abc import Mapping


def home_country_from_env(env: Mapping[str, str]) -> str:
    """The user's country from the locale (LC_ALL, LC_MESSAGES or LANG: de_DE.UTF-8 -> DE)."""
    for key in ("LC_ALL", "LC_ADDRESS", "LANG"):
        value = env.get(key, "")
        territory = value.split(".", 1)[0].split("@", 1)[0]
        if "_" in territory:
            code = territory.split("_", 1)[1].upper()
            if len(code) == 2 and code.isalpha():
                return code
    return "US"


# Countries whose paper is US Letter; everywhere else prints on A4.
LETTER_COUNTRIES = frozenset({"US", "CA"})
SENDER_ENV = "FOLLOWUP_DESKTOP_SENDER"


def page_size_for_country(country: str) -> str:
    """The paper the list prints on by default: "Letter" in the US and Canada, else "A4"."""
    return "Letter" if country.strip().upper() in LETTER_COUNTRIES else "A4"


def sender_lines_from_env(env: Mapping[str, str]) -> list[str]:
    """The sender's address for envelopes from FOLLOWUP_DESKTOP_SENDER, one line per
    newline (a real one, or the two characters backslash-n as a shell passes them)."""
    text = env.get(SENDER_ENV, "").replace("\\n", "\n")
    return [line.strip() for line in text.splitlines() if line.strip()]
