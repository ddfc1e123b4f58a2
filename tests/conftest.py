"""Shared fixtures: a fresh MEDIA_ROOT per test, users, an API client, and a file counter."""

from __future__ import annotations

from pathlib import Path

import pytest
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Every test writes real files into its own empty MEDIA_ROOT."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the Instagram media pages are cached per account)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def files(media_root):
    """Call ``files()`` for the list of files now in MEDIA_ROOT."""
    return lambda: stored_files(media_root)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("alice", password="pw")


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create_user("bob", password="pw")


@pytest.fixture
def event(user):
    """An event of eventmedia's own model, owned by ``user``."""
    from eventmedia.models import Event

    return Event.objects.create(name="PyCon", owner=user)


@pytest.fixture
def organizer(client, user):
    """Django's test client, signed in as ``user`` (the owner of ``event``)."""
    client.force_login(user)
    return client


@pytest.fixture
def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def instagram(settings):
    """A running Instagram stand-in, with EVENTMEDIA["INSTAGRAM"] pointing at it."""
    from project.instagram_standin import StandIn

    with StandIn(redirect_uri="http://testserver/instagram/callback/") as standin:
        settings.EVENTMEDIA = {"INSTAGRAM": {**standin.settings(), "BACKOFF": 0.01, "MEDIA_DEADLINE": 3}}
        yield standin


# Markers by folder (pyproject.toml lists them): `pytest -m "not slow and not integration and not
# browser"` runs the quick part of the suite in about a minute.
FOLDER_MARKERS = {"e2e": "browser", "integration": "integration"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        folder = Path(str(item.fspath)).parent.name
        if folder in FOLDER_MARKERS:
            item.add_marker(FOLDER_MARKERS[folder])
