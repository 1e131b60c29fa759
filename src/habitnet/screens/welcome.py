"""First run: set the daily targets, or load the demo data to look around."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from ..widgets.keybar import KeyBar
from .base import HabitnetModal
from .forms import parse_int, settings_errors

if TYPE_CHECKING:
    from ..models import State

FIELDS = (
    ("daily_target", "Outreach per day (target)", "How many small actions make a good day"),
    ("daily_cap", "Most per day (cap)", "Beyond this, outreach needs a reason"),
    ("daily_budget", "Energy per day (points)", "A message costs 1, coffee 3, an event 5"),
    ("weekly_budget", "Energy per week (points)", "Keeps the week sustainable"),
)

INTRO = (
    "habitnet turns networking into a small daily habit: a little outreach every day, "
    "relationships that stay mutual and followed up, and an energy budget that keeps "
    "you from burning out. Set your starting numbers (you can change every number "
    "later in Settings, s), or load a year of demo data to look around first."
)


class WelcomeScreen(HabitnetModal[None]):
    """Shown when the data folder has no data file yet."""

    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; background: $background; }
    WelcomeScreen #welcome-box {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    WelcomeScreen #welcome-title { text-style: bold; color: $primary; }
    WelcomeScreen #welcome-intro { margin-bottom: 1; }
    WelcomeScreen #welcome-grid {
        grid-size: 3; grid-columns: 28 10 1fr; grid-rows: 3; height: auto;
    }
    WelcomeScreen .field-label { padding-top: 1; }
    WelcomeScreen .hint { padding-top: 1; color: $text-muted; }
    WelcomeScreen .error { padding-top: 1; color: $error; }
    WelcomeScreen #welcome-buttons { height: 3; margin-top: 1; }
    WelcomeScreen Button { margin-right: 2; }
    """

    BINDINGS = [
        Binding("ctrl+s", "start", "Start"),
        Binding("ctrl+d", "demo", "Load demo data", priority=True),
        Binding("escape", "start_defaults", "Start with defaults", show=False),
    ]

    def compose(self) -> ComposeResult:
        from ..models import Settings

        defaults = Settings()
        with VerticalScroll(id="welcome-box"):
            yield Static("Welcome to habitnet", id="welcome-title")
            yield Static(INTRO, id="welcome-intro")
            with Grid(id="welcome-grid"):
                for name, label, hint in FIELDS:
                    yield Label(label, classes="field-label")
                    yield Input(
                        str(getattr(defaults, name)),
                        id=f"w-{name}",
                        type="integer",
                        compact=False,
                    )
                    yield Label(hint, id=f"w-{name}-msg", classes="hint")
            yield Label("", id="w-form-msg", classes="error")
            with Horizontal(id="welcome-buttons"):
                yield Button("Start (ctrl+s)", id="start", variant="primary")
                yield Button("Load demo data (ctrl+d)", id="demo")
        # The two ways on, always in sight (on a small terminal the buttons scroll away).
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#w-daily_target", Input).focus()

    def values(self) -> tuple[dict[str, int], dict[str, str]]:
        values: dict[str, int] = {}
        errors: dict[str, str] = {}
        for name, label, _hint in FIELDS:
            try:
                values[name] = parse_int(self.query_one(f"#w-{name}", Input).value, label)
            except ValueError as exc:
                errors[name] = str(exc)
        if not errors:
            session = self.app.session
            current = session.state.settings.model_dump() if session is not None else {}
            errors = settings_errors(current, values)
        return values, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, _label, hint in FIELDS:
            msg = self.query_one(f"#w-{name}-msg", Label)
            if name in errors:
                msg.update(errors[name])
                msg.set_classes("error")
            else:
                msg.update(hint)
                msg.set_classes("hint")
        other = {k: v for k, v in errors.items() if k not in dict((f[0], 1) for f in FIELDS)}
        self.query_one("#w-form-msg", Label).update("\n".join(other.values()))

    def on_input_changed(self, event: Input.Changed) -> None:
        _values, errors = self.values()
        self.show_errors(errors)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_start()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "demo":
            self.action_demo()
        else:
            self.action_start()

    def action_start_defaults(self) -> None:
        self.dismiss()

    def action_start(self) -> None:
        app = self.app
        if app.session is None:
            return
        values, errors = self.values()
        self.show_errors(errors)
        if errors:
            self.notify("Please fix the highlighted fields.", severity="warning")
            return
        if not app.writable("save your targets"):
            return
        app.session.update_settings(**values)
        target, budget = values["daily_target"], values["daily_budget"]
        app.clear_notifications()  # an earlier "Please fix …" is answered now
        app.notify(f"Welcome! Target {target} a day, {budget} energy points.", timeout=4)
        self.dismiss()

    def action_demo(self) -> None:
        app = self.app
        if app.session is None or not app.writable("load the demo data"):
            return
        self.query_one("#demo", Button).disabled = True
        self.query_one("#w-form-msg", Label).update("Generating a year of demo data…")
        self.run_worker(self._make_demo, thread=True, exit_on_error=False)

    def _make_demo(self) -> None:
        from ..demo import generate

        app = self.app
        try:
            state = generate(years=1, end=app.clock.now())
        except Exception as exc:
            self.app.call_from_thread(
                self.notify, f"Could not generate demo data: {exc}", severity="error"
            )
            return
        self.app.call_from_thread(self._use_demo, state)

    def _use_demo(self, state: State) -> None:
        app = self.app
        self.session.replace_state(state, "Removed the demo data")
        app.apply_theme(state.settings.theme, notify_fallback=False)
        app.notify("Demo data loaded: a year of networking to explore.", timeout=4)
        self.dismiss()
