"""Tokens, secrets and codes never reach a log: a filter on urllib3's request-line log.

Graph calls carry the token in the query string and urllib3 logs every request line at DEBUG, so a
site that turns on DEBUG logging would otherwise write tokens to its logs. Installed once per process
when the client is imported.
"""

from __future__ import annotations

import logging
import re

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
