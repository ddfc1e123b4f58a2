"""The base64 DRF fields used in a site's own serializer: data URI, bare base64, uploaded file."""

import base64

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework import serializers

from eventmedia.api.fields import Base64FileField, Base64ImageField
from eventmedia.imaging import ProcessedImage
from tests import documents, images


class SpeakerSerializer(serializers.Serializer):
    name = serializers.CharField()
    photo = Base64ImageField(renditions="avatar")


class LenientSerializer(serializers.Serializer):
    photo = Base64ImageField(allow_bare_base64=True)
    slides = Base64FileField(required=False)


def test_data_uri_becomes_a_processed_image_with_the_named_renditions():
    serializer = SpeakerSerializer(data={"name": "Ada", "photo": images.data_uri(images.jpeg((800, 800)))})
    assert serializer.is_valid(), serializer.errors
    photo = serializer.validated_data["photo"]
    assert isinstance(photo, ProcessedImage) and set(photo.renditions) == {"thumbnail", "small", "icon"}


def test_uploaded_file_is_accepted():
    serializer = SpeakerSerializer(data={"name": "Ada", "photo": SimpleUploadedFile("a", images.png_rgba())})
    assert serializer.is_valid(), serializer.errors


def test_bare_base64_only_when_allowed(settings):
    bare = base64.b64encode(images.jpeg((100, 100))).decode()
    strict = SpeakerSerializer(data={"name": "Ada", "photo": bare})
    assert not strict.is_valid() and strict.errors["photo"][0].code == "invalid_data_uri"
    assert LenientSerializer(data={"photo": bare}).is_valid()
    settings.EVENTMEDIA = {"ALLOW_BARE_BASE64": True}
    assert SpeakerSerializer(data={"name": "Ada", "photo": bare}).is_valid()


def test_errors_carry_codes_and_messages():
    serializer = LenientSerializer(
        data={"photo": images.data_uri(b"GIF89a\x01"), "slides": "data:;base64,AAAA"}
    )
    assert not serializer.is_valid()
    assert serializer.errors["photo"][0].code == "corrupt_image"
    assert serializer.errors["slides"][0].code == "unsupported_format"
    assert "PDF, PPTX, ODP" in str(serializer.errors["slides"][0])


def test_file_field_sniffs_documents():
    serializer = LenientSerializer(
        data={"photo": images.data_uri(images.png_rgba()), "slides": images.data_uri(documents.odp())}
    )
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["slides"].sniffed.format == "ODP"
