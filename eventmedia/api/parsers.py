"""Request parsers that turn every malformed body into a 400 with a code, never a 500.

DRF's ``JSONParser`` turns ``ValueError`` into a parse error but not ``RecursionError``: JSON nested a
few thousand levels deep (``[[[[...]]]]``, a few kilobytes) exhausts Python's recursion limit inside
``json.loads``. ``JSONParser`` here answers that as the same ``parse_error``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        """Parse JSON; nesting too deep for Python is a ``parse_error``, not a 500."""
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from None
