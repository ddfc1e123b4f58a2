"""The demo's login for Open Event's frontend: e-mail and password at /auth/session, JWTs
whose user claim is ``identity``, ``Authorization: JWT`` honoured by eventmedia's API, a refresh, and
CORS for the frontend's origin only."""

from __future__ import annotations

import jwt
import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

JSONAPI = "application/vnd.api+json"


@pytest.fixture
def organizer(django_user_model):
    return django_user_model.objects.create_user("ada", email="Ada@Example.com", password="s3cret-pass")


def login(email: str, password: str):
    body = {"username": email, "password": password, "remember-me": True, "include-in-response": True}
    return APIClient().post("/auth/session", body, format="json")


def test_the_frontends_login_gives_jwts_that_open_the_api(organizer):
    answer = login("ada@example.com", "s3cret-pass")
    assert answer.status_code == 200 and set(answer.json()) == {"access_token", "refresh_token"}
    claims = jwt.decode(answer.json()["access_token"], options={"verify_signature": False})
    assert str(claims["identity"]) == str(organizer.pk) and claims["exp"] > claims["iat"]
    client = APIClient(HTTP_ACCEPT=JSONAPI, HTTP_AUTHORIZATION=f"JWT {answer.json()['access_token']}")
    user = client.get(f"/v1/users/{claims['identity']}")
    assert user.status_code == 200 and user.json()["data"]["attributes"]["email"] == organizer.email
    assert client.get("/v1/events").status_code == 200
    refreshed = APIClient().post(
        "/v1/auth/token/refresh", {"refresh_token": answer.json()["refresh_token"]}, format="json"
    )
    assert refreshed.status_code == 200 and refreshed.json()["access_token"]


@pytest.mark.parametrize("password", ["wrong", ""])
def test_a_wrong_password_is_refused(organizer, password):
    assert login("ada@example.com", password).status_code == (401 if password else 400)


def test_a_forged_or_expired_token_is_401(organizer):
    access = login("ada@example.com", "s3cret-pass").json()["access_token"]
    claims = jwt.decode(access, options={"verify_signature": False})
    forged = jwt.encode({**claims, "identity": organizer.pk}, "not-the-sites-key", algorithm="HS256")
    expired = jwt.encode({**claims, "exp": claims["iat"] - 60}, django_settings.SECRET_KEY, algorithm="HS256")
    for token in (forged, expired, access[:-4] + "AAAA"):
        client = APIClient(HTTP_AUTHORIZATION=f"JWT {token}")
        assert client.get("/v1/users/me/avatar").status_code == 401
    refused = APIClient().post("/v1/auth/token/refresh", {"refresh_token": access}, format="json")
    assert refused.status_code == 401  # an access token is not a refresh token


def test_cors_grants_the_frontends_origin_and_no_other(client):
    def preflight(origin):
        return client.options(
            "/v1/events/1", HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
        )  # fmt: skip

    granted = preflight("http://frontend.test")
    assert granted["Access-Control-Allow-Origin"] == "http://frontend.test"
    assert {"authorization", "content-type"} <= set(granted["Access-Control-Allow-Headers"].split(", "))
    assert {"PATCH", "DELETE"} <= set(granted["Access-Control-Allow-Methods"].split(", "))
    assert "Access-Control-Allow-Origin" not in preflight("http://evil.test")


def test_the_demo_answers_what_the_frontend_asks_before_it_renders(client, event):
    settings_ = client.get("/v1/settings", {"cache": "true", "public": "true"}, HTTP_ACCEPT=JSONAPI)
    assert settings_.status_code == 200 and settings_.json()["data"]["type"] == "setting"
    for path in ("events/upcoming", "groups", "pages", "event-types", f"events/{event.identifier}/speakers"):
        answer = client.get(f"/v1/{path}", HTTP_ACCEPT=JSONAPI)
        assert answer.status_code == 200 and answer.json()["data"] == [], path
    assert client.get(f"/v1/events/{event.pk}/has-streams").json() == {"exists": False, "can_access": False}
    assert client.get(f"/v1/events/{event.identifier}", HTTP_ACCEPT=JSONAPI).json()["data"]["id"] == str(
        event.pk
    )
