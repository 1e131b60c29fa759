"""First run: set the starting numbers, or try the demo in its own folder.

Shown when the data folder has no data file yet. It asks for the daily outreach target
and cap, the rest days and the energy budgets (the defaults filled in), says what a rest
day means, and offers the demo dataset. The demo never mixes with the user's data: it
lives in its own folder, ``<data folder>/demo`` — where ``habitnet demo`` puts it for the
same data folder (:func:`habitnet.store.paths.demo_dir_for`) — and the app opens that
folder instead (the header then says ``DEMO``; the palette's "Leave the demo" comes back).
An earlier demo there is opened as it was left.

Every value is checked as it is typed, with the problem beside the field in the user's
words (:func:`habitnet.screens.settings.settings_problems` with this form's labels);
nothing is saved until Start. ``q`` quits (asking first when something was typed:
nothing of it is saved), and so does ``ctrl+q``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from ..widgets.keybar import KeyBar
from ..widgets.text_fields import TextInput
from .forms.modal import FormScreen

if TYPE_CHECKING:
    from ..clock import Clock
    from ..messages import Label as UserLabel

#: (Settings field, label, hint, input type): the numbers asked for, in order.
FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("daily_target", "Outreach a day (target)", "small actions that make a good day", "integer"),
    ("daily_cap", "Most a day (cap)", "beyond it, outreach needs a reason", "integer"),
    ("rest_weekdays", "Rest days", "e.g. Sun, or Sat, Sun (empty: none)", "text"),
    ("daily_budget", "Energy a day (points)", "a message costs 1, coffee 3, an event 5", "integer"),
    ("weekly_budget", "Energy a week (points)", "keeps the week sustainable", "integer"),
)

INTRO = (
    "habitnet makes networking a small daily habit: a little outreach every day, "
    "relationships kept mutual and followed up, and an energy budget that keeps you from "
    "burning out. Set your starting numbers (every one can change later in Settings, s), "
    "or try the demo first: a year of made-up data in a folder of its own."
)

REST_DAYS = (
    "A rest day has no outreach target and gives your energy a break; logging outreach "
    "on one is still possible, with a typed reason (an override)."
)


def demo_folder_ready(folder: Path, clock: Clock) -> None:
    """Make sure ``folder`` holds the demo dataset: an earlier demo is kept as it is;
    with no data file, a year of demo data is written. Raises
    :class:`~habitnet.demo_folder.DemoFolderError` when the folder holds anything else
    (its data file is never touched)."""
    from ..demo_folder import holds_demo, write_demo

    if holds_demo(folder, clock):
        return
    from ..demo import generate

    write_demo(folder, generate(years=1, end=clock.now()), clock)


class WelcomeInput(TextInput):
    """A field of the welcome: it takes what its value can hold (digits; weekday names),
    so ``q`` and the form's other letter keys still work while it has the focus."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character is None or not character.isprintable():
            return False
        if self.type == "integer":
            return character.isdigit() or character in "+-"
        return character != "q"  # no weekday has a q


def labels() -> dict[str, UserLabel]:
    """This form's fields as the user sees them, for messages in the user's words."""
    from ..messages import Label as UserLabel

    units = {"daily_budget": "point", "weekly_budget": "point"}
    return {name: UserLabel(label, units.get(name, "")) for name, label, _h, _t in FIELDS}


