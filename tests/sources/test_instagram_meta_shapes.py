"""What Meta really sends, in every shape the stand-in varies, through our code over real sockets.

Profiles flat or wrapped, both professional account types, token answers without ``permissions``,
ids that differ between the token answer and ``/me``, refused fields, Graph error codes with
subcodes, empty pages that still link onwards, paged carousel children and expired CDN links.
"""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from eventmedia.contrib.instagram import services
from eventmedia.contrib.instagram.models import InstagramAccount, InstagramDataDeletion
from eventmedia.models import EventImage
from project.instagram_standin import BIG_USER_ID, Post
from tests import accounts
from tests.accounts import callback_path, press, signed, start

pytestmark = pytest.mark.django_db

ACCOUNT_ID = "17841405822304914"  # /me's user_id when it differs from the token answer's


def connect_through_instagram(organizer, instagram):
    response = organizer.get(callback_path(press(instagram, start(organizer))))
    assert response.status_code == 302, response.content
    return response


# -- Connecting ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["flat", "wrapped"])
@pytest.mark.parametrize("account_type", ["Business", "Media_Creator"])
def test_profiles_of_either_shape_and_account_type_connect_and_keep_every_id(
    organizer, instagram, user, shape, account_type
):
    instagram.profile_shape, instagram.account_type, instagram.me_user_id = shape, account_type, ACCOUNT_ID
    connect_through_instagram(organizer, instagram)
    account = InstagramAccount.objects.get(user=user)
    assert (account.username, account.account_type) == ("eventmedia_demo_conf", account_type)
    assert (account.instagram_user_id, account.app_scoped_id, account.token_user_id) == (
        ACCOUNT_ID,
        instagram.app_scoped_id,
        str(BIG_USER_ID),
    )
    assert services.account_status(account) == services.CONNECTED


def test_a_token_answer_without_permissions_connects_when_the_profile_reads(organizer, instagram, user):
    instagram.send_permissions = False
    for _ in range(2):  # both token answer shapes, each without "permissions"
        connect_through_instagram(organizer, instagram)
    account = InstagramAccount.objects.get(user=user)
    assert services.account_status(account) == services.CONNECTED and account.scopes == []


def test_without_permissions_a_profile_refused_for_permission_asks_to_grant_access(
    organizer, instagram, user
):
    instagram.send_permissions = False
    instagram.profile_error = (10, "Application does not have permission for this action")
    response = organizer.get(callback_path(press(instagram, start(organizer))))
    assert response.status_code == 400 and "Allow access" in response.content.decode()
    assert not InstagramAccount.objects.filter(user=user).exists()


# -- Meta's callbacks ------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["token answer", "profile user_id", "profile id"])
def test_callbacks_match_whichever_id_meta_signs(client, organizer, instagram, user, which):
    instagram.me_user_id = ACCOUNT_ID
    connect_through_instagram(organizer, instagram)
    signed_id = {
        "token answer": BIG_USER_ID,
        "profile user_id": ACCOUNT_ID,
        "profile id": instagram.app_scoped_id,
    }
    client.post(reverse("eventmedia-instagram:deauthorize"), signed(instagram, signed_id[which]))
    account = InstagramAccount.objects.get(user=user)
    assert services.account_status(account) == services.RECONNECT and account.encrypted_token == ""
    client.post(reverse("eventmedia-instagram:data-deletion"), signed(instagram, signed_id[which]))
    assert not InstagramAccount.objects.exists()


def _import_two_posts(user, event):
    result = services.import_media(
        user=user, event=event, media_ids=["17900000000000001", "17900000000000002"]
    )
    assert len(result.imported) == 2 and all(image.caption for image in result.imported)
    return result.imported


def test_data_deletion_says_what_was_deleted_and_kept_and_keeps_no_instagram_id(
    client, organizer, instagram, user, event, files
):
    connect_through_instagram(organizer, instagram)
    _import_two_posts(user, event)
    body = client.post(reverse("eventmedia-instagram:data-deletion"), signed(instagram, BIG_USER_ID)).json()
    deletion = InstagramDataDeletion.objects.get(confirmation_code=body["confirmation_code"])
    assert (deletion.accounts_deleted, deletion.captions_cleared, deletion.images_kept) == (1, 2, 2)
    assert list(EventImage.objects.values_list("caption", flat=True)) == ["", ""]
    assert len(files()) > 2  # the images and their renditions stay with the event
    assert str(BIG_USER_ID) not in str(model_to_dict(deletion))
    page = client.get(body["url"].replace("http://testserver", "")).content.decode()
    deleted = page.split('data-testid="deleted"')[1].split("</ul>")[0]
    kept = page.split('data-testid="kept"')[1].split("</ul>")[0]
    assert "access token" in deleted and "2 captions" in deleted
    assert "2 images imported from your posts" in kept and "does not hold your Instagram id" in kept


def test_a_local_disconnect_deletes_the_captions_then_and_the_request_says_so(
    client, organizer, instagram, user, event, files
):
    connect_through_instagram(organizer, instagram)
    _import_two_posts(user, event)
    organizer.post(reverse("eventmedia-instagram:disconnect"), {"next": "/"})
    assert list(EventImage.objects.values_list("caption", flat=True)) == ["", ""]
    body = client.post(reverse("eventmedia-instagram:data-deletion"), signed(instagram, BIG_USER_ID)).json()
    deletion = InstagramDataDeletion.objects.get(confirmation_code=body["confirmation_code"])
    assert (deletion.accounts_deleted, deletion.captions_cleared) == (0, 0)
    page = client.get(body["url"].replace("http://testserver", "")).content.decode()
    assert "No connected account was held" in page and "were deleted at that moment" in page


