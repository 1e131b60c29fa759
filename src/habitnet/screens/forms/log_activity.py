"""Log an activity: kind, contacts, direction, note, follow-up; limits are felt here.

The engine judges the activity live as the form changes. When it refuses, the form shows
the reasons with their numbers and an override field appears: going over a limit needs a
typed reason. Nothing is stored until the form is submitted and valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from ...widgets.contact_picker import ContactPicker, choices_from
from ...widgets.keybar import KeyBar
from . import FORM_CSS
from .modal import FormScreen, TextLine, reusable

if TYPE_CHECKING:
    from ...app import HabitnetApp

DIRECTIONS = (("mutual", "mutual"), ("gave", "gave (I helped)"), ("asked", "asked (I asked)"))


def kind_label(kind: Any) -> str:
    """How a kind reads in the list: its cost, and when it is not outreach, that too."""
    extra = "" if kind.counts_toward_quota else " · not counted toward the quota"
    return f"{kind.name} ({kind.cost} pt{extra})"


def parse_follow_up(text: str, today: date) -> date | None:
    """``YYYY-MM-DD``, ``+N`` (days from today) or empty. Raises ValueError with a reason."""
    value = text.strip()
    if not value:
        return None
    if value.startswith("+"):
        try:
            days = int(value[1:])
        except ValueError:
            raise ValueError(f"{value!r}: use +N for N days from today, e.g. +7") from None
        if not 0 <= days <= 3650:
            raise ValueError("+N must be between +0 and +3650 days")
        return today + timedelta(days=days)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date like 2026-12-01 (or +7)") from None
    if day < today:
        raise ValueError(f"{day} is in the past; a follow-up is a future date")
    return day


def log_form(app: HabitnetApp, **kwargs: Any) -> LogActivityScreen:
    """The log form to push: built on first use, then reloaded with ``kwargs``.

    Building the form's widgets is most of the cost of opening it (≈200 ms on 10-year
    data); an installed screen stays built between opens, so later opens only reload
    the values. A form already on the stack is never reused.
    """
    return reusable(
        app, "log-form", lambda: LogActivityScreen(**kwargs), lambda form: form.load(**kwargs)
    )


class LogActivityScreen(FormScreen[Any]):
    """Dismisses with the engine's Decision when logged, or None when cancelled."""

    DEFAULT_CSS = (
        FORM_CSS
        + """
    #log-grid {
        layout: grid; grid-size: 2; grid-columns: 11 1fr; grid-rows: auto; height: auto;
    }
    #log-grid > Input, #log-grid > Select { width: 1fr; }
    #log-grid > .form-error { padding-left: 0; }
    """
    )

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Log it"),
    ]

    def __init__(
        self,
        *,
        kind: str | None = None,
        contact_ids: Sequence[str] = (),
        direction: str = "mutual",
        note: str = "",
        title: str = "Log an activity",
    ) -> None:
        super().__init__()
        self.initial_kind = kind
        self.initial_contacts = tuple(contact_ids)
        self.initial_direction = direction
        self.initial_note = note
        self.form_title = title
        self.decision: Any = None
        self._override: Input | None = None
        self._error_labels: dict[str, Label] = {}
        self._errors_shown: dict[str, str] = {}
        self._verdict_shown: tuple[str, str] = ("", "")
        self._kind_options: list[tuple[str, str]] = []

    # -- layout ------------------------------------------------------------------------

    def _row(self, label: str, widget: Any, name: str) -> ComposeResult:
        # The form is a two-column grid (label, field): no container per row. The error
        # label under a field is mounted when there first is an error (see _set_error).
        # Fewer widgets make the form open faster.
        yield Label(label, classes="form-label")
        yield widget

    def compose(self) -> ComposeResult:
        session = self.session
        kinds = session.state.settings.activity_kinds
        chosen = session.state.settings.kind(self.initial_kind) if self.initial_kind else None
        kind = (chosen or kinds[0]).name
        with VerticalScroll(classes="form-box", id="log-box"):
            yield TextLine(self.form_title, classes="form-title")
            with Container(id="log-grid"):
                yield from self._fields(kinds, kind)
            yield Static("", id="verdict")
            with Vertical(id="override-box"):
                pass  # filled by show_override() when a limit is in the way
            with Horizontal(classes="form-buttons"):
                yield Button("Log it (ctrl+s)", id="submit", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield KeyBar()

    def _fields(self, kinds: Sequence[Any], kind: str) -> ComposeResult:
        app, session = self.app, self.session
        self._kind_options = [(kind_label(k), k.name) for k in kinds]
        yield from self._row(
            "Kind",
            Select(
                self._kind_options,
                value=kind,
                allow_blank=False,
                compact=True,
                id="kind",
            ),
            "kind",
        )
        yield from self._row(
            "With",
            ContactPicker(
                app.cached("contact-choices", lambda: choices_from(session.state.contacts)),
                self.initial_contacts,
                id="contacts",
            ),
            "contacts",
        )
        yield from self._row(
            "Direction",
            Select(
                [(label, value) for value, label in DIRECTIONS],
                value=self.initial_direction,
                allow_blank=False,
                compact=True,
                id="direction",
            ),
            "direction",
        )
        yield from self._row(
            "Cost",
            Input("", placeholder="blank = the kind's cost", compact=True, id="cost"),
            "cost",
        )
        yield from self._row("Note", Input(self.initial_note, compact=True, id="note"), "note")
        yield from self._row(
            "Follow up",
            Input("", placeholder="YYYY-MM-DD or +7 (optional)", compact=True, id="follow"),
            "follow",
        )

    @property
    def AUTO_FOCUS(self) -> str:  # type: ignore[override]  # noqa: N802
        # Focus once, on the right field (a second focus change restyles the form).
        return "#picker-search" if self.initial_kind is not None else "#kind"

    def on_mount(self) -> None:
        self.query_one("#override-box").display = False
        self.update_verdict()

    def load(
        self,
        *,
        kind: str | None = None,
        contact_ids: Sequence[str] = (),
        direction: str = "mutual",
        note: str = "",
        title: str = "Log an activity",
    ) -> None:
        """Start afresh in this already-built form (see ``log_form``)."""
        self.initial_kind = kind
        self.initial_contacts = tuple(contact_ids)
        self.initial_direction = direction
        self.initial_note = note
        self.form_title = title
        self.decision = None
        app, session = self.app, self.session
        settings = session.state.settings
        with self.prevent(Input.Changed, Select.Changed, ContactPicker.Changed):
            self.query_one(".form-title", TextLine).update(title)
            kind_select = self.query_one("#kind", Select)
            options = [(kind_label(k), k.name) for k in settings.activity_kinds]
            if options != self._kind_options:
                self._kind_options = options
                kind_select.set_options(options)
            chosen = settings.kind(kind) if kind else None
            kind_select.value = chosen.name if chosen else settings.activity_kinds[0].name
            self.query_one("#direction", Select).value = direction
            self.query_one("#contacts", ContactPicker).load(
                app.cached("contact-choices", lambda: choices_from(session.state.contacts)),
                self.initial_contacts,
            )
            for name, text in (("cost", ""), ("note", note), ("follow", "")):
                self.query_one(f"#{name}", Input).value = text
            if self._override is not None:
                self._override.value = ""
            self.query_one("#override-box").display = False
        for name in list(self._errors_shown):
            self._set_error(name, "")
        self.update_verdict()
        self.query_one("#log-box").scroll_home(animate=False, immediate=True)
        # The first field has the focus when the form shows.
        self.set_focus(self.query_one(self.AUTO_FOCUS, Widget), scroll_visible=False)

    def show_override(self) -> Input:
        """The override field (mounted the first time a limit is in the way)."""
        box = self.query_one("#override-box")
        if self._override is None:
            self._override = Input(
                "",
                placeholder="why go over the limit today? (required)",
                compact=True,
                id="override",
            )
            box.mount(
                Horizontal(
                    Label("Override", classes="form-label"),
                    self._override,
                    classes="form-row",
                    id="override-row",
                )
            )
        box.display = True
        return self._override

    def override_reason(self) -> str:
        return self._override.value.strip() if self._override is not None else ""

    # -- reading the form --------------------------------------------------------------

    def _set_error(self, name: str, message: str) -> None:
        """Show ``message`` under the field ``name`` (or hide its error when empty).

        Only a change touches the screen: a label update re-lays out the whole form.
        """
        if self._errors_shown.get(name, "") == message:
            return
        self._errors_shown[name] = message
        label = self._error_labels.get(name)
        if label is None:
            label = Label("", id=f"{name}-error", classes="form-error")
            rows = self.query(f"#{name}-row")
            if rows:
                row = rows.first(Widget)
                parent = row.parent
                assert isinstance(parent, Widget)
                parent.mount(label, after=row)
            else:  # a grid cell: a blank label cell, then the message under the field
                grid = self.query_one("#log-grid", Widget)
                grid.mount_all([Label(""), label], after=self.query_one(f"#{name}", Widget))
            self._error_labels[name] = label
        label.update(message)
        label.display = bool(message)

    def read(self) -> tuple[Any, dict[str, str]]:
        """(activity or None, {field: error})."""
        from ...models import Activity
        from .limits import bounds, max_length

        app, session = self.app, self.session
        errors: dict[str, str] = {}
        kind = self.query_one("#kind", Select).value
        direction = self.query_one("#direction", Select).value
        cost_text = self.query_one("#cost", Input).value.strip()
        cost: int | None = None
        if cost_text:
            try:
                cost = int(cost_text)
                low, high = bounds(Activity, "cost")
                if not low <= cost <= high:
                    errors["cost"] = f"cost must be between {low} and {high} points"
            except ValueError:
                errors["cost"] = f"{cost_text!r} is not a whole number of points"
        try:
            follow = parse_follow_up(self.query_one("#follow", Input).value, app.day)
        except ValueError as exc:
            errors["follow"] = str(exc)
            follow = None
        note = self.query_one("#note", Input).value
        longest = max_length(Activity, "note")
        if len(note) > longest:
            errors["note"] = f"the note is longer than {longest:,} characters"
        if kind is Select.NULL:
            errors["kind"] = "choose a kind"
        if errors:
            return None, errors
        picker = self.query_one("#contacts", ContactPicker)
        try:
            activity = session.propose_activity(
                str(kind),
                picker.chosen,
                str(direction) if picker.chosen else None,  # direction needs a person
                cost=cost,
                note=note,
                follow_up=follow,
                at=session.at_on(app.day),
            )
        except ValueError as exc:
            from ...models import format_validation_error

            return None, {"kind": format_validation_error(exc)}
        return activity, {}

    def update_verdict(self) -> Any:
        """Ask the engine about the activity as it stands; show the verdict. Returns it."""
        from ... import engine

        app, session = self.app, self.session
        activity, errors = self.read()
        for name in ("kind", "cost", "note", "follow"):
            self._set_error(name, errors.get(name, ""))
        if activity is None:
            self._show_verdict("", "")
            self.decision = None
            return None
        decision = engine.evaluate_activity(session.state, activity)
        self.decision = decision
        budget = app.result(engine.day_budget, app.day)
        quota = app.result(engine.quota_status, app.day)
        cost = activity.cost
        kind = session.state.settings.kind(activity.kind)
        counts = kind is None or kind.counts_toward_quota
        head = (
            f"Costs {cost} pt · {budget.remaining} of {budget.budget} left today, "
            f"{budget.week_remaining} this week · outreach {quota.count}/{quota.target}"
            + ("" if counts else f" ({activity.kind} does not count toward the quota)")
        )
        if decision.outcome == "allowed":
            self._show_verdict("\n".join([f"✓ Fits. {head}", *decision.notes]), "-ok")
        else:
            reasons = "\n".join(f"• {r}" for r in decision.reasons)
            self._show_verdict("✗ Over a limit:\n" + reasons, "-refused")
        if not decision.ok and not self.query_one("#override-box").display:
            self.show_override()
        return decision

    def _show_verdict(self, text: str, classes: str) -> None:
        if self._verdict_shown != (text, classes):
            self._verdict_shown = (text, classes)
            verdict = self.query_one("#verdict", Static)
            verdict.update(text)
            verdict.set_classes(classes)

    # -- events ------------------------------------------------------------------------

    @on(Select.Changed)
    @on(Input.Changed, "#cost, #follow")
    @on(ContactPicker.Changed)
    def _changed(self, event: Any) -> None:
        self.update_verdict()

    @on(Input.Changed, "#override")
    def _override_typed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self._set_error("override", "")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "picker-search":
            return
        if event.input.id in ("override", "follow") and (
            event.input.id == "override" or not self.query_one("#override-box").display
        ):
            self.action_submit()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        from ... import engine

        app, session = self.app, self.session
        if not app.writable("log an activity"):
            return
        activity, errors = self.read()
        for name in ("kind", "cost", "note", "follow"):
            self._set_error(name, errors.get(name, ""))
        if activity is None:
            self.notify("Please fix the highlighted fields.", severity="warning")
            return
        reason = self.override_reason()
        try:
            decision = session.log_activity(activity, reason or None)
        except ValueError as exc:  # a reason the model refuses (too long): nothing stored
            from ...messages import user_message

            self._set_error("override", user_message(exc, {"override_reason": "Override"}))
            return
        if not decision.ok:
            self.update_verdict()
            box = self.show_override()
            self._set_error(
                "override",
                "This goes over a limit. Type a reason to do it anyway, or escape to cancel.",
            )
            box.focus()
            return
        who = session.contact_names(activity.contact_ids)
        what = activity.kind + (f" with {who}" if who else "")
        q = app.result(engine.quota_status, app.day)
        b = app.result(engine.day_budget, app.day)
        if decision.outcome == "override":
            extra = (
                f" Over budget by {decision.overspend} pt: that becomes debt."
                if decision.overspend
                else ""
            )
            app.notify(
                f"Logged {what} over the limit — reason: {reason}.{extra}",
                title="Override recorded",
                severity="warning",
                timeout=8,
            )
        else:
            app.notify(
                f"Logged {what} ({activity.cost} pt). Outreach {q.count}/{q.target}, "
                f"energy {b.remaining}/{b.budget} left.",
                title="Logged",
                timeout=6,
            )
        self.dismiss(decision)
