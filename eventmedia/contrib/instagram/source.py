"""Instagram as a source of event images (``eventmedia.sources``): a connected account's posts.

The core runs the import loop, the picker, the admin section and the API; this says what a page of
posts is, which images a post gives (an album its children, a video its thumbnail) and how one is
downloaded (from Instagram's CDN, under the download guard). The token stays in the session object,
which never shows it (``repr``), so no error report can print it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from ...download import DownloadRefused, fetch
from ...problems import Refusal
from ...sources import Candidate, Page, PageItem, Skipped, StopImport
from . import problems, services
from .client import InstagramError, Throttled, TokenInvalid
from .conf import instagram_settings
from .models import SOURCE, InstagramAccount


class InstagramSession:
    """A user's connected account, for one page or one import."""

    def __init__(self, account: InstagramAccount):
        self._account = account
        self._client = services.client()
        self._policy = services.download_policy()

    def __repr__(self) -> str:  # never the token
        return f"<InstagramSession @{self._account.username}>"

    def _refused(self, error: InstagramError) -> Refusal:
        if isinstance(error, TokenInvalid):
            services.mark_needs_reconnect(self._account)
        return Refusal(problems.describe(error).code, retry_after=error.retry_after)

    def page(self, after: str | None = None) -> Page:
        try:
            page = services.media_page(self._account, after=after)
        except InstagramError as error:
            raise self._refused(error) from None
        items = [
            PageItem(
                id=item.id,
                preview_url=item.image_url,
                caption=item.caption,
                media_type=item.media_type or "IMAGE",
                permalink=item.permalink,
                timestamp=item.timestamp,
            )
            for item in page.items
        ]
        return Page(items=items, next_cursor=page.next_cursor)

    @sensitive_variables("token")
    def candidates(self, item_id: str) -> list[Candidate]:
        if not item_id.isdigit():
            raise Skipped("invalid_id")
        token = self._account.token
        try:
            item = self._client.media_item(token, item_id)
            album = self._client.children(token, item_id) if item.media_type == "CAROUSEL_ALBUM" else []
        except TokenInvalid as error:
            raise self._refused(error) from None
        except Throttled as error:
            raise StopImport("throttled", retry_after=error.retry_after) from None
        except InstagramError:
            raise Skipped("not_found") from None
        return [Candidate(target.id, target.image_url, item.caption) for target in album or [item]]

    def download(self, candidate: Candidate) -> bytes:
        if not candidate.url:
            raise Skipped("no_image")
        try:
            return fetch(candidate.url, self._policy)
        except DownloadRefused as refused:
            raise Skipped(refused.code) from None


class InstagramSource:
    """Connect Instagram's posts, imported as ``source: "instagram"`` with the post's id."""

    name = SOURCE
    label = _("Instagram")
    task_kind = services.IMPORT_KIND
    id_field = "instagram_media_id"
    connect_template = "eventmedia/instagram/connect.html"
    connect_code = problems.NOT_CONNECTED.code

    @property
    def max_items(self) -> int:
        return instagram_settings().MAX_IMPORT

    def available(self) -> bool:
        return services.is_configured()

    def session(self, user) -> InstagramSession:
        try:
            return InstagramSession(services.usable_account(user))
        except services.NotConnected as error:
            raise Refusal(problems.describe(error).code) from None
