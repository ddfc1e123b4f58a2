"""Safe media downloads against the stand-in's CDN routes, over real sockets."""

import time
from dataclasses import replace

import pytest
import requests

from eventmedia import download
from eventmedia.download import (
    DownloadPolicy,
    DownloadRefused,
    PublicOnlyAdapter,
    fetch,
    match_host,
)
from eventmedia.services import process_image_bytes
from project.instagram_standin import StandIn

LOOPBACK = ("127.0.0.0/8",)  # the stand-in's network: private, so trusted by name only


@pytest.fixture(scope="module")
def standin():
    with StandIn() as server:
        server.slow_seconds = 6
        yield server


@pytest.fixture
def policy():
    return DownloadPolicy(
        hosts=("127.0.0.1",), require_https=False, max_bytes=2 * 1024 * 1024, timeout=3, deadline=2,
        trusted_networks=LOOPBACK,
    )  # fmt: skip


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


def test_an_exact_name_resolving_to_a_private_address_is_refused_on_any_port(
    tls_cdn, resolve_cdn_to_loopback, standin
):
    # IMAGE_URL_HOSTS = ["images.partner.test"], and that name resolves to 127.0.0.1: an internal
    # service's answer must not become an event background, whatever the port.
    policy = DownloadPolicy(
        hosts=("cdn.localtest", "127.0.0.1"),
        require_https=False,
        timeout=3,
        deadline=5,
        ca_bundle=tls_cdn["ca"],
    )
    before = len(tls_cdn["seen"])
    assert refused(resolve_cdn_to_loopback, policy) == "host_not_allowed"
    assert refused(f"{standin.url}/cdn/img/stage.jpg", policy) == "host_not_allowed"  # 127.0.0.1 itself
    assert len(tls_cdn["seen"]) == before  # nothing reached the server


def test_public_only_connections_refuse_private_peers(standin):
    session = requests.Session()
    session.mount("http://", PublicOnlyAdapter(max_retries=0))
    with pytest.raises(requests.ConnectionError) as caught:
        session.get(f"{standin.url}/cdn/img/a.jpg", timeout=3)
    assert download._caused_by(caught.value, download.NonPublicAddress)


def test_suffix_entries_use_public_only_connections(standin, monkeypatch):
    # A dotted entry whose name resolves to loopback must be refused at connect time.
    policy = DownloadPolicy(hosts=(".localtest",), require_https=False, timeout=2, deadline=3)
    url = standin.url.replace("127.0.0.1", "cdn.localtest") + "/cdn/img/a.jpg"
    import socket

    real_getaddrinfo = socket.getaddrinfo

    def fake_dns(host, *args, **kwargs):  # the name is ours to resolve in this test, not a real DNS
        return real_getaddrinfo("127.0.0.1" if host == "cdn.localtest" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_dns)
    assert refused(url, policy) == "host_not_allowed"


# -- Over HTTPS: the private-address check on the TLS path -------------------------------------------------


@pytest.fixture(scope="module")
def tls_cdn(tmp_path_factory):
    """A real HTTPS server on 127.0.0.1 whose test certificate names ``cdn.localtest``."""
    import datetime
    import http.server
    import ipaddress
    import ssl
    import threading

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from tests import images

    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cdn.localtest")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("cdn.localtest"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    body = images.jpeg((64, 48))
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            seen.append((self.path, self.headers.get("Accept-Encoding")))
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield {"port": server.server_address[1], "ca": str(cert_file), "body": body, "seen": seen}
    server.shutdown()
    server.server_close()


@pytest.fixture
def resolve_cdn_to_loopback(monkeypatch, tls_cdn):
    """``cdn.localtest`` resolves to 127.0.0.1 (DNS rebinding, as an attacker would arrange it)."""
    import socket

    real_getaddrinfo = socket.getaddrinfo

    def fake_dns(host, *args, **kwargs):  # the name is ours to resolve in this test, not a real DNS
        return real_getaddrinfo("127.0.0.1" if host == "cdn.localtest" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_dns)
    return f"https://cdn.localtest:{tls_cdn['port']}/img.jpg"


