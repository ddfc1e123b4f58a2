"""Images the tests make themselves, one function a case, with Pillow (and a few bytes by hand)."""

from __future__ import annotations

import base64
import io
import math
import struct
import zlib

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def opened(data: bytes) -> Image.Image:
    """``data`` decoded by Pillow (fully loaded, so a broken file fails here)."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def data_uri(data: bytes, media_type: str = "image/png") -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode()}"


def psnr(first: Image.Image, second: Image.Image) -> float:
    """How alike two images of one size are, in dB (identical: infinity)."""
    a, b = first.convert("RGB"), second.convert("RGB")
    assert a.size == b.size
    error = sum((x - y) ** 2 for x, y in zip(a.tobytes(), b.tobytes(), strict=True)) / (
        a.width * a.height * 3
    )
    return math.inf if error == 0 else 10 * math.log10(255**2 / error)


def photo(size=(800, 600), mode="RGB") -> Image.Image:
    """A photo-like image: gradients plus noise, so it compresses like a photo."""
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 30)
    image = Image.merge("RGB", (gradient, noise, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    return image.convert(mode) if mode != "RGB" else image


def jpeg(size=(800, 600), quality=85, **params) -> bytes:
    return encode(photo(size), "JPEG", quality=quality, **params)


def jpeg_with_exif(size=(800, 600), orientation=6, quality=85) -> bytes:
    """A JPEG with orientation, GPS, camera data, XMP and a comment: everything private."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "PrivateSoftware"  # Software
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    image = photo(size)
    return encode(
        image,
        "JPEG",
        quality=quality,
        exif=exif,
        comment=b"private comment",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SecretXMP</x:xmpmeta>',
    )


