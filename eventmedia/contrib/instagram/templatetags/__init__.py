"""Template tags of Connect Instagram."""
