"""The image pipeline: every refusal code and every normalisation, on images made by the tests."""

import io
import time
from dataclasses import replace

import pytest
from PIL import Image, ImageOps

from eventmedia.imaging import ImagePolicy, MediaError, RenditionSpec, parse_rendition_specs, process_image
from eventmedia.imaging.pipeline import estimate_jpeg_quality
from tests import images

EVENT_SPECS = parse_rendition_specs({"large": (1300, None), "thumbnail": (500, None), "icon": (75, None)})
POLICY = ImagePolicy()
# Text that must not survive; GPS is checked by parsing EXIF (``images.gps_anywhere``), since the
# GPS IFD holds numbers, not the bytes "GPS".
PRIVATE = (b"SecretCam", b"SecretXMP", b"private comment", b"PrivateSoftware")


def refusal(data: bytes, policy: ImagePolicy = POLICY) -> str:
    with pytest.raises(MediaError) as caught:
        process_image(data, EVENT_SPECS, policy)
    return caught.value.code


def all_outputs(result):
    return [result.original, *result.renditions.values()]


# -- Refusals -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<!doctype html><html><body>hi</body></html>",
        b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF",
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n",
        b"8BPS" + b"\x00\x01" + b"\x00" * 40,  # PSD header
        images.encode(Image.new("RGB", (10, 10)), "TIFF"),
        images.encode(Image.new("RGB", (10, 10)), "BMP"),
        b"just some text",
    ],
    ids=["svg", "html", "pdf", "eps", "psd", "tiff", "bmp", "text"],
)
def test_refuses_formats_outside_the_allow_list(data):
    assert refusal(data) == "unsupported_format"


def test_allow_list_from_settings_is_honoured():
    assert refusal(images.png_rgba(), ImagePolicy(allowed_formats=("JPEG",))) == "unsupported_format"


def test_refuses_empty_bytes():
    assert refusal(b"") == "empty_file"


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_refuses_truncated_jpeg_and_png(cut):
    jpeg = images.jpeg((400, 300))
    png = images.png_opaque((300, 200))
    assert refusal(jpeg[: int(len(jpeg) * cut)]) == "corrupt_image"
    assert refusal(png[: int(len(png) * cut)]) == "corrupt_image"


def test_refuses_garbage_after_a_valid_header():
    png = images.png_opaque((100, 100))
    assert refusal(png[:60] + bytes(range(256)) * 8) == "corrupt_image"


def test_pixel_flood_is_refused_from_the_header_without_decoding():
    bomb = images.png_header_only(30000, 30000)
    assert len(bomb) < 200
    started = time.perf_counter()
    assert refusal(bomb) == "too_many_pixels"
    assert time.perf_counter() - started < 1.0  # generous: decoding would need gigabytes


def test_pixel_budget_counts_frames():
    gif = images.animated_gif(frames=40, size=(500, 500))  # 10 M pixels over all frames
    assert refusal(gif, ImagePolicy(max_pixels=5_000_000)) == "too_many_pixels"
    assert process_image(gif, EVENT_SPECS, ImagePolicy(max_pixels=20_000_000)).animated


@pytest.mark.parametrize("kind", [b"zTXt", b"iCCP"])
def test_compressed_chunk_bombs_are_refused(kind):
    assert refusal(images.png_with_chunk_bomb(kind)) == "corrupt_image"


def test_animated_images_refused_by_policy():
    assert refusal(images.animated_gif(), ImagePolicy(animated="refuse")) == "animation_not_allowed"


# -- Normalisation ------------------------------------------------------------------------------------


def test_jpeg_original_is_kept_losslessly_without_private_metadata():
    data = images.jpeg_with_exif((800, 600), orientation=1)
    result = process_image(data, EVENT_SPECS, POLICY)
    assert result.original_mode == "kept"
    assert images.opened(result.original.content).tobytes() == images.opened(data).tobytes()
    for output in all_outputs(result):
        assert not any(secret in output.content for secret in PRIVATE), output
        assert not images.gps_anywhere(output.content)


