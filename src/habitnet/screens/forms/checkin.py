"""Check in: energy and mood by the keys 1–5; the morning check-in scales today's budget."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from . import FORM_CSS

ENERGY_WORDS = {1: "drained", 2: "low", 3: "okay", 4: "good", 5: "full"}
MOOD_WORDS = {1: "rough", 2: "flat", 3: "neutral", 4: "positive", 5: "great"}


class LevelRow(Widget, can_focus=True):
    """A 1–5 scale; the keys 1–5 (or left/right) choose while it has focus."""

    DEFAULT_CSS = """
    LevelRow { height: 1; width: 1fr; }
    LevelRow:focus { background: $boost; text-style: bold; }
    """

    BINDINGS = [
        Binding("left", "step(-1)", "Less", show=False),
        Binding("right", "step(1)", "More", show=False),
    ]

    def __init__(self, words: dict[int, str], value: int | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.words = words
        self.value = value

    def render(self) -> Text:
        text = Text()
        for n in range(1, 6):
            chosen = n == self.value
            text.append(f" {'●' if chosen else '○'} {n} ", style="bold" if chosen else "dim")
        if self.value is not None:
            text.append(f"  {self.words[self.value]}")
        else:
            text.append("  press 1–5", style="dim")
        return text

    def choose(self, n: int) -> None:
        self.value = max(1, min(5, n))
        self.refresh()
        screen: Any = self.screen
        screen.level_changed()

    def action_step(self, delta: int) -> None:
        self.choose((self.value or 3) + delta)


class CheckInScreen(ModalScreen[Any]):
    """Dismisses with the CheckIn stored, or None when cancelled."""

    DEFAULT_CSS = (
        FORM_CSS
        + """
    CheckInScreen .form-box { width: 72; }
    CheckInScreen #scale-hint { color: $text-muted; margin-top: 1; height: auto; }
    """
    )

    BINDINGS = [
        *(Binding(str(n), f"level({n})", f"{n}", show=False) for n in range(1, 6)),
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
        Binding("enter", "submit", "Save", show=False),
    ]

    def compose(self) -> ComposeResult:
        app: Any = self.app
        existing = app.session.state.checkin(app.day)
        with VerticalScroll(classes="form-box"):
            yield Static(f"Morning check-in — {app.day:%A %d %B}", classes="form-title")
            with Horizontal(classes="form-row"):
                yield Label("Energy", classes="form-label")
                yield LevelRow(ENERGY_WORDS, existing.energy if existing else None, id="energy")
            with Horizontal(classes="form-row"):
                yield Label("Mood", classes="form-label")
                yield LevelRow(MOOD_WORDS, existing.mood if existing else None, id="mood")
            with Horizontal(classes="form-row"):
                yield Label("Note", classes="form-label")
                yield Input(
                    existing.note if existing else "",
                    placeholder="optional",
                    compact=True,
                    id="note",
                )
            yield Label("", id="checkin-error", classes="form-error")
            yield Static("", id="scale-hint")
            with Horizontal(classes="form-buttons"):
                yield Button("Save (ctrl+s)", id="submit", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#energy", LevelRow).focus()
        self.query_one("#checkin-error").display = False
        self.level_changed()

    def level_changed(self) -> None:
        app: Any = self.app
        settings = app.session.state.settings
        energy = self.query_one("#energy", LevelRow).value
        if energy is None:
            hint = "Your energy sets today's budget: " + ", ".join(
                f"{n} → {round(f * 100)} %" for n, f in settings.energy_scale.items()
            )
        else:
            pct = round(settings.energy_scale[energy] * 100)
            hint = (
                f"Energy {energy} → {pct} % of your base {settings.daily_budget} points "
                "(before any debt). Keys 1–5 choose, tab moves on, enter saves."
            )
        self.query_one("#scale-hint", Static).update(hint)

    def action_level(self, n: int) -> None:
        focused = self.focused
        if isinstance(focused, LevelRow):
            focused.choose(n)
            if focused.id == "energy":
                self.query_one("#mood", LevelRow).focus()
        else:
            energy = self.query_one("#energy", LevelRow)
            (energy if energy.value is None else self.query_one("#mood", LevelRow)).choose(n)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        app: Any = self.app
        energy = self.query_one("#energy", LevelRow).value
        mood = self.query_one("#mood", LevelRow).value
        error = self.query_one("#checkin-error", Label)
        missing = [n for n, v in (("energy", energy), ("mood", mood)) if v is None]
        if missing:
            error.update(f"Choose your {' and '.join(missing)} (keys 1–5).")
            error.display = True
            self.query_one(f"#{missing[0]}", LevelRow).focus()
            return
        if not app.writable("check in"):
            return
        assert energy is not None and mood is not None
        note = self.query_one("#note", Input).value
        try:
            checkin = app.session.checkin(energy, mood, note)
        except ValueError as exc:
            from ...models import format_validation_error

            error.update(format_validation_error(exc))
            error.display = True
            return
        app.changed()
        budget = app.engine_result("day_budget", app.day)
        app.notify(
            f"Checked in: energy {energy}, mood {mood}. Today's budget: {budget.budget} points"
            f" ({budget.remaining} left).",
            title="Check-in",
            timeout=6,
        )
        self.dismiss(checkin)
