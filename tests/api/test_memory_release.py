"""After a request that carried an upload, the worker gives the memory it used back (glibc's malloc_trim)."""

import base64
import gc
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path
from PIL import Image
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from eventmedia import memory
from eventmedia.api.fields import Base64ImageField
from tests import documents, images

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


# -- A finished upload leaves nothing of itself to the garbage collector ------------------------------

# Django and DRF keep a request's objects in reference cycles: whatever they still hold after the answer
# waits for Python's next full collection, many uploads away in a busy worker.
PAYLOAD_BYTES = 600_000


class PhotoSerializer(serializers.Serializer):
    photo = Base64ImageField(renditions="avatar")


class SitePhotoView(APIView):
    """A site's own view with eventmedia's field in its serializer (not one of eventmedia's views)."""

    authentication_classes = []
    permission_classes = []

    def post(self, request):
        data = request.data if "copy" not in request.query_params else {"photo": request.data["photo"]}
        serializer = PhotoSerializer(data=data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return Response({"renditions": sorted(serializer.validated_data["photo"].renditions)}, status=201)


urlpatterns = [
    path("site/photo", SitePhotoView.as_view()),
    path("", include("project.urls")),
]


def noisy_jpeg() -> bytes:
    """A JPEG of about ``PAYLOAD_BYTES`` (noise does not compress)."""
    side = int((PAYLOAD_BYTES / 0.7) ** 0.5)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), random.Random(7).randbytes(side * side * 3)).save(
        buffer, "JPEG", quality=90
    )
    assert len(buffer.getvalue()) > PAYLOAD_BYTES
    return buffer.getvalue()


def payload_left_behind(send, payload: bytes) -> list[tuple[str, int]]:
    """The strings and bytes that carry ``payload`` (raw or base64) and that only reference cycles keep
    alive once ``send()`` (its upload, whose response it must not keep) has finished."""
    marks = [payload[-64:], base64.b64encode(payload)[-64:]]
    memory.forget_marks()  # what earlier tests marked outside a request is not this upload's
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        send()
        gc.collect()
        garbage = list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    seen, pending, left = {id(item) for item in garbage}, list(garbage), []
    while pending:
        for item in gc.get_referents(pending.pop()):
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, (str, bytes, bytearray)):
                raw = item.encode("latin-1", "replace") if isinstance(item, str) else item
                if any(mark in raw for mark in marks):
                    left.append((type(item).__name__, len(item)))
            else:
                pending.append(item)
    return left


def _json(api, url, payload):
    def send():
        assert api.post(url, payload, format="json").status_code == 201

    return send


@pytest.mark.parametrize(
    "upload",
    [
        "image as a data URI",
        "image as a file",
        "slides as a data URI",
        "a site's serializer",
        "a site's serializer given a copy",
    ],
)
@pytest.mark.urls(__name__)
def test_a_finished_upload_leaves_none_of_its_payload_to_the_garbage_collector(api, files, upload):
    photo = noisy_jpeg()
    filler = random.Random(3).randbytes(PAYLOAD_BYTES // 2).hex().encode()  # a comment line
    slides = documents.pdf().replace(b"trailer", b"%" + filler + b"\ntrailer")
    send = {
        "image as a data URI": _json(api, "/v1/upload/image", {"data": images.data_uri(photo, "image/jpeg")}),
        "slides as a data URI": _json(
            api, "/v1/upload/files", {"data": images.data_uri(slides, "application/pdf")}
        ),
        "a site's serializer": _json(api, "/site/photo", {"photo": images.data_uri(photo, "image/jpeg")}),
        "a site's serializer given a copy": _json(
            api, "/site/photo?copy", {"photo": images.data_uri(photo, "image/jpeg")}
        ),
    }.get(upload)
    if upload == "image as a file":

        def send():
            file = SimpleUploadedFile("photo.jpg", photo, content_type="image/jpeg")
            assert api.post("/v1/upload/image", {"file": file}, format="multipart").status_code == 201

    assert payload_left_behind(send, slides if upload.startswith("slides") else photo) == []


def test_marks_left_outside_a_request_are_dropped_when_the_next_request_starts(api, trims):
    released = []
    memory.mark_upload(lambda: released.append(True))  # a field used outside a request: no finish comes
    assert api.get("/v1/events/").status_code == 200
    assert released == [] and trims == []  # the request that followed carried no upload
