"""Log an activity: kind, contacts, direction, note, follow-up; limits are felt here.

The engine judges the activity live as the form changes. When it refuses, the form shows
the reasons with their numbers and an override field appears: going over a limit needs a
typed reason (a form that opens over a limit starts in it). Nothing is stored until the
form is submitted and valid. Direction (gave, asked, mutual) belongs to a person: it shows
once someone is chosen. Each problem shows under its field, in the user's words
(:data:`LOG_LABELS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static
from textual.widgets import Label as TextLabel

from ...messages import FORM_LABELS, Label, label_of, messages_by_field
from ...safetext import control_problem
from ...widgets.contact_picker import ContactPicker, choices_from
from ...widgets.keybar import KeyBar
from ...widgets.plain import plain, shown
from ...widgets.text_fields import TextInput
from . import FORM_CSS
from .modal import FormScreen, TextLine, reusable

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from ...app import HabitnetApp

DIRECTIONS = (("mutual", "mutual"), ("gave", "gave (I helped)"), ("asked", "asked (I asked)"))

#: The form's labels: the app's (messages.FORM_LABELS), the people being "With".
LOG_LABELS: dict[str, Label | str] = {
    **FORM_LABELS,
    "contact_ids": Label("With", "person", "people"),
}
#: The model's fields (and the session's messages) on this form's fields.
_FORM_FIELDS = {"contact_ids": "contacts", "follow_up": "follow", "override_reason": "override"}
#: The fields whose problems show under them.
_CHECKED = ("kind", "contacts", "direction", "cost", "note", "follow")


def field_label(name: str) -> str:
    """Field ``name`` (the model's) as the form labels it."""
    return label_of(name, LOG_LABELS)


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
        self._override_mounting: AwaitMount | None = None
        self._error_labels: dict[str, TextLabel] = {}
        self._errors_shown: dict[str, str] = {}
        self._verdict_shown: tuple[str, str] = ("", "")
        self._kind_options: list[tuple[str, str]] = []

    # -- layout ------------------------------------------------------------------------

    def _row(self, field: str, widget: Any, name: str) -> ComposeResult:
        # The form is a two-column grid (label, field): no container per row. The error
        # label under a field is mounted when there first is an error (see _set_error).
        # Fewer widgets make the form open faster.
        yield TextLabel(field_label(field), classes="form-label", id=f"{name}-label", markup=False)
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
        # A kind's name is the user's: shown as text (a Select reads a str as markup).
        yield from self._row(
            "kind",
            Select(
                [(Text(shown(label)), name) for label, name in self._kind_options],
                value=kind,
                allow_blank=False,
                compact=True,
                id="kind",
            ),
            "kind",
        )
        yield from self._row(
            "contact_ids",
            ContactPicker(
                app.cached("contact-choices", lambda: choices_from(session.state.contacts)),
                self.initial_contacts,
                id="contacts",
            ),
            "contacts",
        )
        yield from self._row(
            "direction",
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
            "cost",
            TextInput("", placeholder="blank = the kind's cost", compact=True, id="cost"),
            "cost",
        )
        yield from self._row("note", TextInput(self.initial_note, compact=True, id="note"), "note")
        yield from self._row(
            "follow_up",
            TextInput("", placeholder="YYYY-MM-DD or +7 (optional)", compact=True, id="follow"),
            "follow",
        )

    @property
    def AUTO_FOCUS(self) -> str:  # type: ignore[override]  # noqa: N802
        # Focus once, on the right field (a second focus change restyles the form): the
        # override reason when the form opens over a limit (what is typed at once is the
        # reason), else the person for a suggestion (its kind is set), else the kind.
        if self._override is not None and self.query_one("#override-box").display:
            return "#override"
        return "#picker-search" if self.initial_kind is not None else "#kind"

    async def on_mount(self) -> None:
        self.query_one("#override-box").display = False
        self.update_verdict()
        self._show_direction()
        if self._override_mounting is not None:  # opened over a limit: the reason first
            await self._focus_override()

    async def _focus_override(self) -> None:
        """The cursor in the override reason, once its field is mounted."""
        if self._override_mounting is not None:
            await self._override_mounting
            self._override_mounting = None
        self.set_focus(self.query_one("#override"), scroll_visible=False)

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
                kind_select.set_options([(Text(shown(label)), name) for label, name in options])
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
        self._show_direction()
        self.query_one("#log-box").scroll_home(animate=False, immediate=True)
        # The first field has the focus when the form shows (the override reason when
        # it opens over a limit, once that field is mounted).
        if self._override_mounting is not None:
            self.call_later(self._focus_override)
        else:
            self.set_focus(self.query_one(self.AUTO_FOCUS, Widget), scroll_visible=False)

    def show_override(self) -> Input:
        """The override field (mounted the first time a limit is in the way)."""
        box = self.query_one("#override-box")
        if self._override is None:
            self._override = TextInput(
                "",
                placeholder="why go over the limit today? (required)",
                compact=True,
                id="override",
            )
            self._override_mounting = box.mount(
                Horizontal(
                    TextLabel(field_label("override_reason"), classes="form-label", markup=False),
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
            label = TextLabel("", id=f"{name}-error", classes="form-error")
            rows = self.query(f"#{name}-row")
            if rows:
                row = rows.first(Widget)
                parent = row.parent
                assert isinstance(parent, Widget)
                parent.mount(label, after=row)
            else:  # a grid cell: a blank label cell, then the message under the field
                grid = self.query_one("#log-grid", Widget)
                grid.mount_all([TextLabel(""), label], after=self.query_one(f"#{name}", Widget))
            self._error_labels[name] = label
        label.update(plain(message))
        label.display = bool(message)

    def read(self) -> tuple[Any, dict[str, str]]:
        """(activity or None, {field: error}): each problem in the user's words, naming
        the field as the form does (the model's and the session's checks through
        :func:`messages.messages_by_field`)."""
        app, session = self.app, self.session
        errors: dict[str, str] = {}
        kind = self.query_one("#kind", Select).value
        direction = self.query_one("#direction", Select).value
        cost_text = self.query_one("#cost", Input).value.strip()
        cost: int | None = None
        if cost_text:
            try:
                cost = int(cost_text)
            except ValueError:
                errors["cost"] = f"{field_label('cost')} must be a whole number of points"
        try:
            follow = parse_follow_up(self.query_one("#follow", Input).value, app.day)
        except ValueError as exc:
            errors["follow"] = f"{field_label('follow_up')}: {exc}"
            follow = None
        note = self.query_one("#note", Input).value
        problem = control_problem(note, field_label("note"))
        if problem:
            errors["note"] = problem
        if kind is Select.NULL:
            errors["kind"] = f"Choose a {field_label('kind').lower()}"
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
        except ValueError as exc:  # the model's checks, or an unknown kind or contact
            return None, self.problems_of(exc)
        return activity, {}

    def problems_of(self, exc: Exception) -> dict[str, str]:
        """A refusal as a message per field of this form (one of no field: under Kind)."""
        out: dict[str, str] = {}
        for field, message in messages_by_field(exc, LOG_LABELS).items():
            name = _FORM_FIELDS.get(field, field)
            out.setdefault(name if name in (*_CHECKED, "override") else "kind", message)
        return out

    def update_verdict(self) -> Any:
        """Ask the engine about the activity as it stands; show the verdict. Returns it."""
        from ... import engine

        app, session = self.app, self.session
        activity, errors = self.read()
        for name in _CHECKED:
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
            verdict.update(plain(text, multiline=True))  # reasons quote kinds and names
            verdict.set_classes(classes)

    # -- events ------------------------------------------------------------------------

    @on(Select.Changed)
    @on(Input.Changed, "#cost, #follow")
    @on(ContactPicker.Changed)
    def _changed(self, event: Any) -> None:
        self.update_verdict()
        if isinstance(event, ContactPicker.Changed):
            self._show_direction()

    def _show_direction(self) -> None:
        """Direction belongs to a person: its row shows only once someone is chosen."""
        someone = bool(self.query_one("#contacts", ContactPicker).chosen)
        for wid in ("#direction-label", "#direction"):
            widget = self.query_one(wid)
            if widget.display != someone:
                widget.display = someone

    @on(Input.Changed, "#override")
    def _override_typed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self._set_error("override", "")

    @on(Input.Changed, "#note")
    def _note_typed(self, event: Input.Changed) -> None:
        # A note does not change the verdict (no engine call per key); a problem shown
        # under it goes once it is put right.
        if self._errors_shown.get("note"):
            self._set_error("note", control_problem(event.value, field_label("note")) or "")

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

    def typed_changes(self) -> bool:
        """Text typed in any field (the note, cost, follow-up, override reason, or a
        name in the contact search): escape and ctrl+q ask before dropping it."""
        typed = {n: self.query_one(f"#{n}", Input).value for n in ("cost", "follow")}
        return (
            any(v.strip() for v in typed.values())
            or self.query_one("#note", Input).value != self.initial_note
            or bool(self.override_reason())
            or bool(self.query_one("#picker-search", Input).value.strip())
        )

    def action_submit(self) -> None:
        from ... import engine

        app, session = self.app, self.session
        if not app.writable("log an activity"):
            return
        activity, errors = self.read()
        for name in _CHECKED:
            self._set_error(name, errors.get(name, ""))
        if activity is None:  # each problem shows under its field (no toast over the form)
            return
        reason = self.override_reason()
        problem = control_problem(reason, field_label("override_reason"))
        if problem:
            self._set_error("override", problem)
            return
        try:
            decision = session.log_activity(activity, reason or None)
        except ValueError as exc:  # the session's refusal (a reason too long): none stored
            for name, message in self.problems_of(exc).items():
                self._set_error(name, message)
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
            self.notify(
                f"Logged {what} over the limit — reason: {reason}.{extra}",
                title="Override recorded",
                severity="warning",
                timeout=8,
            )
        else:
            self.notify(
                f"Logged {what} ({activity.cost} pt). Outreach {q.count}/{q.target}, "
                f"energy {b.remaining}/{b.budget} left.",
                title="Logged",
                timeout=6,
            )
        self.dismiss(decision)
