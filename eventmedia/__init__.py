"""eventmedia: images, avatars, slides and Instagram imports for Django event sites."""

__version__ = "0.1.0"
