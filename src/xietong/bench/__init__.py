"""Benchmarks that print figures (speed and memory targets are met here, not in unit tests)."""