def test_https_download_from_an_exact_entry_works_end_to_end(tls_cdn, resolve_cdn_to_loopback):
    # The control: TLS, the certificate and the name all work, so a refusal below is the guard's.
    policy = DownloadPolicy(
        hosts=("cdn.localtest",), require_https=True, timeout=3, deadline=5, ca_bundle=tls_cdn["ca"],
        trusted_networks=LOOPBACK,
    )  # fmt: skip
    assert fetch(resolve_cdn_to_loopback, policy) == tls_cdn["body"]
    assert tls_cdn["seen"][-1] == ("/img.jpg", "identity")  # no compressed body to inflate past the cap


def test_https_suffix_entry_resolving_to_loopback_is_refused_before_tls(tls_cdn, resolve_cdn_to_loopback):
    policy = DownloadPolicy(
        hosts=(".localtest",), require_https=True, timeout=3, deadline=5, ca_bundle=tls_cdn["ca"]
    )
    before = len(tls_cdn["seen"])
    assert refused(resolve_cdn_to_loopback, policy) == "host_not_allowed"
    assert len(tls_cdn["seen"]) == before  # no request reached the server


def test_https_suffix_entry_runs_end_to_end_on_a_trusted_network(tls_cdn, resolve_cdn_to_loopback):
    # The production path (dotted entry, TLS, the peer check on the socket) with this machine's
    # loopback standing in for Meta's CDN: the policy trusts it, as a private mirror's would be.
    policy = DownloadPolicy(
        hosts=(".localtest",),
        require_https=True,
        timeout=3,
        deadline=5,
        ca_bundle=tls_cdn["ca"],
        ports=(tls_cdn["port"],),
        trusted_networks=("127.0.0.0/8",),
    )
    body = fetch(resolve_cdn_to_loopback, policy)
    assert body == tls_cdn["body"] and process_image_bytes(body).original.format == "JPEG"
    # The same URL without the trust is refused before TLS: the trust is what let it through.
    assert refused(resolve_cdn_to_loopback, replace(policy, trusted_networks=())) == "host_not_allowed"


@pytest.mark.parametrize(
    "url, require_https",
    [
        ("https://scontent.cdninstagram.com:8443/v/photo.jpg", True),
        ("https://scontent.cdninstagram.com:22/v/photo.jpg", True),
        ("https://scontent.cdninstagram.com:80/v/photo.jpg", True),
        ("http://scontent.cdninstagram.com:6379/v/photo.jpg", False),
        ("https://scontent.cdninstagram.com:99999/v/photo.jpg", True),
    ],
)
def test_dotted_entries_allow_only_the_standard_ports(url, require_https):
    # Refused from the URL alone: these names do not even resolve here, so a URL that passed the
    # check would fail later with download_failed instead.
    policy = DownloadPolicy(hosts=(".cdninstagram.com",), require_https=require_https, timeout=1, deadline=1)
    assert refused(url, policy) == "host_not_allowed"


def test_the_standard_ports_follow_the_https_rule():
    assert DownloadPolicy(require_https=True).allowed_ports() == (443,)
    assert DownloadPolicy(require_https=False).allowed_ports() == (443, 80)
    assert DownloadPolicy(ports=(8443,)).allowed_ports() == (8443,)


# -- The guard's own logic, on addresses this machine cannot reach --------------------------------------


class _PeerSocket:
    """Just what ``PeerRule.check`` reads of a connected socket: the peer's address and port."""

    def __init__(self, address: str, port: int = 443):
        self.peer = (address, port)

    def getpeername(self):
        return self.peer


@pytest.mark.parametrize("address", ["157.240.1.174", "2a03:2880:f10c:83:face:b00c:0:25de"])
def test_public_peers_pass_the_check(address):
    download.PeerRule().check(_PeerSocket(address))  # Meta's CDN addresses: no exception


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.0.0.5", "169.254.169.254", "192.168.1.1", "::1", "fd00::1", "100.64.0.1"]
)
def test_private_peers_are_refused_whatever_port(address):
    with pytest.raises(download.NonPublicAddress):
        download.PeerRule().check(_PeerSocket(address, port=8443))


