"""Modal forms."""
