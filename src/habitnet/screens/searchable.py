"""The search line of a list screen (People, Journal): filter as the text is typed."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from ..widgets.pane_scheduler import PaneScheduler
from ..widgets.virtual_table import VirtualTable


class SearchableList:
    """Mixed into a list screen whose ``_filter`` applies ``query_text``.

    The screen's search box calls :meth:`_query_changed` with each new text as it is
    typed (``SearchBox(on_change=…)``, one frame per key); the screen forwards the box's
    ``Input.Changed`` to :meth:`_search_changed`, which applies it only if it has not been
    applied yet and is not about an older text.
    """

    query_text: str
    #: The id of the screen's search box.
    search_box_id: str
    _pane: PaneScheduler

    def _filter(self, narrowing: bool = False, *, typed: bool = False) -> None:
        raise NotImplementedError

    def _search_changed(self, event: Input.Changed) -> None:
        # Normally already applied: the box reports each change as it happens. A
        # message about an earlier value (typed on since) is ignored.
        if event.value == event.input.value:
            self._query_changed(event.value)

    def _query_changed(self, value: str) -> None:
        """The search text changed: filter (called by the box as the text changes)."""
        if value == self.query_text:
            return  # already applied
        # Typing on extends the query: every match is among the items shown now.
        narrowing = bool(self.query_text) and value.lower().startswith(self.query_text.lower())
        self.query_text = value
        self._filter(narrowing, typed=True)

    # The focus moves at once (Screen.set_focus), not as Widget.focus does, after the
    # messages already queued: keys typed in one burst after ``/`` (a paste, a fast
    # typist, a terminal replaying input) go to the box, not to the list's bindings.

    def action_search(self) -> None:
        self._pane.flush()  # a pending side pane shares the focus move's frame
        screen: Any = self
        screen.set_focus(screen.query_one(f"#{self.search_box_id}", Input))

    def _back_to_list(self) -> None:
        """Leave the search box for the list; the pane follows the typed filter in the
        same frame as the list and the focus move."""
        self._pane.flush()
        screen: Any = self
        screen.set_focus(screen.query_one(VirtualTable))
