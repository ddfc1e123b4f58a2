"""The pipeline on the files real users and attackers send: phone formats, odd encodings, bombs.

Each test names one promise of the pipeline (see docs/pipeline.md). Time limits here are not speed
goals (those live in ``make bench``): they are the line between refusing a hostile file from its
structure and decoding it, which takes seconds to minutes.
"""

import io
import struct
import subprocess
import sys
import time

import pytest
from PIL import Image, ImageCms

from eventmedia.imaging import ImagePolicy, MediaError, parse_rendition_specs, process_image
from eventmedia.imaging.gif_blocks import walk_gif
from eventmedia.imaging.jpeg_segments import read_layout
from eventmedia.imaging.pipeline import EncodedImage
from tests import images

SPECS = parse_rendition_specs({"large": (1300, None), "thumbnail": (500, None), "icon": (75, None)})
POLICY = ImagePolicy()
HOSTILE_SECONDS = 3.0


def refusal(data: bytes, policy: ImagePolicy = POLICY) -> MediaError:
    with pytest.raises(MediaError) as caught:
        process_image(data, SPECS, policy)
    return caught.value


def refused_fast(data: bytes, policy: ImagePolicy = POLICY) -> str:
    started = time.perf_counter()
    error = refusal(data, policy)
    assert time.perf_counter() - started < HOSTILE_SECONDS
    return error.code


def outputs(result):
    return [result.original, *result.renditions.values()]


def jpeg_pictures(data: bytes) -> int:
    """How many complete pictures (SOI ... EOI) a stored JPEG holds."""
    return data.count(b"\xff\xd8\xff")


# -- Multi-picture JPEG (MPO) ---------------------------------------------------------------------------


def test_multi_picture_jpeg_is_stored_as_its_primary_picture():
    data = images.mpo((640, 480), exif=images.private_exif())
    assert Image.open(io.BytesIO(data)).format == "MPO"  # what phones send, as Pillow sees it
    result = process_image(data, SPECS, POLICY)
    assert not result.animated
    assert result.original.format == "JPEG"
    stored = Image.open(io.BytesIO(result.original.content))
    assert stored.format == "JPEG"  # no MPF index left: a plain JPEG
    assert jpeg_pictures(result.original.content) == 1  # the secondary picture is gone
    assert stored.size == (640, 480)
    # The primary picture's pixels, not the green secondary one.
    assert images.opened(result.original.content).tobytes() == images.opened(data).tobytes()
    for output in outputs(result):
        assert not images.gps_anywhere(output.content)
        assert b"MPF\x00" not in output.content


def test_multi_picture_jpeg_with_orientation_is_upright():
    data = images.mpo((640, 480), exif=images.private_exif(orientation=6))
    result = process_image(data, SPECS, POLICY)
    assert (result.original.width, result.original.height) == (480, 640)
    assert images.opened(result.renditions["thumbnail"].content).size == (480, 640)


# -- HEIF and AVIF --------------------------------------------------------------------------------------


def declaring(data: bytes, width: int, height: int) -> bytes:
    """``data`` with every ``ispe`` box (the size a HEIF or AVIF declares) saying ``width x height``."""
    patched, position = bytearray(data), 0
    while (position := patched.find(b"ispe", position)) >= 0:
        struct.pack_into(">II", patched, position + 8, width, height)
        position += 4
    return bytes(patched)


@pytest.mark.parametrize("kind", ["avif", "heif"])
@pytest.mark.parametrize("declared", [(100, 80), (320, 1)])
def test_a_file_declaring_less_than_it_codes_is_refused_before_decoding(kind, declared):
    if kind == "heif":
        pytest.importorskip("pillow_heif")
    data = getattr(images, kind)((320, 240))
    assert refusal(declaring(data, *declared)).code == "corrupt_image"


