"""llmdiff: comparison pages from YAML."""

__version__ = "0.1.0"
