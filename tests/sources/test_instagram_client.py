"""The Instagram client against the local stand-in, over real sockets: every shape and error path."""

import logging

import pytest
import requests

from eventmedia.contrib.instagram.client import (
    InstagramClient,
    InstagramConfig,
    InstagramError,
    OAuthError,
    Throttled,
    TokenInvalid,
    TransientError,
)
from project.instagram_standin import BIG_USER_ID, StandIn

REDIRECT = "https://events.example.com/instagram/callback/"


@pytest.fixture
def standin():
    with StandIn(redirect_uri=REDIRECT) as server:
        yield server


@pytest.fixture
def client(standin):
    s = standin.settings()
    config = InstagramConfig(
        client_id=s["CLIENT_ID"], client_secret=s["CLIENT_SECRET"], redirect_uri=REDIRECT,
        authorize_url=s["AUTHORIZE_URL"], token_url=s["TOKEN_URL"], graph_url=s["GRAPH_URL"],
        timeout=5, backoff=0.01,
    )  # fmt: skip
    return InstagramClient(config)


def authorize(client, state="st4te", decision="allow") -> requests.Response:
    """Play the user on Instagram's page: open the authorize URL, press Allow or Cancel."""
    page = requests.get(client.authorize_url(state), timeout=5)
    assert page.status_code == 200, page.text
    link = "allow" if decision == "allow" else "deny"
    href = page.text.split(f'id="{link}" href="')[1].split('"')[0].replace("&amp;", "&")
    return requests.get(
        client.config.authorize_url.rsplit("/oauth", 1)[0] + href, allow_redirects=False, timeout=5
    )


def code_from(response: requests.Response) -> str:
    location = response.headers["Location"]
    assert location.startswith(REDIRECT) and location.endswith("#_")
    return location.split("code=")[1].split("&")[0]  # keeps the "#_" on purpose when last


def test_authorize_url_has_the_documented_parameters(client):
    url = client.authorize_url("abc")
    assert "response_type=code" in url and "scope=instagram_business_basic" in url and "state=abc" in url
    assert "redirect_uri=https%3A%2F%2Fevents.example.com%2Finstagram%2Fcallback%2F" in url


def test_full_token_flow_with_both_answer_shapes(client, standin):
    first = client.exchange_code(code_from(authorize(client)))  # documented {"data": [...]} shape
    second = client.exchange_code(code_from(authorize(client)))  # flat shape, numeric user_id
    for token in (first, second):
        assert token.user_id == str(BIG_USER_ID)  # exact, even beyond 2**53
        assert token.permissions == ("instagram_business_basic",)
    long_lived = client.long_lived_token(first.access_token)
    assert long_lived.expires_in > 50 * 24 * 3600 and long_lived.token_type == "bearer"
    with pytest.raises(InstagramError, match="24 hours"):  # Meta refreshes only tokens a day old
        client.refresh_token(long_lived.access_token)
    standin.age(long_lived.access_token, 24 * 3600)
    refreshed = client.refresh_token(long_lived.access_token)
    assert refreshed.access_token != long_lived.access_token
    profile = client.me(refreshed.access_token)
    assert profile.user_id == str(BIG_USER_ID) and profile.username == "eventmedia_demo_conf"


def test_a_code_is_single_use(client):
    code = code_from(authorize(client))
    client.exchange_code(code)
    with pytest.raises(OAuthError, match="already used"):
        client.exchange_code(code)


def test_redirect_uri_must_match_exactly(client, standin):
    code = code_from(authorize(client))
    other = InstagramClient(InstagramConfig(**{**client.config.__dict__, "redirect_uri": REDIRECT + "?x=1"}))
    with pytest.raises(OAuthError, match="redirect_uri is identical"):
        other.exchange_code(code)


def test_retired_scope_names_are_reported_by_a_check(settings):
    from eventmedia.contrib.instagram.checks import check_instagram_settings as check_settings

    settings.EVENTMEDIA = {"INSTAGRAM": {"SCOPES": ["user_profile", "instagram_business_basic"]}}
    errors = [error for error in check_settings() if error.id == "eventmedia_instagram.E002"]
    assert len(errors) == 1 and "user_profile" in errors[0].msg
    settings.EVENTMEDIA = {"INSTAGRAM": {"SCOPES": ["instagram_business_basic"]}}
    assert not [error for error in check_settings() if error.id == "eventmedia_instagram.E002"]


