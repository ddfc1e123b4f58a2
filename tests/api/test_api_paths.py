"""Every API route answers with and without its trailing slash, for every method (Open Event's
clients call ``/v1/events/1``), and the schema documents each route once."""

import pytest
from django.urls import get_resolver

from tests import images

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug(settings):
    # In debug mode Django's APPEND_SLASH turns a PATCH or POST to a missing slash into a 500:
    # the routes must not depend on it.
    settings.DEBUG = True


def toggled(path: str) -> str:
    return path[:-1] if path.endswith("/") else path + "/"


@pytest.mark.parametrize("slash", [True, False], ids=["with slash", "without slash"])
def test_every_method_of_an_event_and_its_images_works_in_both_forms(api, slash):
    def url(path):
        return path if slash else path.rstrip("/")

    created = api.post(url("/v1/events/"), {"name": "PyCon"}, format="json")
    assert created.status_code == 201, created.content
    event = url(f"/v1/events/{created.json()['id']}/")
    assert api.get(event).status_code == 200
    assert api.patch(event, {"name": "PyCon DE"}, format="json").json()["name"] == "PyCon DE"
    assert api.put(event, {"name": "PyCon DE 2027"}, format="json").status_code == 200
    image = api.post(
        url(event.rstrip("/") + "/images/"), {"data": images.data_uri(images.jpeg())}, format="json"
    )
    assert image.status_code == 201, image.content
    detail = url(event.rstrip("/") + f"/images/{image.json()['id']}/")
    assert api.patch(detail, {"caption": "Stage"}, format="json").json()["caption"] == "Stage"
    assert api.delete(detail).status_code == 204
    assert api.delete(event).status_code == 204


def test_uploads_answer_in_both_forms(api):
    for path in ("/v1/upload/image", "/v1/upload/image/"):
        assert api.post(path, {"data": images.data_uri(images.jpeg())}, format="json").status_code == 201


def _routes(patterns, prefix=""):
    """(route, name) of every pattern under ``patterns``, includes followed."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.name


def test_every_named_api_route_has_its_other_form():
    api = next(
        pattern
        for pattern in get_resolver().url_patterns
        if getattr(pattern, "namespace", None) == "eventmedia-api"
    )
    routes = list(_routes(api.url_patterns))
    every = {route for route, _name in routes}
    named = [route for route, name in routes if name]
    assert len(named) >= 12  # the core's and Connect Instagram's
    assert [route for route in named if toggled(route) not in every] == []
