"""Fetch a media file from another host safely (Instagram's CDN, or hosts a site allows for image
URLs). HTTP only: no models, no Django; needs ``requests`` (the ``instagram`` or ``fetch`` extra), so the
core imports it only when a site uses it.

A URL is fetched only when its host is on the allow-list (``MEDIA_HOSTS``): an entry starting with a
dot matches that domain's subdomains on a dot boundary (``.cdninstagram.com`` matches
``scontent.cdninstagram.com``, not ``evilcdninstagram.com``), any other entry matches exactly.
Every host, whichever entry matched it, must also connect to a public address on a standard port
(443, and 80 where plain http is allowed), checked on the socket itself after it connects (so DNS
rebinding to 127.0.0.1 or 169.254.169.254 gains nothing, and neither does a URL aimed at another
service of the same host). Private networks are reached only when the policy names them
(``trusted_networks``: an intranet mirror, the tests' loopback), on any port; ``ports`` changes the
standard ones.

Redirects are followed by hand, each hop checked the same way. The body is streamed with a byte cap,
and a watchdog closes the connection at a total deadline, because socket timeouts alone let a server
drip one byte a second forever. The bytes are then sniffed by the image pipeline, never trusted.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .defaults import DEFAULTS

HOST_NOT_ALLOWED = "host_not_allowed"
NOT_HTTPS = "not_https"
TOO_LARGE = "too_large"
TIMEOUT = "timeout"
DOWNLOAD_FAILED = "download_failed"
TOO_MANY_REDIRECTS = "too_many_redirects"


class DownloadRefused(Exception):
    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class DownloadPolicy:
    hosts: tuple[str, ...] = ()  # nothing is allowed unless named
    require_https: bool = True
    max_bytes: int = DEFAULTS["MAX_UPLOAD_BYTES"]
    timeout: float = DEFAULTS["IMAGE_URL_TIMEOUT"]  # per connect and per read
    deadline: float = DEFAULTS["IMAGE_URL_DEADLINE"]  # for the whole download, redirects included
    max_redirects: int = 3
    ca_bundle: str | None = None  # certificates to trust instead of certifi's (tests, private CDNs)
    # For dotted entries: the ports allowed (empty: 443, and 80 unless require_https) and the
    # networks accepted besides public addresses (a private mirror's, say).
    ports: tuple[int, ...] = ()
    trusted_networks: tuple[str, ...] = ()

    def allowed_ports(self) -> tuple[int, ...]:
        """The ports a dotted entry's URL may use."""
        return self.ports or ((443,) if self.require_https else (443, 80))


def match_host(host: str, entries: tuple[str, ...]) -> str | None:
    """The entry that allows ``host`` (``"exact"`` or ``"suffix"``), or None."""
    host = (host or "").lower().rstrip(".")
    if not host:
        return None
    for entry in entries:
        entry = entry.lower().rstrip(".")
        if entry.startswith("."):
            if host.endswith(entry) and len(host) > len(entry):
                return "suffix"
        elif host == entry:
            return "exact"
    return None


# -- Connections that refuse non-public peers ----------------------------------------------------------


class NonPublicAddress(OSError):
    pass


@dataclass(frozen=True)
class PeerRule:
    """Who a connection may complete to: a public address on one of ``ports``, or any port of an
    address in ``trusted_networks`` (an intranet mirror, the tests' loopback)."""

    ports: tuple[int, ...] = (443, 80)
    trusted_networks: tuple[str, ...] = ()

    def check(self, sock) -> None:
        host, port = sock.getpeername()[:2]
        address = ipaddress.ip_address(host)
        if any(address in ipaddress.ip_network(network, strict=False) for network in self.trusted_networks):
            return
        if not address.is_global:
            raise NonPublicAddress(f"refusing non-public address {address}")
        if port not in self.ports:
            raise NonPublicAddress(f"refusing port {port} of a public address")


class _PublicHTTPConnection(HTTPConnection):
    peer_rule = PeerRule()

    def connect(self):
        super().connect()
        try:
            self.peer_rule.check(self.sock)
        except NonPublicAddress:
            self.close()
            raise


class _PublicHTTPSConnection(HTTPSConnection):
    peer_rule = PeerRule()

    def _new_conn(self):
        sock = super()._new_conn()
        try:
            self.peer_rule.check(sock)  # before TLS: nothing is sent to a refused peer
        except NonPublicAddress:
            sock.close()
            raise
        return sock


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


def _ruled(pool_class, rule: PeerRule):
    """``pool_class`` whose connections check their peer against ``rule``."""
    connection = type("RuledConnection", (pool_class.ConnectionCls,), {"peer_rule": rule})
    return type("RuledPool", (pool_class,), {"ConnectionCls": connection})


class PublicOnlyAdapter(HTTPAdapter):
    """An adapter whose connections only complete to what ``rule`` allows (public addresses on the
    standard ports by default)."""

    def __init__(self, rule: PeerRule | None = None, **kwargs):
        self.rule = rule or PeerRule()
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _ruled(_PublicHTTPPool, self.rule),
            "https": _ruled(_PublicHTTPSPool, self.rule),
        }


