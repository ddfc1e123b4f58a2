"""Connect Instagram promises a one-line change could break silently: a
reconnect never sees the previous token's cached posts, and paging links are followed only on the
configured Graph host with its scheme (the token rides along)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from eventmedia.contrib.instagram.client import InstagramClient, InstagramConfig, InstagramError
from eventmedia.task_framework import DUMMY_BACKEND
from tests import accounts
from tests.servers import http_server

pytestmark = pytest.mark.django_db


def test_a_reconnect_never_sees_the_previous_tokens_cached_posts(api, user, instagram):
    account = accounts.connect(user, instagram)
    before = [item["id"] for item in api.get("/v1/instagram/media").json()["results"]]
    # The organizer connects another Instagram account: a new token, other posts.
    instagram.posts = list(reversed(instagram.posts))
    account.token = instagram.issue_token()
    account.token_issued_at = timezone.now() + timedelta(seconds=1)
    account.save()
    after = [item["id"] for item in api.get("/v1/instagram/media").json()["results"]]
    assert after != before and after == [post.id for post in instagram.posts[: len(after)]]


class PlainHTTPForHTTPS(requests.adapters.HTTPAdapter):
    """Sends an https:// URL over plain HTTP: a Graph host on https, served by a local test server."""

    def send(self, request, **kwargs):
        request.url = "http://" + request.url.removeprefix("https://")
        return super().send(request, **kwargs)


def test_a_paging_link_to_the_graph_host_over_plain_http_is_not_followed():
    seen: list[str] = []

    def graph(path, base):
        if "after=2" in path:  # the page behind the downgraded link
            return json.dumps(
                {"data": [{"id": "1", "media_type": "IMAGE", "media_url": "x"}]}
            ).encode(), "application/json"
        if path.startswith("/v25.0/me/media"):
            link = f"{base}/v25.0/me/media?after=2&access_token=echoed"  # http://, while Graph is https://
            return json.dumps({"data": [], "paging": {"next": link}}).encode(), "application/json"
        return None

    with http_server(graph, seen) as base:
        session = requests.Session()
        session.mount("https://", PlainHTTPForHTTPS())
        https_graph = "https://" + base.removeprefix("http://")
        config = InstagramConfig(
            client_id="a", client_secret="b", redirect_uri="c", graph_url=https_graph, retries=1
        )
        with pytest.raises(InstagramError, match="paging link"):
            InstagramClient(config, session).media_page("the-token")
    assert len(seen) == 1 and not any("after=2" in path for path in seen)  # the token never went in clear


def test_the_instagram_services_start_a_tracked_import(
    user, instagram, event, settings, django_capture_on_commit_callbacks
):
    from eventmedia.contrib.instagram import services
    from eventmedia.models import BackgroundTask
    from eventmedia.task_framework import default_task_backend

    settings.TASKS = {"default": {"BACKEND": DUMMY_BACKEND}}
    accounts.connect(user, instagram)
    with django_capture_on_commit_callbacks(execute=True):
        record = services.start_import_task(
            user=user, event=event, media_ids=["17900000000000001", 17900000000000002]
        )
    stored = BackgroundTask.objects.get(pk=record.pk)
    assert (stored.kind, stored.user_id, stored.total) == ("instagram_import", user.pk, 2)
    assert stored.arguments == {
        "event": str(event.pk),
        "media_ids": ["17900000000000001", "17900000000000002"],
    }
    assert [result.args for result in default_task_backend.results] == [[record.pk]]
