"""A labelled progress bar drawn with block characters (no heavy imports)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

FULL = "█"
PARTS = " ▏▎▍▌▋▊▉"
EMPTY = "░"


def bar(value: float, total: float, width: int) -> str:
    """A bar of ``width`` cells filled in proportion value/total (eighths of a cell)."""
    if width <= 0:
        return ""
    frac = 0.0 if total <= 0 else max(0.0, min(1.0, value / total))
    eighths = round(frac * width * 8)
    full, part = divmod(eighths, 8)
    out = FULL * full
    if full < width:
        out += (PARTS[part] if part else EMPTY) + EMPTY * (width - full - 1)
    return out


class Meter(Static):
    """``label  ███████░░░  detail`` — the bar takes the room that is left.

    Classes ``-good``, ``-warn`` and ``-bad`` colour the bar.
    """

    DEFAULT_CSS = """
    Meter { height: 1; width: 1fr; }
    Meter.-good { color: $success; }
    Meter.-warn { color: $warning; }
    Meter.-bad { color: $error; }
    """

    def __init__(self, label: str = "", **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.label = label
        self.value = 0.0
        self.total = 0.0
        self.detail = ""

    def set(self, value: float, total: float, detail: str = "", state: str = "good") -> None:
        self.value, self.total, self.detail = value, total, detail
        for s in ("good", "warn", "bad"):
            self.set_class(s == state, f"-{s}")
        self.refresh()

    def render(self) -> Text:
        width = self.size.width or 40
        label = f"{self.label} " if self.label else ""
        detail = f" {self.detail}" if self.detail else ""
        room = max(4, width - len(label) - len(detail))
        text = Text(label, style="bold")
        text.append(bar(self.value, self.total, room))
        text.append(detail)
        return text
