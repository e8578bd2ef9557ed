"""Benchmarks of ic2kg (not tests): run with `make bench`."""
