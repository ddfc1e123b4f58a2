"""Tests of eventmedia: services."""
