"""A site with its own event model (``EVENTMEDIA_EVENT_MODEL = "swapped.Conference"``)."""
