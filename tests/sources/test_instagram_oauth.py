"""Connect Instagram end to end: our views, the stand-in over real sockets, every error path."""

import time

import pytest
from django.urls import reverse

from eventmedia.contrib.instagram import oauth
from eventmedia.contrib.instagram.models import InstagramAccount, InstagramDataDeletion
from project.instagram_standin import BIG_USER_ID
from tests.accounts import callback_path, press, sign_request, signed, start

pytestmark = pytest.mark.django_db


def test_connect_stores_an_encrypted_token_and_redirects_to_next(organizer, instagram, user):
    location = press(instagram, start(organizer))
    assert location.endswith("#_")
    response = organizer.get(callback_path(location))
    assert response.status_code == 302 and response["Location"] == "/events/1/"
    account = InstagramAccount.objects.get(user=user)
    assert account.instagram_user_id == str(BIG_USER_ID) and account.username == "eventmedia_demo_conf"
    assert account.token.startswith("IGAA") and account.token not in account.encrypted_token
    assert account.scopes == ["instagram_business_basic"] and not account.needs_reconnect
    assert account.token_expires_at.timestamp() > time.time() + 50 * 86400


def test_both_token_answer_shapes_connect(organizer, instagram, user):
    for _ in range(2):  # the stand-in alternates documented and flat answers
        assert organizer.get(callback_path(press(instagram, start(organizer)))).status_code == 302
    assert InstagramAccount.objects.filter(user=user).count() == 1


def test_a_replayed_callback_creates_nothing_twice(organizer, instagram, user):
    path = callback_path(press(instagram, start(organizer)))
    assert organizer.get(path).status_code == 302
    exchanges = instagram.requests.count("POST /oauth/access_token")
    replay = organizer.get(path)
    assert replay.status_code == 400 and "expired" in replay.content.decode()
    assert instagram.requests.count("POST /oauth/access_token") == exchanges  # the code was not resent
    assert InstagramAccount.objects.count() == 1


def test_a_reused_code_with_a_fresh_state_is_refused_by_instagram(organizer, instagram):
    first = callback_path(press(instagram, start(organizer)))
    organizer.get(first)
    code = first.split("code=")[1].split("&")[0]
    state = start(organizer).split("state=")[1].split("&")[0]
    response = organizer.get(reverse("eventmedia-instagram:callback"), {"code": code, "state": state})
    assert response.status_code == 400
    assert "already used" in response.content.decode()


def test_cancel_on_instagram_returns_with_a_message(organizer, instagram):
    response = organizer.get(callback_path(press(instagram, start(organizer, "/"), "deny")), follow=True)
    assert "you cancelled on Instagram" in response.content.decode()
    assert not InstagramAccount.objects.exists()


@pytest.mark.parametrize("state", ["absent", "stale"])
def test_a_cancel_without_a_valid_state_says_cancelled_not_expired(organizer, instagram, state):
    query = {"error": "access_denied", "error_reason": "user_denied", "error_description": "denied"}
    if state == "stale":
        query["state"] = "an-old-or-unknown-state"
    response = organizer.get(reverse("eventmedia-instagram:callback"), query, follow=True)
    page = response.content.decode()
    assert "you cancelled on Instagram" in page and "expired" not in page
    assert not InstagramAccount.objects.exists()


def test_forged_state_is_refused(organizer, instagram):
    start(organizer)
    response = organizer.get(reverse("eventmedia-instagram:callback"), {"code": "x", "state": "forged"})
    assert response.status_code == 400 and not InstagramAccount.objects.exists()
    assert "POST /oauth/access_token" not in instagram.requests


@pytest.mark.parametrize("state", [None, ""], ids=["absent", "empty"])
def test_missing_state_never_matches_a_pending_one(organizer, instagram, state):
    start(organizer)  # a pending state exists in the session
    code = callback_path(press(instagram, start(organizer))).split("code=")[1].split("&")[0]  # a real code
    query = {"code": code} if state is None else {"code": code, "state": state}
    response = organizer.get(reverse("eventmedia-instagram:callback"), query)
    assert response.status_code == 400 and not InstagramAccount.objects.exists()
    assert "POST /oauth/access_token" not in instagram.requests
    assert len(organizer.session[oauth.SESSION_KEY]) == 2  # nothing consumed


def test_expired_state_is_refused(organizer, instagram, settings):
    location = press(instagram, start(organizer))
    settings.EVENTMEDIA = {"INSTAGRAM": {**settings.EVENTMEDIA["INSTAGRAM"], "STATE_LIFETIME": -1}}
    assert organizer.get(callback_path(location)).status_code == 400


def test_next_must_be_a_local_path(organizer, instagram):
    for evil in ("https://evil.example.com/", "//evil.example.com/x", "/\\evil.example.com"):
        location = press(instagram, start(organizer, evil))
        assert organizer.get(callback_path(location))["Location"] == "/"


