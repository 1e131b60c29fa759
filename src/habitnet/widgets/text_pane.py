"""A scrollable pane of rich Text that never triggers a screen layout when it changes.

``Static.update`` on an auto-height widget re-lays out the whole screen, which costs
more than the rest of a key press on a busy screen. :class:`TextPane` wraps its text
into lines itself and draws only the visible ones (Line API), so replacing the text of a
detail pane on every cursor move stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from rich._pick import pick_bool
from rich.console import Console
from rich.style import Style
from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Text
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .quiet_scroll import set_virtual_size

PAGES_KEPT = 8


def wrap_strips(text: Text, console: Console, width: int) -> list[Strip]:
    """``text`` word-wrapped to ``width`` cells, one Strip per line (padded to ``width``).

    The same lines as ``console.render_lines(text, options.update_width(width))``, which
    wraps every line and then renders the re-joined text: here a line that already fits
    (most lines of a detail pane) is rendered as it is, and only longer ones are wrapped,
    with the parameters Text.__rich_console__ would use.
    """
    options = console.options.update_width(width)
    justify = text.justify or options.justify or DEFAULT_JUSTIFY
    overflow = text.overflow or options.overflow or DEFAULT_OVERFLOW
    tab_size = (console.tab_size if text.tab_size is None else text.tab_size) or 8
    no_wrap = pick_bool(text.no_wrap, options.no_wrap, False)
    # Lines that fit are left alone by Text.wrap unless justify pads or aligns them.
    plain_fit = justify == "default" and not no_wrap
    strips: list[Strip] = []
    append = strips.append
    for line in text.split(allow_blank=True):
        if plain_fit and "\t" not in line.plain and line.cell_len <= width:
            append(Strip(line.render(console)).adjust_cell_length(width))
            continue
        for part in line.wrap(
            console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap
        ):
            append(Strip(part.render(console)).adjust_cell_length(width))
    return strips


class TextPane(ScrollView, can_focus=False):
    # The scrollbar always shows: one that comes and goes with the text's length would
    # re-lay out the whole screen each time (a scrollbar's visibility is a layout change).
    DEFAULT_CSS = """
    TextPane { height: 1fr; overflow-y: scroll; scrollbar-size-vertical: 1; }
    """

    def __init__(
        self,
        text: Text | str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = Text(text) if isinstance(text, str) else text
        self._strips: list[Strip] = []
        self._wrapped_for = -1
        self._base: Style | None = None
        self._styled: dict[int, Strip] = {}
        self._key: Hashable = None
        self._pages: dict[tuple[Hashable, int], tuple[Text, list[Strip]]] = {}
        self._render_width = -1

    @property
    def text(self) -> Text:
        return self._text

    @property
    def plain(self) -> str:
        return self._text.plain

    def set_text(self, text: Text | str) -> None:
        """Replace the text and scroll back to the top."""
        self._text = Text(text) if isinstance(text, str) else text
        self._key = None
        self._wrapped_for = -1
        if self.is_mounted and self.size.width:
            self._wrap()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def show(self, key: Hashable, make: Callable[[], Text]) -> None:
        """Show the text ``make()`` builds for ``key``, reusing the last few by key.

        Going back to a page seen a moment ago (a week, an entry) then costs neither
        building nor wrapping its text again.
        """
        width = self.scrollable_content_region.width if self.is_mounted else 0
        hit = self._pages.get((key, width)) if width else None
        if hit is None:
            self.set_text(make())
            self._key = key
            if width and self._wrapped_for == width:
                self._pages[(key, width)] = (self._text, self._strips)
                while len(self._pages) > PAGES_KEPT:
                    del self._pages[next(iter(self._pages))]
            return
        self._text, self._strips = hit
        self._key = key
        self._styled.clear()
        self._wrapped_for = width
        set_virtual_size(self, Size(width, len(self._strips)))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _wrap(self) -> None:
        width = max(1, self.scrollable_content_region.width)
        self._strips = wrap_strips(self._text, self.app.console, width)
        self._styled.clear()
        self._wrapped_for = width
        set_virtual_size(self, Size(width, len(self._strips)))

    def render_lines(self, crop: Region) -> list[Strip]:
        # ``rich_style`` walks every ancestor's styles: look it up once per render, not
        # once per line; styled strips are kept while the style stays the same. The
        # width too (``scrollable_content_region`` recomputes the gutter each time).
        base = self.rich_style
        if base != self._base:
            self._base = base
            self._styled.clear()
        self._render_width = self.scrollable_content_region.width
        try:
            return super().render_lines(crop)
        finally:
            self._render_width = -1

    def render_line(self, y: int) -> Strip:
        width = self._render_width
        if width < 0:
            width = self.scrollable_content_region.width
        if self._wrapped_for != width:
            self._wrap()
        index = round(self.scroll_y) + y
        base = self._base if self._base is not None else self.rich_style
        if 0 <= index < len(self._strips):
            strip = self._styled.get(index)
            if strip is None:
                strip = self._styled[index] = self._strips[index].apply_style(base)
            return strip
        return Strip.blank(width, base)

    def on_resize(self, event: events.Resize) -> None:
        self._wrapped_for = -1
        self.refresh()
