"""What each Instagram failure means to the people who see it, said once, in eventmedia's catalog.

The API, the demo's and the admin's pickers and the connect pages all turn an error into the same
``eventmedia.problems.Problem``: a stable code (the API's ``code``), an HTTP status and one translated
message; the app registers them in the core's catalog when it is ready. Which account is usable is
decided in ``services.account_status``; this module only names the outcomes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ...problems import Problem, register
from .client import InstagramError, Throttled, TokenInvalid
from .services import NotConnected

NOT_CONNECTED = Problem("instagram_not_connected", 409, _("Connect an Instagram account first."))
RECONNECT_NEEDED = Problem(
    "instagram_reconnect_needed",
    409,
    _(
        "Instagram needs to be connected again (the access expired, was revoked, or lacks a "
        "permission: allow access to the profile and media when connecting)."
    ),
)
THROTTLED = Problem(
    "instagram_throttled", 503, _("Instagram asks us to slow down. Try again in a few minutes.")
)
UNAVAILABLE = Problem(
    "instagram_unavailable", 502, _("Instagram could not be reached. Try again in a few minutes.")
)


PROBLEMS = (NOT_CONNECTED, RECONNECT_NEEDED, THROTTLED, UNAVAILABLE)


def register_problems() -> None:
    """Add the Instagram problems to eventmedia's catalog (from the app's ``ready()``)."""
    register(*PROBLEMS)


def describe(error: Exception) -> Problem:
    """The problem ``error`` (from ``services`` or the client) is for the user."""
    if isinstance(error, NotConnected):
        return RECONNECT_NEEDED if error.needs_reconnect else NOT_CONNECTED
    if isinstance(error, TokenInvalid):  # a dead token or a missing permission
        return RECONNECT_NEEDED
    if isinstance(error, Throttled):
        return THROTTLED
    if isinstance(error, InstagramError):
        return UNAVAILABLE
    raise TypeError(f"not an Instagram problem: {type(error).__name__}")
