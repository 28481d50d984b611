"""Helpers for the test suite and the benchmarks (throwaway servers); not used in production."""
