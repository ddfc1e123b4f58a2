"""Data URI and base64 parsing: strict, capped before decoding, whitespace tolerated."""

import base64

import pytest

from eventmedia.imaging import MediaError, parse_data_uri
from eventmedia.imaging.datauri import decode_base64

PAYLOAD = bytes(range(256)) * 4
ENCODED = base64.b64encode(PAYLOAD).decode()


def code_of(value, **kwargs) -> str:
    kwargs.setdefault("max_bytes", 10_000)
    with pytest.raises(MediaError) as caught:
        parse_data_uri(value, **kwargs)
    return caught.value.code


def test_decodes_a_data_uri_and_keeps_the_declared_type_as_a_hint():
    decoded = parse_data_uri(f"data:image/PNG;base64,{ENCODED}", max_bytes=10_000)
    assert decoded.content == PAYLOAD
    assert decoded.declared_type == "image/png"


def test_accepts_parameters_and_a_missing_media_type():
    assert parse_data_uri(f"data:image/png;name=a.png;base64,{ENCODED}", max_bytes=10_000).content == PAYLOAD
    assert parse_data_uri(f"data:;base64,{ENCODED}", max_bytes=10_000).declared_type == ""


def test_ignores_ascii_whitespace_such_as_line_breaks():
    wrapped = "\n".join(ENCODED[i : i + 76] for i in range(0, len(ENCODED), 76))
    assert parse_data_uri(f"data:image/png;base64,\r\n{wrapped}\n ", max_bytes=10_000).content == PAYLOAD


def test_accepts_missing_padding():
    data = b"abcd1"
    encoded = base64.b64encode(data).decode().rstrip("=")
    assert parse_data_uri(f"data:image/png;base64,{encoded}", max_bytes=100).content == data


@pytest.mark.parametrize(
    "value, code",
    [
        ("", "empty_file"),
        ("   ", "empty_file"),
        ("data:image/png;base64,", "empty_file"),
        ("data:image/png;base64,   \n", "empty_file"),
        (ENCODED, "invalid_data_uri"),  # bare base64 when not allowed
        (f"data:image/png,{ENCODED}", "invalid_data_uri"),  # missing ;base64
        (f"data:image/png;charset=utf-8{ENCODED}", "invalid_data_uri"),
        ("http://example.com/a.png", "invalid_data_uri"),
        (f"data:image/png;base64,{ENCODED[:-4]}!!!!", "invalid_base64"),
        (f"data:image/png;base64,{ENCODED}====", "invalid_base64"),  # junk after the padding
        (f"data:image/png;base64,{ENCODED}AAAA=", "invalid_base64"),
        ("data:image/png;base64,A", "invalid_base64"),  # one char cannot be base64
        ("data:image/png;base64,ÄÖÜ=", "invalid_base64"),
        (f"data:image/png;base64,{ENCODED[:20]}-_{ENCODED[22:]}", "invalid_base64"),  # urlsafe alphabet
    ],
)
def test_refuses_with_a_stable_code(value, code):
    assert code_of(value) == code


def test_refuses_a_non_string():
    assert code_of(b"data:image/png;base64,AAAA") == "invalid_data_uri"


def test_bare_base64_when_allowed():
    assert parse_data_uri(ENCODED, max_bytes=10_000, allow_bare=True).content == PAYLOAD


def test_size_cap_is_enforced_on_the_encoded_text_before_decoding(monkeypatch):
    calls = []
    import pybase64

    real = pybase64.b64decode
    monkeypatch.setattr(pybase64, "b64decode", lambda *a, **k: calls.append(1) or real(*a, **k))
    huge = "data:image/png;base64," + "A" * 4_000_000
    assert code_of(huge, max_bytes=1000) == "file_too_large"
    assert calls == []  # refused without decoding


def test_size_cap_is_exact_on_decoded_bytes():
    assert decode_base64(base64.b64encode(b"x" * 1000).decode(), max_bytes=1000) == b"x" * 1000
    with pytest.raises(MediaError) as caught:
        decode_base64(base64.b64encode(b"x" * 1001).decode(), max_bytes=1000)
    assert caught.value.code == "file_too_large"
