"""Typed environment variables for the demo site, read with django-environ.

Every setting the demo takes from the environment goes through one of these readers, so a value of
the wrong type stops the process at start-up with an error that names the variable, instead of a
``ValueError`` deep in a request (``INSTAGRAM_TIMEOUT=2.5`` read as an int) or a silent default
(``DJANGO_DEBUG=flase`` read as False). Unset variables take the given default.
"""

from __future__ import annotations

import json
import os
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

_env = environ.Env()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
DATABASE_ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}


def _fail(name: str, expected: str, error: object = "") -> ImproperlyConfigured:
    detail = f" ({error})" if error else ""
    return ImproperlyConfigured(
        f"Environment variable {name}={os.environ[name]!r} is not {expected}{detail}."
    )


def string(name: str, default: str | None = "") -> str | None:
    return os.environ.get(name, default)


def _parsed(name: str, default: Any, parse, expected: str) -> Any:
    if name not in os.environ:
        return default
    try:
        return parse(name)
    except ValueError as error:
        raise _fail(name, expected, error) from None


def integer(name: str, default: int) -> int:
    return _parsed(name, default, _env.int, "a whole number")


def number(name: str, default: float) -> float:
    return _parsed(name, default, _env.float, "a number")


def boolean(name: str, default: bool) -> bool:
    if name not in os.environ:
        return default
    value = os.environ[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _fail(name, "a boolean (1/0, true/false, yes/no, on/off)")


def strings(name: str, default: list[str]) -> list[str]:
    """A comma-separated list."""
    if name not in os.environ:
        return list(default)
    return [item.strip() for item in os.environ[name].split(",") if item.strip()]


def json_value(name: str, default: Any) -> Any:
    """A JSON value (``{"event": ["AVIF"]}``, ``4``, ``null``)."""
    return _parsed(name, default, lambda key: json.loads(os.environ[key]), "JSON")


def like(name: str, default: Any, *, fractional: bool = False) -> Any:
    """A variable typed like ``default``: a boolean, a number (``fractional``: a float even when the
    default is whole), a comma-separated list (of numbers when the default's are), JSON for a
    mapping, text for text; for a default of None, JSON when it parses, else the text."""
    if isinstance(default, bool):
        return boolean(name, default)
    if isinstance(default, (list, tuple)):
        items = strings(name, [str(item) for item in default])
        if default and all(isinstance(item, int) for item in default):
            items = _parsed(name, items, lambda key: [int(item) for item in items], "a list of whole numbers")
        return type(default)(items)
    if isinstance(default, (int, float)):
        return number(name, default) if fractional or isinstance(default, float) else integer(name, default)
    if isinstance(default, dict):
        return json_value(name, default)
    if default is None and name in os.environ:
        try:
            return json.loads(os.environ[name])
        except ValueError:
            return os.environ[name]
    return string(name, default)


def database(name: str, default: dict[str, Any]) -> dict[str, Any]:
    """A ``DATABASES`` entry from a URL: ``sqlite:////absolute/path``, ``sqlite:///relative/path``
    or ``postgres://user:password@host:port/name``."""
    if not os.environ.get(name):
        return dict(default)
    try:
        config = _env.db_url(name)
    except (ValueError, KeyError, ImproperlyConfigured) as error:
        raise _fail(name, "a database URL", error) from None
    if config.get("ENGINE") not in DATABASE_ENGINES or not config.get("NAME"):
        raise _fail(name, "a sqlite:// or postgres:// URL with a database name")
    return config
