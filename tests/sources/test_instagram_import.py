"""Browsing and importing Instagram posts as event backgrounds, over real sockets to the stand-in."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from eventmedia.contrib.instagram import services
from eventmedia.contrib.instagram.models import InstagramAccount
from eventmedia.models import BackgroundTask, Event, EventImage, ImageKind
from eventmedia.task_framework import DUMMY_BACKEND
from project.instagram_standin import Post
from tests import accounts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def account(user, instagram):
    return accounts.connect(user, instagram)


def import_(api, event, ids):
    return api.post(f"/v1/events/{event.pk}/instagram-import", {"media_ids": ids}, format="json")


def test_account_state(api, account):
    body = api.get("/v1/instagram/account").json()
    assert body["connected"] and body["username"] == "eventmedia_demo_conf" and not body["needs_reconnect"]
    assert "token" not in str(body).lower().replace("needs_reconnect", "")
    assert api.delete("/v1/instagram/account").status_code == 204
    assert api.get("/v1/instagram/account").json()["connected"] is False


@pytest.mark.parametrize("how", ["deauthorized", "expired", "undecryptable"])
def test_an_account_without_a_usable_token_is_not_connected(api, account, how, settings):
    if how == "deauthorized":
        InstagramAccount.objects.filter(pk=account.pk).update(encrypted_token="", needs_reconnect=True)
    elif how == "expired":
        InstagramAccount.objects.filter(pk=account.pk).update(
            token_expires_at=timezone.now() - timedelta(hours=1)
        )
    else:  # the site's key changed without a fallback
        settings.SECRET_KEY = "a-completely-different-secret-key-0123456789-abcdefghijklmnop"
    body = api.get("/v1/instagram/account").json()
    assert body["connected"] is False and body["needs_reconnect"] is True
    assert body["username"] == "eventmedia_demo_conf"


def test_media_listing_is_paged(api, account, instagram):
    first = api.get("/v1/instagram/media").json()
    assert [item["id"] for item in first["results"]] == [p.id for p in instagram.posts[:3]]
    assert (
        first["results"][2]["media_type"] == "VIDEO" and "talks-thumb" in first["results"][2]["preview_url"]
    )
    second = api.get("/v1/instagram/media", {"after": first["next"]}).json()
    assert second["results"][0]["id"] == instagram.posts[3].id


def test_import_copies_images_and_sets_the_background(api, account, event, instagram, files):
    response = import_(api, event, ["17900000000000001", "17900000000000003", "17900000000000004"])
    assert response.status_code == 200, response.content
    body = response.json()
    ids = [image["instagram_media_id"] for image in body["imported"]]
    # an image, a video's thumbnail, and the carousel's three children (one of them a video)
    assert ids == ["17900000000000001", "17900000000000003", "17900000000000041", "17900000000000042",
                   "17900000000000043"]  # fmt: skip
    assert body["skipped"] == []
    assert all(image["source"] == "instagram" for image in body["imported"])
    assert body["imported"][0]["caption"] == "Opening keynote, full house"
    assert event.background.external_id == "17900000000000001"
    assert EventImage.objects.filter(kind=ImageKind.BACKGROUND).count() == 1
    # the bytes were copied: the files are ours, not links to Instagram's CDN
    assert all(image["url"].startswith("http://testserver/media/") for image in body["imported"])
    assert len(files()) == 5 * 5


def test_importing_twice_yields_one_image(api, account, event, files):
    import_(api, event, ["17900000000000001"])
    again = import_(api, event, ["17900000000000001", "17900000000000001"]).json()
    assert len(again["imported"]) == 1 and EventImage.objects.count() == 1 and len(files()) == 5


def test_bad_items_are_skipped_with_reasons_and_the_rest_imports(api, account, event, instagram, files):
    instagram.posts += [
        Post("17900000000000090", caption="html", image="html/page.jpg"),
        Post("17900000000000091", caption="off-list redirect", image="redirect/x.jpg"),
        Post("17900000000000092", caption="expired link", image="expired/x.jpg"),
        Post("17900000000000093", caption="slow", image="slow/x.jpg"),
    ]
    instagram.slow_seconds = 5
    ids = ["17900000000000090", "17900000000000091", "17900000000000005", "17900000000000092",
           "17900000000000093", "99999", "abc", "17900000000000002"]  # fmt: skip
    body = import_(api, event, ids).json()
    reasons = {item["id"]: item["reason"] for item in body["skipped"]}
    assert reasons == {
        "17900000000000090": "unsupported_format",  # HTML served as image/jpeg: sniffed, refused
        "17900000000000091": "host_not_allowed",
        "17900000000000005": "no_image",
        "17900000000000092": "download_failed",
        "17900000000000093": "timeout",
        "99999": "not_found",
        "abc": "invalid_id",
    }
    assert [image["instagram_media_id"] for image in body["imported"]] == ["17900000000000002"]
    assert len(files()) == 5  # nothing of the refused items was written


def test_dead_token_marks_the_account_and_asks_for_a_reconnect(api, account, event, instagram):
    instagram.expire_all_tokens()
    response = import_(api, event, ["17900000000000001"])
    assert response.status_code == 409 and response.json()["detail"]["code"] == "instagram_reconnect_needed"
    account.refresh_from_db()
    assert account.needs_reconnect
    assert api.get("/v1/instagram/media").json()["detail"]["code"] == "instagram_reconnect_needed"
    assert api.get("/v1/instagram/account").json()["needs_reconnect"] is True


def test_throttling_is_reported_with_the_wait_meta_asks_for(api, account, event, instagram):
    instagram.throttle_next = 1
    response = api.get("/v1/instagram/media")
    assert response.status_code == 503 and response.json()["detail"]["code"] == "instagram_throttled"
    assert response["Retry-After"] == "300"  # estimated_time_to_regain_access: 5 minutes
    instagram.throttle_next, instagram.regain_minutes = 1, 30
    assert api.get("/v1/instagram/media")["Retry-After"] == "1800"
    instagram.throttle_next = 1
    body = import_(api, event, ["17900000000000001", "17900000000000002"]).json()
    assert {item["reason"] for item in body["skipped"]} == {"throttled"} and body["retry_after"] == 1800


def test_not_connected_and_permissions(api, event, other_user, instagram):
    assert import_(api, event, ["1"]).json()["detail"]["code"] == "instagram_not_connected"
    assert api.get("/v1/instagram/media").status_code == 409
    stranger = APIClient()
    stranger.force_authenticate(other_user)
    assert import_(stranger, event, ["1"]).status_code == 403
    assert import_(APIClient(), event, ["1"]).status_code == 401
    assert import_(api, event, []).status_code == 400


def test_refresh_command_refreshes_due_tokens_and_marks_dead_ones(
    account, instagram, user, django_user_model
):
    old_token = account.token
    instagram.age(old_token, 2 * 86400)
    day_old = timezone.now() - timedelta(days=2)
    InstagramAccount.objects.filter(pk=account.pk).update(
        token_issued_at=day_old, token_expires_at=timezone.now() + timedelta(days=3)
    )
    young = InstagramAccount(
        user=django_user_model.objects.create_user("carol"),
        instagram_user_id="5",
        token_issued_at=timezone.now(),
        token_expires_at=timezone.now() + timedelta(days=3),
    )
    young.token = instagram.issue_token()
    young.save()
    call_command("eventmedia_refresh_instagram_tokens")
    account.refresh_from_db()
    young.refresh_from_db()
    assert account.token != old_token and account.token_expires_at > timezone.now() + timedelta(days=50)
    assert young.token_issued_at.date() == timezone.now().date()  # under 24 h: left alone
    InstagramAccount.objects.filter(pk=account.pk).update(
        token_issued_at=day_old, token_expires_at=timezone.now() + timedelta(days=1)
    )
    instagram.expire_all_tokens()
    report = services.refresh_tokens()
    account.refresh_from_db()
    assert report.needs_reconnect == 1 and account.needs_reconnect


def test_with_a_worker_backend_the_import_is_queued(api, account, event, settings):
    settings.TASKS = {"default": {"BACKEND": DUMMY_BACKEND}}
    from eventmedia.task_framework import default_task_backend

    response = import_(api, event, ["17900000000000001"])
    assert response.status_code == 202
    task_id = response.json()["task_id"]
    (queued,) = default_task_backend.results
    assert queued.args == [task_id]  # the worker reads the arguments from the tracked task
    record = BackgroundTask.objects.get(pk=task_id)
    assert record.arguments == {"event": str(event.pk), "media_ids": ["17900000000000001"]}
    assert record.user_id == account.user_id and record.task_result_id == queued.id
    assert not EventImage.objects.exists()
    # What the worker will run:
    from eventmedia.contrib.instagram.tasks import import_instagram_media

    outcome = import_instagram_media.call(*queued.args)
    assert outcome["skipped"] == [] and EventImage.objects.get().pk == outcome["imported"][0]
    record.refresh_from_db()
    assert record.finished and (record.done, record.total) == (1, 1)


@pytest.mark.parametrize("code", [10, 200, 299])
def test_a_missing_permission_asks_to_reconnect_not_unreachable(api, account, instagram, code):
    instagram.error_next = (code, "Application does not have permission for this action")
    response = api.get("/v1/instagram/media")
    assert response.status_code == 409
    assert response.json()["detail"]["code"] == "instagram_reconnect_needed"
    assert "permission" in response.json()["detail"]["message"]
    account.refresh_from_db()
    assert account.needs_reconnect


def test_a_refresh_never_overwrites_a_token_from_a_reconnect_meanwhile(account, instagram, monkeypatch):
    InstagramAccount.objects.filter(pk=account.pk).update(
        token_issued_at=timezone.now() - timedelta(days=55),
        token_expires_at=timezone.now() + timedelta(days=5),
    )
    instagram.age(account.token, 55 * 86400)
    real = services.InstagramClient.refresh_token
    reconnected = instagram.issue_token()

    def refresh_while_the_user_reconnects(self, token):
        fresh = real(self, token)
        current = InstagramAccount.objects.get(pk=account.pk)
        current.token = reconnected  # the user pressed Connect again while we asked Meta
        current.save()
        return fresh

    monkeypatch.setattr(services.InstagramClient, "refresh_token", refresh_while_the_user_reconnects)
    report = services.refresh_tokens()
    assert report.refreshed == 0
    assert InstagramAccount.objects.get(pk=account.pk).token == reconnected


def test_a_crash_report_of_an_import_shows_no_token(api, account, monkeypatch):
    import sys

    from django.views.debug import ExceptionReporter

    from eventmedia.sources import importer

    def broken(*args, **kwargs):
        raise RuntimeError("a bug somewhere below the import")

    monkeypatch.setattr(importer, "_import_one", broken)
    event = Event.objects.create(name="Crash Conf", owner=account.user)
    try:
        services.import_media(user=account.user, event=event, media_ids=["17900000000000001"])
    except RuntimeError:
        report = ExceptionReporter(None, *sys.exc_info())
        html, frames = report.get_traceback_html(), report.get_traceback_data()["frames"]
    # The session was a local of the import loop (named x_import_items__mutmut_orig under mutmut).
    assert any("import_items" in frame["function"] for frame in frames)
    assert account.token not in html  # what an error e-mail or the DEBUG page shows
