"""Lossless JPEG metadata removal: private segments gone, pixels and colour profile untouched."""

import io

import pytest
from PIL import Image, ImageCms

from eventmedia.imaging import MediaError
from eventmedia.imaging.jpeg_segments import strip_metadata
from tests import images


def segments(data: bytes) -> list[int]:
    """Markers of the header segments, up to the first SOS."""
    found, pos = [], 2
    while data[pos] == 0xFF:
        marker = data[pos + 1]
        found.append(marker)
        if marker == 0xDA:
            break
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    return found


def test_removes_exif_gps_xmp_and_comments_and_keeps_the_pixels():
    original = images.jpeg_with_exif(orientation=1)
    assert b"SecretCam" in original and b"SecretXMP" in original and b"private comment" in original
    stripped = strip_metadata(original)
    for secret in (b"SecretCam", b"SecretXMP", b"private comment", b"PrivateSoftware"):
        assert secret not in stripped
    assert 0xE1 not in segments(stripped) and 0xFE not in segments(stripped)
    before, after = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(stripped))
    assert before.tobytes() == after.tobytes()  # byte-identical pixels: no re-encode


def test_keeps_a_minimal_orientation_exif():
    stripped = strip_metadata(images.jpeg_with_exif(orientation=6), orientation=6)
    exif = Image.open(io.BytesIO(stripped)).getexif()
    assert dict(exif) == {0x0112: 6}
    assert b"SecretCam" not in stripped


def test_keeps_the_icc_profile_and_jfif():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = images.encode(images.photo((64, 64)), "JPEG", icc_profile=icc, comment=b"c")
    stripped = strip_metadata(original)
    assert Image.open(io.BytesIO(stripped)).info.get("icc_profile") == icc
    assert 0xE0 in segments(stripped)


def test_drops_anything_after_the_end_of_image():
    polyglot = images.jpeg((64, 64)) + b"<html><script>alert(1)</script></html>"
    stripped = strip_metadata(polyglot)
    assert stripped.endswith(b"\xff\xd9") and b"<html>" not in stripped


def test_progressive_jpeg_keeps_every_scan():
    original = images.encode(images.photo((200, 150)), "JPEG", progressive=True, comment=b"x")
    stripped = strip_metadata(original)
    assert Image.open(io.BytesIO(stripped)).tobytes() == Image.open(io.BytesIO(original)).tobytes()


@pytest.mark.parametrize("data", [b"not a jpeg", b"\xff\xd8\xff\xe1\xff\xff", b"\xff\xd8\xff\xda\x00\x02abc"])
def test_broken_segment_lists_are_corrupt(data):
    with pytest.raises(MediaError) as caught:
        strip_metadata(data)
    assert caught.value.code == "corrupt_image"
