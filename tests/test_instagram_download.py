"""Safe media downloads against the stand-in's CDN routes, over real sockets."""

import time

import pytest
import requests

from eventmedia.instagram import download
from eventmedia.instagram.download import (
    DownloadPolicy,
    DownloadRefused,
    PublicOnlyAdapter,
    fetch,
    match_host,
)
from eventmedia.instagram.standin import StandIn


@pytest.fixture(scope="module")
def standin():
    with StandIn() as server:
        server.slow_seconds = 6
        yield server


@pytest.fixture
def policy():
    return DownloadPolicy(
        hosts=("127.0.0.1",), require_https=False, max_bytes=2 * 1024 * 1024, timeout=3, deadline=2
    )


def refused(url, policy) -> str:
    with pytest.raises(DownloadRefused) as caught:
        fetch(url, policy)
    return caught.value.code


@pytest.mark.parametrize(
    "host, entries, expected",
    [
        ("scontent-sjc3-1.cdninstagram.com", (".cdninstagram.com",), "suffix"),
        ("a.b.fbcdn.net", (".fbcdn.net",), "suffix"),
        ("cdninstagram.com", (".cdninstagram.com",), None),  # subdomains only
        ("evilcdninstagram.com", (".cdninstagram.com",), None),  # dot boundary
        ("cdninstagram.com.evil.net", (".cdninstagram.com",), None),
        ("127.0.0.1", ("127.0.0.1",), "exact"),
        ("cdn.local", ("127.0.0.1",), None),
        ("SCONTENT.CDNINSTAGRAM.COM.", (".cdninstagram.com",), "suffix"),
        ("", (".cdninstagram.com",), None),
    ],
)
def test_host_matching(host, entries, expected):
    assert match_host(host, entries) == expected


def test_fetches_an_image(standin, policy):
    data = fetch(f"{standin.url}/cdn/img/stage.jpg?oh=x", policy)
    assert data.startswith(b"\xff\xd8\xff")


def test_refuses_hosts_off_the_list_and_plain_http(standin, policy):
    assert refused("http://localhost:1/cdn/img/a.jpg", policy) == "host_not_allowed"
    assert refused("https://user:pw@127.0.0.1/x", policy) == "host_not_allowed"
    assert refused("file:///etc/passwd", policy) == "host_not_allowed"
    strict = DownloadPolicy(hosts=("127.0.0.1",), require_https=True)
    assert refused(f"{standin.url}/cdn/img/a.jpg", strict) == "not_https"


def test_refuses_a_redirect_off_the_list(standin, policy):
    assert refused(f"{standin.url}/cdn/redirect/x", policy) == "host_not_allowed"


def test_slow_drip_is_cut_at_the_total_deadline(standin, policy):
    started = time.monotonic()
    assert refused(f"{standin.url}/cdn/slow/x.jpg", policy) == "timeout"
    assert time.monotonic() - started < policy.deadline + 1.5


def test_byte_cap_is_enforced_while_streaming(standin, policy):
    assert refused(f"{standin.url}/cdn/huge/x.jpg", policy) == "too_large"


def test_http_errors(standin, policy):
    assert refused(f"{standin.url}/cdn/expired/x.jpg", policy) == "download_failed"
    assert refused("http://127.0.0.1:9/x.jpg", policy) == "download_failed"


def test_public_only_connections_refuse_private_peers(standin):
    session = requests.Session()
    session.mount("http://", PublicOnlyAdapter(max_retries=0))
    with pytest.raises(requests.ConnectionError) as caught:
        session.get(f"{standin.url}/cdn/img/a.jpg", timeout=3)
    assert download._caused_by(caught.value, download.NonPublicAddress)


def test_suffix_entries_use_public_only_connections(standin, monkeypatch):
    # A dotted entry whose name resolves to loopback must be refused at connect time.
    policy = DownloadPolicy(hosts=(".localtest",), require_https=False, timeout=2, deadline=3)
    real = download._session_for
    monkeypatch.setattr(download, "_session_for", lambda kind: real(kind))
    url = standin.url.replace("127.0.0.1", "cdn.localtest") + "/cdn/img/a.jpg"
    import socket

    real_getaddrinfo = socket.getaddrinfo

    def fake_dns(host, *args, **kwargs):  # the name is ours to resolve in this test, not a real DNS
        return real_getaddrinfo("127.0.0.1" if host == "cdn.localtest" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_dns)
    assert refused(url, policy) == "host_not_allowed"
