"""Add, edit, rename or remove an activity kind (Settings).

Name and cost are checked as they are typed, beside the field; nothing is saved until the
form is valid. A kind that logged activities use cannot be renamed or removed: the
session refuses, and its message shows beside the name.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from ...messages import FORM_LABELS, label_of, messages_by_field
from ...safetext import control_problem
from ...widgets.keybar import KeyBar
from ...widgets.plain import plain, shown
from ...widgets.text_fields import TextInput
from . import FORM_CSS
from .modal import FormScreen


def _model_problem(field: str, value: Any) -> str:
    """The model's message for an activity kind's ``field`` holding ``value`` (in the
    user's words, naming the field as the form does), or ''."""
    from pydantic import ValidationError

    from ...models import ActivityKind

    try:
        ActivityKind.model_validate({"name": "kind", "cost": 0, field: value})
    except ValidationError as exc:
        return messages_by_field(exc, FORM_LABELS).get(field, "")
    return ""


def check_name(name: str, kinds: list[Any], index: int | None) -> str:
    """'' when ``name`` is a good name for the kind at ``index`` (None: a new kind)."""
    problem = control_problem(name, label_of("name")) or _model_problem("name", name.strip())
    if problem:
        return problem
    name = name.strip()
    for i, k in enumerate(kinds):
        if i != index and k.name.lower() == name.lower():
            return f"There is already a kind called {k.name!r}"
    return ""


def check_cost(text: str) -> str:
    """'' when ``text`` is a cost the model accepts (0–20 points)."""
    value = text.strip()
    if not value:
        return f"{label_of('cost')} is needed (0 for free)"
    try:
        cost = int(value)
    except ValueError:
        return f"{label_of('cost')} must be a whole number of points"
    return _model_problem("cost", cost)


class KindScreen(FormScreen[bool]):
    """Dismisses with True when the kinds changed, None when cancelled (escape asks
    first once something was typed)."""

    DEFAULT_CSS = (
        FORM_CSS
        + """
    #kind-box { width: 76; }
    #kind-box Checkbox { border: none; padding: 0; margin-left: 11; height: 1; }
    #kind-usage { color: $text-muted; margin-top: 1; height: auto; }
    """
    )

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
        Binding("ctrl+r", "remove", "Remove"),
    ]

    def __init__(self, index: int | None = None) -> None:
        super().__init__()
        self.index = index
        self._start = ("", "")  # (name, cost) as the form opened

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A kind not saved yet has nothing to remove: keep ^r out of the key bar.
        return not (action == "remove" and self.index is None)

    def _kinds(self) -> list[Any]:
        return list(self.session.state.settings.activity_kinds)

    def _uses(self, name: str) -> int:
        lname = name.lower()
        return sum(1 for a in self.session.state.activities if a.kind.lower() == lname)

    def compose(self) -> ComposeResult:
        kinds = self._kinds()
        kind = kinds[self.index] if self.index is not None else None
        title = f"Activity kind: {kind.name}" if kind else "Add an activity kind"
        with VerticalScroll(classes="form-box", id="kind-box"):
            yield Static(plain(title), classes="form-title")
            with Horizontal(classes="form-row"):
                yield Label(label_of("name"), classes="form-label")
                yield TextInput(shown(kind.name) if kind else "", compact=True, id="kind-name")
            yield Label("", id="name-error", classes="form-error")
            with Horizontal(classes="form-row"):
                yield Label(label_of("cost"), classes="form-label")
                yield TextInput(
                    str(kind.cost) if kind else "",
                    placeholder="energy points, 0–20",
                    compact=True,
                    id="kind-cost",
                )
            yield Label("", id="cost-error", classes="form-error")
            yield Checkbox(
                "counts toward the daily outreach quota",
                kind.counts_toward_quota if kind else True,
                compact=True,
                id="kind-counts",
            )
            yield Checkbox(
                "a meeting (a thank-you is due after it)",
                kind.meeting if kind else False,
                compact=True,
                id="kind-meeting",
            )
            if kind is not None:
                uses = self._uses(kind.name)
                yield Static(
                    f"Used by {uses:,} logged activit{'y' if uses == 1 else 'ies'}"
                    + ("; it keeps its name and cannot be removed." if uses else "."),
                    id="kind-usage",
                )
            with Horizontal(classes="form-buttons"):
                yield Button("Save (ctrl+s)", id="submit", variant="primary")
                if kind is not None:
                    yield Button("Remove (ctrl+r)", id="remove", variant="error")
                yield Button("Cancel (esc)", id="cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self._start = self._typed()
        for err in self.query(".form-error"):
            err.display = False
        self.query_one("#kind-name", Input).focus()

    def _set_error(self, name: str, message: str) -> None:
        label = self.query_one(f"#{name}-error", Label)
        label.update(plain(message))
        label.display = bool(message)

    @property
    def name_error(self) -> str:
        return str(self.query_one("#name-error", Label).render()).strip()

    @on(Input.Changed, "#kind-name")
    def _name_changed(self, event: Input.Changed) -> None:
        self._set_error("name", check_name(event.value, self._kinds(), self.index))

    @on(Input.Changed, "#kind-cost")
    def _cost_changed(self, event: Input.Changed) -> None:
        self._set_error("cost", check_cost(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "kind-cost":
            self.action_submit()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        action = {"submit": self.action_submit, "remove": self.action_remove}
        action.get(event.button.id or "", self.action_cancel)()

    def _typed(self) -> tuple[str, str]:
        return (
            self.query_one("#kind-name", Input).value,
            self.query_one("#kind-cost", Input).value,
        )

    def typed_changes(self) -> bool:
        return self._typed() != self._start

    def _apply(self, kinds: list[Any], done: str) -> bool:
        """Save the kinds through the session; a refusal shows beside the name."""
        if not self.app.writable("change the activity kinds"):
            return False
        try:
            self.session.update_settings(activity_kinds=kinds)
        except ValueError as exc:
            self._set_error("name", "\n".join(messages_by_field(exc, FORM_LABELS).values()))
            return False
        self.notify(done, timeout=4)
        self.dismiss(True)
        return True

    def action_submit(self) -> None:
        from ...models import ActivityKind

        kinds = self._kinds()
        name = self.query_one("#kind-name", Input).value.strip()
        cost_text = self.query_one("#kind-cost", Input).value
        errors = {"name": check_name(name, kinds, self.index), "cost": check_cost(cost_text)}
        if self.index is not None and name == shown(kinds[self.index].name):
            name = kinds[self.index].name  # left as it was: its stored text
        for field, msg in errors.items():
            self._set_error(field, msg)
        if any(errors.values()):  # shown beside the fields (a toast would cover them)
            return
        kind = ActivityKind(
            name=name,
            cost=int(cost_text.strip()),
            counts_toward_quota=self.query_one("#kind-counts", Checkbox).value,
            meeting=self.query_one("#kind-meeting", Checkbox).value,
        )
        if self.index is None:
            self._apply([*kinds, kind], f"Added the activity kind {name!r}.")
            return
        old = kinds[self.index]
        kinds[self.index] = kind
        if old.name != name and old.name.lower() != name.lower() and self._uses(old.name):
            n = self._uses(old.name)
            self._set_error(
                "name",
                f"{old.name!r} can't be renamed: {n:,} logged activities use it "
                "(change its cost or flags, or add a new kind)",
            )
            return
        self._apply(kinds, f"Saved the activity kind {name!r}.")

    def action_remove(self) -> None:
        if self.index is None:
            return
        kinds = self._kinds()
        gone = kinds.pop(self.index)
        self._apply(kinds, f"Removed the activity kind {gone.name!r}.")
