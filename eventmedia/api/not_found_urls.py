"""A 404 in the API's own shape for every path under the API's prefix that nothing else matched.

Mount it last under the same prefix (``path("v1/", include("eventmedia.api.not_found_urls"))``): a
client then gets ``not_found`` as JSON, or as a JSON:API error document when it asked for JSON:API
(Open Event's frontend cannot read Django's HTML page), instead of the site's HTML 404.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import re_path

from ..problems import Refusal
from . import jsonapi


def api_not_found(request, *args, **kwargs) -> JsonResponse:
    """``not_found`` for a path the API does not have, in the shape the client reads."""
    refusal = Refusal("not_found")
    if jsonapi.wants_jsonapi(request):
        error = {"status": "404", "code": refusal.code, "detail": refusal.message}
        body = {"errors": [error], "jsonapi": {"version": "1.0"}}
        return JsonResponse(body, status=404, content_type=jsonapi.MEDIA_TYPE)
    return JsonResponse({"detail": {"message": refusal.message, "code": refusal.code}}, status=404)


urlpatterns = [re_path(r"^.*$", api_not_found, name="eventmedia-api-not-found")]
