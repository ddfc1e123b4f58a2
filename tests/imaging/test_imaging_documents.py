"""Documents are sniffed from their bytes: the name and declared type play no part."""

import pytest

from eventmedia.imaging import MediaError, sniff_document
from tests import documents, images

ALLOWED = ("PDF", "PPTX", "ODP", "PPT")
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


@pytest.mark.parametrize(
    "data, fmt",
    [
        (documents.pdf(), "PDF"),
        (documents.pptx(), "PPTX"),
        (documents.odp(), "ODP"),
        (documents.ppt(), "PPT"),
    ],
)
def test_recognises_slide_formats(data, fmt):
    assert sniff_document(data, allowed_formats=ALLOWED, max_bytes=10**6).format == fmt


@pytest.mark.parametrize(
    "data",
    [
        documents.docx(),
        images.png_rgba(),
        b"<html></html>",
        b"PK\x03\x04broken zip",
        b"%PDF-1.4 no trailer",
        documents.doc(),
        documents.ppt()[:600],
        documents.ppt()[:8] + b"\xff" * 2000,
        MP4,
    ],
    ids=["docx", "png", "html", "broken-zip", "pdf-without-eof", "word-doc", "cut-ppt", "ole-junk", "mp4"],
)
def test_refuses_everything_else(data):
    with pytest.raises(MediaError) as caught:
        sniff_document(data, allowed_formats=ALLOWED, max_bytes=10**6)
    assert caught.value.code == "unsupported_format"


def test_allow_list_and_limits():
    with pytest.raises(MediaError) as caught:
        sniff_document(documents.pptx(), allowed_formats=("PDF",), max_bytes=10**6)
    assert caught.value.code == "unsupported_format"
    with pytest.raises(MediaError) as caught:
        sniff_document(documents.pdf(), allowed_formats=ALLOWED, max_bytes=10)
    assert caught.value.code == "file_too_large"
    with pytest.raises(MediaError) as caught:
        sniff_document(b"", allowed_formats=ALLOWED, max_bytes=10)
    assert caught.value.code == "empty_file"
