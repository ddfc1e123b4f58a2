"""The demo site: an event site that uses eventmedia, configured from environment variables."""