def test_exif_orientation_6_is_applied_and_gps_stripped():
    data = images.jpeg_with_exif((800, 600), orientation=6)
    result = process_image(data, EVENT_SPECS, POLICY)
    # Displayed size is portrait; the kept original carries only the orientation tag.
    assert (result.original.width, result.original.height) == (600, 800)
    assert dict(images.opened(result.original.content).getexif()) == {0x0112: 6}
    for name, rendition in result.renditions.items():
        pixels = images.opened(rendition.content)
        assert pixels.height > pixels.width, name  # upright pixels
        assert not pixels.getexif(), name
        assert not any(secret in rendition.content for secret in PRIVATE)
        assert not images.gps_anywhere(rendition.content)
    assert not images.gps_anywhere(result.original.content)
    assert (result.renditions["thumbnail"].width, result.renditions["thumbnail"].height) == (500, 667)


def test_orientation_rotates_the_right_way():
    # Left half red, right half blue, stored sideways with orientation 6 (display rotated 90 clockwise).
    stored = Image.new("RGB", (200, 100), "red")
    stored.paste("blue", (100, 0, 200, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    data = images.encode(stored, "JPEG", exif=exif, quality=95)
    icon = images.opened(
        process_image(data, [RenditionSpec("icon", 50, None)], POLICY).renditions["icon"].content
    )
    assert icon.size == (50, 100)
    top, bottom = icon.getpixel((25, 10)), icon.getpixel((25, 90))
    assert top[0] > 200 and top[2] < 60  # what was left is now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_opaque_png_becomes_a_much_smaller_jpeg():
    data = images.png_opaque((1200, 800))
    result = process_image(data, EVENT_SPECS, POLICY)
    assert result.original.format == "JPEG"
    assert images.opened(result.original.content).mode == "RGB"
    assert len(result.original.content) * 3 < len(data)
    assert all(r.format == "JPEG" for r in result.renditions.values())


def test_real_transparency_is_kept_as_png():
    result = process_image(images.png_rgba((200, 100)), EVENT_SPECS, POLICY)
    assert result.original.format == "PNG"
    icon = images.opened(result.renditions["icon"].content)
    low, high = icon.getchannel("A").getextrema()
    assert icon.mode == "RGBA" and low < 200 and high == 255


def test_transparency_can_go_to_webp():
    result = process_image(images.png_rgba(), EVENT_SPECS, ImagePolicy(transparent_format="WEBP"))
    assert result.original.format == "WEBP" and images.opened(result.original.content).mode == "RGBA"


def test_palette_with_transparency_keeps_its_alpha():
    result = process_image(images.palette_transparent_png(), EVENT_SPECS, POLICY)
    assert result.original.format == "PNG" and result.original_mode == "kept"
    for output in all_outputs(result):
        image = images.opened(output.content).convert("RGBA")
        assert image.getpixel((5, 5))[3] == 0 and image.getpixel((35, 5)) == (255, 0, 0, 255)


def test_grey_with_real_alpha_stays_grey_with_alpha():
    result = process_image(images.la_png(transparent=True), EVENT_SPECS, POLICY)
    assert result.original.format == "PNG" and images.opened(result.original.content).mode == "LA"
    assert images.opened(result.renditions["icon"].content).mode == "LA"


def test_grey_with_opaque_alpha_drops_the_alpha():
    result = process_image(images.la_png(transparent=False), EVENT_SPECS, POLICY)
    assert images.opened(result.renditions["icon"].content).mode == "L"


def test_16_bit_grey_is_scaled_not_clipped():
    result = process_image(images.grey16_png(value=40000), EVENT_SPECS, POLICY)
    for output in all_outputs(result):
        image = images.opened(output.content)
        assert image.mode == "L"
        assert abs(image.getpixel((10, 10)) - round(40000 / 65535 * 255)) <= 2


def test_png_original_kept_without_metadata_chunks():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Secret Person")
    info.add_itxt("XML:com.adobe.xmp", "SecretXMP", zip=True)
    data = images.encode(
        images.png_rgba().__class__ and Image.open(io.BytesIO(images.png_rgba())), "PNG", pnginfo=info
    )
    data += b"<html>trailing</html>"
    result = process_image(data, EVENT_SPECS, POLICY)
    assert result.original.format == "PNG" and result.original_mode == "kept"
    assert b"Secret" not in result.original.content and b"<html>" not in result.original.content
    assert images.opened(result.original.content).tobytes() == images.opened(images.png_rgba()).tobytes()


def test_flat_opaque_png_stays_png_when_smaller_than_jpeg():
    flat = Image.new("RGB", (800, 600), "white")
    flat.paste((20, 40, 200), (100, 100, 700, 500))
    result = process_image(images.encode(flat, "PNG"), EVENT_SPECS, POLICY)
    assert result.original.format == "PNG" and result.original_mode == "kept"
    assert result.renditions["thumbnail"].format == "JPEG"


def test_a_rendition_as_large_as_the_original_reuses_its_bytes():
    data = images.jpeg((600, 400))
    result = process_image(data, EVENT_SPECS, POLICY)
    assert result.renditions["large"].content is result.original.content


def test_grey_jpeg_stays_grey_and_lossless():
    result = process_image(images.grey_jpeg(), EVENT_SPECS, POLICY)
    assert result.original_mode == "kept" and images.opened(result.renditions["icon"].content).mode == "L"


def test_cmyk_jpeg_is_converted_to_rgb():
    result = process_image(images.cmyk_jpeg(), EVENT_SPECS, POLICY)
    assert result.original_mode == "reencoded"
    for output in all_outputs(result):
        image = images.opened(output.content)
        assert image.mode == "RGB"
        red, green, blue = image.getpixel((image.width // 2, image.height // 2))
        assert red > 200 and green < 60 and blue < 60  # CMYK (0,255,255,0) is red


def test_png_with_appended_html_stores_no_html():
    data = images.png_opaque((100, 100)) + b"<html><script>alert(1)</script></html>"
    result = process_image(data, EVENT_SPECS, POLICY)
    assert all(b"<script>" not in output.content for output in all_outputs(result))


def test_renditions_keep_aspect_and_are_never_upscaled():
    result = process_image(images.jpeg((1600, 900)), EVENT_SPECS, POLICY)
    sizes = {name: (r.width, r.height) for name, r in result.renditions.items()}
    assert sizes == {"large": (1300, 731), "thumbnail": (500, 281), "icon": (75, 42)}
    small = process_image(images.jpeg((300, 200)), EVENT_SPECS, POLICY)
    assert (small.renditions["large"].width, small.renditions["large"].height) == (300, 200)
    assert list(small.renditions) == ["large", "thumbnail", "icon"]


def test_height_bounded_specs():
    specs = [RenditionSpec("banner", None, 100), RenditionSpec("box", 100, 100)]
    result = process_image(images.jpeg((800, 400)), specs, POLICY)
    assert (result.renditions["banner"].width, result.renditions["banner"].height) == (200, 100)
    assert (result.renditions["box"].width, result.renditions["box"].height) == (100, 50)


def test_oversized_originals_are_scaled_into_the_box():
    result = process_image(
        images.jpeg((3000, 1000)), EVENT_SPECS, ImagePolicy(max_original_size=(1500, 1500))
    )
    assert result.original_mode == "reencoded"
    assert (result.original.width, result.original.height) == (1500, 500)
    assert images.opened(result.original.content).size == (1500, 500)


def test_wastefully_high_quality_jpeg_is_reencoded_when_it_saves_bytes():
    data = images.jpeg((1000, 800), quality=98)
    result = process_image(data, EVENT_SPECS, POLICY)
    assert result.original_mode == "reencoded"
    assert len(result.original.content) < 0.9 * len(data)


@pytest.mark.parametrize("orientation", [6, 8, 3])
def test_a_rotated_high_quality_photo_is_reencoded_without_turning_its_pixels(orientation):
    # Turning the pixels upright before the encode held two full-size copies of a phone photo: the
    # re-encoded original keeps them as shot, with the orientation as the kept original's minimal EXIF.
    data = images.jpeg_with_exif((1000, 800), orientation=orientation, quality=98)
    result = process_image(data, EVENT_SPECS, POLICY)
    assert result.original_mode == "reencoded" and len(result.original.content) < 0.9 * len(data)
    stored = images.opened(result.original.content)
    assert stored.size == (1000, 800)  # as shot
    assert dict(stored.getexif()) == {0x0112: orientation}  # the orientation and nothing else
    assert b"SecretCam" not in result.original.content and b"private comment" not in result.original.content
    upright = ImageOps.exif_transpose(stored)
    expected = ImageOps.exif_transpose(images.opened(data))
    assert (result.original.width, result.original.height) == upright.size == expected.size
    turned_first = images.opened(images.encode(expected, "JPEG", quality=POLICY.jpeg_quality))  # the old way
    assert images.psnr(upright, expected) > images.psnr(turned_first, expected) - 0.5  # no worse than it
    rendition = images.opened(result.renditions["large"].content)  # renditions: upright pixels, no EXIF
    assert not rendition.getexif()
    assert rendition.width / rendition.height == pytest.approx(upright.width / upright.height, rel=0.01)


def test_jpeg_quality_estimate():
    for quality in (50, 75, 85, 95):
        data = images.jpeg((64, 64), quality=quality)
        assert abs(estimate_jpeg_quality(Image.open(io.BytesIO(data)).quantization) - quality) <= 1


def test_animated_gif_is_kept_animated_without_comments():
    data = images.animated_gif(frames=6, comment=b"private comment")
    result = process_image(data, EVENT_SPECS, POLICY)
    assert result.animated and result.original.format == "GIF"
    assert getattr(images.opened(result.original.content), "n_frames", 1) == 6
    assert b"private comment" not in result.original.content
    assert result.renditions["icon"].format in ("JPEG", "PNG")


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP"])
def test_an_animation_larger_than_max_original_size_is_scaled_frame_by_frame(fmt):
    frames = [Image.new("RGB", (12000, 600), (index * 60, 200 - index * 50, 90)) for index in range(3)]
    data = images.encode(
        frames[0], fmt, save_all=True, append_images=frames[1:], duration=[80, 120, 200], loop=0
    )
    result = process_image(data, EVENT_SPECS, replace(POLICY, max_original_size=(8192, 8192)))
    stored = images.opened(result.original.content)
    assert result.animated and result.original.format == fmt
    assert (result.original.width, result.original.height) == stored.size == (8192, 410)
    assert stored.n_frames == 3
    durations = []
    for index in range(3):
        stored.seek(index)
        red = stored.convert("RGB").getpixel((4000, 200))[0]  # decoded first: WebP's duration comes then
        durations.append(stored.info.get("duration"))
        assert red == pytest.approx(index * 60, abs=8)
    assert durations == [80, 120, 200]


def test_an_animation_within_max_original_size_keeps_its_size():
    result = process_image(images.animated_gif(frames=3, size=(300, 200)), EVENT_SPECS, POLICY)
    assert (
        (result.original.width, result.original.height)
        == images.opened(result.original.content).size
        == (300, 200)
    )


def test_metadata_stripped_from_reencoded_outputs():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    data = images.encode(images.photo((300, 200)).convert("RGBA"), "PNG", exif=exif)
    result = process_image(data, EVENT_SPECS, POLICY)
    assert all(b"SecretCam" not in output.content for output in all_outputs(result))


@pytest.mark.parametrize("frames", [1, 2, 7, 30])
def test_gif_frame_count_matches_pillow_without_decoding(frames):
    from eventmedia.imaging.gif_blocks import walk_gif

    data = (
        images.animated_gif(frames=frames, size=(20, 10))
        if frames > 1
        else images.encode(Image.new("RGB", (20, 10)), "GIF")
    )
    assert walk_gif(data).frames == Image.open(io.BytesIO(data)).n_frames == frames


def test_broken_header_of_an_allowed_format_is_corrupt_not_unsupported():
    assert refusal(b"\x89PNG\r\n\x1a\n") == "corrupt_image"
    assert refusal(b"GIF89a\x01") == "corrupt_image"
    assert refusal(images.png_rgba(), ImagePolicy(allowed_formats=("JPEG",))) == "unsupported_format"
