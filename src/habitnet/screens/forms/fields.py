"""Building blocks for the modal forms: labelled fields with an error beside each one,
and a validated submit.

A :class:`FieldForm` subclass lists its fields in ``compose_fields`` (via
:meth:`FieldForm.field`, with :meth:`FieldForm.text_input` / :meth:`FieldForm.text_area`
holding their starting text) and implements :meth:`FieldForm.save`, which returns a dict
of ``field -> message`` when something is wrong (nothing is saved then) or ``None`` after
saving. ``escape`` cancels; ``ctrl+s`` saves; ``enter`` in a one-line field moves to the
next field, and on the last field it saves.

A field's starting text is data (an import's, an old file's): a control character in it
is shown as a stand-in (``␛``), never sent to the terminal, and a field left as it was
keeps its stored text. What is typed may not hold a control character (a paste can bring
one): the form says so beside the field (:meth:`FieldForm.control_errors`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from ...messages import FORM_LABELS, label_of, messages_by_field
from ...messages import Label as FieldLabel
from ...safetext import control_problem, visible
from ...widgets.keybar import KeyBar
from ...widgets.plain import plain, shown
from ...widgets.text_fields import TextInput
from .modal import FormScreen, TextLine

R = TypeVar("R")

FORM_CSS = """
FieldForm {
    align: center middle;
}
FieldForm > #form {
    width: 90%;
    max-width: 100;
    height: 95%;
    border: thick $primary;
    background: $panel;
    padding: 0 1;
}
FieldForm #form-title { text-style: bold; color: $text-accent; width: 1fr; }
FieldForm #form-fields { height: 1fr; overflow-y: scroll; }  /* no re-layout when it overflows */
/* A field: its row (label | widget), then its hint and its error under the widget. */
FieldForm .field { height: auto; margin-top: 1; }
FieldForm #form-fields > .field:first-child { margin-top: 0; }
FieldForm .field-label { width: 20; padding-right: 1; color: $text-muted; }
FieldForm .field > Input { background: $surface; width: 1fr; }
FieldForm .field > TextArea { height: 4; background: $surface; width: 1fr; }
FieldForm .field > TextArea.tall { height: 6; }
FieldForm .error { color: $text-error; width: 1fr; height: auto; display: none; padding-left: 20; }
FieldForm .error.shown { display: block; }
FieldForm .hint { color: $text-muted; width: 1fr; height: auto; padding-left: 20; }
FieldForm #form-buttons { height: auto; align-horizontal: right; margin-top: 0; }
FieldForm #form-buttons Button { margin-left: 2; min-width: 10; }
FieldForm #form-status { color: $text-error; width: 1fr; height: auto; }
"""


def split_list(text: str) -> list[str]:
    """Comma- (or semicolon-) separated text to a list of trimmed, non-empty items."""
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


class TextEditor(TextArea):
    """A ``TextArea`` that draws each control character it holds as a stand-in, as
    :class:`~habitnet.widgets.text_fields.TextInput` does (a paste can bring one; the
    form refuses it beside the field): one character for one, so the cursor stays put."""

    def get_line(self, line_index: int) -> Text:
        line = self.document.get_line(line_index)
        return Text(visible(line, multiline=True), end="", no_wrap=True)


class FieldForm(FormScreen[R], Generic[R]):
    """A modal form with validated fields; see the module docstring."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
    ]

    form_title = "Form"
    field_names: tuple[str, ...] = ()
    #: The field that has the focus when the form opens (default: the first field).
    first_field: str | None = None
    #: The labels of this form's fields: :data:`FORM_LABELS`, or a form's own where it
    #: names a field otherwise.
    labels: Mapping[str, FieldLabel | str] = FORM_LABELS

    def __init__(self) -> None:
        super().__init__()
        self._errors: dict[str, str] = {}  # the messages shown, by field
        self._status_shown = ""
        #: each text field's starting text: (as stored, as shown)
        self._start: dict[str, tuple[str, str]] = {}
        self._initial: dict[str, str] = {}

    @property
    def AUTO_FOCUS(self) -> str | None:  # type: ignore[override]  # noqa: N802
        # Focus once, on the right field (each focus change restyles and repaints).
        name = self.first_field or (self.field_names[0] if self.field_names else None)
        return f"#f-{name}" if name else None

    def focus_first_field(self) -> None:
        """Focus the form's first field, unless it has the focus already (``reload``
        sets it while the form is hidden): Widget.focus() would still repaint the
        field, a second frame for every open."""
        selector = self.AUTO_FOCUS
        if selector is None:
            return
        field = self.query_one(selector)
        if self.focused is not field:
            field.focus()

    def compose(self) -> ComposeResult:
        self._initial = self.initial_values()
        with Vertical(id="form"):
            yield TextLine(self.form_title, id="form-title")
            with VerticalScroll(id="form-fields"):
                yield from self.compose_fields()
            with Horizontal(id="form-buttons"):
                yield Static("", id="form-status")
                yield Button("Save (ctrl+s)", variant="primary", id="form-save", compact=True)
                yield Button("Cancel (esc)", id="form-cancel", compact=True)
        yield KeyBar()

    def compose_fields(self) -> ComposeResult:  # pragma: no cover - abstract
        yield from ()

    def _shown_start(self, name: str, multiline: bool) -> str:
        """The starting text of ``name`` as the field shows it (and remembered)."""
        text = self._initial.get(name, "")
        start = shown(text, multiline=multiline)
        self._start[name] = (text, start)
        return start

    def text_input(self, name: str, placeholder: str = "", **kwargs: Any) -> Input:
        """A one-line field holding ``name``'s starting text."""
        start = self._shown_start(name, False)
        return TextInput(start, placeholder=placeholder, compact=True, **kwargs)

    def text_area(self, name: str, tall: bool = False) -> TextArea:
        """A several-line field holding ``name``'s starting text."""
        start = self._shown_start(name, True)
        area = TextEditor(start, compact=True, soft_wrap=True, tab_behavior="focus")
        area.set_class(tall, "tall")
        return area

    def field(
        self, name: str, widget: Widget, hint: str = "", *, required: bool = False
    ) -> list[Widget]:
        """A labelled field: a row with its label (from :data:`FORM_LABELS`, the names
        the messages use too) and widget, then its hint and its (hidden) error label
        under the widget. Siblings, not a container per field: fewer widgets make the
        form build, lay out and paint faster."""
        widget.id = f"f-{name}"
        label = self.label(name)
        cells: list[Widget] = [
            Horizontal(
                Label(label + (" *" if required else ""), classes="field-label", markup=False),
                widget,
                classes="field",
                id=f"row-{name}",
            )
        ]
        if hint:
            cells.append(Label(hint, classes="hint"))
        cells.append(Label("", id=f"err-{name}", classes="error"))
        return cells

    # -- reuse ---------------------------------------------------------------------

    def initial_values(self) -> dict[str, str]:
        """Each field's starting text (forms that can be reloaded override this)."""
        return {}

    def reload(self) -> None:
        """Reset an already-built form to :meth:`initial_values` and its title.

        Building a form's widgets takes a while; a screen can keep one form (see
        ``modal.reusable``), change what it edits, call this and push it again.
        """
        self.query_one("#form-title", TextLine).update(self.form_title)
        self._initial = self.initial_values()
        for name, text in self._initial.items():
            self.set_value(name, text)
        self.show_errors({})
        self.query_one("#form-fields").scroll_home(animate=False, immediate=True)
        if self.AUTO_FOCUS:  # the first field has the focus when the form shows
            self.set_focus(self.query_one(self.AUTO_FOCUS, Widget), scroll_visible=False)

    # -- values --------------------------------------------------------------------

    def typed(self, name: str) -> str:
        """The text in field ``name`` as it stands (as shown)."""
        w = self.query_one(f"#f-{name}")
        if isinstance(w, Input):
            return w.value
        if isinstance(w, TextArea):
            return w.text
        raise TypeError(f"field {name} is a {type(w).__name__}")

    def value(self, name: str) -> str:
        """Field ``name``'s value: what was typed, or, for a field left as it was, its
        stored text (which may hold a control character its stand-in showed)."""
        text = self.typed(name)
        stored, start = self._start.get(name, (text, text))
        return stored if text == start else text

    def unchanged(self, name: str) -> bool:
        """True when field ``name`` holds the text it started with."""
        return name in self._start and self.typed(name) == self._start[name][1]

    def set_value(self, name: str, text: str) -> None:
        """Show ``text`` (data) in field ``name`` as its starting text."""
        w = self.query_one(f"#f-{name}")
        start = shown(text, multiline=isinstance(w, TextArea))
        self._start[name] = (text, start)
        if isinstance(w, Input):
            w.value = start
        elif isinstance(w, TextArea) and w.text != start:
            w.text = start  # reloads the whole document: only when it changed

    def control_errors(self) -> dict[str, str]:
        """A message for each field whose typed text holds a control character (fields
        left as they were are not looked at: an old file's text is shown, not refused)."""
        out: dict[str, str] = {}
        for name in self.field_names:
            try:
                text = self.typed(name)
            except (TypeError, LookupError):  # not a text field
                continue
            if self.unchanged(name):
                continue
            multiline = isinstance(self.query_one(f"#f-{name}"), TextArea)
            problem = control_problem(text, self.label(name), multiline=multiline)
            if problem:
                out[name] = problem
        return out

    def label(self, name: str) -> str:
        """Field ``name`` as the form labels it."""
        return label_of(name, self.labels)

    # -- errors --------------------------------------------------------------------

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each field's message beside it (and hide the others).

        Only what changed is touched: updating a label lays out the whole form.
        """
        before = self._errors
        for name in self.field_names:
            msg = errors.get(name, "")
            if before.get(name, "") == msg:
                continue
            label = self.query_one(f"#err-{name}", Label)
            label.update(plain(f"⚠ {msg}" if msg else ""))  # may quote what was typed
            label.set_class(bool(msg), "shown")
            self.query_one(f"#f-{name}").set_class(bool(msg), "-invalid")
        self._errors = dict(errors)
        status = f"{len(errors)} field(s) need attention; nothing was saved." if errors else ""
        if status != self._status_shown:
            self._status_shown = status
            self.query_one("#form-status", Static).update(status)

    def problems_of(
        self, exc: Exception, fields: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        """A refusal (a model's ``ValidationError``, the session's ``ValueError``) as a
        message per field, in the user's words (:func:`messages.messages_by_field` with
        this form's labels). ``fields`` maps the model's field names to this form's where
        they differ; a problem of no field of the form goes beside the first field."""
        out: dict[str, str] = {}
        for field, message in messages_by_field(exc, self.labels).items():
            name = (fields or {}).get(field, field)
            out.setdefault(name if name in self.field_names else self.field_names[0], message)
        return out

    @property
    def errors(self) -> dict[str, str]:
        """The messages shown now, by field."""
        return dict(self._errors)

    # -- submit / cancel -----------------------------------------------------------

    def save(self) -> dict[str, str] | None:  # pragma: no cover - abstract
        """Validate and save. Return errors (nothing saved) or None (saved; dismiss)."""
        raise NotImplementedError

    def result(self) -> R | None:
        """What the form dismisses with after a successful save."""
        return None

    def action_submit(self) -> None:
        try:
            problems = self.save()
        except Exception as exc:  # a last resort: say what went wrong, keep the form
            problems = self.problems_of(exc)
        if problems:
            self.show_errors(problems)
            first = next(n for n in self.field_names if n in problems)
            self.query_one(f"#f-{first}").focus()
            # The message sits under the field: bring it into view too (a field at the
            # bottom of a long form, e.g. the journal's People, hid it below the fold).
            message = self.query_one(f"#err-{first}")
            self.call_after_refresh(message.scroll_visible, animate=False)
            return
        self.show_errors({})
        self.dismiss(self.result())

    def typed_changes(self) -> bool:
        """True when a text field differs from what the form opened with
        (:meth:`initial_values`): cancelling would lose what was typed."""
        for name, text in self.initial_values().items():
            try:
                if self.value(name) != text:
                    return True
            except (TypeError, LookupError):  # not a text field, or not mounted
                continue
        return False

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = [w for w in self.query("Input, TextArea") if w.id and w.id.startswith("f-")]
        if inputs and event.input is inputs[-1]:
            self.action_submit()
        else:
            self.focus_next()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _revalidate(self, event: Any) -> None:
        """Once a field shows an error, re-check the form as the user corrects it."""
        if not self.errors:
            return
        try:
            problems = self.check()
        except Exception:  # noqa: BLE001 - checks never break typing
            return
        if problems is not None:
            self.show_errors(problems)

    def check(self) -> dict[str, str] | None:
        """Validate without saving (for live feedback); None when not supported."""
        return None
