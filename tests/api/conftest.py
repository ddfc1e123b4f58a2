"""Fixtures of the API tests: a JSON:API client, as Open Event's front-end is."""

import pytest
from rest_framework.test import APIClient

JSONAPI = "application/vnd.api+json"


@pytest.fixture
def client_(user) -> APIClient:
    """A JSON:API client signed in as ``user``, as Open Event's front-end is."""
    client = APIClient(HTTP_ACCEPT=JSONAPI)
    client.force_authenticate(user)
    return client
