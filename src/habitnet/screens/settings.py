"""Settings: every number in one list, edited one at a time; activity kinds in a form.

The screen is one ``OptionList`` (a row per setting: label, value, hint or error) and an
edit line below it, so it mounts about ten widgets however many kinds there are. ``enter``
on a row edits it in the edit line; each keystroke parses that field and checks the
settings as a whole, and the row shows the problem beside the value, in the user's words
(:func:`settings_problems`). Each valid change is saved as it is made: when the edit
line is left (``enter``, ``escape``, another screen, quitting). A value that is not valid
is not saved: it stays on its row (marked ``•``) with why, until it is fixed or
``ctrl+r`` drops it; quitting with one asks first. The theme row cycles themes with
``enter``/``←``/``→`` and applies (and remembers) at once. Activity kinds open a form
(``enter`` on a kind, ``a`` adds one); a kind's changes are saved when that form is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..messages import Label as UserLabel
from ..messages import user_messages
from ..models import ENERGY_FACTOR_MAX, CheckIn, Settings
from ..widgets.keybar import KeyBar
from ..widgets.plain import shown
from ..widgets.statusline import StatusLine
from ..widgets.text_fields import TextInput
from .base import HabitnetScreen
from .forms.limits import levels, range_text

if TYPE_CHECKING:
    from ..models import ActivityKind

#: The check-in's energy levels (the model's): one energy-scale row each.
CHECKIN_LEVELS = levels(CheckIn, "energy")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LABEL_W = 27
VALUE_W = 10
#: The Theme row's hint: short enough beside the longest theme name at 80 columns (the
#: theme applies at once, as the screen shows).
THEME_HINT = "enter / ← → switch"
ADD_KIND = "add-kind"
TYPE_TO_EDIT = frozenset("0123456789.-+")  # keys that start editing a number's row


@dataclass(frozen=True)
class Field:
    key: str  # row id
    label: str
    kind: str  # int | float | days | day
    hint_text: str  # "{range}" in it stands for the range the model allows
    target: str  # Settings field it feeds
    unit: str = ""  # of the number, in messages: "at most 700 points"

    @property
    def hint(self) -> str:
        if "{range}" not in self.hint_text:
            return self.hint_text
        return self.hint_text.format(range=range_text(Settings, self.target))


def _f(
    key: str, label: str, hint: str, kind: str = "int", target: str = "", unit: str = ""
) -> Field:
    return Field(key, label, kind, hint, target or key, unit)


SECTIONS: list[tuple[str, list[Field]]] = [
    (
        "Outreach quota",
        [
            _f("daily_target", "Daily target", "outreach that makes a day done ({range})"),
            _f("daily_cap", "Daily cap", "over it, outreach needs a reason ({range})"),
        ],
    ),
    (
        "Energy",
        [
            _f(
                "daily_budget",
                "Daily budget",
                "points a day, before check-in ({range})",
                unit="point",
            ),
            _f("weekly_budget", "Weekly budget", "points a week ({range})", unit="point"),
            *(
                _f(
                    f"energy_scale-{n}",
                    f"Check-in energy {n} →",
                    f"share of the daily budget (0–{ENERGY_FACTOR_MAX:g})",
                    "float",
                    "energy_scale",
                )
                for n in CHECKIN_LEVELS
            ),
        ],
    ),
    (
        "Rest and limits",
        [
            _f("rest_weekdays", "Rest days", "e.g. Sun or Sat, Sun (empty: none)", "days"),
            _f(
                "max_active_streak",
                "Most active days in a row",
                "then a rest day ({range})",
                unit="day",
            ),
            _f(
                "high_cost_threshold",
                "High-cost from",
                "points: volunteering, events ({range})",
                unit="point",
            ),
            _f("high_cost_per_week", "High-cost per week", "at most ({range})"),
        ],
    ),
    (
        "Burnout guard",
        [
            _f("risk_amber", "Amber from", "risk score ({range})"),
            _f("risk_red", "Red from", "risk score, above amber ({range})"),
            _f("recovery_days", "Recovery days", "after a red day ({range})", unit="day"),
        ],
    ),
    (
        "Relationships",
        [
            _f(
                "default_cadence_days",
                "Follow-up every",
                "days, for new contacts ({range})",
                unit="day",
            ),
            _f("thank_you_days", "Thank-you within", "days after a meeting ({range})", unit="day"),
            _f("reconnect_days", "Reconnect after", "days without contact ({range})", unit="day"),
            _f("one_sided_window", "One-sided window", "last N interactions checked ({range})"),
            _f("intro_per_day", "Hellos a day", "people never in touch to greet ({range})"),
        ],
    ),
    (
        "Calendar and data",
        [
            _f("week_start", "Week starts on", "Mon … Sun", "day"),
            _f("backups_keep", "Backups kept", "daily snapshots ({range})"),
        ],
    ),
]
FIELDS: dict[str, Field] = {fld.key: fld for _title, fields in SECTIONS for fld in fields}

#: Each Settings field as the user meets it here (for messages in the user's words).
LABELS: dict[str, UserLabel] = {
    fld.target: UserLabel(fld.label, fld.unit)
    for fld in FIELDS.values()
    if fld.target != "energy_scale"
} | {"energy_scale": UserLabel("Check-in scale"), "activity_kinds": UserLabel("Activity kinds")}

#: Problems the model finds with the settings as a whole, by the field the user fixes:
#: (words of the model's message, the field it belongs to, the other field it names).
_WHOLE_PROBLEMS = (
    ("daily cap", "daily_cap", "daily_target"),
    ("red threshold", "risk_red", "risk_amber"),
)


def settings_problems(
    current: dict[str, Any],
    changes: dict[str, Any],
    labels: dict[str, UserLabel] = LABELS,
) -> dict[str, str]:
    """Check ``changes`` over the ``current`` settings: {field: why, in the user's words
    (naming the field by ``labels``)} for each problem; empty when they are valid.

    A problem of the whole (the cap below the target) is put on the field that changed:
    the cap's, unless only the other field it names (the target) was changed.
    """
    from pydantic import ValidationError

    try:
        Settings.model_validate({**current, **changes})
    except ValidationError as exc:
        out: dict[str, str] = {}
        for err, message in zip(exc.errors(), user_messages(exc, labels), strict=True):
            loc = err.get("loc", ())
            field = str(loc[0]) if loc else "_form"
            if not loc:
                lowered = message.lower()
                for words, own, other in _WHOLE_PROBLEMS:
                    if words in lowered:
                        field = other if other in changes and own not in changes else own
                        break
            out.setdefault(field, message)
        return out
    return {}


def _day_text(days: list[int]) -> str:
    return ", ".join(DAY_NAMES[d] for d in days)


def _parse_day(text: str) -> int:
    t = text.strip()[:3].lower()
    for i, name in enumerate(DAY_NAMES):
        if name.lower() == t:
            return i
    raise ValueError(f"{text.strip()!r} is not a weekday (Mon … Sun)")


def parse_field(fld: Field, text: str) -> Any:
    """The value of one field's text, or ValueError with a message for the user."""
    text = text.strip()
    if fld.kind == "int":
        if not text:
            raise ValueError(f"{fld.label} needs a whole number")
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a whole number") from None
    if fld.kind == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number like 0.8") from None
    if fld.kind == "days":
        parts = [p for p in text.replace(";", ",").split(",") if p.strip()]
        return sorted({_parse_day(p) for p in parts})
    return _parse_day(text)


