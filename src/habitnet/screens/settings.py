"""Settings: every number, validated beside its field; the theme with a live preview.

Edits stay pending until ``ctrl+s`` saves them, and only when every field is valid. The
theme applies (and is remembered) at once. Focus starts on the form, not in a field, so
the screen keys work; ``enter``/``tab`` go into the fields and ``escape`` leaves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Static

from ..widgets.statusline import StatusLine

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Field:
    key: str  # widget id suffix
    label: str
    kind: str  # int | float | days | day
    hint: str
    target: str  # Settings field it feeds


def _fields(kinds: list[Any]) -> list[tuple[str, list[Field]]]:
    def f(key: str, label: str, hint: str, kind: str = "int", target: str = "") -> Field:
        return Field(key, label, kind, hint, target or key)

    sections: list[tuple[str, list[Field]]] = [
        (
            "Outreach quota",
            [
                f("daily_target", "Daily target", "outreach that makes a day done (0–50)"),
                f("daily_cap", "Daily cap", "beyond this, outreach needs a reason (≥ target)"),
            ],
        ),
        (
            "Energy",
            [
                f("daily_budget", "Daily budget", "points per day before check-in scaling"),
                f("weekly_budget", "Weekly budget", "points per week"),
                *(
                    f(
                        f"energy_scale-{n}",
                        f"Check-in energy {n} →",
                        "share of the daily budget (0–1.5)",
                        "float",
                        "energy_scale",
                    )
                    for n in range(1, 6)
                ),
            ],
        ),
        (
            "Rest and limits",
            [
                f("rest_weekdays", "Rest days", "e.g. Sun or Sat, Sun (empty: none)", "days"),
                f("max_active_streak", "Most active days in a row", "then a rest day (1–30)"),
                f("high_cost_threshold", "High-cost from", "points; e.g. volunteering, events"),
                f("high_cost_per_week", "High-cost per week", "at most (0–20)"),
            ],
        ),
        (
            "Burnout guard",
            [
                f("risk_amber", "Amber from", "risk score (1–99)"),
                f("risk_red", "Red from", "risk score, above amber"),
                f("recovery_days", "Recovery days", "after a red day (1–14)"),
            ],
        ),
        (
            "Relationships",
            [
                f("default_cadence_days", "Follow-up every", "days, for new contacts"),
                f("thank_you_days", "Thank-you within", "days after a meeting (0–14)"),
                f("reconnect_days", "Reconnect after", "days without contact (7–3650)"),
                f("one_sided_window", "One-sided window", "last N interactions checked"),
            ],
        ),
        (
            "Activity costs",
            [
                f(f"kind-{i}", k.name, "energy points (0–20)", "int", "activity_kinds")
                for i, k in enumerate(kinds)
            ],
        ),
        (
            "Calendar and data",
            [
                f("week_start", "Week starts on", "Mon … Sun", "day"),
                f("backups_keep", "Backups kept", "daily snapshots (1–365)"),
            ],
        ),
    ]
    return sections


def _day_text(days: list[int]) -> str:
    return ", ".join(DAY_NAMES[d] for d in days)


def _parse_day(text: str) -> int:
    t = text.strip()[:3].lower()
    for i, name in enumerate(DAY_NAMES):
        if name.lower() == t:
            return i
    raise ValueError(f"{text.strip()!r} is not a weekday (Mon … Sun)")


class SettingsForm(VerticalScroll, can_focus=True):
    """The scrolling form; focusable itself so no field holds the focus at first."""


class SettingsScreen(Screen[None]):
    CSS_PATH = "settings.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+r", "revert", "Revert"),
        Binding("escape", "leave_field", "Leave field", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown_version: int | None = None
        self._sections: list[tuple[str, list[Field]]] = []
        self._built = False
        self.errors: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield StatusLine()
        yield Static("Loading your data…", id="loading")
        yield SettingsForm(id="settings-form")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self._data_changed, init=False)
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def _data_changed(self, _version: int) -> None:
        self.refresh_data()

    # -- building the form -------------------------------------------------------------

    def refresh_data(self) -> None:
        app: Any = self.app
        form = self.query_one("#settings-form", SettingsForm)
        loading = self.query_one("#loading")
        if app.session is None:
            loading.display, form.display = True, False
            return
        loading.display, form.display = False, True
        if not self._built:
            self._build(form)
        if self._shown_version != app.data_version and not self.dirty_fields():
            self.load_values()
        self._shown_version = app.data_version

    def _build(self, form: SettingsForm) -> None:
        app: Any = self.app
        settings = app.session.state.settings
        self._sections = _fields(list(settings.activity_kinds))
        widgets: list[Any] = [
            Static(
                "Edit a field (enter or tab), then ctrl+s saves when every field is valid; "
                "ctrl+r reverts. The theme applies at once.",
                classes="settings-intro",
            )
        ]
        theme_row = Horizontal(
            Label("Theme", classes="settings-label"),
            Select(
                [(name, name) for name in app.habitnet_themes()],
                value=app.theme if app.theme in app.available_themes else Select.NULL,
                allow_blank=False,
                compact=True,
                id="theme",
            ),
            Label("preview is live; remembered at once", classes="settings-hint"),
            classes="settings-row",
        )
        widgets += [Label("Appearance", classes="settings-section"), theme_row]
        for title, fields in self._sections:
            widgets.append(Label(title, classes="settings-section"))
            for fld in fields:
                widgets.append(
                    Horizontal(
                        Label(fld.label, classes="settings-label"),
                        Input(compact=True, id=f"f-{fld.key}", classes="settings-input"),
                        Label(fld.hint, id=f"m-{fld.key}", classes="settings-hint"),
                        classes="settings-row",
                    )
                )
        widgets.append(Label("", id="m-_form", classes="settings-error"))
        form.mount_all(widgets)
        self._built = True
        self.call_after_refresh(self.load_values)
        self.call_after_refresh(form.focus)

    def _all_fields(self) -> list[Field]:
        return [fld for _title, fields in self._sections for fld in fields]

    def current_text(self, fld: Field) -> str:
        app: Any = self.app
        s = app.session.state.settings
        if fld.target == "energy_scale":
            return f"{s.energy_scale[int(fld.key.split('-')[1])]:g}"
        if fld.target == "activity_kinds":
            return str(s.activity_kinds[int(fld.key.split("-")[1])].cost)
        value = getattr(s, fld.target)
        if fld.kind == "days":
            return _day_text(value)
        if fld.kind == "day":
            return DAY_NAMES[value]
        return str(value)

    def load_values(self) -> None:
        for fld in self._all_fields():
            try:
                box = self.query_one(f"#f-{fld.key}", Input)
            except Exception:
                continue
            with box.prevent(Input.Changed):
                box.value = self.current_text(fld)
        self.errors = {}
        self.show_errors()

    def dirty_fields(self) -> list[str]:
        if not self._built:
            return []
        out = []
        for fld in self._all_fields():
            try:
                box = self.query_one(f"#f-{fld.key}", Input)
            except Exception:
                continue
            if box.value.strip() != self.current_text(fld):
                out.append(fld.key)
        return out

    # -- validation --------------------------------------------------------------------

    def read(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(changes for Settings, {field key: error})."""
        app: Any = self.app
        s = app.session.state.settings
        changes: dict[str, Any] = {}
        errors: dict[str, str] = {}
        scale = dict(s.energy_scale)
        kinds = [k.model_dump() for k in s.activity_kinds]
        for fld in self._all_fields():
            text = self.query_one(f"#f-{fld.key}", Input).value.strip()
            try:
                if fld.kind == "int":
                    if not text:
                        raise ValueError("required")
                    try:
                        value: Any = int(text)
                    except ValueError:
                        raise ValueError(f"{text!r} is not a whole number") from None
                elif fld.kind == "float":
                    try:
                        value = float(text)
                    except ValueError:
                        raise ValueError(f"{text!r} is not a number like 0.8") from None
                elif fld.kind == "days":
                    parts = [p for p in text.replace(";", ",").split(",") if p.strip()]
                    value = sorted({_parse_day(p) for p in parts})
                else:
                    value = _parse_day(text)
            except ValueError as exc:
                errors[fld.key] = str(exc)
                continue
            if fld.target == "energy_scale":
                scale[int(fld.key.split("-")[1])] = value
            elif fld.target == "activity_kinds":
                kinds[int(fld.key.split("-")[1])]["cost"] = value
            else:
                changes[fld.target] = value
        changes["energy_scale"] = scale
        changes["activity_kinds"] = kinds
        # Check the rest as a whole too (fields that did not parse keep their old value).
        from .forms import settings_errors

        for target, msg in settings_errors(s.model_dump(), changes).items():
            errors.setdefault(self._key_for(target, msg), msg)
        return changes, errors

    def _key_for(self, target: str, msg: str) -> str:
        if target == "energy_scale":
            for n in range(1, 6):
                if f"[{n}]" in msg:
                    return f"energy_scale-{n}"
            return "energy_scale-1"
        if target == "activity_kinds":
            return "kind-0"
        known = {fld.key for fld in self._all_fields()}
        return target if target in known else "_form"

    def show_errors(self) -> None:
        for fld in self._all_fields():
            try:
                label = self.query_one(f"#m-{fld.key}", Label)
            except Exception:
                continue
            if fld.key in self.errors:
                label.update(self.errors[fld.key])
                label.set_classes("settings-error")
            else:
                label.update(fld.hint)
                label.set_classes("settings-hint")
        try:
            self.query_one("#m-_form", Label).update(self.errors.get("_form", ""))
        except Exception:
            pass

    @on(Input.Changed)
    def _field_changed(self, event: Input.Changed) -> None:
        _changes, self.errors = self.read()
        self.show_errors()

    @on(Input.Submitted)
    def _field_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    @on(Select.Changed, "#theme")
    def _theme_changed(self, event: Select.Changed) -> None:
        app: Any = self.app
        if event.value is not Select.NULL:
            app.set_theme_setting(str(event.value))

    # -- actions -----------------------------------------------------------------------

    def action_leave_field(self) -> None:
        self.query_one("#settings-form", SettingsForm).focus()

    def action_revert(self) -> None:
        if self.session_ready():
            self.load_values()
            self.notify("Reverted to the saved settings.", timeout=3)

    def session_ready(self) -> bool:
        app: Any = self.app
        return app.session is not None and self._built

    def action_save(self) -> None:
        app: Any = self.app
        if not self.session_ready() or not app.writable("change the settings"):
            return
        changes, self.errors = self.read()
        self.show_errors()
        if self.errors:
            n = len(self.errors)
            self.notify(
                f"{n} field{'s' if n > 1 else ''} to fix before saving; see beside the fields.",
                severity="warning",
            )
            return
        if not self.dirty_fields():
            self.notify("Nothing changed.", timeout=3)
            return
        try:
            app.session.update_settings(**changes)
        except ValueError as exc:
            from ..models import format_validation_error

            self.errors = {"_form": format_validation_error(exc)}
            self.show_errors()
            return
        app.changed("Settings saved.")
        self.load_values()
