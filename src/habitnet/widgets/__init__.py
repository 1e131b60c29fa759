"""Shared widgets: the status line, meters, charts and the contact picker."""
