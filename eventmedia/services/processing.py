"""The pipeline's entry points with the site's settings: pure, no files, no rows."""

from __future__ import annotations

from ..conf import media_settings
from ..imaging import ImagePolicy, ProcessedImage, parse_rendition_specs, process_image, sniff_document
from ..imaging.crops import FocalPoint
from ..imaging.documents import SniffedDocument
from ..imaging.specs import RenditionSpec


def image_policy() -> ImagePolicy:
    """What the pipeline accepts and how it encodes, from ``EVENTMEDIA``."""
    return ImagePolicy(
        allowed_formats=tuple(media_settings.ALLOWED_IMAGE_FORMATS),
        max_pixels=media_settings.MAX_PIXELS,
        max_frames=media_settings.MAX_FRAMES,
        max_icc_bytes=media_settings.MAX_ICC_BYTES,
        jpeg_quality=media_settings.JPEG_QUALITY,
        webp_quality=media_settings.WEBP_QUALITY,
        jpeg_progressive=media_settings.JPEG_PROGRESSIVE,
        jpeg_optimize=media_settings.JPEG_OPTIMIZE,
        transparent_format=media_settings.TRANSPARENT_FORMAT,
        animated=media_settings.ANIMATED_IMAGES,
        max_original_size=tuple(media_settings.MAX_ORIGINAL_SIZE),
        max_reencode_pixels=media_settings.MAX_REENCODE_PIXELS,
        focal_default=media_settings.FOCAL_POINT_DEFAULT,
    )


def rendition_specs(group: str) -> list[RenditionSpec]:
    """The renditions of ``group`` (``event``, ``avatar``) as ``EVENTMEDIA["RENDITIONS"]`` says."""
    return parse_rendition_specs(media_settings.RENDITIONS.get(group, {}))


def process_image_bytes(
    data: bytes, rendition_group: str = "event", focal_point: dict | None = None
) -> ProcessedImage:
    """Validate and convert image bytes for ``rendition_group`` (crops cut around ``focal_point``,
    ``{"x", "y"}``); raises ``MediaError``."""
    focal = FocalPoint.from_json(focal_point)
    return process_image(data, rendition_specs(rendition_group), image_policy(), focal=focal)


def check_document_bytes(data: bytes) -> SniffedDocument:
    """Sniff a slide or document; raises ``MediaError``."""
    return sniff_document(
        data,
        allowed_formats=tuple(media_settings.ALLOWED_DOCUMENT_FORMATS),
        max_bytes=media_settings.MAX_DOCUMENT_BYTES,
    )
