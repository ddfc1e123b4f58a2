"""Where things are, for tests in any folder: the repository's root and the installed package."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "eventmedia"
