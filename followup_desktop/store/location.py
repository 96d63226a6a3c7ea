"""Where the data lives: an SQLite file or a PostgreSQL database, named by a URL.

``postgresql://user[:password]@host[:port]/dbname`` (a ``?host=/run/postgresql``
query names a Unix socket folder) or ``sqlite:///path``; a plain path is an
SQLite file too. A password left out of the URL is found by the PostgreSQL
client library itself, in ``PGPASSWORD`` or ``~/.pgpass``, so it never has to
be written into a settings file. ``public_url`` is the URL with the password
left out, for everything shown or stored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from followup_desktop.i18n import _

DATABASE_ENV = "FOLLOWUP_DESKTOP_DATABASE"

__all__ = ["DATABASE_ENV", "DatabaseLocation", "LocationError", "parse_location"]


class LocationError(ValueError):
    """A database URL that cannot be used, with a message for the user."""


@dataclass(frozen=True)
class DatabaseLocation:
    kind: Literal["sqlite", "postgresql"]
    path: Path | None = None  # sqlite only
    host: str = ""  # "" lets the client library choose (its Unix socket)
    port: int | None = None
    user: str = ""
    password: str | None = field(default=None, repr=False)
    dbname: str = ""
    options: tuple[tuple[str, str], ...] = ()  # further libpq parameters from the query

    @classmethod
    def sqlite(cls, path: Path) -> DatabaseLocation:
        return cls(kind="sqlite", path=Path(path))

    @property
    def is_sqlite(self) -> bool:
        return self.kind == "sqlite"

    def public_url(self) -> str:
        """The URL without the password: safe to show, log and store."""
        if self.kind == "sqlite":
            return f"sqlite:///{self.path}"  # an absolute path gives sqlite:////...
        user = quote(self.user, safe="") + "@" if self.user else ""
        host = self.host if self.host and not self.host.startswith("/") else ""
        port = f":{self.port}" if self.port else ""
        query = dict(self.options)
        if self.host.startswith("/"):
            query["host"] = self.host
        tail = f"?{urlencode(query)}" if query else ""
        return f"postgresql://{user}{host}{port}/{quote(self.dbname, safe='')}{tail}"

    def describe(self) -> str:
        """Where the data lives, in words."""
        if self.kind == "sqlite":
            return _("the file {path}").format(path=self.path)
        where = self.host or _("this computer")
        if self.port:
            where = f"{where}:{self.port}"
        if self.user:
            return _("PostgreSQL database {name} on {host}, as {user}").format(
                name=self.dbname, host=where, user=self.user
            )
        return _("PostgreSQL database {name} on {host}").format(name=self.dbname, host=where)

    def connect_params(self) -> dict[str, str | int]:
        """Keyword arguments for the PostgreSQL client library (libpq names)."""
        params: dict[str, str | int] = {"dbname": self.dbname}
        if self.user:
            params["user"] = self.user
        if self.host:
            params["host"] = self.host
        if self.port:
            params["port"] = self.port
        if self.password is not None:
            params["password"] = self.password
        params.update(dict(self.options))
        return params


def parse_location(text: str, *, base: Path | None = None) -> DatabaseLocation:
    """The location a URL (or a plain file path) names; LocationError says why not.

    A relative SQLite path is taken from ``base`` (default: the working folder).
    """
    text = text.strip()
    if not text:
        raise LocationError(_("The database URL is empty."))
    scheme, sep, _rest = text.partition("://")
    if not sep:
        return DatabaseLocation.sqlite(_absolute(Path(os.path.expanduser(text)), base))
    scheme = scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative/or/absolute (three slashes), sqlite:////abs also accepted
        raw = text[len("sqlite://") :]
        if not raw.startswith("/") or raw == "/":
            raise LocationError(
                _("{url} names no file: write sqlite:///path/to/followup.sqlite3.").format(url=text)
            )
        path = unquote(raw[1:])  # sqlite:///relative, sqlite:////absolute
        return DatabaseLocation.sqlite(_absolute(Path(os.path.expanduser(path)), base))
    if scheme in ("postgresql", "postgres"):
        return _postgres(text)
    raise LocationError(
        _(
            "{url} is not a database URL FollowUp Desktop knows: use "
            "postgresql://user@host/dbname or sqlite:///path."
        ).format(url=_without_password(text))
    )


def _absolute(path: Path, base: Path | None) -> Path:
    return path if path.is_absolute() else (base or Path.cwd()) / path


def _postgres(text: str) -> DatabaseLocation:
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError as exc:
        raise LocationError(
            _("The port in {url} is not a number.").format(url=_without_password(text))
        ) from exc
    dbname = unquote(parts.path.lstrip("/"))
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    host = unquote(parts.hostname or "") if parts.netloc.rpartition("@")[2] else ""
    host = options.pop("host", host)
    dbname = options.pop("dbname", dbname)
    if not dbname:
        raise LocationError(
            _("{url} names no database: write postgresql://user@host/dbname.").format(
                url=_without_password(text)
            )
        )
    port_text = options.pop("port", "")
    if port is None and port_text:
        if not port_text.isdigit():
            raise LocationError(
                _("The port in {url} is not a number.").format(url=_without_password(text))
            )
        port = int(port_text)
    user = unquote(parts.username or "") or options.pop("user", "")
    password = unquote(parts.password) if parts.password is not None else None
    if password is None and "password" in options:
        password = options.pop("password")
    return DatabaseLocation(
        kind="postgresql",
        host=host,
        port=port,
        user=user,
        password=password,
        dbname=dbname,
        options=tuple(sorted(options.items())),
    )


def _without_password(text: str) -> str:
    """``text`` with any password in it replaced, for messages."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        return text
    auth, at, tail = rest.partition("@")
    if not at or "/" in auth:
        return text
    user, colon, _password = auth.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{tail}"