def _session_for(policy: DownloadPolicy) -> requests.Session:
    session = requests.Session()
    # No HTTP(S)_PROXY, .netrc or CA bundle from the environment: a proxy would make the connection,
    # and the peer check would see the proxy's address instead of the media host's.
    session.trust_env = False
    if policy.ca_bundle:
        session.verify = policy.ca_bundle
    session.headers["User-Agent"] = "eventmedia-media-fetch/1"
    # The byte cap counts what arrives; a compressed body could inflate far past it when decoded.
    session.headers["Accept-Encoding"] = "identity"
    # Every host, named exactly or by domain, connects only to what the policy's peer rule allows.
    adapter = PublicOnlyAdapter(PeerRule(policy.allowed_ports(), policy.trusted_networks), max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# -- The fetch -----------------------------------------------------------------------------------------


def fetch(url: str, policy: DownloadPolicy) -> bytes:
    """Download ``url`` under ``policy``; raise ``DownloadRefused`` with a code for anything off."""
    started = time.monotonic()
    for _ in range(policy.max_redirects + 1):
        _check_url(url, policy)
        remaining = policy.deadline - (time.monotonic() - started)
        if remaining <= 0:
            raise DownloadRefused(TIMEOUT, "deadline passed")
        with _session_for(policy) as session:
            response = _get(session, url, policy, remaining)
            with response:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    url = urljoin(url, location)
                    continue
                if response.status_code != 200:
                    raise DownloadRefused(DOWNLOAD_FAILED, f"HTTP {response.status_code}")
                return _read(response, policy, started)
    raise DownloadRefused(TOO_MANY_REDIRECTS)


def _check_url(url: str, policy: DownloadPolicy) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        raise DownloadRefused(HOST_NOT_ALLOWED, "not an http(s) URL")
    if policy.require_https and parts.scheme != "https":
        raise DownloadRefused(NOT_HTTPS)
    kind = match_host(parts.hostname or "", policy.hosts)
    if kind is None:
        raise DownloadRefused(HOST_NOT_ALLOWED, parts.hostname or "")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise DownloadRefused(HOST_NOT_ALLOWED, "bad port") from None
    # Without trusted networks only public addresses on the standard ports can pass at connect time:
    # another port is refused from the URL alone.
    if not policy.trusted_networks and port not in policy.allowed_ports():
        raise DownloadRefused(HOST_NOT_ALLOWED, f"port {port}")


def _get(session: requests.Session, url: str, policy: DownloadPolicy, remaining: float) -> requests.Response:
    timeout = min(policy.timeout, remaining)
    try:
        return session.get(url, stream=True, allow_redirects=False, timeout=(timeout, timeout))
    except requests.ConnectionError as exc:
        if _caused_by(exc, NonPublicAddress):
            raise DownloadRefused(HOST_NOT_ALLOWED, "a non-public address, or a port not allowed") from None
        raise DownloadRefused(DOWNLOAD_FAILED, type(exc).__name__) from None
    except requests.Timeout:
        raise DownloadRefused(TIMEOUT) from None
    except requests.RequestException as exc:
        raise DownloadRefused(DOWNLOAD_FAILED, type(exc).__name__) from None


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """True when ``kind`` is anywhere in the exceptions behind ``exc``.

    requests and urllib3 wrap the error of a connection in several ways: ``__cause__`` and
    ``__context__``, the first argument (``ConnectionError(MaxRetryError(...))``), and ``reason``
    (urllib3's ``MaxRetryError``). Each is followed; a cycle ends the walk.
    """
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        current = todo.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        todo += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        todo += current.args[:1]
    return False


def _read(response: requests.Response, policy: DownloadPolicy, started: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise DownloadRefused(TOO_LARGE, "declared length over the cap")
    remaining = policy.deadline - (time.monotonic() - started)
    expired = threading.Event()

    def stop() -> None:
        expired.set()
        # Shutting the socket down wakes a read blocked on a dripping server; close() alone does not.
        sock = _socket_of(response)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        response.close()

    watchdog = threading.Timer(max(remaining, 0), stop)
    watchdog.daemon = True
    watchdog.start()
    chunks, total = [], 0
    try:
        # read1 returns what one receive brings, so the deadline is checked however slow the drip.
        for chunk in iter(lambda: response.raw.read1(64 * 1024), b""):
            total += len(chunk)
            if total > policy.max_bytes:
                raise DownloadRefused(TOO_LARGE, "body over the cap")
            chunks.append(chunk)
            if expired.is_set():
                raise DownloadRefused(TIMEOUT, "deadline passed")
    except DownloadRefused:
        raise
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError, AttributeError):
        # urllib3's ProtocolError (the watchdog shut the socket mid-body) is not an OSError.
        if expired.is_set():
            raise DownloadRefused(TIMEOUT, "deadline passed") from None
        raise DownloadRefused(DOWNLOAD_FAILED, "connection broke") from None
    finally:
        watchdog.cancel()
    if expired.is_set():
        raise DownloadRefused(TIMEOUT, "deadline passed")
    return b"".join(chunks)


def _socket_of(response: requests.Response):
    """The socket under a streamed response (urllib3 2 hands it to http.client's reader)."""
    try:
        return response.raw._fp.fp.raw._sock
    except AttributeError:
        return None
