"""The built-in source ``url``: an image at a web address on a host the site allows (``IMAGE_URL_HOSTS``).

Nothing to browse; an item is the URL itself, which gives one image, fetched under the download guard
(``services.fetch_image_url``: https, public addresses, the byte cap, a deadline). It is stored with
``source: "url"`` and, as its id there, a digest of the URL (so one event holds it once). Open
Event's clients use it when they set an image attribute to such a URL.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils.translation import gettext_lazy as _

from .. import services
from ..conf import media_settings
from ..problems import Refusal
from .base import Candidate, Page, Skipped

NAME = "url"


def url_id(url: str) -> str:
    """The id an image at ``url`` is stored under (``external_id`` holds 64 characters, URLs more)."""
    return hashlib.sha256(url.encode()).hexdigest()[:40]


class URLSession:
    """Access to the allowed hosts (the same for every user)."""

    def page(self, after: str | None = None) -> Page:
        return Page()  # nothing to browse: a client names the URL

    def candidates(self, item_id: str) -> list[Candidate]:
        if not services.image_url_allowed(item_id):
            raise Skipped("host_not_allowed")
        return [Candidate(external_id=url_id(item_id), url=item_id)]

    def download(self, candidate: Candidate) -> bytes:
        try:
            return services.fetch_image_url(candidate.url)
        except services.ImageURLRefused as refused:
            raise Skipped(refused.reason) from None


class URLSource:
    name = NAME
    label = _("the web")
    task_kind = "url_import"
    max_items = 20
    id_field = ""
    connect_template = ""
    connect_code = ""
    # Nothing to pick from: no section in the admin's media panel.
    admin_panel = False

    def available(self) -> bool:
        return bool(media_settings.IMAGE_URL_HOSTS)

    def session(self, user: Any) -> URLSession:
        if not self.available():
            raise Refusal("image_url_refused", reason="host_not_allowed")
        return URLSession()
