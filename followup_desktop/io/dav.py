"""The CalDAV and CardDAV server the phone syncs with, built on caldav's client.

caldav finds the user's principal and calendar home and makes calendars; the
address book (CardDAV, which caldav does not cover) and every item's reads and
writes go through the same client's requests, so that each write carries the
precondition that keeps it from overwriting what another client changed:
``If-None-Match: *`` to create, ``If-Match: <etag>`` to replace or remove.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from caldav.davclient import DAVClient
from caldav.lib import error as caldav_error

from followup_desktop.i18n import _

_DAV = "DAV:"
_CARDDAV = "urn:ietf:params:xml:ns:carddav"
_CALDAV = "urn:ietf:params:xml:ns:caldav"
TIMEOUT_SECONDS = 30


class DavError(Exception):
    """The server could not be reached or refused a request: one line for the user."""


class PreconditionFailed(DavError):
    """412: the item changed on the server (or exists already) since it was read."""


class SyncTokenRefused(DavError):
    """The server offers no sync-collection REPORT, or no longer knows the token."""


@dataclass(frozen=True)
class CollectionChanges:
    """What changed in a collection since a sync token (RFC 6578): items new or
    changed with their ETags, items removed, and the token to ask with next time."""

    token: str
    changed: dict[str, str]
    removed: frozenset[str]


@dataclass(frozen=True)
class RemoteItem:
    """An item's content on the server and the ETag it had when read."""

    href: str
    etag: str
    body: str


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


