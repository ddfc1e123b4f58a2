"""After a request that carried an upload, the worker gives the memory it used back (glibc's malloc_trim)."""

import pytest

from eventmedia import memory
from tests import images

pytestmark = pytest.mark.django_db


@pytest.fixture
def trims(monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "_TRIM", lambda pad: calls.append(pad))
    return calls


def test_an_upload_request_gives_its_memory_back_once_finished(api, trims, files):
    answer = api.post("/v1/upload/image", {"data": images.data_uri(images.jpeg((800, 600)))}, format="json")
    assert answer.status_code == 201
    assert trims == [0]
    refused = api.post("/v1/upload/image", {"data": "data:image/png;base64,AAAA"}, format="json")
    assert refused.status_code == 400 and trims == [0, 0]  # a refused upload used memory too


def test_other_requests_leave_the_allocator_alone(api, trims):
    assert api.get("/v1/events/").status_code == 200
    assert api.get("/v1/users/me/avatar").status_code in (200, 404)
    assert trims == []


def test_without_glibc_nothing_is_called(monkeypatch):
    monkeypatch.setattr(memory, "_TRIM", None)
    memory.mark_upload()
    memory.release_after_upload()  # no error, nothing to call
