"""Maintainers\x27 tools, not installed with the package: they rebuild the demo mirror."""