def kind_summary(kind: ActivityKind) -> str:
    parts = ["counts toward the quota" if kind.counts_toward_quota else "not outreach"]
    if kind.meeting:
        parts.append("meeting")
    return " · ".join(parts)


def _row(label: str, value: str, message: str, *, error: bool = False) -> Content:
    """One setting: label, value and message in columns; a value longer than its
    column (a theme's name, a typed text) is shown whole and pushes the message on. A
    kind's name is data: its control characters show as stand-ins."""
    label, value = shown(label), shown(value)
    return Content.assemble(
        (label[: LABEL_W - 1].ljust(LABEL_W), ""),
        (value.ljust(VALUE_W) if len(value) < VALUE_W else value + " ", "bold"),
        (message, "bold $error" if error else "$text-muted"),
    )


class SettingsList(OptionList):
    """Every setting, one row each; holds the focus so the screen keys work.

    Its keys act on the screen while they are handled (not through a message), so that
    keys typed right behind them (``enter 5 0 enter``) land in the edit line they open.
    """

    BINDINGS = [
        Binding("left", "step(-1)", "Previous theme", show=False),
        Binding("right", "step(1)", "Next theme", show=False),
        Binding("enter", "choose", "Edit", show=False),
    ]

    @property
    def settings_screen(self) -> SettingsScreen:
        screen = self.screen
        assert isinstance(screen, SettingsScreen)
        return screen

    def action_choose(self) -> None:
        option = self.highlighted_option
        if option is not None and not option.disabled:
            self.settings_screen.choose_row(option.id or "")

    class StepTheme(Message):
        """Left / right on the theme row: the previous or next theme."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def action_step(self, step: int) -> None:
        if self.highlighted_option is not None and self.highlighted_option.id == "theme":
            self.post_message(self.StepTheme(step))

    def on_key(self, event: events.Key) -> None:
        """A digit (or . - +) typed on a number's row starts editing it with what was
        typed, as in a spreadsheet: after enter moves to the next setting, typing goes
        on there. Letters stay the screen's keys.

        The edit starts here, while the key is handled (not from a message), so the
        focus has moved to the edit line before the next key typed arrives."""
        char = event.character
        option = self.highlighted_option
        if not char or char not in TYPE_TO_EDIT or option is None or option.id not in FIELDS:
            return
        event.stop()
        event.prevent_default()
        self.settings_screen.start_edit(option.id, typed=char)


class EditLine(TextInput):
    """The edit line: ``enter`` keeps the value and goes on to the next setting, at
    once (see :class:`SettingsList`)."""

    # Shown while the line is edited (the bar says how a value is saved).
    BINDINGS = [Binding("enter", "next", "Save and next")]

    def action_next(self) -> None:
        screen = self.screen
        assert isinstance(screen, SettingsScreen)
        screen.end_edit(next_row=True)


class SettingsScreen(HabitnetScreen[None]):
    CSS_PATH = "settings.tcss"

    BINDINGS = [
        Binding("a", "add_kind", "Add kind"),
        Binding("ctrl+r", "revert", "Drop unsaved"),
        # In the key bar only while a value is edited (see check_action).
        Binding("escape", "leave_field", "Save and leave"),
        # Each valid change is saved as it is made; ctrl+s (from habit) saves the line
        # being edited now.
        Binding("ctrl+s", "save", "Save the value being edited", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown_settings: Settings | None = None
        self._built = False
        self.pending: dict[str, str] = {}  # field key -> text typed, when it differs
        self.errors: dict[str, str] = {}
        self._parse_errors: dict[str, str] = {}
        self._index: dict[str, int] = {}  # row id -> option index
        self._shown_rows: dict[str, Content] = {}
        self.editing: str | None = None
        self._offered_revert = False  # ctrl+r is offered while something waits unsaved

    def compose(self) -> ComposeResult:
        yield StatusLine()
        yield Static("Loading your data…", id="loading")
        with Vertical(id="settings-body"):
            yield Static(
                "enter edits the highlighted setting (or type a number on it). Each valid "
                "change is saved as you leave its line; a bad one shows why and is not saved.",
                id="settings-intro",
            )
            yield SettingsList(id="settings-list")
            with Horizontal(id="editor"):
                yield Label("", id="edit-label")
                yield EditLine(compact=True, id="edit-input")
                yield Label("", id="edit-msg", markup=False)
            yield Label("", id="m-_form", markup=False)
            yield Label("", id="row-problem", markup=False)
            yield Label("", id="settings-saved", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#editor").display = False
        self.watch(self.app, "data_version", self._data_changed, init=False)
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def on_screen_suspend(self) -> None:
        """Leaving Settings (another screen, a form over it): save what can be saved; say
        what cannot when leaving for another screen."""
        if not self.session_ready():
            return
        self.commit_typing()
        if self.pending and self.app.current_mode != "settings":
            self.notify(
                f"Not saved: {self.unsaved_text()}. It waits in Settings (ctrl+r there drops it).",
                title="Settings",
                severity="warning",
                timeout=8,
                markup=False,
            )

    def _data_changed(self, _version: int) -> None:
        if self.is_current:
            self.refresh_data()

    # -- rows --------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        session = self.app.session
        assert session is not None, "the settings show once the data has loaded"
        return session.state.settings

    def refresh_data(self) -> None:
        app = self.app
        body = self.query_one("#settings-body")
        loading = self.query_one("#loading")
        if app.session is None:
            loading.display, body.display = True, False
            return
        loading.display, body.display = False, True
        if self.settings is not self._shown_settings:
            self._shown_settings = self.settings
            self._rebuild()
        if not self._built:
            self._built = True
            self.query_one(SettingsList).focus()

    def _rebuild(self) -> None:
        """All rows again (on first show and when the saved settings change)."""
        s = self.settings
        self.pending = {k: v for k, v in self.pending.items() if v.strip() != self.current_text(k)}
        self._parse_errors = {}
        for key, text in self.pending.items():
            self._parse(key, text)
        self.errors = self._check()
        options: list[Option] = []
        index: dict[str, int] = {}

        def header(title: str) -> None:
            options.append(Option(Content.styled(title, "bold $primary"), disabled=True))

        def add(row_id: str, prompt: Content) -> None:
            index[row_id] = len(options)
            options.append(Option(prompt, id=row_id))

        header("Appearance")
        add("theme", _row("Theme", self.app.theme, THEME_HINT))
        for title, fields in SECTIONS:
            header(title)
            for fld in fields:
                add(fld.key, self._field_row(fld.key))
        header("Activity kinds (enter edits, a adds)")
        for i, k in enumerate(s.activity_kinds):
            add(f"kind-{i}", _row(k.name, f"{k.cost} pt", kind_summary(k)))
        add(ADD_KIND, _row("+ Add a kind…", "", "name, cost, quota, meeting"))
        olist = self.query_one(SettingsList)
        highlighted = olist.highlighted
        olist.set_options(options)
        self._index = index
        self._shown_rows = {}
        if highlighted is None or highlighted >= len(options):
            highlighted = 1
        olist.highlighted = highlighted
        self._show_form_error()
        self._note_unsaved()

    def current_text(self, key: str) -> str:
        s = self.settings
        fld = FIELDS[key]
        if fld.target == "energy_scale":
            return f"{s.energy_scale[int(key.split('-')[1])]:g}"
        value = getattr(s, fld.target)
        if fld.kind == "days":
            return _day_text(value)
        if fld.kind == "day":
            return DAY_NAMES[value]
        return str(value)

    def text_of(self, key: str) -> str:
        return self.pending.get(key, self.current_text(key))

    def message(self, key: str) -> str:
        """What shows beside a field: its error, else its hint."""
        return self.errors.get(key, FIELDS[key].hint)

    def _field_row(self, key: str) -> Content:
        dirty = key in self.pending
        value = self.text_of(key).strip() + (" •" if dirty else "")
        return _row(FIELDS[key].label, value, self.message(key), error=key in self.errors)

    def _update_rows(self, keys: Any) -> None:
        olist = self.query_one(SettingsList)
        for key in keys:
            if key not in FIELDS:
                continue
            prompt = self._field_row(key)
            if self._shown_rows.get(key) != prompt:
                self._shown_rows[key] = prompt
                olist.replace_option_prompt_at_index(self._index[key], prompt)

    def highlight(self, row_id: str) -> None:
        self.query_one(SettingsList).highlighted = self._index[row_id]

    def on_resize(self) -> None:
        # A short terminal keeps its lines for the settings.
        self.query_one("#settings-intro").display = self.size.height >= 20

    @on(OptionList.OptionHighlighted, "#settings-list")
    def _row_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_row_problem()

    def _say(self, selector: str, text: str) -> None:
        """Show ``text`` in one of the lines under the list; an empty one takes no room."""
        label = self.query_one(selector, Label)
        label.update(text)
        label.display = bool(text)

    def _show_row_problem(self) -> None:
        """The highlighted row's problem, whole, under the list (a narrow row cuts it)."""
        option = self.query_one(SettingsList).highlighted_option
        row = option.id if option is not None else None
        text = ""
        if row in self.errors and self.editing is None:
            text = f"{self.errors[row]} (typed: {self.pending.get(row, '').strip()!r}; not saved)"
        self._say("#row-problem", text)

    # -- validation --------------------------------------------------------------------

    def _parse(self, key: str, text: str) -> None:
        try:
            parse_field(FIELDS[key], text)
        except ValueError as exc:
            self._parse_errors[key] = str(exc)
        else:
            self._parse_errors.pop(key, None)

    def read(self, keys: Any = None) -> dict[str, Any]:
        """The settings changes the pending fields make (all of them, or ``keys``); fields
        that do not parse are left out."""
        s = self.settings
        changes: dict[str, Any] = {}
        scale = dict(s.energy_scale)
        for key, text in self.pending.items():
            if key in self._parse_errors or (keys is not None and key not in keys):
                continue
            fld = FIELDS[key]
            value = parse_field(fld, text)
            if fld.target == "energy_scale":
                scale[int(key.split("-")[1])] = value
            else:
                changes[fld.target] = value
        if scale != s.energy_scale:
            changes["energy_scale"] = scale
        return changes

    def _check(self) -> dict[str, str]:
        """{field key: message}: parse errors, then the settings checked as a whole."""
        errors = dict(self._parse_errors)
        if self.pending:
            for target, msg in self._problems(self.read()).items():
                key = self._key_for(target, msg)
                errors.setdefault(key, self._message_for(key, msg))
        return errors

    def _problems(self, changes: dict[str, Any]) -> dict[str, str]:
        return settings_problems(self.settings.model_dump(), changes)

    def _key_for(self, target: str, msg: str) -> str:
        if target == "energy_scale":
            for n in CHECKIN_LEVELS:
                if f"energy {n} (" in msg:  # the model's words for level n
                    return f"energy_scale-{n}"
            return "energy_scale-1"
        return target if target in FIELDS else "_form"

    def _message_for(self, key: str, msg: str) -> str:
        """The model's message for a check-in level's factor, said for its row."""
        if key.startswith("energy_scale-") and "is outside" in msg:
            return f"{FIELDS[key].label.rstrip(' →')} must be between 0 and {ENERGY_FACTOR_MAX:g}"
        return msg

    def set_text(self, key: str, text: str) -> None:
        """A field's text changed: parse it, check the whole, and update the rows."""
        if text.strip() == self.current_text(key):
            self.pending.pop(key, None)
        else:
            self.pending[key] = text
        self._parse(key, text)
        before = self.errors
        self.errors = self._check()
        every = set(before) | set(self.errors)
        changed = {key} | {k for k in every if before.get(k) != self.errors.get(k)}
        self._update_rows(changed)
        self._show_form_error()
        if self.editing == key:
            self._show_edit_message()
        self._note_unsaved()

    def _show_form_error(self) -> None:
        self._say("#m-_form", self.errors.get("_form", ""))
        self._show_row_problem()

    def _show_edit_message(self) -> None:
        assert self.editing is not None
        msg = self.query_one("#edit-msg", Label)
        msg.update(self.message(self.editing))
        msg.set_class(self.editing in self.errors, "-error")

    # -- editing -----------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#settings-list")
    def _row_clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose_row(event.option.id or "")

    def choose_row(self, row: str) -> None:
        """``enter`` (or a click) on a row: edit it, or what the row does."""
        if row == "theme":
            self.step_theme(1)
        elif row == ADD_KIND:
            self.action_add_kind()
        elif row.startswith("kind-"):
            self.edit_kind(int(row.split("-")[1]))
        elif row in FIELDS:
            self.start_edit(row)

    def start_edit(self, key: str, typed: str | None = None) -> None:
        """Edit ``key`` in the edit line: its value, or ``typed`` in its place."""
        self.editing = key
        self.refresh_bindings()  # esc joins the key bar
        self._say("#settings-saved", "")  # what the last edit did is old news now
        self.query_one("#edit-label", Label).update(FIELDS[key].label)
        box = self.query_one("#edit-input", Input)
        with box.prevent(Input.Changed):
            box.value = self.text_of(key)
        # enter on a row selects the value (typing replaces it); a digit typed on a row
        # starts the value, and the next digits go on after it
        box.select_on_focus = typed is None
        if typed is not None:
            box.value = typed  # checked at once, like any edit
        self._show_edit_message()
        self.query_one("#editor").display = True
        box.focus()
        box.cursor_position = len(box.value)

    def end_edit(self, *, next_row: bool = False) -> None:
        """Leave the edit line (to the next setting with ``next_row``) and save each
        valid change."""
        if self.editing is None:
            return
        box = self.query_one("#edit-input", Input)
        self.set_text(self.editing, box.value)  # what is in the box (a last Changed may wait)
        key, self.editing = self.editing, None
        self.refresh_bindings()
        self.query_one("#editor").display = False
        olist = self.query_one(SettingsList)
        olist.focus()
        if next_row:
            keys = list(FIELDS)
            pos = keys.index(key)
            if pos + 1 < len(keys):
                olist.highlighted = self._index[keys[pos + 1]]
        self.save_valid()

    def commit_typing(self) -> None:
        """Leave the edit line, saving what is valid (before quitting, leaving)."""
        if self.editing is not None:
            self.end_edit()
        else:
            self.save_valid()

    @on(Input.Changed, "#edit-input")
    def _edit_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.editing is not None:
            self.set_text(self.editing, event.value)

    @on(Input.Blurred, "#edit-input")
    def _edit_blurred(self, event: Input.Blurred) -> None:
        # Looked at once the focus has settled: the blur may be the last edit's (its
        # enter moved the focus to the list) arriving after a digit started the next.
        self.call_after_refresh(self._end_if_left)

    def _end_if_left(self) -> None:
        """End the edit when the focus has left the edit line (a click elsewhere)."""
        if self.editing is not None and self.app.focused is not self.query_one("#edit-input"):
            self.end_edit()

    def action_leave_field(self) -> None:
        self.end_edit()

    # -- theme and kinds ---------------------------------------------------------------

    def on_settings_list_step_theme(self, message: SettingsList.StepTheme) -> None:
        self.step_theme(message.step)

    def step_theme(self, step: int) -> None:
        app = self.app
        names = list(app.habitnet_themes())
        if not names:
            return
        pos = names.index(app.theme) if app.theme in names else -1
        name = names[(pos + step) % len(names)]
        app.set_theme_setting(name)
        olist = self.query_one(SettingsList)
        olist.replace_option_prompt_at_index(self._index["theme"], _row("Theme", name, THEME_HINT))

    def action_add_kind(self) -> None:
        self.edit_kind(None)

    def edit_kind(self, index: int | None) -> None:
        app = self.app
        if app.session is None or not app.writable("change the activity kinds"):
            return
        from .forms.kind import KindScreen

        app.push_screen(KindScreen(index))

    # -- saving ------------------------------------------------------------------------

    def saveable(self) -> list[str]:
        """The pending fields that can be saved: the most of them (in the list's order)
        that make valid settings together; the others stay pending with their problem."""
        candidates = [k for k in FIELDS if k in self.pending and k not in self._parse_errors]
        accepted: list[str] = []
        grew = True
        while grew:  # a cap and a target raised together may only fit each other
            grew = False
            for key in candidates:
                if key in accepted:
                    continue
                trial = [*accepted, key]
                if not self._problems(self.read(trial)):
                    accepted, grew = trial, True
        return accepted

    def save_valid(self) -> None:
        """Save each pending change that is valid now (see :meth:`saveable`)."""
        try:
            self._save_valid()
        finally:
            self._note_unsaved()

    def _save_valid(self) -> None:
        app = self.app
        if not self.pending or app.session is None or not self._built:
            return
        keys = self.saveable()
        if not keys or not app.writable("change the settings"):
            return
        try:
            app.session.update_settings(**self.read(keys))
        except ValueError as exc:
            self.errors["_form"] = "; ".join(user_messages(exc, LABELS))
            self._show_form_error()
            return
        for key in keys:
            self.pending.pop(key, None)
        # (the session told the app: the rows are rebuilt from the saved settings)
        self._update_rows(keys)
        saved = ", ".join(f"{FIELDS[k].label.rstrip(' →')} {self.text_of(k)}" for k in keys)
        self._say("#settings-saved", f"Saved: {saved}. (u on Today undoes)")

    def unsaved_text(self) -> str:
        """What is typed and not saved, and why, in a line (empty when nothing is)."""
        return "; ".join(
            f"{self.errors.get(k) or FIELDS[k].label.rstrip(' →')} (typed: {v.strip()!r})"
            for k, v in self.pending.items()
        )

    def _note_unsaved(self) -> None:
        """Tell the app what waits here unsaved (quitting asks about it); offer ctrl+r
        while something does."""
        self._show_row_problem()
        if self.pending and self.editing is None:
            self.app.unsaved_typing["Settings"] = self.unsaved_text()
        else:
            self.app.unsaved_typing.pop("Settings", None)
        if bool(self.pending) != self._offered_revert:
            self._offered_revert = bool(self.pending)
            self.refresh_bindings()

    # -- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "revert":
            return bool(self.pending)  # shown only when something waits unsaved
        if action == "leave_field":
            return self.editing is not None
        return True

    def action_revert(self) -> None:
        if not self.session_ready():
            return
        self.end_edit()
        keys = list(self.pending) + list(self.errors)
        self.pending, self._parse_errors, self.errors = {}, {}, {}
        self._update_rows(keys)
        self._show_form_error()
        self._note_unsaved()
        self._say("#settings-saved", "Dropped what was not saved.")

    def session_ready(self) -> bool:
        return self.app.session is not None and self._built

    def dirty_fields(self) -> list[str]:
        return list(self.pending)

    def action_save(self) -> None:
        """ctrl+s: leave the edit line, saving what is valid (each change is saved as it
        is made anyway)."""
        if self.session_ready():
            self.commit_typing()
