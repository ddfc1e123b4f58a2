"""Request parsers that keep a body's cost bounded and turn every malformed body into a 4xx with a
code, never a 500.

- A body is read up to its view's limit and no further: an endpoint that takes files accepts what a
  ``MAX_UPLOAD_BYTES`` upload needs as base64 (or Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``), every other
  one ``MAX_BODY_BYTES``; more is 413 (``file_too_large`` or ``request_too_large``), chunked bodies too.
- JSON that costs far more parsed than sent (33 MiB of ``[{},{},...]`` is millions of objects) is
  refused before parsing: a body may hold at most ``MAX_JSON_VALUES`` structural characters
  (``{ [ , :``), counted on the raw bytes, which a data URI has none of (``too_many_values``).
- JSON nested deeper than ``MAX_JSON_DEPTH`` levels is answered as the same ``parse_error`` as any
  malformed JSON, whichever Python parses it (before 3.13 a few thousand levels exhaust the recursion
  limit inside ``json.loads``; 3.13 parses them).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import ParseError

from ..conf import media_settings
from ..problems import Refusal

STRUCTURAL = (b"{", b"[", b",", b":")
# Far deeper than any document of the API (an Open Event resource is five levels deep).
MAX_JSON_DEPTH = 100


def upload_body_limit() -> int:
    """Django's body limit when the site sets one, else what a MAX_UPLOAD_BYTES upload needs."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit if limit is not None else media_settings.max_request_bytes


def body_limit(view) -> int:
    """The largest body ``view`` reads: an upload's for views that take files, else ``MAX_BODY_BYTES``."""
    return upload_body_limit() if getattr(view, "takes_files", False) else media_settings.MAX_BODY_BYTES


def too_large(view, content_type: str = "") -> Refusal:
    """The 413 of a body over ``view``'s limit, keyed by the field the file came in (``file`` for a
    multipart upload, ``data`` for a data URI)."""
    if getattr(view, "takes_files", False):
        field = "file" if content_type.startswith("multipart/") else "data"
        return Refusal(
            "file_too_large", field=field, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, variant="request"
        )
    return Refusal("request_too_large", limit=media_settings.MAX_BODY_BYTES)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        """Parse a JSON body read within its view's limit and of a bounded number of values."""
        view = (parser_context or {}).get("view")
        limit = body_limit(view)
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise too_large(view)
        values = sum(raw.count(mark) for mark in STRUCTURAL)
        if values > media_settings.MAX_JSON_VALUES:
            raise Refusal("too_many_values", limit=media_settings.MAX_JSON_VALUES)
        try:
            document = json.loads(raw)
        except RecursionError:
            document = None
            deep = True
        except ValueError as error:
            raise ParseError(_("JSON parse error - %s") % error) from None
        else:
            deep = depth(document) > MAX_JSON_DEPTH
        if deep:
            raise ParseError(_("JSON parse error - the document is nested too deeply."))
        return document


def depth(value) -> int:
    """How many arrays and objects deep ``value`` nests (at most ``MAX_JSON_VALUES`` of them: cheap)."""
    deepest, level = 0, [(value, 1)]
    while level:
        item, at = level.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, at)
            level.extend((child, at + 1) for child in children)
    return deepest
