"""Settings: every number in one list, edited one at a time; activity kinds in a form.

The screen is one ``OptionList`` (a row per setting: label, value, hint or error) and an
edit line below it, so it mounts about ten widgets however many kinds there are. ``enter``
on a row edits it in the edit line; each keystroke parses that field and checks the
settings as a whole, and the row shows the problem beside the value. Edits stay pending
(marked ``•``) until ``ctrl+s`` saves them, only when every field is valid; ``ctrl+r``
reverts. The theme row cycles themes with ``enter``/``←``/``→`` and applies (and
remembers) at once. Activity kinds open a form (``enter`` on a kind, ``a`` adds one);
a kind's changes are saved when that form is submitted.
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

from ..models import CheckIn, Settings
from ..widgets.keybar import KeyBar
from ..widgets.statusline import StatusLine
from .base import HabitnetScreen
from .forms.limits import levels, range_text

if TYPE_CHECKING:
    from ..models import ActivityKind

#: The check-in's energy levels (the model's): one energy-scale row each.
CHECKIN_LEVELS = levels(CheckIn, "energy")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LABEL_W = 28
VALUE_W = 16
ADD_KIND = "add-kind"
TYPE_TO_EDIT = frozenset("0123456789.-+")  # keys that start editing a number's row


@dataclass(frozen=True)
class Field:
    key: str  # row id
    label: str
    kind: str  # int | float | days | day
    hint_text: str  # "{range}" in it stands for the range the model allows
    target: str  # Settings field it feeds

    @property
    def hint(self) -> str:
        if "{range}" not in self.hint_text:
            return self.hint_text
        return self.hint_text.format(range=range_text(Settings, self.target))


def _f(key: str, label: str, hint: str, kind: str = "int", target: str = "") -> Field:
    return Field(key, label, kind, hint, target or key)


SECTIONS: list[tuple[str, list[Field]]] = [
    (
        "Outreach quota",
        [
            _f("daily_target", "Daily target", "outreach that makes a day done ({range})"),
            _f("daily_cap", "Daily cap", "beyond this, outreach needs a reason (≥ target)"),
        ],
    ),
    (
        "Energy",
        [
            _f("daily_budget", "Daily budget", "points per day before check-in scaling"),
            _f("weekly_budget", "Weekly budget", "points per week"),
            *(
                _f(
                    f"energy_scale-{n}",
                    f"Check-in energy {n} →",
                    "share of the daily budget (0–1.5)",
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
            _f("max_active_streak", "Most active days in a row", "then a rest day ({range})"),
            _f("high_cost_threshold", "High-cost from", "points; e.g. volunteering, events"),
            _f("high_cost_per_week", "High-cost per week", "at most ({range})"),
        ],
    ),
    (
        "Burnout guard",
        [
            _f("risk_amber", "Amber from", "risk score ({range})"),
            _f("risk_red", "Red from", "risk score, above amber"),
            _f("recovery_days", "Recovery days", "after a red day ({range})"),
        ],
    ),
    (
        "Relationships",
        [
            _f("default_cadence_days", "Follow-up every", "days, for new contacts"),
            _f("thank_you_days", "Thank-you within", "days after a meeting ({range})"),
            _f("reconnect_days", "Reconnect after", "days without contact ({range})"),
            _f("one_sided_window", "One-sided window", "last N interactions checked"),
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
            raise ValueError("required")
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
        parts.append("meeting: thank-you due")
    return " · ".join(parts)


def _row(label: str, value: str, message: str, *, error: bool = False) -> Content:
    """One setting: label, value and message in columns; a value longer than its
    column (a theme's name, a typed text) is shown whole and pushes the message on."""
    return Content.assemble(
        (label[: LABEL_W - 1].ljust(LABEL_W), ""),
        (value.ljust(VALUE_W) if len(value) < VALUE_W else value + " ", "bold"),
        (message, "bold $error" if error else "$text-muted"),
    )


class SettingsList(OptionList):
    """Every setting, one row each; holds the focus so the screen keys work."""

    BINDINGS = [
        Binding("left", "step(-1)", "Previous theme", show=False),
        Binding("right", "step(1)", "Next theme", show=False),
    ]

    class StepTheme(Message):
        """Left / right on the theme row: the previous or next theme."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class TypedOnRow(Message):
        """A digit typed on a number's row: edit it, starting with that character."""

        def __init__(self, row: str, typed: str) -> None:
            super().__init__()
            self.row = row
            self.typed = typed

    def action_step(self, step: int) -> None:
        if self.highlighted_option is not None and self.highlighted_option.id == "theme":
            self.post_message(self.StepTheme(step))

    def on_key(self, event: events.Key) -> None:
        """A digit (or . - +) typed on a number's row starts editing it with what was
        typed, as in a spreadsheet: after enter moves to the next setting, typing goes
        on there. Letters stay the screen's keys."""
        char = event.character
        option = self.highlighted_option
        if not char or char not in TYPE_TO_EDIT or option is None or option.id not in FIELDS:
            return
        event.stop()
        event.prevent_default()
        self.post_message(self.TypedOnRow(option.id, char))


class SettingsScreen(HabitnetScreen[None]):
    CSS_PATH = "settings.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+r", "revert", "Revert"),
        Binding("a", "add_kind", "Add kind"),
        Binding("escape", "leave_field", "Leave field", show=False),
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

    def compose(self) -> ComposeResult:
        yield StatusLine()
        yield Static("Loading your data…", id="loading")
        with Vertical(id="settings-body"):
            yield Static(
                "enter edits the highlighted setting · ctrl+s saves when every field is "
                "valid · ctrl+r reverts · a adds an activity kind · the theme applies at once",
                id="settings-intro",
            )
            yield SettingsList(id="settings-list")
            with Horizontal(id="editor"):
                yield Label("", id="edit-label")
                yield Input(compact=True, id="edit-input")
                yield Label("", id="edit-msg")
            yield Label("", id="m-_form")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#editor").display = False
        self.watch(self.app, "data_version", self._data_changed, init=False)
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

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
        add("theme", _row("Theme", self.app.theme, "enter / ← → switch; applies at once"))
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

    # -- validation --------------------------------------------------------------------

    def _parse(self, key: str, text: str) -> None:
        try:
            parse_field(FIELDS[key], text)
        except ValueError as exc:
            self._parse_errors[key] = str(exc)
        else:
            self._parse_errors.pop(key, None)

    def read(self) -> dict[str, Any]:
        """The settings changes the pending fields make (fields that do not parse are left out)."""
        s = self.settings
        changes: dict[str, Any] = {}
        scale = dict(s.energy_scale)
        for key, text in self.pending.items():
            if key in self._parse_errors:
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
        from .forms import settings_errors

        errors = dict(self._parse_errors)
        if self.pending:
            for target, msg in settings_errors(self.settings.model_dump(), self.read()).items():
                errors.setdefault(self._key_for(target, msg), msg)
        return errors

    def _key_for(self, target: str, msg: str) -> str:
        if target == "energy_scale":
            for n in CHECKIN_LEVELS:
                if f"energy {n} (" in msg:  # the model's words for level n
                    return f"energy_scale-{n}"
            return "energy_scale-1"
        return target if target in FIELDS else "_form"

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

    def _show_form_error(self) -> None:
        self.query_one("#m-_form", Label).update(self.errors.get("_form", ""))

    def _show_edit_message(self) -> None:
        assert self.editing is not None
        msg = self.query_one("#edit-msg", Label)
        msg.update(self.message(self.editing))
        msg.set_class(self.editing in self.errors, "-error")

    # -- editing -----------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#settings-list")
    def _row_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = event.option.id or ""
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
        self.query_one("#edit-label", Label).update(FIELDS[key].label)
        box = self.query_one("#edit-input", Input)
        with box.prevent(Input.Changed):
            box.value = self.text_of(key)
        if typed is not None:
            box.value = typed  # checked at once, like any edit
        self._show_edit_message()
        self.query_one("#editor").display = True
        box.focus()
        box.cursor_position = len(box.value)

    def end_edit(self, *, next_row: bool = False) -> None:
        if self.editing is None:
            return
        key, self.editing = self.editing, None
        self.query_one("#editor").display = False
        olist = self.query_one(SettingsList)
        olist.focus()
        if next_row:
            keys = list(FIELDS)
            pos = keys.index(key)
            if pos + 1 < len(keys):
                olist.highlighted = self._index[keys[pos + 1]]

    @on(Input.Changed, "#edit-input")
    def _edit_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.editing is not None:
            self.set_text(self.editing, event.value)

    @on(Input.Submitted, "#edit-input")
    def _edit_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.end_edit(next_row=True)

    @on(Input.Blurred, "#edit-input")
    def _edit_blurred(self, event: Input.Blurred) -> None:
        if self.editing is not None:
            self.end_edit()

    def action_leave_field(self) -> None:
        self.end_edit()

    # -- theme and kinds ---------------------------------------------------------------

    def on_settings_list_step_theme(self, message: SettingsList.StepTheme) -> None:
        self.step_theme(message.step)

    def on_settings_list_typed_on_row(self, message: SettingsList.TypedOnRow) -> None:
        self.start_edit(message.row, typed=message.typed)

    def step_theme(self, step: int) -> None:
        app = self.app
        names = list(app.habitnet_themes())
        if not names:
            return
        pos = names.index(app.theme) if app.theme in names else -1
        name = names[(pos + step) % len(names)]
        app.set_theme_setting(name)
        olist = self.query_one(SettingsList)
        olist.replace_option_prompt_at_index(
            self._index["theme"], _row("Theme", name, "enter / ← → switch; applies at once")
        )

    def action_add_kind(self) -> None:
        self.edit_kind(None)

    def edit_kind(self, index: int | None) -> None:
        app = self.app
        if app.session is None or not app.writable("change the activity kinds"):
            return
        from .forms.kind import KindScreen

        app.push_screen(KindScreen(index))

    # -- actions -----------------------------------------------------------------------

    def action_revert(self) -> None:
        if not self.session_ready():
            return
        self.end_edit()
        keys = list(self.pending) + list(self.errors)
        self.pending, self._parse_errors, self.errors = {}, {}, {}
        self._update_rows(keys)
        self._show_form_error()
        self.notify("Reverted to the saved settings.", timeout=3)

    def session_ready(self) -> bool:
        return self.app.session is not None and self._built

    def dirty_fields(self) -> list[str]:
        return list(self.pending)

    def action_save(self) -> None:
        app = self.app
        if app.session is None or not self._built or not app.writable("change the settings"):
            return
        self.end_edit()
        if self.errors:
            n = len(self.errors)
            self.notify(
                f"{n} field{'s' if n > 1 else ''} to fix before saving; see beside the fields.",
                severity="warning",
            )
            return
        if not self.pending:
            self.notify("Nothing changed.", timeout=3)
            return
        try:
            app.session.update_settings(**self.read())
        except ValueError as exc:
            from ..models import format_validation_error

            self.errors = {"_form": format_validation_error(exc)}
            self._show_form_error()
            return
        self.pending = {}
        self.notify("Settings saved.", timeout=4)
