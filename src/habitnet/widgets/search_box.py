"""The search line of a list screen (People, Journal): Textual's ``Input``, compact,
with ``enter`` and ``escape`` as keys that act the moment they arrive.

``enter`` (keep the filter, back to the list) and ``escape`` (clear it) are priority
bindings: the app runs them as it receives the key, before any later key is sent on, so
the keys typed right after them in one burst (a paste, a fast typist, a terminal
replaying input) reach the list, not the box.

The box's editing keys (``backspace``, arrows, ``home``…: ``Input``'s own bindings) are
handled as the key reaches the box, in order with the characters typed around it.
Left to Textual's binding lookup they would run only once the key has bubbled up to the
app, after the characters already queued for the box: ``a backspace b`` in one burst
would delete the ``b`` instead of the ``a``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

from .text_fields import TextInput

#: key -> Input's action for it (its editing keys; enter is the box's own, below)
EDIT_ACTIONS: dict[str, str] = {
    key.strip(): binding.action
    for binding in Input.BINDINGS
    if isinstance(binding, Binding) and binding.action != "submit"
    for key in binding.key.split(",")
}


class SearchBox(TextInput):
    """A compact ``Input``; ``on_submit()`` runs at once on ``enter``."""

    #: Shown in the key bar while typing (the screen's letter keys are hidden then).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Done", priority=True),
        Binding("escape", "screen.clear_search", "Clear", priority=True),
    ]

    def __init__(
        self,
        value: str | None = None,
        placeholder: str = "",
        *,
        on_submit: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("compact", True)
        self.on_submit = on_submit
        super().__init__(value, placeholder, **kwargs)

    async def on_key(self, event: events.Key) -> None:
        """An editing key: its action now, in order with the characters around it."""
        action = EDIT_ACTIONS.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)

    async def action_submit(self) -> None:
        """Enter: ``on_submit()`` at once when given (a ``Submitted`` message would be
        handled after the keys already queued)."""
        if self.on_submit is None:
            await super().action_submit()
            return
        self.on_submit()
