"""What the pipeline takes and gives: the policy it follows, and the images it encodes."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..defaults import DEFAULTS
from .errors import UNSUPPORTED_FORMAT, MediaError
from .formats import STORED_FORMATS, SUPPORTED_FORMATS
from .jpeg_segments import JpegLimits
from .placeholder import Placeholder


@dataclass(frozen=True)
class ImagePolicy:
    """What the pipeline may accept and how it encodes; built from ``EVENTMEDIA`` by the services."""

    allowed_formats: tuple[str, ...] = SUPPORTED_FORMATS
    max_pixels: int = DEFAULTS["MAX_PIXELS"]
    max_frames: int = DEFAULTS["MAX_FRAMES"]
    # Largest colour profile copied into outputs; a larger valid one is converted to sRGB.
    max_icc_bytes: int = DEFAULTS["MAX_ICC_BYTES"]
    jpeg_limits: JpegLimits = JpegLimits()
    jpeg_quality: int = DEFAULTS["JPEG_QUALITY"]
    webp_quality: int = DEFAULTS["WEBP_QUALITY"]
    jpeg_progressive: bool = DEFAULTS["JPEG_PROGRESSIVE"]
    jpeg_optimize: bool = DEFAULTS["JPEG_OPTIMIZE"]
    transparent_format: str = DEFAULTS["TRANSPARENT_FORMAT"]
    animated: str = DEFAULTS["ANIMATED_IMAGES"]  # "keep" or "refuse"
    max_original_size: tuple[int, int] = DEFAULTS["MAX_ORIGINAL_SIZE"]
    max_reencode_pixels: int = DEFAULTS["MAX_REENCODE_PIXELS"]
    # Where crop renditions centre when no focal point is given: "center" or "detail" (crops).
    focal_default: str = DEFAULTS["FOCAL_POINT_DEFAULT"]


@dataclass(frozen=True)
class EncodedImage:
    content: bytes
    format: str  # a key of STORED_FORMATS: "JPEG", "PNG", "GIF" or "WEBP"
    width: int  # as displayed (after orientation)
    height: int

    def __post_init__(self):
        # Structural guard: an output the storage layer could not name or type is a refusal, not a 500.
        if self.format not in STORED_FORMATS:
            raise MediaError(UNSUPPORTED_FORMAT, f"no stored format for {self.format}")

    @property
    def content_type(self) -> str:
        """The media type the image is stored with."""
        return STORED_FORMATS[self.format][1]

    @property
    def extension(self) -> str:
        """The file name extension the image is stored with."""
        return STORED_FORMATS[self.format][0]


@dataclass(frozen=True)
class ProcessedImage:
    original: EncodedImage
    renditions: dict[str, EncodedImage] = field(default_factory=dict)
    animated: bool = False
    # How the original was produced: "kept" (JPEG segments edited), "reencoded" or "animated".
    original_mode: str = "reencoded"
    # What a page shows until the image arrives (see ``placeholder``).
    placeholder: Placeholder | None = None
    # The focal point the crop renditions were cut around when it was found by the "detail" default.
    focal_point: tuple[float, float] | None = None

    def smallest(self) -> EncodedImage:
        """The output with the fewest pixels (the icon, usually)."""
        return min([self.original, *self.renditions.values()], key=lambda out: out.width * out.height)
