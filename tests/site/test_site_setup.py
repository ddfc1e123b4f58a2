"""Installing into an existing site: what docs/site.md relies on, and what checks catch."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import isolate_apps
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from eventmedia.checks import check_site_setup
from eventmedia.conf import media_settings
from eventmedia.contrib.instagram.checks import check_instagram_deploy, check_instagram_urls
from tests import images


def ids(messages) -> set[str]:
    return {message.id for message in messages}


def test_renditions_groups_merge_with_the_defaults(settings):
    settings.EVENTMEDIA = {"RENDITIONS": {"event": {"wide": (2000, None)}}}
    assert media_settings.RENDITIONS["event"] == {"wide": (2000, None)}  # the group given replaces it
    assert set(media_settings.RENDITIONS["avatar"]) == {"thumbnail", "small", "icon"}  # others stay


@pytest.mark.django_db
def test_token_auth_works_even_when_the_site_lists_only_sessions(monkeypatch, user, files):
    from rest_framework.authentication import SessionAuthentication
    from rest_framework.views import APIView

    # What DEFAULT_AUTHENTICATION_CLASSES = [SessionAuthentication] gives every view (DRF reads the
    # setting once, when rest_framework.views is imported, so a settings override would not reach it).
    monkeypatch.setattr(APIView, "authentication_classes", [SessionAuthentication])
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post("/v1/upload/image", {"data": images.data_uri(images.jpeg())}, format="json")
    assert response.status_code == 201, response.content
    assert APIClient().post("/v1/upload/image", {}, format="json").status_code in (401, 403)


def test_file_storage_without_media_settings_is_reported(settings):
    settings.MEDIA_ROOT = ""
    assert "eventmedia.W005" in ids(check_site_setup())
    settings.MEDIA_ROOT = "/srv/media"
    assert "eventmedia.W005" not in ids(check_site_setup())


@pytest.mark.django_db
def test_instagram_without_its_urls_is_reported_and_the_button_degrades(settings, user):
    settings.EVENTMEDIA = {
        "INSTAGRAM": {"CLIENT_ID": "app", "CLIENT_SECRET": "s", "REDIRECT_URI": "https://x/"}
    }
    assert "eventmedia_instagram.W001" not in ids(check_instagram_urls())  # the demo mounts them
    settings.ROOT_URLCONF = "tests.urls_without_instagram"
    assert "eventmedia_instagram.W001" in ids(check_instagram_urls())
    def button_for(someone) -> str:
        request = RequestFactory().get("/events/1/")
        request.user = someone
        return Template("{% load eventmedia_instagram %}{% instagram_connect_button %}").render(
            Context({"request": request})
        )

    assert 'data-state="unmounted"' in button_for(user) and "not available" not in button_for(user)
    user.is_staff = True  # staff are told why: the site must include the pages
    assert "not available" in button_for(user)
    settings.EVENTMEDIA = {}  # no credentials at all
    assert "not configured" in button_for(user)
    assert "not configured" not in button_for(AnonymousUser())


def test_deploy_checks_flag_insecure_instagram_settings(settings):
    settings.EVENTMEDIA = {
        "INSTAGRAM": {
            "CLIENT_ID": "app",
            "CLIENT_SECRET": "s",
            "REDIRECT_URI": "http://events.example.org/instagram/callback/",
            "MEDIA_REQUIRE_HTTPS": False,
            "MEDIA_HOSTS": ["127.0.0.1", ".cdninstagram.com"],
        }
    }
    expected = {"eventmedia_instagram.W002", "eventmedia_instagram.W003", "eventmedia_instagram.W004"}
    assert expected <= ids(check_instagram_deploy())
    settings.EVENTMEDIA = {
        "INSTAGRAM": {
            "CLIENT_ID": "app",
            "CLIENT_SECRET": "s",
            "REDIRECT_URI": "https://events.example.org/cb/",
        }
    }
    assert ids(check_instagram_deploy()) == set()


@isolate_apps("tests")
def test_abstract_event_can_be_added_to_a_model_that_has_rows():
    from eventmedia.models import AbstractEvent

    # Every field it adds can be filled for existing rows without asking (a default, or null).
    for field in AbstractEvent._meta.fields:
        assert field.null or field.has_default(), field.name

    class SiteEvent(AbstractEvent):
        class Meta:
            app_label = "tests"

    assert SiteEvent._meta.ordering == []  # the site's model keeps its own ordering


@pytest.mark.django_db
def test_an_event_still_needs_a_name_through_the_api(api):
    response = api.post("/v1/events/", {"starts_at": "2027-05-01T09:00:00Z"}, format="json")
    assert response.status_code == 400 and response.json()["name"][0]["code"] == "required"


@pytest.mark.django_db
def test_changing_event_model_after_migrating_is_an_error_with_the_way_back(settings):
    from eventmedia.checks import check_event_model_unchanged

    assert ids(check_event_model_unchanged(databases=["default"])) == set()
    settings.EVENTMEDIA_EVENT_MODEL = "auth.Group"  # as if the setting changed after migrate
    errors = check_event_model_unchanged(databases=["default"])
    assert ids(errors) == {"eventmedia.E013"}
    assert "migrate eventmedia zero" in errors[0].hint