class DavServer:
    """One account on a CalDAV/CardDAV server."""

    def __init__(self, url: str, user: str, password: str | None) -> None:
        self.url = url if url.endswith("/") else url + "/"
        try:
            self._client: Any = DAVClient(
                url=self.url, username=user, password=password or "", timeout=TIMEOUT_SECONDS
            )
        except Exception as exc:  # caldav raises many kinds for a bad URL
            raise DavError(_reason(exc)) from exc
        self._principal: Any = None

    def close(self) -> None:
        self._client.close()

    # -- collections ---------------------------------------------------------
    def _principal_object(self) -> Any:
        if self._principal is None:
            try:
                self._principal = self._client.principal()
            except Exception as exc:
                raise DavError(_reason(exc)) from exc
        return self._principal

    def calendar(self, name: str) -> str:
        """The URL of the user's calendar called ``name``, made when missing."""
        principal = self._principal_object()
        try:
            for calendar in principal.calendars():
                if calendar.get_display_name() == name:
                    return str(calendar.url)
            made = principal.make_calendar(name=name, supported_calendar_component_set=["VTODO"])
        except Exception as exc:
            raise DavError(_reason(exc)) from exc
        return str(made.url)

    def address_book(self, name: str) -> str:
        """The URL of the user's address book called ``name``, made when missing."""
        principal_url = str(self._principal_object().url)
        found = self._propfind(principal_url, [(_CARDDAV, "addressbook-home-set")], depth=0)
        home = ""
        for _href, props in found:
            element = props.get(_tag(_CARDDAV, "addressbook-home-set"))
            link = element.find(_tag(_DAV, "href")) if element is not None else None
            if link is not None and link.text:
                home = urljoin(principal_url, link.text.strip())
        if not home:
            raise DavError(_("The server offers no address book (CardDAV) for this account."))
        for href, props in self._propfind(
            home, [(_DAV, "resourcetype"), (_DAV, "displayname")], depth=1
        ):
            kind = props.get(_tag(_DAV, "resourcetype"))
            shown = props.get(_tag(_DAV, "displayname"))
            is_book = kind is not None and kind.find(_tag(_CARDDAV, "addressbook")) is not None
            if is_book and shown is not None and (shown.text or "") == name:
                return str(urljoin(home, href))
        url = urljoin(home, quote(name) + "/")
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<D:mkcol xmlns:D="{_DAV}" xmlns:C="{_CARDDAV}"><D:set><D:prop>'
            "<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>"
            f"<D:displayname>{_xml_text(name)}</D:displayname>"
            "</D:prop></D:set></D:mkcol>"
        )
        self._checked(self._request(url, "MKCOL", body, {"Content-Type": "application/xml"}))
        return url

    # -- items -----------------------------------------------------------------
    def etags(self, collection: str) -> dict[str, str]:
        """Every item in a collection: its path (href) and ETag."""
        listed: dict[str, str] = {}
        for href, props in self._propfind(
            collection, [(_DAV, "getetag"), (_DAV, "resourcetype")], depth=1
        ):
            kind = props.get(_tag(_DAV, "resourcetype"))
            if kind is not None and kind.find(_tag(_DAV, "collection")) is not None:
                continue  # the collection itself
            etag = props.get(_tag(_DAV, "getetag"))
            if etag is not None and etag.text:
                listed[_path(urljoin(collection, href))] = etag.text.strip()
        return listed

    def changes_since(self, collection: str, token: str) -> CollectionChanges:
        """The items changed or removed since ``token`` (every item for ""), by the
        sync-collection REPORT; SyncTokenRefused when the server does not offer it or
        no longer knows the token (then list the ETags instead)."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<D:sync-collection xmlns:D="{_DAV}">'
            f"<D:sync-token>{_xml_text(token)}</D:sync-token>"
            "<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>"
        )
        headers = {"Depth": "0", "Content-Type": "application/xml; charset=utf-8"}
        try:
            response = self._request(collection, "REPORT", body, headers)
        except DavError as exc:  # a token refused is a 403 with valid-sync-token
            raise SyncTokenRefused(str(exc)) from exc
        if int(response.status) >= 300:
            raise SyncTokenRefused(
                _("The server answered {status} {reason}.").format(
                    status=response.status, reason=getattr(response, "reason", "") or ""
                )
            )
        try:
            root = ET.fromstring(_body_of(response))
        except ET.ParseError as exc:
            raise SyncTokenRefused(str(exc)) from exc
        new_token = root.find(_tag(_DAV, "sync-token"))
        if new_token is None or not (new_token.text or "").strip():
            raise SyncTokenRefused(_("The server gave no sync token."))
        base = _path(collection)
        changed: dict[str, str] = {}
        removed: set[str] = set()
        for each in root.iter(_tag(_DAV, "response")):
            link = each.find(_tag(_DAV, "href"))
            if link is None or not link.text:
                continue
            href = _path(urljoin(collection, link.text.strip()))
            if href.rstrip("/") == base.rstrip("/"):
                continue  # the collection itself
            status = each.find(_tag(_DAV, "status"))
            if status is not None and " 404 " in f"{status.text or ''} ":
                removed.add(href)
                continue
            etag = each.find(
                f"{_tag(_DAV, 'propstat')}/{_tag(_DAV, 'prop')}/{_tag(_DAV, 'getetag')}"
            )
            if etag is not None and etag.text:
                changed[href] = etag.text.strip()
        return CollectionChanges((new_token.text or "").strip(), changed, frozenset(removed))

    def get(self, href: str) -> RemoteItem:
        response = self._checked(self._request(self._absolute(href), "GET", "", {}))
        return RemoteItem(_path(href), _etag_of(response), _body_of(response))

    def create(self, collection: str, name: str, body: str, content_type: str) -> RemoteItem:
        """Put a new item; PreconditionFailed when one of that name exists already."""
        href = item_path(collection, name)
        return self._put(href, body, content_type, {"If-None-Match": "*"})

    def update(self, href: str, body: str, content_type: str, etag: str) -> RemoteItem:
        """Replace an item; PreconditionFailed when it changed since ``etag``."""
        return self._put(href, body, content_type, {"If-Match": etag})

    def delete(self, href: str, etag: str) -> None:
        """Remove an item; PreconditionFailed when it changed since ``etag``. One
        already gone is not an error."""
        response = self._request(self._absolute(href), "DELETE", "", {"If-Match": etag})
        if response.status != 404:
            self._checked(response)

    def _put(self, href: str, body: str, content_type: str, headers: dict[str, str]) -> RemoteItem:
        headers = {"Content-Type": f"{content_type}; charset=utf-8", **headers}
        response = self._checked(self._request(self._absolute(href), "PUT", body, headers))
        etag = _etag_of(response)
        if not etag:  # the server may change what it stores and then gives no ETag
            return self.get(href)
        return RemoteItem(href, etag, body)

    # -- requests ----------------------------------------------------------------
    def _absolute(self, href: str) -> str:
        return urljoin(self.url, href)

    def _request(self, url: str, method: str, body: str, headers: dict[str, str]) -> Any:
        try:
            return self._client.request(url, method, body, headers)
        except caldav_error.AuthorizationError as exc:
            raise DavError(
                _("The server refused the user name or password ({url}).").format(url=url)
            ) from exc
        except Exception as exc:
            raise DavError(_reason(exc)) from exc

    @staticmethod
    def _checked(response: Any) -> Any:
        status = int(response.status)
        if status == 412:
            raise PreconditionFailed(_("The item changed on the server meanwhile."))
        if status >= 300:
            raise DavError(
                _("The server answered {status} {reason}.").format(
                    status=status, reason=getattr(response, "reason", "") or ""
                )
            )
        return response

    def _propfind(
        self, url: str, props: list[tuple[str, str]], depth: int
    ) -> list[tuple[str, dict[str, ET.Element]]]:
        """(href, {property: element}) of each response with a 200 status."""
        names = "".join(f'<x:{name} xmlns:x="{ns}"/>' for ns, name in props)
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<D:propfind xmlns:D="{_DAV}"><D:prop>{names}</D:prop></D:propfind>'
        )
        headers = {"Depth": str(depth), "Content-Type": "application/xml; charset=utf-8"}
        response = self._checked(self._request(url, "PROPFIND", body, headers))
        try:
            root = ET.fromstring(_body_of(response))
        except ET.ParseError as exc:
            raise DavError(
                _("The server's answer is not readable ({reason}).").format(reason=exc)
            ) from exc
        found: list[tuple[str, dict[str, ET.Element]]] = []
        for each in root.iter(_tag(_DAV, "response")):
            href = each.find(_tag(_DAV, "href"))
            if href is None or not href.text:
                continue
            kept: dict[str, ET.Element] = {}
            for propstat in each.iter(_tag(_DAV, "propstat")):
                status = propstat.find(_tag(_DAV, "status"))
                if status is not None and " 200 " not in f"{status.text or ''} ":
                    continue
                prop = propstat.find(_tag(_DAV, "prop"))
                for element in prop if prop is not None else ():
                    kept[element.tag] = element
            found.append((href.text.strip(), kept))
        return found


def item_path(collection: str, name: str) -> str:
    """The path of the item called ``name`` in a collection."""
    return _path(urljoin(collection, quote(name)))


def _path(url: str) -> str:
    """A URL's path: how the sync state names an item, whatever host name reached it."""
    # Servers differ in which characters they escape ("@" or "%40"): one spelling.
    return quote(unquote(urlsplit(url).path), safe="/") or "/"


def _etag_of(response: Any) -> str:
    return str(response.headers.get("ETag") or "").strip()


def _body_of(response: Any) -> str:
    raw = response.raw
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return _("Cannot reach the sync server: {reason}").format(reason=text)
