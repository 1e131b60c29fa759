"""Text inputs that never re-lay out the whole screen while you type.

Textual's ``Input`` stores the width of its text, and ``TextArea`` the size of its
document, as the widget's virtual size: a reactive with ``layout=True``, so every typed
character (and every field mounted with a value) re-arranges the whole screen — tens of
ms on the People and Journal screens, ~50 ms per pass in a 15-field form. These
subclasses store that size quietly (:func:`set_virtual_size`): only the widget repaints,
and a layout happens only when a scrollbar appears or disappears. Their own height is
fixed by CSS, so nothing else on the screen depends on the value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.widgets import Input, TextArea

from .focus_rules import depends_on_focus
from .quiet_scroll import set_virtual_size


class QuietInput(Input):
    """An ``Input`` whose edits repaint only itself."""

    def _watch_value(self, value: str) -> None:
        # Store the size first: Input's own watcher then finds nothing to change.
        set_virtual_size(self, Size(self.content_width, 1))
        super()._watch_value(value)


class SearchBox(QuietInput):
    """A compact :class:`QuietInput` for a screen's search line.

    ``on_change(value)``, when given, is called as the value changes (before the
    ``Changed`` message is posted): the screen filters its list in the same frame as
    the typed character appears, instead of painting the box and then the list.
    """

    #: Shown in the key bar while typing (the screen's letter keys are hidden then):
    #: enter keeps the filter and returns to the list, escape clears it (the screen's
    #: ``clear_search``). Priority keys: they run as the app receives them, so keys
    #: typed right after them (already on their way, in a burst) reach the list.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Done", priority=True),
        Binding("escape", "screen.clear_search", "Clear", priority=True),
    ]

    def __init__(
        self,
        value: str | None = None,
        placeholder: str = "",
        *,
        on_change: Callable[[str], None] | None = None,
        on_submit: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("compact", True)
        self.on_change = on_change
        self.on_submit = on_submit
        super().__init__(value, placeholder, **kwargs)

    async def action_submit(self) -> None:
        """Enter: ``on_submit()`` at once when given (instead of posting ``Submitted``,
        which the screen would handle after the keys already queued)."""
        if self.on_submit is None:
            await super().action_submit()
            return
        self.on_submit()

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        if self.on_change is not None and self.is_mounted:
            self.on_change(value)

    # Focus moves (``/``, ``enter``, ``escape``) restyle the box: Textual applies the
    # stylesheet to it and to a virtual node per component class (cursor, selection,
    # placeholder, suggestion): five rule matches, ~3-4 ms on the list screens. Only the
    # box's own rules follow its focus unless a rule for a component class names
    # :focus / :blur / :focus-within, so the component classes are left out then.
    # Textual 8.2 internal: ``Stylesheet._process_component_classes`` reads them from
    # ``_get_component_classes`` (tests/test_widgets_lists.py checks the result against a
    # full restyle).

    _skip_components = False
    _components_focus_for: object = None
    _components_follow_focus = True

    def watch_has_focus(self, has_focus: bool) -> None:
        if self._components_follow(self.app.stylesheet.rules_map):
            super().watch_has_focus(has_focus)
            return
        self._skip_components = True
        try:
            self.app.stylesheet.update_nodes([self], animate=True)
        finally:
            self._skip_components = False

    def _components_follow(self, rules_map: dict[str, Any]) -> bool:
        """True when a rule for one of the box's component classes depends on focus."""
        if self._components_focus_for is not rules_map:  # rebuilt when the CSS changes
            names = {f".{name}" for name in self._get_component_classes()}
            self._components_follow_focus = depends_on_focus(rules_map, names)
            self._components_focus_for = rules_map
        return self._components_follow_focus

    def _get_component_classes(self) -> frozenset[str]:  # type: ignore[override]
        if self._skip_components:
            return frozenset()
        return super()._get_component_classes()


class QuietTextArea(TextArea):
    """A ``TextArea`` (fixed height) whose edits repaint only itself."""

    def _refresh_size(self) -> None:
        if self.soft_wrap:
            size = Size(0, self.wrapped_document.height)
        else:  # +1 width for the cursor resting at the end of the line (as TextArea)
            width, height = self.document.get_size(self.indent_width)
            size = Size(width + self.gutter_width + 1, height)
        set_virtual_size(self, size)
        self._refresh_scrollbars()
