"""Text from outside (Meta's answers, an admin form) made storable in any database eventmedia runs on.

PostgreSQL refuses NUL characters in text and any database refuses text longer than its column: one
such value used to fail a whole write with a 500 (or a whole import). Plain functions, no Django.
"""

from __future__ import annotations

import re

# C0 control characters but tab, newline and carriage return: never meant to be shown, NUL never storable.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# What an id from an API may look like: letters, digits and a few separators, at most 64 characters.
IDENTIFIER = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def storable(value: object, max_length: int) -> str:
    """``value`` as text without control characters, cut to ``max_length`` characters."""
    return CONTROL_CHARACTERS.sub("", str(value or ""))[:max_length]


def is_identifier(value: object) -> bool:
    """Whether ``value`` looks like an id an API hands out (and fits an id column)."""
    return isinstance(value, str) and IDENTIFIER.fullmatch(value) is not None
