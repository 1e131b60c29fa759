"""A yes/no question as a modal: the one confirmation of the app (archive a contact,
delete a journal entry, discard a form's typing, quit without saving)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from ...widgets.plain import plain
from ..base import HabitnetModal


class ConfirmScreen(HabitnetModal[bool]):
    """Dismisses with True (``y``, or enter on the first button) or False (``n``,
    ``escape``, or enter on the second, which has the focus: a stray enter keeps
    things as they are). The question is plain text (a name or an error message with
    brackets is shown as typed)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #confirm {
        width: 70; max-width: 95%; height: auto; max-height: 90%;
        border: thick $warning; background: $panel; padding: 1 2;
    }
    ConfirmScreen #confirm-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmScreen #confirm-buttons Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(
        self, question: str, yes: str = "Yes", no: str = "No", *, danger: bool = False
    ) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(plain(self.question, multiline=True), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(
                    f"{self.yes} (y)",
                    variant="error" if self.danger else "warning",
                    id="confirm-yes",
                )
                yield Button(f"{self.no} (n)", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)
