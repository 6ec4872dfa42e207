"""Kronika: raw news text to open, validated, versioned datasets."""

__version__ = "0.1.0"
