"""Check in: energy and mood by the keys 1–5; the morning check-in scales today's budget."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from ...messages import FORM_LABELS, label_of, user_message
from ...models import CheckIn
from ...safetext import control_problem
from ...widgets.keybar import KeyBar
from ...widgets.plain import plain, shown
from ...widgets.text_fields import TextInput
from . import FORM_CSS
from .limits import levels
from .modal import FormScreen, TextLine, reusable

if TYPE_CHECKING:
    from ...app import HabitnetApp

#: The levels a check-in takes (the model's), and their words.
LEVELS = levels(CheckIn, "energy")
LOW, HIGH = LEVELS[0], LEVELS[-1]
KEYS = f"{LOW}–{HIGH}"
ENERGY_WORDS = {1: "drained", 2: "low", 3: "okay", 4: "good", 5: "full"}
MOOD_WORDS = {1: "rough", 2: "flat", 3: "neutral", 4: "positive", 5: "great"}


class LevelRow(Widget, can_focus=True):
    """A scale of the check-in's levels (1–5); their keys (or left/right) choose while it
    has focus."""

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
        for n in LEVELS:
            chosen = n == self.value
            text.append(f" {'●' if chosen else '○'} {n} ", style="bold" if chosen else "dim")
        if self.value is not None:
            text.append(f"  {self.words[self.value]}")
        else:
            text.append(f"  press {KEYS}", style="dim")
        return text

    def set_value(self, value: int | None) -> None:
        """Show ``value`` (None: not chosen yet) without telling the form."""
        if value != self.value:
            self.value = value
            self.refresh()

    def choose(self, n: int) -> None:
        self.set_value(max(LOW, min(HIGH, n)))
        self.post_message(self.Chosen())

    class Chosen(Message):
        """The user chose a level."""

    def action_step(self, delta: int) -> None:
        self.choose((self.value or 3) + delta)


def checkin_form(app: HabitnetApp) -> CheckInScreen:
    """The check-in form to push: built on first use, then reloaded with today's values
    (an installed screen stays built between opens; see ``modal.reusable``)."""
    return reusable(app, "checkin-form", CheckInScreen, lambda form: form.load())


class CheckInScreen(FormScreen[Any]):
    """Dismisses with the CheckIn stored, or None when cancelled."""

    DEFAULT_CSS = (
        FORM_CSS
        + """
    CheckInScreen .form-box { width: 72; }
    CheckInScreen #scale-hint { color: $text-muted; margin-top: 1; height: auto; }
    CheckInScreen #checkin-error { display: none; }
    CheckInScreen #checkin-editing { color: $text-warning; height: auto; margin-bottom: 1; }
    """
    )

    BINDINGS = [
        *(Binding(str(n), f"level({n})", f"{n}", show=False) for n in LEVELS),
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
        Binding("enter", "submit", "Save", show=False),
    ]

    AUTO_FOCUS = "#energy"

    def __init__(self) -> None:
        super().__init__()
        self._error_shown = ""
        self._hint_shown = ""
        self._day = date.min  # the day checked in for (the app's day when opened)
        #: the day's check-in when the form opened (the form edits it), else None
        self._editing: CheckIn | None = None
        self._note_start = ""  # the note as shown when the form opened

    def _title(self) -> str:
        if self._editing is not None:
            return f"Your check-in this morning — {self._day:%A %d %B}"
        return f"Morning check-in — {self._day:%A %d %B}"

    def _editing_text(self) -> str:
        """What saving does when the day has a check-in already: it replaces it."""
        was = self._editing
        if was is None:
            return ""
        return (
            f"You checked in already today (energy {was.energy}, mood {was.mood}): "
            "saving replaces it with what you choose here."
        )

    def compose(self) -> ComposeResult:
        self._day = self.app.day
        existing = self._editing = self.session.state.checkin(self._day)
        with VerticalScroll(classes="form-box", id="checkin-box"):
            yield TextLine(self._title(), classes="form-title")
            yield Static(self._editing_text(), id="checkin-editing", markup=False)
            with Horizontal(classes="form-row"):
                yield Label("Energy", classes="form-label")
                yield LevelRow(ENERGY_WORDS, existing.energy if existing else None, id="energy")
            with Horizontal(classes="form-row"):
                yield Label("Mood", classes="form-label")
                yield LevelRow(MOOD_WORDS, existing.mood if existing else None, id="mood")
            with Horizontal(classes="form-row"):
                yield Label("Note", classes="form-label")
                self._note_start = shown(existing.note if existing else "")
                yield TextInput(self._note_start, placeholder="optional", compact=True, id="note")
            yield Label("", id="checkin-error", classes="form-error")
            self._hint_shown = self._hint(existing.energy if existing else None)
            yield Static(self._hint_shown, id="scale-hint")
            with Horizontal(classes="form-buttons"):
                yield Button("Save (ctrl+s)", id="submit", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#checkin-editing").display = self._editing is not None

    def load(self) -> None:
        """Start afresh in this already-built form: today's check-in (if any) or blanks."""
        self._day = self.app.day
        existing = self._editing = self.session.state.checkin(self._day)
        self.query_one(".form-title", TextLine).update(self._title())
        editing = self.query_one("#checkin-editing", Static)
        editing.update(self._editing_text())
        editing.display = existing is not None
        self.query_one("#energy", LevelRow).set_value(existing.energy if existing else None)
        self.query_one("#mood", LevelRow).set_value(existing.mood if existing else None)
        note = self.query_one("#note", Input)
        self._note_start = shown(existing.note if existing else "")
        with note.prevent(Input.Changed):
            note.value = self._note_start
        self._show_error("")
        self.level_changed()
        self.query_one("#checkin-box").scroll_home(animate=False, immediate=True)
        # The energy row has the focus when the form shows.
        self.set_focus(self.query_one("#energy", LevelRow), scroll_visible=False)

    def on_level_row_chosen(self) -> None:
        self.level_changed()

    def _show_error(self, message: str) -> None:
        """Show (or hide, when empty) the message; only a change touches the form."""
        if message == self._error_shown:
            return
        self._error_shown = message
        error = self.query_one("#checkin-error", Label)
        if message:
            error.update(plain(message))
        error.display = bool(message)

    def level_changed(self) -> None:
        hint = self._hint(self.query_one("#energy", LevelRow).value)
        if hint != self._hint_shown:
            self._hint_shown = hint
            self.query_one("#scale-hint", Static).update(hint)

    def _hint(self, energy: int | None) -> str:
        settings = self.session.state.settings
        if energy is None:
            hint = "Your energy sets today's budget: " + ", ".join(
                f"{n} → {round(f * 100)} %" for n, f in settings.energy_scale.items()
            )
        else:
            pct = round(settings.energy_scale[energy] * 100)
            hint = (
                f"Energy {energy} → {pct} % of your base {settings.daily_budget} points "
                f"(before any debt). Keys {KEYS} choose energy, then mood; then a note if you "
                "like; enter saves."
            )
        return hint

    def action_level(self, n: int) -> None:
        """A digit: energy, then mood, then on to the note (typed next, it lands there)."""
        focused = self.focused
        if isinstance(focused, LevelRow):
            focused.choose(n)
            after = "#mood" if focused.id == "energy" else "#note"
            self.query_one(after).focus()
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

    def typed_changes(self) -> bool:
        """A note typed (or changed): escape and ctrl+q ask before dropping it."""
        return self.query_one("#note", Input).value != self._note_start

    def action_submit(self) -> None:
        app = self.app
        energy = self.query_one("#energy", LevelRow).value
        mood = self.query_one("#mood", LevelRow).value
        missing = [n for n, v in (("energy", energy), ("mood", mood)) if v is None]
        if missing:
            self._show_error(f"Choose your {' and '.join(missing)} (keys {KEYS}).")
            self.query_one(f"#{missing[0]}", LevelRow).focus()
            return
        typed = self.query_one("#note", Input).value
        problem = control_problem(typed, label_of("note"))
        if problem and typed != self._note_start:
            self._show_error(problem)
            self.query_one("#note", Input).focus()
            return
        if not app.writable("check in"):
            return
        assert energy is not None and mood is not None
        # A note left as it was keeps its stored text (a stand-in showed a control).
        was = self._editing
        note = was.note if was is not None and typed == self._note_start else typed
        # Opened on the day's check-in, the form edits it: saving replaces that one. A
        # check-in recorded since (the command line, another device) is never replaced
        # without a question.
        replace = was is not None and self.session.state.checkin(self._day) == was
        self._save(energy, mood, note, replace)

    def _save(self, energy: int, mood: int, note: str, replace: bool) -> None:
        from ... import engine
        from ...session import CheckInExistsError

        app = self.app
        try:
            checkin = self.session.checkin(energy, mood, note, day=self._day, replace=replace)
        except CheckInExistsError as exc:
            self._ask_to_replace(exc.existing, energy, mood, note)
            return
        except ValueError as exc:
            self._show_error(user_message(exc, FORM_LABELS))
            return
        budget = app.result(engine.day_budget, app.day)
        self.notify(
            f"Checked in: energy {energy}, mood {mood}. Today's budget: {budget.budget} points"
            f" ({budget.remaining} left).",
            title="Check-in",
            timeout=6,
        )
        self.dismiss(checkin)

    def _ask_to_replace(self, existing: CheckIn, energy: int, mood: int, note: str) -> None:
        from .confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self._save(energy, mood, note, replace=True)

        question = (
            f"You checked in already on {existing.day:%A %d %B} (energy {existing.energy}, "
            f"mood {existing.mood}"
            + (f", “{existing.note}”" if existing.note else "")
            + f"). Replace it with energy {energy}, mood {mood}?"
        )
        self.app.push_screen(ConfirmScreen(question, yes="Replace", no="Keep it"), answer)
