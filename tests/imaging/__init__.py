"""Tests of eventmedia: imaging."""
