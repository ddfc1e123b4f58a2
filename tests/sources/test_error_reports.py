"""No error report shows an Instagram token, whatever the variable holding it is called: Django's
DEBUG page and error e-mails (``ExceptionReporter``, with DEBUG on and off) for a failure deep in the
client, below requests, and for a failure of the connect flow after both tokens were issued."""

import sys

import pytest
import requests
from django.views.debug import ExceptionReporter

from eventmedia.contrib.instagram import services
from eventmedia.contrib.instagram.client import InstagramError
from eventmedia.contrib.instagram.models import InstagramAccount
from tests import accounts
from tests.accounts import callback_path, press, start

pytestmark = pytest.mark.django_db


def reports() -> list[str]:
    """The HTML and text reports of the exception being handled."""
    reporter = ExceptionReporter(None, *sys.exc_info())
    return [reporter.get_traceback_html(), reporter.get_traceback_text()]


@pytest.mark.parametrize("debug", [True, False])
def test_a_failure_deep_in_the_client_reports_no_token(user, instagram, settings, monkeypatch, debug):
    settings.DEBUG = debug
    account = accounts.connect(user, instagram)

    def transport_bug(self, request, **kwargs):  # somewhere below requests, the URL holds the token
        raise ValueError("a transport bug")

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", transport_bug)
    try:
        services.client().media_page(account.token)
    except Exception as failure:  # noqa: BLE001 - whatever it is, its report is what matters
        shown, failed_with = reports(), failure
    else:
        pytest.fail("the call should have failed")
    assert isinstance(failed_with, InstagramError) and "ValueError" in shown[1]  # what failed is said
    assert all(account.token not in report for report in shown)
    assert all(account.token[:12] not in report for report in shown)


@pytest.mark.parametrize("debug", [True, False])
def test_a_failure_of_the_connect_flow_reports_neither_token(
    organizer, user, instagram, settings, monkeypatch, debug
):
    settings.DEBUG = debug
    issued_before = set(instagram.tokens)

    def database_down(self, *args, **kwargs):
        raise RuntimeError("database down while saving the account")

    monkeypatch.setattr(InstagramAccount, "save", database_down)
    path = callback_path(press(instagram, start(organizer)))
    try:
        organizer.get(path)
    except RuntimeError:
        shown = reports()
    else:
        pytest.fail("the callback should have failed")
    tokens = set(instagram.tokens) - issued_before
    assert len(tokens) == 2  # the short- and the long-lived token were both issued
    assert all(token not in report for token in tokens for report in shown)
