"""Benchmarks of the upload pipeline, run by ``make bench``."""
