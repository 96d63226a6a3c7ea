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
