"""The demo's own configuration under test: its event model and serializer (``project.settings``)."""
