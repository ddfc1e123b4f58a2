"""Tests of eventmedia: api."""
