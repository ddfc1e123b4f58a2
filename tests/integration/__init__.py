"""Tests of eventmedia: integration."""
