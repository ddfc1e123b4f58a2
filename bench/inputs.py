"""The benchmark's inputs, generated deterministically so every run and every machine sees the same bytes."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

CASES = {
    "photo_12mp": "12 MP photo-like JPEG (4000x3000, q90)",
    "photo_12mp_exif6": "12 MP JPEG, EXIF orientation 6 + GPS",
    "detailed_12mp": "12 MP high-detail JPEG (fine texture everywhere, q92)",
    "phone_12mp_q95_turned": "12 MP phone photo shot turned (EXIF orientation 6, q95: re-encoded)",
    "photo_24mp": "24 MP photo-like JPEG (6000x4000, q90)",
    "photo_48mp": "48 MP photo-like JPEG (8000x6000, q90)",
    "screenshot_png": "2000x1500 opaque PNG screenshot",
    "logo_rgba": "1000x1000 RGBA PNG logo",
    "small_jpeg": "200x200 JPEG",
}


def _photo(size: tuple[int, int], seed: int = 7) -> Image.Image:
    """Smooth colour fields, edges and sensor noise: decodes and compresses like a camera photo."""
    rng = random.Random(seed)
    small = Image.new("RGB", (40, 30))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(40 * 30)])
    image = small.resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(120):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        radius = rng.randrange(20, 300)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x, y, x + radius, y + radius), outline=colour, width=rng.randrange(2, 12))
    noise = Image.effect_noise(size, 18).convert("RGB")
    image = Image.blend(image, noise, 0.12).filter(ImageFilter.SMOOTH)
    return Image.blend(image, Image.effect_noise(size, 40).convert("RGB"), 0.10)


def _detailed(size: tuple[int, int]) -> Image.Image:
    """A photo with fine texture everywhere (foliage, gravel, fabric): every 8x8 block has detail."""
    noise = Image.merge("RGB", [Image.effect_noise(size, 27) for _ in range(3)])
    return Image.blend(_photo(size), noise, 0.21)


def _screenshot(size=(2000, 1500)) -> Image.Image:
    image = Image.new("RGB", size, (246, 247, 249))
    draw = ImageDraw.Draw(image)
    rng = random.Random(3)
    draw.rectangle((0, 0, size[0], 64), fill=(29, 39, 51))
    draw.rectangle((0, 64, 300, size[1]), fill=(235, 238, 242))
    for row in range(90):
        y = 90 + row * 15
        width = rng.randrange(200, 1500)
        draw.text((330, y), "Lorem ipsum dolor sit amet " * (width // 160), fill=(40, 40, 40))
    for _ in range(12):
        x, y = rng.randrange(350, 1700), rng.randrange(100, 1300)
        draw.rectangle((x, y, x + 260, y + 160), fill=(rng.randrange(256), 120, 200), outline=(0, 0, 0))
    return image


def _logo(size=(1000, 1000)) -> Image.Image:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((100, 100, 900, 900), fill=(220, 60, 40, 255))
    draw.ellipse((300, 300, 700, 700), fill=(255, 255, 255, 180))
    draw.rectangle((450, 50, 550, 950), fill=(30, 30, 160, 230))
    return image


def _save(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def make(case: str) -> tuple[bytes, str]:
    """``(bytes, media type)`` of a case."""
    if case == "photo_12mp":
        return _save(_photo((4000, 3000)), "JPEG", quality=90), "image/jpeg"
    if case == "photo_12mp_exif6":
        exif = Image.Exif()
        exif[0x0112] = 6
        exif[0x010F] = "BenchCam"
        exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
        return _save(_photo((4000, 3000)), "JPEG", quality=90, exif=exif), "image/jpeg"
    if case == "phone_12mp_q95_turned":
        exif = Image.Exif()
        exif[0x0112] = 6
        return _save(_photo((4000, 3000), seed=5), "JPEG", quality=95, exif=exif), "image/jpeg"
    if case == "photo_24mp":
        return _save(_photo((6000, 4000)), "JPEG", quality=90), "image/jpeg"
    if case == "photo_48mp":
        return _save(_photo((8000, 6000)), "JPEG", quality=90), "image/jpeg"
    if case == "detailed_12mp":
        return _save(_detailed((4000, 3000)), "JPEG", quality=92), "image/jpeg"
    if case == "screenshot_png":
        return _save(_screenshot(), "PNG"), "image/png"
    if case == "logo_rgba":
        return _save(_logo(), "PNG"), "image/png"
    if case == "small_jpeg":
        return _save(_photo((200, 200), seed=11), "JPEG", quality=85), "image/jpeg"
    raise KeyError(case)


def write_all(folder: Path) -> dict[str, Path]:
    """Write every case as a data URI text file (what a client sends) and return the paths."""
    import base64

    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in CASES:
        data, media_type = make(case)
        path = folder / f"{case}.datauri"
        path.write_text(f"data:{media_type};base64,{base64.b64encode(data).decode()}")
        paths[case] = path
    return paths
