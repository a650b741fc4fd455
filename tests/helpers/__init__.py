"""Helpers shared by test modules (servers on loopback, sample archives): import from here, never from a test module."""
