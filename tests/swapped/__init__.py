"""A site with its own event model (``EVENTMEDIA["EVENT_MODEL"] = "swapped.Conference"``)."""
