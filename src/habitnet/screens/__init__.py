"""Screens (one per MODE) and modal forms."""