def test_an_avif_coded_past_the_pixel_budget_is_refused_whatever_it_declares():
    # A kilobyte that declares 100 x 100 and codes 1500 x 1500: the decoder would allocate for the
    # coded size, so the budget is checked against the AV1 sequence header, not the declaration.
    bomb = declaring(
        images.encode(Image.new("RGB", (1500, 1500), (120, 30, 200)), "AVIF", quality=30), 100, 100
    )
    assert len(bomb) < 4096
    assert refusal(bomb, ImagePolicy(max_pixels=1_000_000)).code == "too_many_pixels"
    assert (
        process_image(declaring(bomb, 1500, 1500), SPECS, ImagePolicy(max_pixels=3_000_000)).original.width
        == 1500
    )


def test_av1_sequence_headers_of_real_files_are_read():
    from eventmedia.imaging.av1_header import coded_sizes

    assert coded_sizes(images.avif((401, 299))) == [(401, 299)]
    assert coded_sizes(images.avif((300, 200), mode="RGBA")) == [(300, 200), (300, 200)]  # color and alpha
    assert coded_sizes(images.jpeg()) == []


def test_heic_photo_is_stored_as_jpeg_without_private_data():
    pytest.importorskip("pillow_heif")
    data = images.heif((400, 300), exif=images.private_exif(orientation=6))
    result = process_image(data, SPECS, POLICY)
    assert result.original.format == "JPEG"
    assert (result.original.width, result.original.height) == (300, 400)  # upright once, not twice
    for output in outputs(result):
        assert not images.gps_anywhere(output.content)
        assert b"SecretCam" not in output.content


def test_transparent_heic_is_stored_as_png():
    pytest.importorskip("pillow_heif")
    result = process_image(images.heif((200, 100), mode="RGBA"), SPECS, POLICY)
    assert result.original.format == "PNG"
    assert images.opened(result.original.content).mode == "RGBA"


def test_heic_is_under_the_same_pixel_budget():
    pytest.importorskip("pillow_heif")
    assert refusal(images.heif((400, 300)), ImagePolicy(max_pixels=100_000)).code == "too_many_pixels"


