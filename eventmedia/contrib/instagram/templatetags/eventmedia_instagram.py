"""``{% load eventmedia_instagram %}``: the Connect Instagram button."""

from __future__ import annotations

from django import template

from .. import services as instagram
from ..models import InstagramAccount

register = template.Library()


@register.inclusion_tag("eventmedia/instagram/connect_button.html", takes_context=True)
def instagram_connect_button(context, next=None):
    """Connect / reconnect / connected-as button for the signed-in user; tells staff when Instagram is
    not configured or its pages are not mounted (others see nothing then)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    account = None
    if user is not None and user.is_authenticated:
        account = InstagramAccount.objects.filter(user=user).first()
    if not instagram.is_configured():
        state = "unconfigured"
    elif not instagram.urls_mounted():
        state = "unmounted"  # configured, but the site did not include eventmedia.contrib.instagram.urls
    else:
        status = instagram.account_status(account)
        state = {instagram.ABSENT: "disconnected", instagram.RECONNECT: "reconnect"}.get(status, "connected")
    return {
        "state": state,
        # Why the button is missing is the site's business: told to staff, not to every visitor.
        "explain_setup": bool(user is not None and user.is_authenticated and user.is_staff),
        "account": account,
        "next": next or (request.get_full_path() if request is not None else "/"),
        "csrf_token": context.get("csrf_token"),
    }
