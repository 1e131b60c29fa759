"""A one-line search box that never re-lays out the screen while you type.

Textual's ``Input`` stores the width of its text as its virtual size, a reactive with
``layout=True``: every typed character re-arranges the whole screen (tens of ms on the
People and Journal screens). :class:`SearchBox` stores that size quietly first, so the
``Input`` code that follows finds nothing to change; only the box itself repaints.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input

from .quiet_scroll import set_virtual_size


class SearchBox(Input):
    """An ``Input`` (compact by default) whose edits repaint only itself."""

    def __init__(
        self,
        value: str | None = None,
        placeholder: str = "",
        *,
        id: str | None = None,
        classes: str | None = None,
        compact: bool = True,
    ) -> None:
        super().__init__(value, placeholder, id=id, classes=classes, compact=compact)

    def _watch_value(self, value: str) -> None:
        set_virtual_size(self, Size(self.content_width, 1))
        super()._watch_value(value)