def test_heic_without_the_extra_is_unsupported_and_names_the_extra():
    pytest.importorskip("pillow_heif")
    data = images.heif((64, 48))
    # A fresh interpreter in which pillow_heif cannot be imported, as on a site without the extra.
    script = (
        "import sys; sys.modules['pillow_heif'] = None\n"
        "from eventmedia.imaging import process_image, MediaError\n"
        "try:\n"
        "    process_image(sys.stdin.buffer.read(), [])\n"
        "except MediaError as error:\n"
        "    print(error.code, error.params.get('extra'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], input=data, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().split() == ["unsupported_format", "eventmedia[heif]"]


def test_avif_is_stored_as_jpeg_and_transparent_avif_as_png():
    result = process_image(images.avif((400, 300), exif=images.private_exif()), SPECS, POLICY)
    assert result.original.format == "JPEG"
    assert not images.gps_anywhere(result.original.content)
    transparent = process_image(images.avif((200, 100), mode="RGBA"), SPECS, POLICY)
    assert transparent.original.format == "PNG"


def test_avif_orientation_is_applied():
    result = process_image(images.avif((400, 300), exif=images.private_exif(orientation=8)), SPECS, POLICY)
    assert (result.original.width, result.original.height) == (300, 400)


def test_avif_is_under_the_pixel_budget():
    assert refusal(images.avif((400, 300)), ImagePolicy(max_pixels=100_000)).code == "too_many_pixels"


# -- Encodings cameras and editors write ----------------------------------------------------------------


@pytest.mark.parametrize("make", [images.cmyk_jpeg, images.ycck_jpeg], ids=["cmyk", "ycck"])
def test_four_channel_jpegs_become_rgb(make):
    result = process_image(make((300, 200)), SPECS, POLICY)
    assert result.original.format == "JPEG"
    assert images.opened(result.original.content).mode == "RGB"
    assert all(images.opened(r.content).mode == "RGB" for r in result.renditions.values())


def test_progressive_jpeg_is_kept_and_rendered():
    data = images.jpeg((1600, 1200), progressive=True)
    result = process_image(data, SPECS, POLICY)
    assert result.original_mode == "kept"
    assert images.opened(result.renditions["large"].content).size == (1300, 975)


def test_16_bit_rgb_png_is_converted_to_8_bits():
    result = process_image(images.png_rgb16((64, 48)), SPECS, POLICY)
    stored = images.opened(result.original.content)
    assert stored.mode in ("RGB", "L") and stored.size == (64, 48)
    # Colour survives the conversion: channel 1 was 30000/65535 of full scale everywhere.
    assert abs(stored.convert("RGB").getpixel((10, 10))[1] - 117) <= 3


def test_one_pixel_high_panorama_keeps_at_least_one_pixel_per_side():
    data = images.encode(images.photo((4000, 1)), "PNG")
    result = process_image(data, SPECS, POLICY)
    for name, rendition in result.renditions.items():
        size = images.opened(rendition.content).size
        assert size[0] >= 1 and size[1] == 1, name
    assert images.opened(result.renditions["icon"].content).size == (75, 1)


def _orientation_exif(field_type: int, value: bytes) -> bytes:
    entry = struct.pack(">HHI", 0x0112, field_type, len(value) if field_type == 2 else 1) + value.ljust(
        4, b"\0"
    )
    return b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01" + entry + b"\x00\x00\x00\x00"


@pytest.mark.parametrize(
    "exif",
    [
        _orientation_exif(3, struct.pack(">H", 0)),
        _orientation_exif(3, struct.pack(">H", 9)),
        _orientation_exif(3, struct.pack(">H", 65535)),
        _orientation_exif(2, b"6\0"),
    ],
    ids=["zero", "nine", "huge", "string"],
)
def test_broken_exif_orientation_is_treated_as_upright(exif):
    segment = images.jpeg_segment(0xE1, exif)
    data = images.with_segments_after_soi(images.jpeg((300, 200)), segment)
    result = process_image(data, SPECS, POLICY)
    assert (result.original.width, result.original.height) == (300, 200)


def test_truncated_exif_block_does_not_refuse_a_good_photo():
    exif_payload = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x05\x01\x12"  # IFD cut short
    data = images.with_segments_after_soi(images.jpeg((300, 200)), images.jpeg_segment(0xE1, exif_payload))
    result = process_image(data, SPECS, POLICY)
    assert (result.original.width, result.original.height) == (300, 200)
    assert b"Exif" not in result.original.content


# -- Never a 500: every output has a stored format -------------------------------------------------------


def test_an_output_without_a_stored_format_is_unsupported_not_a_key_error():
    with pytest.raises(MediaError) as caught:
        EncodedImage(b"BM...", "BMP", 1, 1)
    assert caught.value.code == "unsupported_format"


# -- GIF: what Pillow really decodes ---------------------------------------------------------------------


def test_gif_frame_larger_than_the_screen_counts_at_its_real_size():
    data = images.gif_bytes((1, 1), [(0, 0, 1, 1), (0, 0, 13000, 13000)])
    assert refused_fast(data) == "too_many_pixels"


def test_gif_frames_after_stray_bytes_are_counted():
    frames = [(0, 0, 100, 100)] * 30
    data = images.gif_bytes((100, 100), frames, stray=b"\x00junk\x99")
    assert Image.open(io.BytesIO(data)).n_frames == 30  # Pillow skips the junk and reads on
    assert walk_gif(data).frames == 30
    assert refused_fast(data, ImagePolicy(max_pixels=100 * 100 * 29)) == "too_many_pixels"


def test_animation_frame_count_is_capped():
    data = images.gif_bytes((1, 1), [(0, 0, 1, 1)] * 200_000)
    assert refused_fast(data) == "too_many_frames"


def test_apng_frame_count_is_capped():
    frames = [Image.new("RGB", (2, 2), (index, 0, 0)) for index in range(30)]
    data = images.encode(frames[0], "PNG", save_all=True, append_images=frames[1:])
    assert refused_fast(data, ImagePolicy(max_frames=20)) == "too_many_frames"
    assert process_image(data, SPECS, ImagePolicy(max_frames=30)).animated


# -- JPEG structure bombs ---------------------------------------------------------------------------------


def _repeat_last_scan(data: bytes, times: int) -> bytes:
    layout = read_layout(data)
    scan = [s for s in layout.segments if s.marker == 0xDA][-1]
    return data[: scan.end] + bytes(data[scan.start : scan.end]) * times + data[scan.end :]


def test_jpeg_with_thousands_of_scans_is_refused_before_decoding():
    data = _repeat_last_scan(images.jpeg((16, 16), progressive=True), 10_000)
    assert len(data) < 2_000_000
    assert refused_fast(data) == "corrupt_image"
    assert refusal(data).detail == "too many JPEG scans"  # refused for its structure, not by libjpeg


def test_jpeg_with_millions_of_empty_app_segments_is_refused_before_decoding():
    empty_app2 = b"\xff\xe2\x00\x02"
    data = images.jpeg((64, 64))
    data = data[:2] + empty_app2 * 2_000_000 + data[2:]
    assert refused_fast(data) == "corrupt_image"


def test_png_with_a_flood_of_empty_chunks_is_refused_before_pillow_reads_them():
    base = images.png_opaque((64, 64))
    flood = images.png_chunk(b"prVt", b"") * 700_000  # 8.4 MB: Pillow would loop over each one
    data = base[:33] + flood + base[33:]
    assert refused_fast(data) == "corrupt_image"
    assert refusal(data).detail == "too many PNG chunks"


def test_a_normal_progressive_jpeg_is_far_from_the_scan_limit():
    layout = read_layout(images.jpeg((400, 300), progressive=True))
    assert 1 < layout.scans < 20


# -- ICC profiles -----------------------------------------------------------------------------------------


def _srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _icc_in(data: bytes) -> bytes | None:
    return Image.open(io.BytesIO(data)).info.get("icc_profile")


@pytest.mark.parametrize("size", [2_000, 900_000], ids=["small", "huge"])
def test_junk_icc_profile_is_copied_nowhere(size):
    junk = bytearray(size)
    junk[16:20] = b"RGB "  # claims to fit the pixels: only parsing it tells it is junk
    data = images.encode(Image.new("RGB", (64, 64), "navy"), "PNG", icc_profile=bytes(junk))
    result = process_image(data, SPECS, POLICY)
    for output in outputs(result):
        assert _icc_in(output.content) is None
        assert len(output.content) < 20_000


def test_valid_small_profile_is_kept_in_every_output():
    profile = _srgb_profile()
    data = images.encode(images.photo((800, 600)), "JPEG", quality=85, icc_profile=profile)
    result = process_image(data, SPECS, POLICY)
    assert result.original_mode == "kept"
    for output in outputs(result):
        assert _icc_in(output.content) == profile


def test_valid_but_huge_profile_is_converted_to_srgb_not_copied():
    profile = _srgb_profile()
    data = images.encode(images.photo((800, 600)), "JPEG", quality=85, icc_profile=profile)
    result = process_image(data, SPECS, ImagePolicy(max_icc_bytes=len(profile) - 1))
    for output in outputs(result):
        assert _icc_in(output.content) is None


def _primaries_swapped_profile() -> bytes:
    """A valid RGB profile whose red and green primaries are swapped: pure red in it is sRGB green."""
    profile = bytearray(_srgb_profile())
    (count,) = struct.unpack_from(">I", profile, 128)
    entries = {bytes(profile[132 + 12 * i : 136 + 12 * i]): 132 + 12 * i for i in range(count)}
    red, green = entries[b"rXYZ"], entries[b"gXYZ"]
    profile[red + 4 : red + 12], profile[green + 4 : green + 12] = (
        profile[green + 4 : green + 12],
        profile[red + 4 : red + 12],
    )
    return bytes(profile)


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_a_converted_profile_changes_the_colours_it_describes(mode):
    profile = _primaries_swapped_profile()
    colour = (255, 0, 0) if mode == "RGB" else (255, 0, 0, 128)
    fmt = "JPEG" if mode == "RGB" else "PNG"
    data = images.encode(Image.new(mode, (120, 80), colour), fmt, icc_profile=profile)
    result = process_image(data, SPECS, ImagePolicy(max_icc_bytes=len(profile) - 1))
    for output in outputs(result):
        shown = images.opened(output.content)
        assert shown.mode == mode and _icc_in(output.content) is None
        red, green, blue = shown.getpixel((60, 40))[:3]
        assert green > 150 and red < 100, (red, green, blue)  # what the profile meant: green


def test_profile_for_other_pixels_is_dropped():
    cmyk_profile = b"\x00" * 16 + b"CMYK" + _srgb_profile()[20:]
    data = images.encode(images.photo((300, 200)), "JPEG", quality=85, icc_profile=cmyk_profile)
    result = process_image(data, SPECS, POLICY)
    assert result.original_mode == "kept"
    assert all(_icc_in(output.content) is None for output in outputs(result))


# -- Private data in kept JPEG originals ------------------------------------------------------------------


def _jfif_with_thumbnail() -> bytes:
    thumbnail = bytes(range(256)) * 3  # a 16x16 RGB thumbnail: what it shows does not matter
    return b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01" + bytes((16, 16)) + thumbnail


def _jfxx_with_exif_thumbnail() -> bytes:
    tiny = images.encode(Image.new("RGB", (8, 8), "red"), "JPEG", exif=images.private_exif())
    return b"JFXX\x00\x10" + tiny


@pytest.mark.parametrize(
    "segment",
    [
        images.jpeg_segment(0xE0, _jfxx_with_exif_thumbnail()),
        images.jpeg_segment(0xE2, b"FPXR\x00" + b"flashpix private" * 10),
        images.jpeg_segment(0xE2, b"MPF\x00" + b"multi-picture index" * 10),
        images.jpeg_segment(0xE2, b"ICC_PROFILE\x00" + b"free text, not a profile"),
        images.jpeg_segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01" + b"PK\x03\x04 a zip"),
        images.jpeg_segment(0xE0, b"PK\x03\x04 an embedded zip archive"),
        images.jpeg_segment(0xEE, b"PK\x03\x04 a zip where Adobe belongs"),
        images.jpeg_segment(0xEF, b"private APP15"),
    ],
    ids=[
        "jfxx-thumbnail",
        "flashpix",
        "mpf",
        "icc-junk",
        "adobe-tail",
        "zip-in-app0",
        "zip-in-app14",
        "app15",
    ],
)
@pytest.mark.parametrize("with_profile", [False, True], ids=["no-profile", "valid-profile"])
def test_kept_jpeg_carries_only_allow_listed_segment_content(segment, with_profile):
    profile = {"icc_profile": _srgb_profile()} if with_profile else {}
    photo = images.encode(images.photo((800, 600)), "JPEG", quality=85, **profile)
    data = images.with_segments_after_soi(photo, segment)
    result = process_image(data, SPECS, POLICY)
    assert result.original_mode == "kept"
    payload = segment[4:]
    for output in outputs(result):
        assert payload[6:] not in output.content  # the distinctive tail never survives
        assert not images.gps_anywhere(output.content)
        if not payload.startswith((b"Adobe", b"ICC_PROFILE")):
            assert payload[:8] not in output.content  # nor does the segment itself
    if not payload.startswith(b"ICC_PROFILE"):  # a junk chunk spoils a real profile: then none is kept
        assert (_icc_in(result.original.content) is not None) == with_profile
    assert images.opened(result.original.content).tobytes() == images.opened(data).tobytes()


def test_jfif_thumbnail_is_cut_and_the_header_kept():
    data = images.with_segments_after_soi(
        images.jpeg((800, 600)), images.jpeg_segment(0xE0, _jfif_with_thumbnail())
    )
    result = process_image(data, SPECS, POLICY)
    segment = result.original.content[2:20]
    assert segment[:2] == b"\xff\xe0"
    (length,) = struct.unpack(">H", segment[2:4])
    assert length == 16 and segment[4:9] == b"JFIF\x00"
    assert segment[16:18] == b"\x00\x00"  # no thumbnail
