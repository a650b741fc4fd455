"""Shared test helpers (servers, sources, builders) used by several test modules."""
