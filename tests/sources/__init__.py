"""Tests of eventmedia: sources."""
