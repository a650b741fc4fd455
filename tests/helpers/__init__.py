"""Helpers shared by several test modules (no test module imports another one: tests/test_layout.py)."""