def png_rgba(size=(200, 100), alpha=128) -> bytes:
    image = Image.new("RGBA", size, (200, 30, 30, 255))
    image.paste((30, 30, 200, alpha), (0, 0, size[0] // 2, size[1]))
    return encode(image, "PNG")


def png_opaque(size=(600, 400)) -> bytes:
    """An opaque PNG screenshot-like image stored as RGBA with alpha 255 everywhere."""
    return encode(photo(size).convert("RGBA"), "PNG")


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` with a few bytes of data: a pixel-flood bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
    )


def png_with_chunk_bomb(kind: bytes = b"zTXt") -> bytes:
    """A small valid PNG with a compressed text/ICC chunk that inflates to 100 MB."""
    base = encode(Image.new("RGB", (8, 8), "white"), "PNG")
    bomb = zlib.compress(b"\x00" * (100 * 1024 * 1024), 9)
    if kind == b"zTXt":
        payload = b"Comment\x00\x00" + bomb
    else:  # iCCP
        payload = b"icc\x00\x00" + bomb
    # Insert right after IHDR (8-byte signature + 25-byte IHDR chunk).
    return base[:33] + png_chunk(kind, payload) + base[33:]


def animated_gif(frames=5, size=(64, 48), comment=b"") -> bytes:
    images = [
        Image.new("RGB", size, color=(index * 40 % 256, 255 - index * 20 % 256, 90))
        for index in range(frames)
    ]
    params = {"comment": comment} if comment else {}
    return encode(images[0], "GIF", save_all=True, append_images=images[1:], duration=80, loop=0, **params)


def cmyk_jpeg(size=(300, 200)) -> bytes:
    return encode(Image.new("CMYK", size, (0, 255, 255, 0)), "JPEG", quality=90)  # pure red in CMYK


def grey16_png(size=(64, 64), value=40000) -> bytes:
    return encode(Image.new("I;16", size, value), "PNG")


def palette_transparent_png(size=(40, 40)) -> bytes:
    image = Image.new("P", size, 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.paste(0, (0, 0, size[0] // 2, size[1]))
    return encode(image, "PNG", transparency=0)


def la_png(size=(40, 40), transparent=True) -> bytes:
    image = Image.new("LA", size, (120, 255))
    if transparent:
        image.paste((120, 0), (0, 0, size[0] // 2, size[1]))
    return encode(image, "PNG")


def grey_jpeg(size=(120, 80)) -> bytes:
    return encode(photo(size).convert("L"), "JPEG", quality=85)


# -- Formats phones and odd tools send ------------------------------------------------------------------


def private_exif(orientation: int = 1) -> Image.Exif:
    """EXIF with an orientation, a camera make and a GPS position: what must never be stored."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "SecretCam"
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    return exif


def gps_anywhere(data: bytes) -> bool:
    """True when any EXIF in ``data`` (any format Pillow reads) still has a GPS IFD."""
    image = Image.open(io.BytesIO(data))
    frames = getattr(image, "n_frames", 1)
    for index in range(frames):
        image.seek(index)
        if image.getexif().get_ifd(GPS_IFD) or GPS_IFD in image.getexif():
            return True
    return False


def mpo(size=(640, 480), secondary_colour=(0, 200, 0), exif: Image.Exif | None = None) -> bytes:
    """A multi-picture JPEG as phones and 3D cameras write it: a photo and a second picture."""
    primary = photo(size)
    secondary = Image.new("RGB", (size[0] // 2, size[1] // 2), secondary_colour)
    params = {"exif": exif} if exif is not None else {}
    return encode(primary, "MPO", save_all=True, append_images=[secondary], **params)


def heif(size=(400, 300), mode="RGB", exif: Image.Exif | None = None) -> bytes:
    """A HEIC file written by the pillow-heif plugin (needs the eventmedia[heif] extra)."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    image = photo(size) if mode == "RGB" else png_rgba_image(size)
    params = {"exif": exif.tobytes()} if exif is not None else {}
    return encode(image, "HEIF", quality=80, **params)


def avif(size=(400, 300), mode="RGB", exif: Image.Exif | None = None) -> bytes:
    image = photo(size) if mode == "RGB" else png_rgba_image(size)
    params = {"exif": exif} if exif is not None else {}
    return encode(image, "AVIF", quality=70, **params)


def png_rgba_image(size=(200, 100), alpha=128) -> Image.Image:
    image = Image.new("RGBA", size, (200, 30, 30, 255))
    image.paste((30, 30, 200, alpha), (0, 0, size[0] // 2, size[1]))
    return image


def ycck_jpeg(size=(120, 80)) -> bytes:
    """A four-channel JPEG whose Adobe segment says YCCK (transform 2), as Photoshop writes them."""
    data = bytearray(cmyk_jpeg(size))
    marker = data.index(b"\xff\xee")
    # Adobe payload: "Adobe", version (2), flags0 (2), flags1 (2), transform (1).
    data[marker + 4 + 11] = 2
    return bytes(data)


def png_rgb16(size=(64, 48)) -> bytes:
    """A 16-bit-per-channel RGB PNG, written by hand (Pillow cannot write one)."""
    width, height = size
    row = b"".join(
        struct.pack(">HHH", x * 1000 % 65536, 30000, 65535 - x * 500 % 65536) for x in range(width)
    )
    raw = b"".join(b"\x00" + row for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(raw))
        + png_chunk(b"IEND", b"")
    )


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def with_segments_after_soi(data: bytes, *segments: bytes) -> bytes:
    return data[:2] + b"".join(segments) + data[2:]


def gif_bytes(screen: tuple[int, int], frames: list[tuple[int, int, int, int]], stray: bytes = b"") -> bytes:
    """A GIF by hand: a logical screen and frames (left, top, width, height) of one colour each.

    ``stray`` is put between the first and the second frame: bytes that start no block.
    """
    header = b"GIF89a" + struct.pack("<HHBBB", *screen, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    body = []
    for index, (left, top, width, height) in enumerate(frames):
        if index == 1:
            body.append(stray)
        body.append(b"\x2c" + struct.pack("<HHHHB", left, top, width, height, 0))
        # LZW minimum code size 2: clear code, one pixel of colour 0, end code (the rest is truncated;
        # these files are for the probe, which must refuse or count them before any decoding).
        body.append(b"\x02\x02\x44\x01\x00")
    return header + b"".join(body) + b"\x3b"


def phone_photo(size=(8000, 6000)) -> Image.Image:
    """Smooth colour with moderate sensor noise: compresses like a phone photo (48 MP: ~10 MB at q92)."""
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.blend(gradient, Image.effect_noise(size, 12), 0.5)
    return Image.merge("RGB", (gradient, noise, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
