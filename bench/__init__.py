"""Benchmarks: run with `make bench`; figures go into the README."""
