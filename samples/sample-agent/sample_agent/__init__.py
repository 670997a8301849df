"""Sample agent package for PAR (standard library only)."""

__version__ = "1.0.0"
