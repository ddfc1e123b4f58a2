"""A small HTTP client for the Instagram API with Instagram Login. HTTP only: no models, no Django.

One ``requests`` session, a timeout on every call, retries with exponential backoff for transient
failures (network errors, HTTP 5xx, Graph codes 1 and 2), and typed results parsed defensively from
every response shape integrators see (docs/instagram.md):

- the code exchange answers ``{"data": [{...}]}`` or a flat object; ``user_id`` is a string or a number
  beyond 2**53 (JSON integers are exact in Python; we keep them as strings); ``permissions`` is a
  comma-separated string or a list;
- Graph errors come as ``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}``, the
  token endpoint's as ``{"error_type", "code", "error_message"}``;
- any media field may be missing.

Tokens never reach a log: only the path of a request is logged, error messages are Instagram's
text, not the URL, and urllib3's request lines are redacted (``redaction``). Results and errors are
typed values (``answers``), importable from here. ``paging.next`` links are followed only when they
point at the configured Graph host, so a token is never sent anywhere else.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests

from ...text import is_identifier, storable
from .answers import (  # noqa: F401 - the client's results and errors, importable from here as before
    FieldRefused,
    InstagramError,
    LongLivedToken,
    MediaItem,
    MediaPage,
    OAuthError,
    PermissionMissing,
    Profile,
    ShortLivedToken,
    Throttled,
    TokenInvalid,
    TransientError,
    _error,
    _int,
)
from .defaults import DEFAULTS
from .redaction import RedactSecrets, Secret, contained, install_log_redaction  # noqa: F401 - installed on import

logger = logging.getLogger(__name__)

install_log_redaction()

# A long-lived token lives 60 days; an answer claiming more than a year (or nothing usable) is not
# believed, so a hostile or broken number can never overflow a date.
LONG_LIVED_SECONDS = 60 * 24 * 3600
MAX_TOKEN_SECONDS = 366 * 24 * 3600

MEDIA_FIELDS = "id,caption,media_type,media_url,thumbnail_url,permalink,timestamp"
CHILD_FIELDS = "id,media_type,media_url,thumbnail_url"
# Without these a media item is of no use to an import.
ESSENTIAL_FIELDS = {"id", "media_type", "media_url", "thumbnail_url"}
PROFILE_FIELDS = "user_id,username,account_type"
# Room for them in the account's columns (Instagram's usernames are at most 30 characters).
USERNAME_LENGTH, ACCOUNT_TYPE_LENGTH, CAPTION_LENGTH, URL_LENGTH = 100, 40, 2200, 4096


# -- Configuration ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstagramConfig:
    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str
    scopes: tuple[str, ...] = tuple(DEFAULTS["SCOPES"])
    authorize_url: str = DEFAULTS["AUTHORIZE_URL"]
    token_url: str = DEFAULTS["TOKEN_URL"]
    graph_url: str = DEFAULTS["GRAPH_URL"]
    graph_version: str = DEFAULTS["GRAPH_VERSION"]
    timeout: float = DEFAULTS["TIMEOUT"]
    retries: int = DEFAULTS["RETRIES"]
    backoff: float = DEFAULTS["BACKOFF"]  # seconds before the first retry; doubles each time

    @property
    def configured(self) -> bool:
        """Whether the app id, secret and redirect URI are all set."""
        return bool(self.client_id and self.client_secret and self.redirect_uri)


# -- The client ------------------------------------------------------------------------------------


class InstagramClient:
    def __init__(self, config: InstagramConfig, session: requests.Session | None = None):
        self.config = config
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", "eventmedia-instagram/1")

    # OAuth ------------------------------------------------------------------------------------------

    def authorize_url(self, state: str, *, force_reauth: bool = False) -> str:
        """Instagram's consent page; ``force_reauth`` makes it ask for a login (another account)."""
        params = {
            "client_id": self.config.client_id,
            "redirect_uri": self.config.redirect_uri,
            "response_type": "code",
            "scope": ",".join(self.config.scopes),
            "state": state,
        }
        if force_reauth:
            params["force_reauth"] = "true"
        query = urlencode(params)
        return f"{self.config.authorize_url}?{query}"

    @contained
    def exchange_code(self, code: str) -> ShortLivedToken:
        """Trade an authorization code (single-use, one hour) for a short-lived token."""
        body = self._call(
            "POST",
            self.config.token_url,
            data={
                "client_id": self.config.client_id,
                "client_secret": self.config.client_secret,
                "grant_type": "authorization_code",
                "redirect_uri": self.config.redirect_uri,
                "code": code.removesuffix("#_"),
            },
            retry=False,  # a code is single-use: never send it twice
        )
        record = _unwrap(body)
        token = record.get("access_token")
        user_id = record.get("user_id")
        if not isinstance(token, str) or not token or user_id in (None, ""):
            raise OAuthError("Instagram's token answer has no access token or user id")
        return ShortLivedToken(Secret(token), str(user_id), _permissions(record.get("permissions")))

    @contained
    def long_lived_token(self, short_lived: str) -> LongLivedToken:
        """Exchange a short-lived token for a 60-day one."""
        body = self._call(
            "GET",
            f"{self.config.graph_url}/access_token",
            params={
                "grant_type": "ig_exchange_token",
                "client_secret": self.config.client_secret,
                "access_token": short_lived,
            },
        )
        return _long_lived(body)

    @contained
    def refresh_token(self, long_lived: str) -> LongLivedToken:
        """A fresh 60-day token for a long-lived one that is at least a day old."""
        body = self._call(
            "GET",
            f"{self.config.graph_url}/refresh_access_token",
            params={"grant_type": "ig_refresh_token", "access_token": long_lived},
        )
        return _long_lived(body)

    # Graph reads -------------------------------------------------------------------------------------

    @contained
    def me(self, token: str) -> Profile:
        """The account's profile, from ``/me`` answered flat or wrapped in ``data``."""
        body = self._graph("me", token, fields=PROFILE_FIELDS)
        record = _unwrap(body)
        user_id = record.get("user_id") or record.get("id")
        if user_id in (None, ""):
            raise InstagramError("Instagram's profile answer has no user id")
        ids = [str(user_id), str(record.get("id") or "")]
        if not all(is_identifier(i) for i in ids if i):
            raise InstagramError("Instagram's profile answer has an id that is not one")
        return Profile(
            user_id=ids[0],
            username=storable(record.get("username"), USERNAME_LENGTH),
            account_type=storable(record.get("account_type"), ACCOUNT_TYPE_LENGTH),
            app_scoped_id=ids[1],
        )

    @contained
    def media_page(self, token: str, *, after: str | None = None, limit: int = 24) -> MediaPage:
        """One page of the account's recent media. Empty pages that still have ``next`` are followed."""
        params: dict[str, Any] = {"limit": limit}
        if after:
            params["after"] = after
        body = self._graph_fields("me/media", token, MEDIA_FIELDS, **params)
        for _ in range(5):  # a page can be empty and still have a next one
            items = [_media(record) for record in _records(body)]
            items = [item for item in items if item.id]
            next_url = _paging_next(body)
            cursor = _cursor(body) if next_url else None
            if items or not next_url:
                return MediaPage(items, cursor)
            body = self._follow(next_url, token)
        return MediaPage([], None)

    @contained
    def media_item(self, token: str, media_id: str) -> MediaItem:
        """One post, with the fields Graph still serves."""
        return _media(_unwrap(self._graph_fields(_media_path(media_id), token, MEDIA_FIELDS)))

    @contained
    def children(self, token: str, media_id: str) -> list[MediaItem]:
        """A carousel's children, following ``paging.next`` until it is absent."""
        body = self._graph_fields(f"{_media_path(media_id)}/children", token, CHILD_FIELDS)
        children: list[MediaItem] = []
        for page in self._pages(body, token):
            children.extend(item for item in (_media(r) for r in _records(page)) if item.id)
        return children

    # Plumbing ----------------------------------------------------------------------------------------

    def _graph(self, path: str, token: str, **params: Any) -> dict:
        url = f"{self.config.graph_url}/{self.config.graph_version}/{path}"
        return self._call("GET", url, params={**params, "access_token": token})

    def _graph_fields(self, path: str, token: str, fields: str, **params: Any) -> dict:
        """``_graph`` asking for ``fields``; a field Graph refuses is dropped and the call made again.

        Meta may stop serving a field (a caption, a permalink) for some accounts or API versions; the
        listing and the import then go on without it. ``id`` and the image URLs are never dropped.
        """
        wanted = fields.split(",")
        while True:
            try:
                return self._graph(path, token, fields=",".join(wanted), **params)
            except FieldRefused as error:
                name = error.field_name
                if name not in wanted or name in ESSENTIAL_FIELDS:
                    raise
                logger.info("instagram %s: field %s refused; asking without it", path, name)
                wanted.remove(name)

    def _pages(self, body: dict, token: str, limit: int = 20) -> Iterator[dict]:
        for _ in range(limit):
            yield body
            next_url = _paging_next(body)
            if not next_url:
                return
            body = self._follow(next_url, token)

    def _follow(self, next_url: str, token: str) -> dict:
        graph = urlsplit(self.config.graph_url)
        target = urlsplit(next_url)
        if (target.scheme, target.netloc) != (graph.scheme, graph.netloc):
            raise InstagramError("Instagram's paging link points at another host; not followed")
        # The link carries a token already; replace it with ours rather than trusting the echo.
        query = [(k, v) for k, v in parse_qsl(target.query, keep_blank_values=True) if k != "access_token"]
        url = urlunsplit((target.scheme, target.netloc, target.path, urlencode(query), ""))
        return self._call("GET", url, params={"access_token": token})

    def _call(self, method: str, url: str, *, params=None, data=None, retry: bool = True) -> dict:
        attempts = self.config.retries if retry else 1
        path = urlsplit(url).path
        for attempt in range(1, attempts + 1):
            try:
                response = self.session.request(
                    method, url, params=params, data=data, timeout=self.config.timeout, allow_redirects=False
                )
            except requests.RequestException as exc:
                error: InstagramError = TransientError(
                    f"Instagram could not be reached ({type(exc).__name__})"
                )
            else:
                body = _json(response)
                if response.status_code < 400 and "error" not in body and "error_type" not in body:
                    logger.debug("instagram %s %s -> %s", method, path, response.status_code)
                    return body
                error = _error(response.status_code, body, response.headers)
            if not isinstance(error, TransientError) or attempt == attempts:
                logger.info("instagram %s %s failed: %s (code %s, trace %s)", method, path,
                            error.message, error.code, error.trace_id)  # fmt: skip
                raise error
            time.sleep(self.config.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")


# -- Parsing ---------------------------------------------------------------------------------------


def _json(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {"data": body} if isinstance(body, list) else {}


def _unwrap(body: dict) -> dict:
    """``{"data": [{...}]}`` or ``{"data": {...}}`` or a flat object -> the record."""
    data = body.get("data")
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return data[0]
    if isinstance(data, dict):
        return data
    return body


def _records(body: dict) -> list[dict]:
    data = body.get("data")
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def _permissions(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return tuple(p.strip() for p in value.split(",") if p.strip())
    if isinstance(value, list):
        return tuple(str(p).strip() for p in value if str(p).strip())
    return ()


def _long_lived(body: dict) -> LongLivedToken:
    record = _unwrap(body)
    token = record.get("access_token")
    if not isinstance(token, str) or not token:
        raise InstagramError("Instagram's token answer has no access token")
    expires_in = _int(record.get("expires_in"))
    if expires_in is None or not 0 < expires_in <= MAX_TOKEN_SECONDS:
        expires_in = LONG_LIVED_SECONDS  # what Instagram documents, when it says nothing usable
    return LongLivedToken(Secret(token), str(record.get("token_type") or "bearer"), expires_in)


def _media(record: dict) -> MediaItem:
    def text(key: str) -> str:
        value = record.get(key)
        return storable(value, URL_LENGTH) if value not in (None, "") else ""

    return MediaItem(
        id=text("id"),
        media_type=text("media_type").upper(),
        caption=storable(record.get("caption"), CAPTION_LENGTH),
        media_url=text("media_url"),
        thumbnail_url=text("thumbnail_url"),
        permalink=text("permalink"),
        timestamp=text("timestamp"),
    )


def _paging_next(body: dict) -> str:
    paging = body.get("paging")
    next_url = paging.get("next") if isinstance(paging, dict) else None
    return next_url if isinstance(next_url, str) else ""


def _cursor(body: dict) -> str | None:
    paging = body.get("paging") if isinstance(body.get("paging"), dict) else {}
    cursors = paging.get("cursors") if isinstance(paging.get("cursors"), dict) else {}
    after = cursors.get("after")
    return str(after) if after else None


def _media_path(media_id: str) -> str:
    if not media_id.isdigit() and not media_id.replace("_", "").isalnum():
        raise InstagramError("Not an Instagram media id")
    return media_id
