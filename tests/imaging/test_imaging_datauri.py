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


def test_size_cap_is_enforced_on_the_encoded_text_before_decoding():
    # Over the cap and broken further on: the length alone answers, the text is never decoded.
    huge = "data:image/png;base64," + "A" * 4_000_000 + "!!!!"
    assert code_of(huge, max_bytes=1000) == "file_too_large"


def test_text_within_the_whitespace_allowance_but_over_the_cap_once_stripped_is_too_large():
    # 1340 characters pass the first check (the cap plus room for line breaks) but hold no whitespace
    # to explain their length: still over the cap of 999 bytes (1332 characters).
    encoded = base64.b64encode(b"x" * 1005).decode()
    assert code_of("data:image/png;base64," + encoded, max_bytes=999) == "file_too_large"


def test_whitespace_that_brings_the_text_exactly_to_the_cap_is_accepted():
    payload = b"x" * 999  # 1332 base64 characters: exactly the encoded cap of 999 bytes
    encoded = base64.b64encode(payload).decode()
    wrapped = "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
    assert decode_base64(wrapped, max_bytes=999) == payload


def test_a_wrongly_placed_padding_is_not_repaired():
    # 7 characters ending in "=": one short of a quantum, but already padded. Adding a second "="
    # would invent a byte the sender never encoded.
    assert code_of("data:image/png;base64,QUJD\nQQ=") == "invalid_base64"


def test_size_cap_is_exact_on_decoded_bytes():
    assert decode_base64(base64.b64encode(b"x" * 1000).decode(), max_bytes=1000) == b"x" * 1000
    with pytest.raises(MediaError) as caught:
        decode_base64(base64.b64encode(b"x" * 1001).decode(), max_bytes=1000)
    assert caught.value.code == "file_too_large"