def test_connect_needs_a_login(client, instagram):
    response = client.get(reverse("eventmedia-instagram:connect"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_not_configured_says_so(organizer, settings):
    settings.EVENTMEDIA = {"INSTAGRAM": {"CLIENT_ID": ""}}
    response = organizer.get(reverse("eventmedia-instagram:connect"))
    assert response.status_code == 503 and "not configured" in response.content.decode()


def test_instagram_down_is_a_page_not_a_500(organizer, instagram):
    location = press(instagram, start(organizer))
    instagram.fail_next = 10  # the long-lived exchange keeps failing
    response = organizer.get(callback_path(location))
    assert response.status_code == 502 and "could not be reached" in response.content.decode()


def test_disconnect(organizer, instagram, user):
    organizer.get(callback_path(press(instagram, start(organizer))))
    response = organizer.post(reverse("eventmedia-instagram:disconnect"), {"next": "/events/1/"})
    assert response["Location"] == "/events/1/" and not InstagramAccount.objects.exists()


def test_secrets_never_appear_in_pages(organizer, instagram, user):
    organizer.get(callback_path(press(instagram, start(organizer))))
    token = InstagramAccount.objects.get().token
    for path in (
        "/admin/eventmedia_instagram/instagramaccount/",
        f"/admin/eventmedia_instagram/instagramaccount/{user.eventmedia_instagram.pk}/change/",
    ):
        user.is_staff = user.is_superuser = True
        user.save()
        response = organizer.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert "eventmedia_demo_conf" in page and token not in page and instagram.client_secret not in page
        assert "encrypted_token" not in page


# -- Meta's callbacks ------------------------------------------------------------------------------


def test_deauthorize_forgets_the_token(client, organizer, instagram):
    organizer.get(callback_path(press(instagram, start(organizer))))
    response = client.post(reverse("eventmedia-instagram:deauthorize"), signed(instagram, BIG_USER_ID))
    assert response.status_code == 200
    account = InstagramAccount.objects.get()
    assert account.encrypted_token == "" and account.needs_reconnect
    again = client.post(reverse("eventmedia-instagram:deauthorize"), signed(instagram, BIG_USER_ID))
    assert again.status_code == 200  # idempotent
    assert client.post(reverse("eventmedia-instagram:deauthorize"), signed(instagram, 42)).status_code == 200


def test_data_deletion_deletes_and_answers_a_status_url(client, organizer, instagram):
    organizer.get(callback_path(press(instagram, start(organizer))))
    response = client.post(reverse("eventmedia-instagram:data-deletion"), signed(instagram, BIG_USER_ID))
    body = response.json()
    assert response.status_code == 200 and set(body) == {"url", "confirmation_code"}
    assert not InstagramAccount.objects.exists()
    deletion = InstagramDataDeletion.objects.get(confirmation_code=body["confirmation_code"])
    assert deletion.accounts_deleted == 1
    status = client.get(body["url"].replace("http://testserver", ""))
    assert status.status_code == 200 and body["confirmation_code"] in status.content.decode()
    unknown = client.post(reverse("eventmedia-instagram:data-deletion"), signed(instagram, 7))
    assert unknown.status_code == 200 and unknown.json()["confirmation_code"]


@pytest.mark.parametrize(
    "value",
    ["", "nodot", "abc.def", "!!!.???"],
)
def test_bad_signed_requests_are_refused(client, instagram, value):
    for name in ("deauthorize", "data-deletion"):
        response = client.post(reverse(f"eventmedia-instagram:{name}"), {"signed_request": value})
        assert response.status_code == 400


def test_signature_with_another_secret_is_refused(client, instagram):
    forged = sign_request({"algorithm": "HMAC-SHA256", "user_id": "1"}, "not-the-secret")
    response = client.post(reverse("eventmedia-instagram:data-deletion"), {"signed_request": forged})
    assert response.status_code == 400


def test_use_a_different_account_forces_instagrams_login(organizer, instagram):
    plain = organizer.get(reverse("eventmedia-instagram:connect"))["Location"]
    forced = organizer.get(reverse("eventmedia-instagram:connect"), {"force_reauth": "1"})["Location"]
    assert "force_reauth" not in plain and "force_reauth=true" in forced


def test_callbacks_signed_with_the_meta_app_secret_are_accepted_when_configured(
    client, organizer, instagram, settings
):
    organizer.get(callback_path(press(instagram, start(organizer))))
    payload = {"algorithm": "HMAC-SHA256", "issued_at": int(time.time()), "user_id": str(BIG_USER_ID)}
    by_meta = {"signed_request": sign_request(payload, "the-meta-app-secret")}
    client.post(reverse("eventmedia-instagram:deauthorize"), by_meta)
    assert InstagramAccount.objects.get().encrypted_token != ""  # not configured: ignored
    settings.EVENTMEDIA = {
        "INSTAGRAM": {**settings.EVENTMEDIA["INSTAGRAM"], "META_APP_SECRET": "the-meta-app-secret"}
    }
    client.post(reverse("eventmedia-instagram:deauthorize"), by_meta)
    assert InstagramAccount.objects.get().encrypted_token == ""  # configured: accepted
    forged = sign_request(payload, "someone-elses-secret")  # any other secret is still refused
    with pytest.raises(oauth.SignedRequestInvalid):
        oauth.parse_signed_request(forged, [instagram.client_secret, "the-meta-app-secret"])
