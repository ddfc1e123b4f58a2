"""Tests of eventmedia: site."""
