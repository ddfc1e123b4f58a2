"""A local stand-in for Instagram: a real HTTP server speaking the endpoints eventmedia uses.

The tests point ``EVENTMEDIA["INSTAGRAM"]``'s URLs at it and walk the whole flow over real sockets;
``make run`` starts it when no real credentials are set, so a newcomer can click through Connect
Instagram without a Meta app. It keeps the platform's quirks (docs/instagram.md):

- ``/oauth/authorize`` checks the client id, the exact redirect URI and the scope names, shows an
  Allow / Deny page, and comes back with ``?code=...&state=...#_`` or ``?error=access_denied...``;
- ``/oauth/access_token`` takes a code once, within its hour, with the same redirect URI, and answers
  in the documented ``{"data": [...]}`` shape or flat (alternately), with a ``user_id`` beyond 2**53
  sent as a JSON number and ``permissions`` as a string, a list, or not at all (``send_permissions``);
- ``/access_token`` and ``/refresh_access_token`` make and refresh 60-day tokens;
- ``/<version>/me`` (flat or wrapped in ``data``, account type ``Business`` or ``Media_Creator``, a
  ``user_id`` that may differ from the token answer's), ``/me/media`` (cursor paging with absolute
  ``next`` links; ``empty_pages`` empty pages that still have ``next`` first), ``/<id>`` and
  ``/<id>/children`` (paged by ``children_page_size``); dead tokens answer code 190, fields named in
  ``refused_fields`` answer code 100, and the test controls inject throttling (code 80002 with Meta's
  ``X-Business-Use-Case-Usage`` and ``X-App-Usage`` headers, ``regain_minutes`` to wait), transient
  failures (code 2, HTTP 500) and any error code with a subcode (``error_next``);
- ``/cdn/...`` serves the media: images, one slow route, one that serves HTML, one that redirects
  off the allow-list, one far too large, and signed URLs that expired (403).

Run it by hand: ``python -m project.instagram_standin --port 8765 --redirect-uri URL``.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import json
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

VALID_SCOPES = {
    "instagram_business_basic",
    "instagram_business_content_publish",
    "instagram_business_manage_comments",
    "instagram_business_manage_messages",
    "instagram_business_manage_insights",
}
BIG_USER_ID = 17841400000000000123  # more than 2**53: exact in Python, not in JavaScript
CODE_LIFETIME = 3600
LONG_LIVED = 5_183_944
DAY = 24 * 3600


@dataclass
class Post:
    id: str
    media_type: str = "IMAGE"
    caption: str = ""
    image: str = ""  # name of a CDN route for media_url ("" = field missing)
    thumbnail: str = ""  # name of a CDN route for thumbnail_url
    children: list[Post] = field(default_factory=list)
    timestamp: str = "2026-11-20T10:00:00+0000"


def default_posts() -> list[Post]:
    """What a small conference's account has posted: images, a video, a carousel, a missing file."""
    return [
        Post("17900000000000001", caption="Opening keynote, full house", image="img/stage.jpg"),
        Post("17900000000000002", caption="Sponsors' village", image="img/village.jpg"),
        Post(
            "17900000000000003",
            "VIDEO",
            caption="Lightning talks",
            image="video/talks.mp4",
            thumbnail="img/talks-thumb.jpg",
        ),  # fmt: skip
        Post(
            "17900000000000004",
            "CAROUSEL_ALBUM",
            caption="Workshop day",
            children=[
                Post("17900000000000041", image="img/workshop-1.jpg"),
                Post("17900000000000042", image="img/workshop-2.jpg"),
                Post("17900000000000043", "VIDEO", image="video/w.mp4", thumbnail="img/workshop-3.jpg"),
            ],
        ),
        Post("17900000000000005", caption="A reel with licensed music (no media_url)", image=""),
        Post("17900000000000006", caption="Speakers' dinner", image="img/dinner.jpg"),
        Post("17900000000000007", caption="Closing", image="img/closing.jpg"),
    ]


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A client that hangs up mid-answer (a killed worker, a download cut at its deadline) is
        # part of what the tests do, not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class StandIn:
    """The server and its state. Use as a context manager, or ``start()`` / ``stop()``."""

    def __init__(
        self,
        *,
        client_id: str = "standin-app",
        client_secret: str = "standin-secret",
        redirect_uri: str = "",
        host: str = "127.0.0.1",
        port: int = 0,
        posts: list[Post] | None = None,
        page_size: int = 3,
    ):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.posts = posts if posts is not None else default_posts()
        self.page_size = page_size
        self.username = "eventmedia_demo_conf"
        self.user_id = BIG_USER_ID  # the token answer's user_id
        self.me_user_id: str | None = None  # /me's user_id when it differs from the token answer's
        self.app_scoped_id = "27000000000000001"  # /me's id
        self.account_type = "Business"  # or "Media_Creator"
        self.profile_shape = "flat"  # or "wrapped": {"data": [{...}]}
        self.send_permissions = True
        self.profile_error: tuple | None = None  # (code, message): what /me answers instead
        self.refused_fields: set[str] = set()  # fields Graph refuses with code 100
        self.children_page_size: int | None = None
        self.empty_pages = 0  # empty /me/media pages (with a next link) before the posts
        self.lock = threading.Lock()
        self.codes: dict[str, dict] = {}  # code -> {"redirect_uri", "expires", "used", "scopes"}
        self.tokens: dict[str, dict] = {}  # token -> {"expires", "kind", "issued"}
        self.token_shape = "wrapped"  # alternates with "flat" on each exchange
        self.throttle_next = 0
        self.regain_minutes = 5  # what a throttled answer says to wait
        self.fail_next = 0
        # (code, message) or (code, message, subcode) for the next Graph call
        self.error_next: tuple | None = None
        self.requests: list[str] = []  # "METHOD path" of every request, for tests
        self.slow_seconds = 5.0
        self.image_delay = 0.0  # seconds every /cdn/img/ download waits first (a slow CDN)
        self.server = _Server((host, port), _handler(self))
        self.server.daemon_threads = True
        self.thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def settings(self) -> dict:
        """``EVENTMEDIA["INSTAGRAM"]`` entries that point eventmedia at this server."""
        host = urlsplit(self.url).hostname
        return {
            "CLIENT_ID": self.client_id,
            "CLIENT_SECRET": self.client_secret,
            "REDIRECT_URI": self.redirect_uri,
            "AUTHORIZE_URL": f"{self.url}/oauth/authorize",
            "TOKEN_URL": f"{self.url}/oauth/access_token",
            "GRAPH_URL": self.url,
            "MEDIA_HOSTS": [host],
            "MEDIA_REQUIRE_HTTPS": False,
            "MEDIA_PRIVATE_NETWORKS": ["127.0.0.0/8"],  # this server's network: private, so named
        }

    def start(self) -> StandIn:
        # A short poll interval: shutdown() waits for the loop to notice, which at the default
        # 0.5 s added half a second to every test that starts a stand-in.
        self.thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="instagram-standin",
            daemon=True,
        )
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- test controls -------------------------------------------------------------------------------

    def expire_all_tokens(self) -> None:
        with self.lock:
            for token in self.tokens.values():
                token["expires"] = 0

    def issue_token(self, lifetime: int = LONG_LIVED, kind: str = "long", age: float = 0) -> str:
        """A new token, as if issued ``age`` seconds ago (Meta refreshes only tokens a day old)."""
        token = "IGAA" + secrets.token_urlsafe(24)
        issued = time.time() - age
        with self.lock:
            self.tokens[token] = {"expires": issued + lifetime, "kind": kind, "issued": issued}
        return token

    def age(self, token: str, seconds: float) -> None:
        """Make ``token`` as old as if it had been issued ``seconds`` earlier."""
        with self.lock:
            self.tokens[str(token)]["issued"] -= seconds

    def find(self, media_id: str) -> Post | None:
        for post in self.posts:
            if post.id == media_id:
                return post
            for child in post.children:
                if child.id == media_id:
                    return child
        return None