@pytest.mark.parametrize(
    "redirect_uri, secure, scheme",
    [
        ("https://events.example/instagram/callback/", False, "https"),  # behind a proxy
        ("http://testserver/instagram/callback/", True, "https"),
        ("http://testserver/instagram/callback/", False, "http"),  # a development site
    ],
)
def test_the_status_url_is_https_whenever_the_site_is(
    client, instagram, settings, redirect_uri, secure, scheme
):
    settings.EVENTMEDIA = {"INSTAGRAM": {**settings.EVENTMEDIA["INSTAGRAM"], "REDIRECT_URI": redirect_uri}}
    response = client.post(reverse("eventmedia-instagram:data-deletion"), signed(instagram, 7), secure=secure)
    assert response.json()["url"].startswith(f"{scheme}://testserver/instagram/data-deletion/")


# -- Browsing ----------------------------------------------------------------------------------------------


@pytest.fixture
def account(user, instagram):
    return accounts.connect(user, instagram)


def test_a_refused_caption_field_lists_and_imports_without_captions(api, account, instagram, event, files):
    instagram.refused_fields = {"caption"}
    listing = api.get("/v1/instagram/media")
    assert listing.status_code == 200
    assert [item["id"] for item in listing.json()["results"]] == [post.id for post in instagram.posts[:3]]
    assert {item["caption"] for item in listing.json()["results"]} == {""}
    imported = api.post(
        f"/v1/events/{event.pk}/instagram-import", {"media_ids": ["17900000000000001"]}, format="json"
    )
    assert imported.status_code == 200 and imported.json()["imported"][0]["caption"] == ""


def test_a_refused_image_field_is_an_error_not_an_empty_listing(api, account, instagram):
    instagram.refused_fields = {"media_url"}
    response = api.get("/v1/instagram/media")
    assert response.status_code == 502 and response.json()["detail"]["code"] == "instagram_unavailable"


@pytest.mark.parametrize(
    "code, subcode, status, answer, reconnect",
    [
        (4, None, 503, "instagram_throttled", False),
        (17, 2207051, 503, "instagram_throttled", False),
        (32, None, 503, "instagram_throttled", False),
        (613, None, 503, "instagram_throttled", False),
        (10, None, 409, "instagram_reconnect_needed", True),
        (200, None, 409, "instagram_reconnect_needed", True),
        (190, 460, 409, "instagram_reconnect_needed", True),  # password changed
        (190, 463, 409, "instagram_reconnect_needed", True),  # expired
    ],
)
def test_graph_error_codes_get_stable_answers(
    api, account, instagram, code, subcode, status, answer, reconnect
):
    instagram.error_next = (code, "Graph said no", subcode)
    response = api.get("/v1/instagram/media")
    assert response.status_code == status and response.json()["detail"]["code"] == answer
    account.refresh_from_db()
    assert account.needs_reconnect is reconnect


def test_empty_pages_that_still_link_onwards_are_followed(api, account, instagram):
    instagram.empty_pages = 2
    first = api.get("/v1/instagram/media").json()
    assert [item["id"] for item in first["results"]] == [post.id for post in instagram.posts[:3]]


def test_a_media_page_is_kept_briefly_so_the_picker_spends_no_rate_budget(api, account, instagram, settings):
    listings = lambda: sum(1 for line in instagram.requests if line.endswith("/me/media"))  # noqa: E731
    first = api.get("/v1/instagram/media").json()
    assert api.get("/v1/instagram/media").json() == first and listings() == 1
    api.get("/v1/instagram/media", {"after": first["next"]})
    assert listings() == 2  # another page is another question
    settings.EVENTMEDIA = {"INSTAGRAM": {**settings.EVENTMEDIA["INSTAGRAM"], "MEDIA_CACHE_SECONDS": 0}}
    api.get("/v1/instagram/media")
    assert listings() == 3


# -- Importing -----------------------------------------------------------------------------------------


def test_carousel_children_on_several_pages_all_import(api, account, instagram, event, files):
    instagram.children_page_size = 1
    carousel = next(post for post in instagram.posts if len(post.children) > 1)
    response = api.post(
        f"/v1/events/{event.pk}/instagram-import", {"media_ids": [carousel.id]}, format="json"
    )
    assert response.status_code == 200
    imported = [image["instagram_media_id"] for image in response.json()["imported"]]
    assert imported == [child.id for child in carousel.children]


def test_an_expired_cdn_link_skips_that_post_and_imports_the_others(api, account, instagram, event, files):
    instagram.posts.append(Post(id="17900000000000099", caption="old", image="expired/old.jpg"))
    response = api.post(
        f"/v1/events/{event.pk}/instagram-import",
        {"media_ids": ["17900000000000099", "17900000000000001"]},
        format="json",
    )
    body = response.json()
    assert response.status_code == 200
    assert [image["instagram_media_id"] for image in body["imported"]] == ["17900000000000001"]
    assert body["skipped"] == [{"id": "17900000000000099", "reason": "download_failed"}]
