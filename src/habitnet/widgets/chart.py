"""A small vertical bar chart with a limit line, for day-by-day series."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widgets import Static

EIGHTHS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Bar:
    label: str  # shown under the bar (2–3 characters)
    value: float
    limit: float | None = None  # drawn as a marker; values above it are shown as over
    mark: str = ""  # one character under the label (e.g. "R" for a rest day)


class BarChart(Static):
    """Vertical bars, one per item; over-limit parts in the error colour, limits as ─."""

    DEFAULT_CSS = """
    BarChart { height: auto; width: 1fr; }
    """

    def __init__(self, bars: Sequence[Bar] = (), *, rows: int = 6, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.bars: list[Bar] = list(bars)
        self.rows = rows

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        self.refresh(layout=True)

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return self.rows + 2

    def render(self) -> Text:
        if not self.bars:
            return Text("(no data)", style="dim")
        width = self.size.width or 60
        n = len(self.bars)
        col = max(2, min(5, (width - 4) // max(1, n)))
        bar_w = max(1, col - 1)
        top = max(max(b.value for b in self.bars), max((b.limit or 0) for b in self.bars), 1)
        rows = self.rows
        out = Text()
        scale_w = len(f"{top:g}")
        for r in range(rows, 0, -1):
            lo = top * (r - 1) / rows
            hi = top * r / rows
            label = f"{top:g}" if r == rows else ("0".rjust(scale_w) if r == 1 else "")
            out.append(label.rjust(scale_w) + "│", style="dim")
            for b in self.bars:
                limit = b.limit
                if b.value >= hi:
                    cell = EIGHTHS[8]
                elif b.value > lo:
                    cell = EIGHTHS[max(1, int((b.value - lo) / (hi - lo) * 8))]
                else:
                    cell = " "
                over = limit is not None and b.value > limit and hi > limit
                on_limit = limit is not None and lo < limit <= hi
                if cell == " " and on_limit:
                    out.append("─" * bar_w, style="dim")
                else:
                    style = "bold red" if over else ("bold" if on_limit else "")
                    out.append(cell * bar_w, style=style)
                out.append(" ")
            out.append("\n")
        out.append(" " * scale_w + "└" + "─" * (n * col) + "\n", style="dim")
        out.append(" " * (scale_w + 1))
        for b in self.bars:
            out.append(b.label[:col].ljust(col), style="dim")
        return out
