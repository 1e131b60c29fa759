"""Journal screen (engineer B). Being built out; this skeleton lets MODES import it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static


class JournalScreen(Screen[None]):
    """Journal."""

    CSS_PATH = "journal.tcss"

    def compose(self) -> ComposeResult:
        yield Static("habitnet", id="statusline")
        yield Static("Journal — loading…", id="body")
        yield Footer()
