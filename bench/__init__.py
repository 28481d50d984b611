"""Benchmarks of perfml's main jobs on the national synthetic extract (`make bench`)."""