def test_public_peers_on_other_ports_are_refused_and_trusted_networks_take_any_port():
    with pytest.raises(download.NonPublicAddress):
        download.PeerRule().check(_PeerSocket("157.240.1.174", port=6379))
    download.PeerRule(ports=(8443,)).check(_PeerSocket("157.240.1.174", port=8443))
    download.PeerRule(trusted_networks=("10.0.0.0/8",)).check(_PeerSocket("10.1.2.3", port=8080))
    with pytest.raises(download.NonPublicAddress):
        download.PeerRule(trusted_networks=("10.0.0.0/8",)).check(_PeerSocket("192.168.1.1", port=443))


def test_caused_by_finds_the_guard_however_urllib3_wraps_it():
    guard = download.NonPublicAddress("refusing")

    class Wrapper(Exception):  # urllib3's MaxRetryError keeps its cause in ``reason``
        def __init__(self, reason):
            super().__init__("wrapped")
            self.reason = reason

    assert download._caused_by(Wrapper(guard), download.NonPublicAddress)
    assert download._caused_by(requests.ConnectionError(Wrapper(guard)), download.NonPublicAddress)
    try:
        try:
            raise guard
        except download.NonPublicAddress as inner:
            raise OSError("outer") from inner
    except OSError as chained:
        assert download._caused_by(chained, download.NonPublicAddress)
    assert not download._caused_by(
        requests.ConnectionError(Wrapper(OSError("refused"))), download.NonPublicAddress
    )


def test_caused_by_keeps_every_branch_it_has_not_walked_yet():
    guard = download.NonPublicAddress("refusing")
    top = OSError(OSError("a plain first argument"))
    top.__context__ = guard  # the guard is on the other branch
    assert download._caused_by(top, download.NonPublicAddress)


def test_caused_by_stops_on_a_cycle():
    first, second = OSError("a"), OSError("b")
    first.__context__, second.__context__ = second, first
    assert not download._caused_by(first, download.NonPublicAddress)


def test_deadline_in_the_middle_of_a_declared_length_body_is_a_timeout():
    """The watchdog cuts a body that announced its length: urllib3 raises ProtocolError, not OSError."""
    import http.server
    import threading

    class Dripping(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            time.sleep(0.98)  # the headers come just before the deadline: the cut hits the body
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(50):
                    self.wfile.write(b"\xff" * 100)
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Dripping)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    try:
        policy = DownloadPolicy(
            hosts=("127.0.0.1",), require_https=False, timeout=3, deadline=1, trusted_networks=LOOPBACK
        )
        url = f"http://127.0.0.1:{server.server_address[1]}/img.jpg"
        assert refused(url, policy) == "timeout"
    finally:
        server.shutdown()
        server.server_close()


def test_a_broken_body_from_urllib3_is_a_refusal_not_an_exception():
    """urllib3 reports a connection broken mid-body as ProtocolError, which is not an OSError."""
    import urllib3

    class Raw:
        def read1(self, size):
            raise urllib3.exceptions.ProtocolError("Connection broken: IncompleteRead")

    class Response:
        headers = {"Content-Length": "1000"}
        raw = Raw()

        def close(self):
            pass

    policy = DownloadPolicy(hosts=("127.0.0.1",), deadline=5, trusted_networks=LOOPBACK)
    with pytest.raises(DownloadRefused) as caught:
        download._read(Response(), policy, time.monotonic())
    assert caught.value.code == "download_failed"


def test_environment_proxies_are_never_used(standin, policy, monkeypatch):
    # A proxy would connect for us, and the public-address check would see the proxy, not the host.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert fetch(f"{standin.url}/cdn/img/a.jpg", policy)[:3] == b"\xff\xd8\xff"
