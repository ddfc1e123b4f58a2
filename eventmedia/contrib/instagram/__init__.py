"""Connect Instagram: OAuth with the Instagram API with Instagram Login, and importing posts."""
