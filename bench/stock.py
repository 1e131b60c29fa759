"""The yardstick for keys: a stock Textual app with six screens, one key away each.

Each screen is built the way habitnet's screens are laid out, from stock widgets only and
with no tuning: a ``Header``, three bordered panels, a 3,000-row ``DataTable`` with a side
pane that shows the highlighted row, and a ``Footer``. The keys ``t e j p w s`` switch
modes with ``App.switch_mode`` (Textual's ``switch_mode`` action). What a key costs here
is what Textual itself costs for a screen of that size: habitnet's keys are measured
against it in the same run (``bench/user.py``).

    python bench/stock.py              # try it
    python bench/stock.py --no-footer  # the same without the Footer (for scale)
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

ROWS = 3000

#: key -> (mode, title); the same keys as habitnet's screens.
SCREENS: dict[str, tuple[str, str]] = {
    "t": ("today", "Today"),
    "e": ("energy", "Energy"),
    "j": ("journal", "Journal"),
    "p": ("people", "People"),
    "w": ("review", "Review"),
    "s": ("settings", "Settings"),
}

FIRST = "T"

ORGS = ["Aurora Fintech", "Code Club", "Harbor & Finch", "Lumen Labs", "Nimbus Cloud"]
STAGES = ["new", "active", "close", "dormant"]


def marker(title: str) -> str:
    """Text only the screen ``title`` shows (its first panel's first line)."""
    return f"{title} at a glance"


def row(i: int) -> tuple[str, str, str, str, str]:
    return (
        f"Contact {i:04d} {'ABCDEFGHIJ'[i % 10]}.",
        f"{ORGS[i % len(ORGS)]} · team {i % 17}",
        f"{i % 12 + 1}mo",
        f"{(i * 7) % 200}d late",
        str(i % 3 + 1),
    )


class StockScreen(Screen[None]):
    DEFAULT_CSS = """
    StockScreen #panels { height: 6; }
    StockScreen .panel { width: 1fr; border: round $accent; padding: 0 1; }
    StockScreen #body { height: 1fr; }
    StockScreen DataTable { width: 2fr; }
    StockScreen #pane { width: 1fr; border-left: vkey $accent; padding: 0 1; }
    """

    def __init__(self, title: str, footer: bool = True) -> None:
        super().__init__()
        self.title = title
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panels"):
            for n, name in enumerate(("Progress", "Budget", "Risk"), 1):
                first = marker(self.title) if n == 1 else f"{name} {n}"
                panel = Static(f"{first}\n{name}: {n * 3}/10\nsecond line", classes="panel")
                panel.border_title = f"{self.title} · {name}"
                yield panel
        with Horizontal(id="body"):
            yield DataTable(id="table", cursor_type="row")
            yield Static(id="pane")
        if self.footer:
            yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Organisation", "Last", "Due", "P")
        table.add_rows(row(i) for i in range(ROWS))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        name, org, last, due, prio = row(event.cursor_row)
        self.query_one("#pane", Static).update(
            f"{name}\n{org}\n\nLast contact {last} ago\nFollow-up {due}\nPriority {prio}"
        )


FOOTER = "--no-footer" not in sys.argv


def _factory(title: str) -> object:
    return lambda: StockScreen(title, FOOTER)


class StockApp(App[None]):
    MODES = {mode: _factory(title) for mode, title in SCREENS.values()}  # type: ignore[dict-item]
    BINDINGS = [
        Binding(key, f"switch_mode('{mode}')", title) for key, (mode, title) in SCREENS.items()
    ] + [Binding("q", "quit", "Quit")]

    def on_mount(self) -> None:
        self.switch_mode(SCREENS[FIRST.lower()][0])


if __name__ == "__main__":
    StockApp().run()
