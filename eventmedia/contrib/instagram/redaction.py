"""Tokens, secrets and codes never reach a log or an error report.

- ``Secret``: a token is itself everywhere but in ``repr``, which is what tracebacks, Django's debug
  page and its error e-mails show of every frame's variables, whatever the variable's name.
- ``contained``: a failure inside a client call is raised from the call itself, its traceback and
  cause cut, so no report shows the frames below it (requests', urllib3's, the parsers'), where the
  token sits in URLs, dicts and answers as plain text.
- ``RedactSecrets``: Graph calls carry the token in the query string and urllib3 logs every request
  line at DEBUG; this filter, installed once per process when the client is imported, blanks it.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import TypeVar

from .answers import InstagramError

Call = TypeVar("Call", bound=Callable)


class Secret(str):
    """A token: the string itself for every use, stars for ``repr`` (what error reports show)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'********'"


def contained(method: Call) -> Call:
    """Raise a client call's failure from the call itself: no frame below it (where tokens are plain
    text) in any traceback or report, no chained cause. An exception that is not an
    ``InstagramError`` (an answer no parser expected) becomes one."""

    @functools.wraps(method)
    def call(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except InstagramError as error:
            failure = error
        except Exception as error:  # noqa: BLE001 - whatever it was, it must not carry the frames below
            failure = InstagramError(f"Instagram's answer could not be read ({type(error).__name__})")
        failure.__cause__ = failure.__context__ = None
        failure.__suppress_context__ = True
        raise failure.with_traceback(None)

    return call

_SECRET_PARAMS = re.compile(r"((?:access_token|client_secret|code)=)[^&\s\"']+")


class RedactSecrets(logging.Filter):
    """Blank out tokens, secrets and codes in query strings of any record passing through.

    Graph calls carry the token in the query string and urllib3 logs every request line at DEBUG, so
    a site that turns on DEBUG logging would otherwise write tokens to its logs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        if isinstance(record.msg, str) and "=" in record.msg:
            record.msg = _SECRET_PARAMS.sub(r"\1[redacted]", record.msg)
        return True


def install_log_redaction() -> None:
    """Hide tokens and secrets in urllib3's debug log of request lines (once per process)."""
    target = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, RedactSecrets) for f in target.filters):
        target.addFilter(RedactSecrets())


install_log_redaction()
