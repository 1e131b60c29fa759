"""A scrollable pane of Rich Text that repaints only itself when its text changes.

``Static.update`` on an auto-height widget re-lays out the screen. :class:`TextPane` is a
``ScrollView`` of fixed size (its CSS) that wraps its text with Rich's own
``Console.render_lines`` and draws the visible lines (Textual's Line API), so replacing
the text of a side pane on every cursor move costs a wrap and a repaint of the pane.
The last few texts are kept by key (:meth:`TextPane.show`): going back to a page seen a
moment ago costs neither building nor wrapping it again. The text is data: a Rich
``Text`` (never markup), and a control character left in it is drawn as a stand-in.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .plain import visible_text
from .scrolling import set_length

PAGES_KEPT = 8


class TextPane(ScrollView, can_focus=False):
    """Text, word-wrapped to the pane's width, scrolled by the pane."""

    # The scrollbar always shows: one that comes and goes with the text's length would
    # change the content width (and the wrapping) with each text.
    DEFAULT_CSS = """
    TextPane { height: 1fr; overflow-y: scroll; overflow-x: hidden; scrollbar-size-vertical: 1; }
    """

    def __init__(
        self,
        text: Text | str = "",
        *,
        pages_kept: int = PAGES_KEPT,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = visible_text(Text(text) if isinstance(text, str) else text)
        self._key: Hashable = None  # the key of the text shown (None: set_text)
        #: the wrapped lines of the text shown, and what they were wrapped for
        self._lines: list[Strip] = []
        self._wrapped_for: tuple[int, Style] | None = None
        #: (key, width, style) -> (text, its wrapped lines): the pages seen last
        self._pages: LRUCache[tuple[Hashable, int, Style], tuple[Text, list[Strip]]] = LRUCache(
            max(1, pages_kept)
        )

    @property
    def text(self) -> Text:
        return self._text

    @property
    def plain(self) -> str:
        """The text shown, without styles."""
        return self._text.plain

    @property
    def lines(self) -> list[str]:
        """The text as wrapped for the pane's width (what scrolls in the pane)."""
        return [strip.text.rstrip() for strip in self._wrapped()]

    def set_text(self, text: Text | str) -> None:
        """Replace the text and scroll back to the top."""
        self._text = visible_text(Text(text) if isinstance(text, str) else text)
        self._key = None
        self._wrapped_for = None
        self._show()

    def show(self, key: Hashable, make: Callable[[], Text]) -> None:
        """Show the text ``make()`` builds for ``key``, reusing the last few by key."""
        form = self._form()
        hit = self._pages.get((key, *form)) if form is not None else None
        if hit is None:
            self._text = visible_text(make())
            self._wrapped_for = None
            self._key = key
            if form is not None:
                self._pages[(key, *form)] = (self._text, self._wrapped())
        else:
            self._text, self._lines = hit
            self._wrapped_for = form
            self._key = key
        self._show()

    def _form(self) -> tuple[int, Style] | None:
        """What the lines are wrapped for: the content width and the pane's style."""
        if not self.is_mounted or not self.size.width:
            return None
        return self.scrollable_content_region.width, self.rich_style

    def _wrapped(self) -> list[Strip]:
        """The text's lines for the pane's current width and style (wrapped when those
        or the text changed)."""
        form = self._form()
        if form is None:
            return []
        if form != self._wrapped_for:
            width, style = form
            console = self.app.console
            options = console.options.update_width(max(1, width))
            self._lines = [
                Strip(line, width)
                for line in console.render_lines(self._text, options, style=style, pad=True)
            ]
            self._wrapped_for = form
        return self._lines

    def _show(self) -> None:
        """Show the text from its first line."""
        self._update_size()
        self.scroll_to(y=0, animate=False, immediate=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._wrapped()  # once per paint: wrapped again if the width or style changed
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        if 0 <= index < len(self._lines):
            return self._lines[index]
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)

    def on_resize(self, event: events.Resize) -> None:
        self._update_size()

    def _update_size(self) -> None:
        """The virtual size of the wrapped text, and a repaint."""
        height = len(self._wrapped())
        # Any text shorter than the pane draws the same scrollbar (a thumb filling the
        # track), so every such text gets one virtual height: going from one short text
        # to another leaves the scrollbar as it is.
        if height < self.scrollable_content_region.height:
            height = 1
        set_length(self, Size(self.scrollable_content_region.width, height))
        self.refresh()
