"""The Connect Instagram views: connect, callback, disconnect, and Meta's two callbacks.

Every failure is a page with a clear message (or a JSON answer for Meta), never a 500 and never a
secret. Sites mount these with ``path("instagram/", include("eventmedia.contrib.instagram.urls"))``.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import oauth, services
from .client import InstagramError, OAuthError, TransientError
from .conf import instagram_settings
from .models import InstagramDataDeletion

logger = logging.getLogger(__name__)


def _problem(request, title: str, message: str, *, status: int = 400, next_path: str = "/"):
    return render(
        request,
        "eventmedia/instagram/problem.html",
        {"title": title, "message": message, "next": next_path},
        status=status,
    )


@require_GET
@login_required
def connect(request):
    next_path = oauth.safe_next(request, request.GET.get("next"))
    if not services.is_configured():
        return _problem(
            request,
            _("Instagram is not configured"),
            _("This site has no Instagram app set up yet. Ask its administrators to add one."),
            status=503,
            next_path=next_path,
        )
    state = oauth.begin(request, next_path)
    force_reauth = request.GET.get("force_reauth") in ("1", "true")  # "use another Instagram account"
    return HttpResponseRedirect(services.client().authorize_url(state, force_reauth=force_reauth))


@require_GET
@login_required
def callback(request):
    """Where Instagram sends the user back: check the state, exchange the code, store the account."""
    lifetime = instagram_settings().STATE_LIFETIME
    next_path = oauth.complete(request, request.GET.get("state"), lifetime)
    if request.GET.get("error") == "access_denied":
        # The user pressed Cancel. Instagram does not always send the state back then, and a cancel
        # exchanges nothing, so it needs no valid state: say what happened, never "expired".
        messages.info(request, _("Instagram was not connected: you cancelled on Instagram."))
        return HttpResponseRedirect(next_path or oauth.safe_next(request, None))
    if next_path is None:
        # Forged, expired, or already used (a replayed callback): nothing is exchanged.
        return _problem(
            request,
            _("This Instagram sign-in has expired"),
            _("The link was already used or is too old. Press Connect Instagram again."),
        )
    if request.GET.get("error"):
        return _problem(
            request,
            _("Instagram did not connect"),
            _("Instagram said: %(reason)s")
            % {"reason": request.GET.get("error_description") or request.GET["error"]},
            next_path=next_path,
        )
    code = (request.GET.get("code") or "").removesuffix("#_")
    if not code:
        return _problem(
            request, _("Instagram did not connect"), _("Instagram sent no code."), next_path=next_path
        )
    try:
        account = services.connect(user=request.user, code=code)
    except services.MissingPermission:
        return _problem(
            request,
            _("Instagram did not grant access"),
            _("Allow access to your profile and media on Instagram's page to import posts."),
            next_path=next_path,
        )
    except OAuthError as error:
        return _problem(
            request,
            _("Instagram refused the sign-in"),
            _("Instagram said: %(reason)s. Press Connect Instagram to try again.")
            % {"reason": error.message},
            next_path=next_path,
        )
    except TransientError:
        return _problem(
            request,
            _("Instagram is not answering"),
            _("Instagram could not be reached. Try again in a few minutes."),
            status=502,
            next_path=next_path,
        )
    except InstagramError as error:
        return _problem(
            request,
            _("Instagram did not connect"),
            _("Instagram said: %(reason)s") % {"reason": error.message},
            status=502,
            next_path=next_path,
        )
    messages.success(request, _("Instagram connected as @%(username)s.") % {"username": account.username})
    return HttpResponseRedirect(next_path)


@require_POST
@login_required
def disconnect(request):
    """Forget the user's account and the captions copied from its posts."""
    next_path = oauth.safe_next(request, request.POST.get("next"))
    if services.disconnect(user=request.user):
        messages.success(request, _("Instagram disconnected."))
    return HttpResponseRedirect(next_path)


def _signed_user_id(request) -> str | None:
    try:
        config = instagram_settings()
        payload = oauth.parse_signed_request(
            request.POST.get("signed_request", ""), [config.CLIENT_SECRET, config.META_APP_SECRET]
        )
    except oauth.SignedRequestInvalid:
        return None
    return str(payload["user_id"])


@csrf_exempt
@require_POST
def deauthorize(request):
    """Meta: the user removed the app. Verified, idempotent, 200 also for users we do not know."""
    user_id = _signed_user_id(request)
    if user_id is None:
        return JsonResponse({"error": "invalid signed_request"}, status=400)
    services.forget_token(user_id)
    return JsonResponse({"success": True})


@csrf_exempt
@require_POST
def data_deletion(request):
    """Meta: delete what we hold for this user; answer a status URL and a confirmation code."""
    user_id = _signed_user_id(request)
    if user_id is None:
        return JsonResponse({"error": "invalid signed_request"}, status=400)
    deletion = services.delete_user_data(user_id)
    status_url = request.build_absolute_uri(
        reverse("eventmedia-instagram:deletion-status", args=[deletion.confirmation_code])
    )
    if status_url.startswith("http://") and _site_is_https():
        # Behind a proxy without SECURE_PROXY_SSL_HEADER the request looks like http; the site Meta
        # knows (its redirect URI) is https, and so must be the link Meta shows the user.
        status_url = "https://" + status_url[len("http://") :]
    return JsonResponse({"url": status_url, "confirmation_code": deletion.confirmation_code})


def _site_is_https() -> bool:
    return str(instagram_settings().REDIRECT_URI).startswith("https://")


@require_GET
def deletion_status(request, code: str):
    """The page Meta links a data deletion request to: what was deleted and kept."""
    deletion = get_object_or_404(InstagramDataDeletion, confirmation_code=code)
    return render(request, "eventmedia/instagram/deletion_status.html", {"deletion": deletion})
