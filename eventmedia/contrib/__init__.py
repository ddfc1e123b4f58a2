"""Optional apps that build on eventmedia; each is added to INSTALLED_APPS on its own."""
