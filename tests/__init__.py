"""eventmedia's test suite."""