class WelcomeScreen(FormScreen[None]):
    """Shown when the data folder has no data file yet."""

    OFFERS_PALETTE = False  # its own keys say the ways on

    DEFAULT_CSS = """
    WelcomeScreen #welcome-box {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    WelcomeScreen #welcome-title { text-style: bold; color: $primary; }
    WelcomeScreen #welcome-intro { margin-bottom: 1; }
    WelcomeScreen #welcome-grid {
        grid-size: 3; grid-columns: 24 9 1fr; grid-rows: 1; grid-gutter: 0 1; height: auto;
    }
    WelcomeScreen .hint { color: $text-muted; }
    WelcomeScreen .error { color: $error; text-style: bold; }
    WelcomeScreen #welcome-rest { margin-top: 1; color: $text-muted; }
    WelcomeScreen #w-form-msg { height: auto; margin-top: 1; display: none; }
    WelcomeScreen #w-form-msg.-error { color: $error; text-style: bold; }
    WelcomeScreen #welcome-buttons { height: auto; margin-top: 1; }
    WelcomeScreen Button { margin-right: 2; }
    """

    BINDINGS = [
        Binding("ctrl+s", "start", "Start", priority=True),
        Binding("ctrl+d", "demo", "Try the demo", priority=True),
        # No field here takes a q (numbers, and weekday names): q quits, as everywhere.
        Binding("q", "app.quit", "Quit", priority=True),
        Binding("escape", "start_defaults", "Start with the defaults", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._demo_started = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome-box"):
            yield Static("Welcome to habitnet", id="welcome-title")
            yield Static(INTRO, id="welcome-intro")
            with Grid(id="welcome-grid"):
                for name, label, hint, kind in FIELDS:
                    yield Label(label, classes="field-label")
                    yield WelcomeInput(
                        self.default_text(name),
                        id=f"w-{name}",
                        type="integer" if kind == "integer" else "text",
                        compact=True,
                    )
                    yield Label(hint, id=f"w-{name}-msg", classes="hint", markup=False)
            yield Static(REST_DAYS, id="welcome-rest")
            yield Label("", id="w-form-msg", markup=False)  # shown when it has something
            with Horizontal(id="welcome-buttons"):
                yield Button("Start (ctrl+s)", id="start", variant="primary", compact=True)
                yield Button("Try the demo (ctrl+d)", id="demo", compact=True)
        # The ways on, always in sight (on a small terminal the buttons scroll away).
        yield KeyBar(show_palette=False)

    @staticmethod
    def default_text(name: str) -> str:
        from ..models import Settings
        from .settings import DAY_NAMES

        value = getattr(Settings(), name)
        if name == "rest_weekdays":
            return ", ".join(DAY_NAMES[d] for d in value)
        return str(value)

    def on_mount(self) -> None:
        self.query_one("#w-daily_target", Input).focus()
        self.show_errors(self.values()[1])

    # -- values ------------------------------------------------------------------------

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The typed values, and {field: why} for each that is not valid."""
        from .settings import FIELDS as SETTINGS_FIELDS
        from .settings import parse_field, settings_problems

        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, label, _hint, _kind in FIELDS:
            text = self.query_one(f"#w-{name}", Input).value
            try:
                values[name] = parse_field(SETTINGS_FIELDS[name], text)
            except ValueError as exc:
                errors[name] = str(exc).replace(SETTINGS_FIELDS[name].label, label)
        if not errors:
            from ..models import Settings

            errors = settings_problems(Settings().model_dump(), values, labels())
        return values, errors

    def typed_changes(self) -> bool:
        return any(
            self.query_one(f"#w-{name}", Input).value.strip() != self.default_text(name)
            for name, _l, _h, _k in FIELDS
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        names = {name for name, _l, _h, _k in FIELDS}
        for name, label, hint, _kind in FIELDS:
            msg = self.query_one(f"#w-{name}-msg", Label)
            # Beside its field, a message need not name it again.
            text = errors[name].removeprefix(f"{label} ") if name in errors else hint
            if name == "rest_weekdays" and name not in errors:
                text = self._rest_hint(hint)
            msg.update(text)
            msg.set_classes("error" if name in errors else "hint")
        other = [v for k, v in errors.items() if k not in names]
        self.say("\n".join(other))

    def say(self, text: str, *, error: bool = True) -> None:
        """The line above the buttons (empty: no line)."""
        line = self.query_one("#w-form-msg", Label)
        line.update(text)
        line.display = bool(text)
        line.set_class(error, "-error")

    def _rest_hint(self, hint: str) -> str:
        """Says so when today is one of the rest days typed."""
        from .settings import FIELDS as SETTINGS_FIELDS
        from .settings import parse_field

        try:
            days = parse_field(
                SETTINGS_FIELDS["rest_weekdays"], self.query_one("#w-rest_weekdays", Input).value
            )
        except ValueError:
            return hint
        today = self.app.day
        if today.weekday() in days:
            return f"today, a {today:%A}, is one: no target today"
        return hint

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

    # -- actions -----------------------------------------------------------------------

    def action_start_defaults(self) -> None:
        """escape: start with the defaults — asking first when something was typed."""
        if not self.typed_changes():
            self._begin()
            return
        from .forms.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self._begin()

        self.app.push_screen(
            ConfirmScreen(
                "Start with the default numbers and drop what you typed? "
                "(ctrl+s starts with yours.)",
                yes="Use the defaults",
                no="Back",
            ),
            answer,
        )

    def action_start(self) -> None:
        app = self.app
        if app.session is None:
            return
        values, errors = self.values()
        self.show_errors(errors)
        if errors:
            self.say("Fix the values in red first: nothing is saved until they are valid.")
            return
        if not app.writable("save your starting numbers"):
            return
        app.session.update_settings(**values)
        target, budget = values["daily_target"], values["daily_budget"]
        app.notify(f"Welcome! Target {target} a day, {budget} energy points.", timeout=4)
        self._begin()

    def _begin(self) -> None:
        """Leave for Today with the data folder kept (even with the defaults untouched),
        so the next start opens Today, not the welcome again."""
        session = self.app.session
        if session is not None and not self.app.read_only:
            session.keep_new()
        self.dismiss()

    def action_demo(self) -> None:
        app = self.app
        if app.session is None or self._demo_started:
            return
        self._demo_started = True
        self.query_one("#demo", Button).disabled = True
        self.say("Opening the demo…", error=False)
        self.run_worker(self._prepare_demo, thread=True, exit_on_error=False)

    def _prepare_demo(self) -> None:
        from ..store.paths import demo_dir_for

        app = self.app
        folder = demo_dir_for(app.home_dir)
        try:
            demo_folder_ready(folder, app.clock)
        except Exception as exc:  # a message for the user, never a traceback
            app.call_from_thread(self._demo_failed, str(exc))
            return
        app.call_from_thread(self._open_demo, folder)

    def _demo_failed(self, message: str) -> None:
        self._demo_started = False
        self.query_one("#demo", Button).disabled = False
        self.say(f"The demo could not be opened: {message}")

    def _open_demo(self, folder: Path) -> None:
        self.dismiss()
        self.app.open_folder(folder, says="The demo: a year of made-up data in its own folder.")
