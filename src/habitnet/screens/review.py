"""Weekly review screen (engineer B). Being built out; this skeleton lets MODES import it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static


class ReviewScreen(Screen[None]):
    """Weekly review."""

    CSS_PATH = "review.tcss"

    def compose(self) -> ComposeResult:
        yield Static("habitnet", id="statusline")
        yield Static("Weekly review — loading…", id="body")
        yield Footer()
