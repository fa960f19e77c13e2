"""Benchmarks: synthetic data, the runner and the load test (never part of the app)."""
