"""The base of habitnet's forms: an opaque modal screen with its own key bar, and the
reuse of a built form.

A form covers the screen below with the app's background and yields a ``KeyBar`` of its
own (the screen below, and its key bar, are hidden behind it), so the keys shown are the
form's. No notification is drawn over a form (it would cover the field in use): a form
shows its messages beside its fields, and a notice from elsewhere waits for it to close.

Forms whose widgets take a while to build (the log form, the contact form) are kept once
built: :func:`reusable` installs the form under a name (Textual's
``install_screen``) and later opens reload it with new values instead of building it
again. An installed screen stays mounted, with its widgets, between pushes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from rich.text import Text
from textual.app import App
from textual.screen import ModalScreen
from textual.widget import Widget

from ...widgets.plain import shown
from ..base import HabitnetModal
from .confirm import ConfirmScreen

R = TypeVar("R")
S = TypeVar("S", bound=ModalScreen[Any])

MODAL_CSS = """
FormScreen { align: center middle; background: $background; }
FormScreen:ansi { background: transparent; }
/* Notifications never cover the field being typed in: a form says what it has to say
   in itself, beside its fields; a notice raised meanwhile shows once the form closes. */
FormScreen Toast { visibility: hidden; }
"""


class FormScreen(HabitnetModal[R]):
    """A modal form (see the module docstring). Subclasses yield a ``KeyBar``."""

    DEFAULT_CSS = MODAL_CSS

    def typed_changes(self) -> bool:
        """True when the user typed something that closing the form would lose."""
        return False

    def action_cancel(self) -> None:
        """Close without saving; after typing, only once the user says so (a reflection
        typed for ten minutes, or a note in the log form, is not lost to a stray
        escape). ``ctrl+q`` asks the same (the app's ``action_quit``)."""
        if not self.typed_changes():
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = "Close without saving? What you typed here will be lost."
        self.app.push_screen(ConfirmScreen(question, yes="Discard", no="Keep editing"), answer)


class TextLine(Widget):
    """A one-line text (never markup), cut with an ellipsis when it does not fit."""

    DEFAULT_CSS = "TextLine { height: 1; width: 1fr; }"

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def render(self) -> Text:
        return Text(shown(self._text), no_wrap=True, overflow="ellipsis", end="")


def reusable(app: App[Any], name: str, build: Callable[[], S], reload: Callable[[S], None]) -> S:
    """The form ``name`` to push: built (and installed) on first use, then reloaded.

    An installed screen stays built after it is dismissed, so a later open only calls
    ``reload`` on it. A form already on the stack is never reused: ``build`` makes a
    one-off second one (dismissing it removes it).
    """
    screen_name = f"habitnet-{name}"
    if app.is_screen_installed(screen_name):
        form = cast(S, app.get_screen(screen_name))
        if form in app.screen_stack:
            return build()
        reload(form)
        return form
    form = build()
    app.install_screen(form, name=screen_name)
    return form
