"""Images fetched from URLs on hosts the site allows (``IMAGE_URL_HOSTS``), under the download guard.

``eventmedia.download`` needs ``requests`` (the ``eventmedia[fetch]`` extra): it is imported only when a
site allows hosts, so a site without the extra never needs it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..conf import media_settings


class ImageURLRefused(Exception):
    """An image URL on ``IMAGE_URL_HOSTS`` could not be fetched (``reason``: the downloader's code)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def image_url_allowed(url: str) -> bool:
    """Whether ``url``'s host is on ``IMAGE_URL_HOSTS`` (nothing is, unless the site says so)."""
    if not media_settings.IMAGE_URL_HOSTS:
        return False
    from ..download import match_host  # an optional extra: see the module

    return match_host(urlsplit(str(url)).hostname or "", tuple(media_settings.IMAGE_URL_HOSTS)) is not None


def fetch_image_url(url: str) -> bytes:
    """The bytes at ``url``, fetched under the download guard (allow-list, https, public addresses on
    the standard ports unless ``IMAGE_URL_PRIVATE_NETWORKS`` names the network, ``MAX_UPLOAD_BYTES``,
    a total deadline); ``ImageURLRefused`` with the reason otherwise."""
    from ..download import DownloadPolicy, DownloadRefused, fetch  # an optional extra: see the module

    policy = DownloadPolicy(
        hosts=tuple(media_settings.IMAGE_URL_HOSTS),
        require_https=media_settings.IMAGE_URL_REQUIRE_HTTPS,
        trusted_networks=tuple(media_settings.IMAGE_URL_PRIVATE_NETWORKS),
        max_bytes=media_settings.MAX_UPLOAD_BYTES,
        timeout=media_settings.IMAGE_URL_TIMEOUT,
        deadline=media_settings.IMAGE_URL_DEADLINE,
    )
    try:
        return fetch(url, policy)
    except DownloadRefused as refused:
        raise ImageURLRefused(refused.code) from None