def test_media_paging_follows_cursors(client, standin):
    token = standin.issue_token()
    seen, cursor = [], None
    for _ in range(10):
        page = client.media_page(token, after=cursor)
        seen += [item.id for item in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == [post.id for post in standin.posts]


def test_media_fields_may_be_missing_and_videos_give_their_thumbnail(client, standin):
    token = standin.issue_token()
    video = client.media_item(token, "17900000000000003")
    assert video.media_type == "VIDEO" and video.image_url.startswith(
        standin.url + "/cdn/img/talks-thumb.jpg"
    )
    reel = client.media_item(token, "17900000000000005")
    assert reel.media_url == "" and reel.image_url == ""
    children = client.children(token, "17900000000000004")
    assert [c.id for c in children] == ["17900000000000041", "17900000000000042", "17900000000000043"]
    assert children[2].image_url.endswith("workshop-3.jpg?oh=signed&oe=6A00FF00")


def test_dead_token_is_190(client, standin):
    token = standin.issue_token()
    standin.expire_all_tokens()
    with pytest.raises(TokenInvalid) as caught:
        client.me(token)
    assert caught.value.code == 190 and caught.value.trace_id


def test_throttling_is_not_retried(client, standin):
    token = standin.issue_token()
    standin.throttle_next = 1
    with pytest.raises(Throttled) as caught:
        client.me(token)
    assert (caught.value.code, caught.value.retry_after) == (80002, 300)  # Meta's header, in seconds
    assert client.me(token).username  # the next call goes through


@pytest.mark.parametrize(
    "headers, wait",
    [
        ({"X-Business-Use-Case-Usage": '{"1": [{"estimated_time_to_regain_access": 7}, '
                                       '{"estimated_time_to_regain_access": 2}]}'}, 420),
        ({"X-Business-Use-Case-Usage": '{"1": [{"estimated_time_to_regain_access": 0}]}',
          "Retry-After": "90"}, 90),
        ({"X-Business-Use-Case-Usage": '{"1": [{"estimated_time_to_regain_access": 1e999}]}'}, None),
        ({"X-Business-Use-Case-Usage": '{"1": [{"estimated_time_to_regain_access": 100000}]}'}, 86400),
        ({"X-Business-Use-Case-Usage": "not json", "X-App-Usage": '{"call_count": 100}'}, None),
        ({"X-Business-Use-Case-Usage": '[1, 2]'}, None),
        ({"X-Business-Use-Case-Usage": '{"1": "x"}', "Retry-After": "-5"}, None),
        ({}, None),
    ],
)  # fmt: skip
def test_the_wait_is_read_from_metas_headers_and_never_trusted_blindly(headers, wait):
    from eventmedia.contrib.instagram.answers import retry_after_of

    assert retry_after_of(headers) == wait


def test_transient_errors_are_retried_with_backoff(client, standin):
    token = standin.issue_token()
    standin.fail_next = 2
    assert client.me(token).username  # third attempt succeeds
    standin.fail_next = 5
    with pytest.raises(TransientError):
        client.me(token)


def test_unreachable_instagram_is_transient(client):
    dead = InstagramClient(InstagramConfig(**{**client.config.__dict__, "graph_url": "http://127.0.0.1:9"}))
    with pytest.raises(TransientError):
        dead.me("token")


def test_paging_links_to_other_hosts_are_not_followed(client):
    with pytest.raises(InstagramError, match="another host"):
        client._follow("https://evil.example.com/v25.0/me/media?after=1", "secret-token")


def test_tokens_never_reach_the_logs(client, standin, caplog):
    caplog.set_level(logging.DEBUG)
    token = standin.issue_token()
    client.me(token)
    standin.expire_all_tokens()
    with pytest.raises(TokenInvalid):
        client.me(token)
    code = code_from(authorize(client))
    client.exchange_code(code)
    with pytest.raises(OAuthError):
        client.exchange_code(code)
    logged = caplog.text
    assert (
        token not in logged
        and client.config.client_secret not in logged
        and code.removesuffix("#_") not in logged
    )
    assert "/v25.0/me" in logged  # the path is logged, the query is not


def test_tokens_secrets_and_codes_in_urllib3s_request_lines_are_redacted(caplog):
    import logging

    logger = logging.getLogger("urllib3.connectionpool")
    with caplog.at_level(logging.DEBUG, logger="urllib3.connectionpool"):
        logger.debug('"GET /v25.0/me?fields=id&access_token=%s HTTP/1.1" 200 %s', "IGQV-SECRET", 87)
        logger.debug("POST /oauth/access_token client_secret=shh&code=abc123&grant_type=authorization_code")
    first, second = (record.getMessage() for record in caplog.records[-2:])
    assert first == '"GET /v25.0/me?fields=id&access_token=[redacted] HTTP/1.1" 200 87'
    assert "shh" not in second and "abc123" not in second
    assert "client_secret=[redacted]&code=[redacted]&grant_type=authorization_code" in second


@pytest.mark.parametrize(
    "expires_in, seconds",
    [(5_183_944, 5_183_944), (float("inf"), 60 * 24 * 3600), (10**30, 60 * 24 * 3600), (-5, 60 * 24 * 3600),
     ("5183944", 5_183_944), (None, 60 * 24 * 3600), (True, 60 * 24 * 3600), ("soon", 60 * 24 * 3600)],
)  # fmt: skip
def test_a_token_lifetime_is_believed_only_within_a_year(expires_in, seconds):
    from eventmedia.contrib.instagram.client import _long_lived

    assert _long_lived({"access_token": "IGQV", "expires_in": expires_in}).expires_in == seconds


def test_error_codes_meta_sends_as_infinity_are_no_code():
    from eventmedia.contrib.instagram.client import _error

    error = _error(400, {"error": {"code": float("inf"), "error_subcode": 1e999, "message": "odd"}})
    assert (error.code, error.subcode) == (None, None)
