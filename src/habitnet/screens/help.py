"""Help: every key in habitnet, gathered from the app's and the screens' bindings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from .base import HabitnetModal

if TYPE_CHECKING:
    from ..app import HabitnetApp

FORM_KEYS = (
    ("tab / shift+tab", "next / previous field"),
    ("enter", "submit (last field) or choose"),
    ("ctrl+s", "submit the form"),
    ("escape", "close (asks first if you typed)"),
    ("1 … 5", "energy and mood in the check-in"),
)

GLOBAL_EXTRA = (
    ("ctrl+p", "command palette: every action"),
    ("ctrl+q", "quit (saves first; a form asks)"),
)


def _key_name(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return {
        "question_mark": "?",
        "slash": "/",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
    }.get(binding.key, binding.key)


def bindings_of(cls: type) -> list[tuple[str, str]]:
    """(key, description) for each binding with a description, in declaration order."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    items: list[Any] = []
    for klass in cls.__mro__:
        if klass.__module__.startswith("habitnet"):
            items.extend(klass.__dict__.get("BINDINGS", []))
    for item in items:
        if isinstance(item, Binding):
            bindings = [item]
        elif isinstance(item, tuple):
            bindings = [Binding(*item)]
        else:
            continue
        for b in bindings:
            for key in b.key.split(","):
                one = Binding(key.strip(), b.action, b.description, key_display=b.key_display)
                name = _key_name(one)
                desc = b.description or b.tooltip or b.action
                if name in seen:
                    continue
                seen.add(name)
                out.append((name, desc))
    return out


def help_text(app: HabitnetApp) -> Text:
    """Every key, grouped: built as text with styles, never markup (the keys ``[`` and
    ``]`` are keys, not tags)."""
    from ..app import SCREENS, screen_class

    text = Text()

    def heading(title: str, key: str = "") -> None:
        if text:
            text.append("\n\n")
        text.append(title, style="bold")
        if key:
            text.append(f" ({key})")

    def line(key: str, desc: str) -> None:
        text.append(f"\n  {key:<14}", style="bold")
        text.append(f" {desc}")

    heading("Everywhere")
    for key, desc in (*bindings_of(type(app)), *GLOBAL_EXTRA):
        line(key, desc)
    for mode, (key, title, _m, _c) in SCREENS.items():
        keys = bindings_of(screen_class(mode))
        heading(title, key)
        if not keys:
            text.append("\n  (no keys of its own)")
        for k, desc in keys:
            line(k, desc)
    heading("Forms")
    for key, desc in FORM_KEYS:
        line(key, desc)
    return text


class HelpScreen(HabitnetModal[None]):
    """Every key, grouped by screen. ``?`` or ``escape`` closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-box {
        width: 90%; max-width: 100; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; color: $primary; padding-bottom: 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", key_display="?", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("habitnet — keys  (escape or ? closes)", id="help-title", markup=False)
            yield Static(help_text(self.app), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_close(self) -> None:
        self.dismiss()