# -- Images the CDN serves ---------------------------------------------------------------------------

_IMAGE_CACHE: dict[str, bytes] = {}


def cdn_image(name: str) -> bytes:
    """A 1080x1080 JPEG, different for each name: a colour field with a few shapes."""
    if name not in _IMAGE_CACHE:
        from PIL import Image, ImageDraw

        digest = hashlib.sha256(name.encode()).digest()
        base = (digest[0] % 200 + 30, digest[1] % 200 + 30, digest[2] % 200 + 30)
        image = Image.new("RGB", (1080, 1080), base)
        draw = ImageDraw.Draw(image)
        for index in range(6):
            offset = 120 + index * 130
            colour = tuple((channel + 40 * (index + 1)) % 256 for channel in base)
            draw.ellipse((offset, offset // 2, offset + 300, offset // 2 + 300), fill=colour)
        draw.text((40, 1020), name, fill=(255, 255, 255))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=88)
        _IMAGE_CACHE[name] = buffer.getvalue()
    return _IMAGE_CACHE[name]


# -- HTTP --------------------------------------------------------------------------------------------


def _handler(standin: StandIn):
    class Handler(BaseHTTPRequestHandler):
        server_version = "InstagramStandIn/1"

        def log_message(self, format, *args):  # quiet: tests read standin.requests instead
            pass

        # plumbing ------------------------------------------------------------------------------------

        def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _json(self, status: int, payload, headers: dict | None = None) -> None:
            self._send(status, json.dumps(payload).encode(), "application/json", headers)

        def _graph_error(self, code: int, message: str, subcode: int | None = None, status: int = 400,
                         headers: dict | None = None):  # fmt: skip
            error = {"message": message, "type": "OAuthException", "code": code,
                     "fbtrace_id": "A" + secrets.token_hex(8)}  # fmt: skip
            if subcode:
                error["error_subcode"] = subcode
            self._json(status, {"error": error}, headers)

        def _query(self) -> dict[str, str]:
            return {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query, keep_blank_values=True).items()}

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}

        def _token_ok(self, token: str) -> bool:
            with standin.lock:
                record = standin.tokens.get(token)
            if record is None or record["expires"] < time.time():
                self._graph_error(190, "Error validating access token: Session has expired.", 463)
                return False
            return True

        def _injected_failure(self) -> bool:
            with standin.lock:
                error, standin.error_next = standin.error_next, None
            if error is not None:
                self._graph_error(
                    error[0], error[1], subcode=error[2] if len(error) > 2 else None, status=400
                )
                return True
            with standin.lock:
                if standin.throttle_next:
                    standin.throttle_next -= 1
                    throttle = True
                elif standin.fail_next:
                    standin.fail_next -= 1
                    throttle = False
                else:
                    return False
            if throttle:  # Instagram's Business Use Case limit, with the usage headers Meta sends
                entry = {"type": "instagram", "call_count": 100, "total_cputime": 25, "total_time": 25,
                         "estimated_time_to_regain_access": standin.regain_minutes}
                app = {"call_count": 100, "total_cputime": 9, "total_time": 9}
                headers = {"X-Business-Use-Case-Usage": json.dumps({str(standin.user_id): [entry]}),
                           "X-App-Usage": json.dumps(app)}
                self._graph_error(80002, "There have been too many calls to this Instagram account",
                                  headers=headers)  # fmt: skip
            else:
                self._graph_error(2, "An unexpected error has occurred. Please retry your request later.",
                                  status=500)  # fmt: skip
            return True

        # routes --------------------------------------------------------------------------------------

        def do_GET(self):
            path = urlsplit(self.path).path
            standin.requests.append(f"GET {path}")
            if path == "/oauth/authorize":
                return self._authorize()
            if path == "/oauth/authorize/decide":
                return self._decide()
            if path.startswith("/cdn/"):
                return self._cdn(path[len("/cdn/") :])
            if path in ("/access_token", "/refresh_access_token"):
                return self._long_lived(path)
            parts = [p for p in path.split("/") if p]
            if len(parts) >= 2 and parts[0].startswith("v"):
                return self._graph(parts[1:])
            self._send(404, b"not found", "text/plain")

        def do_POST(self):
            path = urlsplit(self.path).path
            standin.requests.append(f"POST {path}")
            if path == "/oauth/access_token":
                return self._exchange()
            self._send(404, b"not found", "text/plain")

        def _authorize(self):
            q = self._query()
            problems = []
            if q.get("client_id") != standin.client_id:
                problems.append("Invalid platform app")
            if standin.redirect_uri and q.get("redirect_uri") != standin.redirect_uri:
                problems.append("Invalid redirect_uri: it must match a registered OAuth redirect URI exactly")
            if q.get("response_type") != "code":
                problems.append("response_type must be code")
            scopes = [s for s in q.get("scope", "").replace(" ", ",").split(",") if s]
            bad = [s for s in scopes if s not in VALID_SCOPES]
            if not scopes or bad:
                problems.append(f"Invalid scope: {', '.join(bad) or '(none)'}")
            if problems:
                page = "<h1>Sorry, this page isn't available.</h1>" + "".join(
                    f"<p class=error>{html.escape(p)}</p>" for p in problems
                )
                return self._send(400, page.encode(), "text/html; charset=utf-8")
            allow = "/oauth/authorize/decide?" + urlencode({**q, "decision": "allow"})
            deny = "/oauth/authorize/decide?" + urlencode({**q, "decision": "deny"})
            page = f"""<!doctype html><html><head><title>Instagram (stand-in)</title></head>
<body style="font-family:sans-serif;max-width:480px;margin:4em auto">
<h1>Instagram</h1><p><b>{html.escape(standin.username)}</b>: allow this app to read your profile and
media ({html.escape(", ".join(scopes))})?</p>
<p><a id="allow" href="{html.escape(allow)}">Allow</a> ·
<a id="deny" href="{html.escape(deny)}">Cancel</a></p>
<p style="color:#888">Local stand-in for Instagram, for development and tests.</p></body></html>"""
            self._send(200, page.encode(), "text/html; charset=utf-8")

        def _decide(self):
            q = self._query()
            redirect = q.get("redirect_uri", "")
            state = q.get("state", "")
            if q.get("decision") != "allow":
                denial = {"error": "access_denied", "error_reason": "user_denied",
                          "error_description": "The user denied your request", "state": state}  # fmt: skip
                query = urlencode(denial)
                return self._send(302, b"", "text/plain", {"Location": f"{redirect}?{query}"})
            code = "AQ" + secrets.token_urlsafe(32)
            with standin.lock:
                standin.codes[code] = {"redirect_uri": redirect, "expires": time.time() + CODE_LIFETIME,
                                       "used": False, "scopes": q.get("scope", "")}  # fmt: skip
            query = urlencode({"code": code, "state": state})
            self._send(302, b"", "text/plain", {"Location": f"{redirect}?{query}#_"})

        def _exchange(self):
            form = self._form()

            def refuse(message: str):
                self._json(400, {"error_type": "OAuthException", "code": 400, "error_message": message})

            if (
                form.get("client_id") != standin.client_id
                or form.get("client_secret") != standin.client_secret
            ):
                return refuse("Invalid platform app")
            if form.get("grant_type") != "authorization_code":
                return refuse("Unsupported grant_type")
            with standin.lock:
                record = standin.codes.get(form.get("code", ""))
                if record is None or record["used"] or record["expires"] < time.time():
                    return refuse("Matching code was not found or was already used")
                if record["redirect_uri"] != form.get("redirect_uri"):
                    return refuse(
                        "Error validating verification code. Please make sure your redirect_uri is identical "
                        "to the one you used in the OAuth dialog request"
                    )
                record["used"] = True
                shape = standin.token_shape
                standin.token_shape = "flat" if shape == "wrapped" else "wrapped"
            token = standin.issue_token(3600, "short")
            raw_user_id = str(standin.user_id)
            if shape == "wrapped":  # documented: data list, user_id string, permissions comma-separated
                answer = {"access_token": token, "user_id": raw_user_id, "permissions": record["scopes"]}
                if not standin.send_permissions:
                    del answer["permissions"]
                body = json.dumps({"data": [answer]})
            else:  # seen in the wild: flat, user_id a bare JSON number, permissions a list
                permissions = json.dumps(record["scopes"].split(","))
                extra = f', "permissions": {permissions}' if standin.send_permissions else ""
                body = f'{{"access_token": "{token}", "user_id": {raw_user_id}{extra}}}'

            self._send(200, body.encode(), "application/json")

        def _long_lived(self, path: str):
            if self._injected_failure():
                return None
            q = self._query()
            token = q.get("access_token", "")
            if path == "/access_token":
                if (
                    q.get("grant_type") != "ig_exchange_token"
                    or q.get("client_secret") != standin.client_secret
                ):
                    return self._graph_error(100, "Invalid parameter")
            elif q.get("grant_type") != "ig_refresh_token":
                return self._graph_error(100, "Invalid parameter")
            if not self._token_ok(token):
                return None
            if path == "/refresh_access_token" and time.time() - standin.tokens[token]["issued"] < DAY:
                return self._graph_error(100, "The access token must be at least 24 hours old to refresh")
            new = standin.issue_token(LONG_LIVED)
            self._json(200, {"access_token": new, "token_type": "bearer", "expires_in": LONG_LIVED})

        def _graph(self, parts: list[str]):
            if self._injected_failure():
                return None
            q = self._query()
            if not self._token_ok(q.get("access_token", "")):
                return None
            refused = [f for f in q.get("fields", "").split(",") if f in standin.refused_fields]
            if refused:
                return self._graph_error(
                    100, f"Tried accessing nonexisting field ({refused[0]}) on node type"
                )
            if parts == ["me"] and standin.profile_error:
                return self._graph_error(*standin.profile_error)
            if parts == ["me"]:
                user_id = str(standin.me_user_id or standin.user_id)
                profile = {"user_id": user_id, "username": standin.username,
                           "account_type": standin.account_type, "id": standin.app_scoped_id}  # fmt: skip
                return self._json(200, {"data": [profile]} if standin.profile_shape == "wrapped" else profile)
            if parts == ["me", "media"]:
                return self._media_list(q)
            post = standin.find(parts[0])
            if post is None:
                return self._graph_error(100, "Unsupported get request. Object does not exist.", 33)
            if parts[1:] == ["children"]:
                return self._children(post, q)
            if len(parts) == 1:
                return self._json(200, self._item(post, q))
            self._graph_error(100, "Unknown path")

        def _item(self, post: Post, q: dict[str, str]) -> dict:
            """The post as Graph shows it: only the fields asked for (and its id)."""
            item = self._all_fields(post)
            asked = {name for name in q.get("fields", "").split(",") if name}
            return (
                {key: value for key, value in item.items() if key == "id" or key in asked} if asked else item
            )

        def _all_fields(self, post: Post) -> dict:
            item = {"id": post.id, "media_type": post.media_type, "timestamp": post.timestamp,
                    "permalink": f"https://www.instagram.com/p/{post.id[-6:]}/"}  # fmt: skip
            if post.caption:
                item["caption"] = post.caption
            if post.image:
                item["media_url"] = f"{standin.url}/cdn/{post.image}?oh=signed&oe=6A00FF00"
            if post.thumbnail:
                item["thumbnail_url"] = f"{standin.url}/cdn/{post.thumbnail}?oh=signed&oe=6A00FF00"
            if post.media_type == "CAROUSEL_ALBUM" and post.children:
                item["media_url"] = f"{standin.url}/cdn/{post.children[0].image}?oh=signed"
            return item

        def _children(self, post: Post, q: dict[str, str]):
            size = standin.children_page_size or len(post.children) or 1
            start = int(q["after"]) if q.get("after", "").isdigit() else 0
            body: dict = {"data": [self._item(child, q) for child in post.children[start : start + size]]}
            if start + size < len(post.children):
                next_query = urlencode({"fields": q.get("fields", ""), "after": start + size,
                                        "access_token": q.get("access_token", "")})  # fmt: skip
                body["paging"] = {"next": f"{standin.url}/v25.0/{post.id}/children?{next_query}"}
            self._json(200, body)

        def _media_list(self, q: dict[str, str]):
            try:
                limit = max(1, min(int(q.get("limit") or standin.page_size), 100))
            except ValueError:
                limit = standin.page_size
            limit = min(limit, standin.page_size)
            if q.get("after", "").startswith("empty"):
                served = int(q["after"][5:] or 0)
            elif not q.get("after"):
                served = 0
            else:
                served = standin.empty_pages
            if served < standin.empty_pages:  # an empty page that still points at a next one
                next_query = urlencode({"fields": q.get("fields", ""), "limit": limit,
                                        "after": f"empty{served + 1}",
                                        "access_token": q.get("access_token", "")})  # fmt: skip
                next_url = f"{standin.url}/v25.0/me/media?{next_query}"
                cursors = {"before": f"empty{served}", "after": f"empty{served + 1}"}
                return self._json(200, {"data": [], "paging": {"cursors": cursors, "next": next_url}})
            start = int(q["after"]) if q.get("after", "").isdigit() else 0
            page = standin.posts[start : start + limit]
            body: dict = {"data": [self._item(post, q) for post in page]}
            cursors = {"before": str(start), "after": str(start + len(page))}
            body["paging"] = {"cursors": cursors}
            if start + limit < len(standin.posts):
                next_query = urlencode({"fields": q.get("fields", ""), "limit": limit, "after": start + limit,
                                        "access_token": q.get("access_token", "")})  # fmt: skip
                body["paging"]["next"] = f"{standin.url}/v25.0/me/media?{next_query}"
            self._json(200, body)

        def _cdn(self, name: str):
            if name.startswith("img/"):
                time.sleep(standin.image_delay)
                return self._send(200, cdn_image(name), "image/jpeg", {"Cache-Control": "max-age=60"})
            if name.startswith("slow/"):  # headers at once, then a byte now and then
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.end_headers()
                deadline = time.time() + standin.slow_seconds
                try:
                    while time.time() < deadline:
                        self.wfile.write(b"\xff")
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass
                return None
            if name.startswith("html/"):
                page = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
                return self._send(200, page, "image/jpeg")
            if name.startswith("redirect/"):
                return self._send(
                    302, b"", "text/plain", {"Location": "http://169.254.169.254/latest/meta-data/"}
                )
            if name.startswith("huge/"):
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.end_headers()
                try:
                    for _ in range(200):
                        self.wfile.write(b"\0" * 1024 * 1024)
                except OSError:
                    pass
                return None
            if name.startswith("expired/"):  # a signed CDN URL past its "oe" expiry
                return self._send(403, b"URL signature expired", "text/plain")
            if name.startswith("video/"):
                return self._send(200, b"\x00\x00\x00\x18ftypmp42", "video/mp4")
            self._send(404, b"Bad URL timestamp", "text/plain")

        do_HEAD = do_GET

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the local Instagram stand-in.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--redirect-uri", default="http://127.0.0.1:8000/instagram/callback/")
    args = parser.parse_args()
    standin = StandIn(host=args.host, port=args.port, redirect_uri=args.redirect_uri)
    print(f"Instagram stand-in on {standin.url} (redirect URI {args.redirect_uri})", flush=True)
    try:
        standin.server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
