"""A scrollable pane of rich Text that never triggers a screen layout when it changes.

``Static.update`` on an auto-height widget re-lays out the whole screen, which costs
more than the rest of a key press on a busy screen. :class:`TextPane` wraps its text
into lines itself and draws only the visible ones (Line API), so replacing the text of a
detail pane on every cursor move stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable

from rich._pick import pick_bool
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Text
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .fast_lines import FastLines, FastScrollBars
from .quiet_scroll import set_virtual_size

PAGES_KEPT = 8


_NARROW: set[str] = set()  # characters seen so far that are one cell wide


def _single_cells(line: str) -> bool:
    """True when every character of ``line`` is one cell wide (offsets are columns)."""
    if line.isascii():
        return True
    chars = set(line)
    if chars <= _NARROW:  # the usual case: a set operation in C, no per-character call
        return True
    for ch in chars - _NARROW:
        if cell_len(ch) != 1:
            return False
        _NARROW.add(ch)
    return True


_WORD = re.compile(r"\s*\S+\s*")  # rich._wrap's word: leading space, word, trailing space


def _breaks_single(text: str, width: int) -> list[int]:
    """``rich._wrap.divide_line(text, width, fold=True)`` for a line of one-cell
    characters: the same break offsets, with ``len`` instead of Rich's per-word
    ``cell_len`` calls (the wrap test compares the two)."""
    breaks: list[int] = []
    append = breaks.append
    offset = 0
    for match in _WORD.finditer(text):
        start = match.start()
        word = match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:  # folded over several lines, ``width`` characters each
            chunks = [word[i : i + width] for i in range(0, len(word), width)]
            for chunk in chunks[:-1]:
                if start:
                    append(start)
                start += len(chunk)
            if start:
                append(start)
            offset = len(chunks[-1])
        elif offset and start:
            append(start)
            offset = len(word)
    return breaks


def _divide_single(segments: list[Segment], cuts: list[int]) -> list[list[Segment]]:
    """``Segment.divide(segments, cuts)`` for one-cell characters (no control
    segments): positions are string offsets. ``cuts`` are ascending, the last one the
    line's length."""
    out: list[list[Segment]] = []
    line: list[Segment] = []
    pos = 0
    index = 0
    cut = cuts[0]
    last = len(cuts)
    for segment in segments:
        text, seg_style, control = segment
        while text:
            end = pos + len(text)
            if end < cut:
                line.append(segment)
                pos = end
                break
            if end == cut:
                line.append(segment)
                out.append(line)
                line = []
                pos = end
                index += 1
                if index == last:
                    return out
                cut = cuts[index]
                break
            split = cut - pos
            line.append(Segment(text[:split], seg_style, control))
            out.append(line)
            line = []
            text = text[split:]
            segment = Segment(text, seg_style, control)
            pos = cut
            index += 1
            if index == last:
                return out
            cut = cuts[index]
    out.append(line)
    return out


def wrap_strips(
    text: Text, console: Console, width: int, style: Style | None = None
) -> list[Strip]:
    """``text`` word-wrapped to ``width`` cells, one Strip per line (padded to ``width``).

    The same cells as ``console.render_lines(text, options.update_width(width))``, which
    splits the text into lines, wraps each, joins them again and renders the result.
    Here the text is rendered once and split at its newlines; only lines wider than
    ``width`` (few, in a detail pane) go through Rich's wrapping, with the parameters
    ``Text.__rich_console__`` would use. ``style``, when given, is applied under every
    segment (as ``Strip.apply_style``), padding included.
    """
    options = console.options.update_width(width)
    justify = text.justify or options.justify or DEFAULT_JUSTIFY
    overflow = text.overflow or options.overflow or DEFAULT_OVERFLOW
    tab_size = (console.tab_size if text.tab_size is None else text.tab_size) or 8
    no_wrap = pick_bool(text.no_wrap, options.no_wrap, False)

    apply_style = Segment.apply_style

    def wrapped(line: Text) -> list[Strip]:
        parts = line.wrap(
            console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap
        )
        out = [Strip(part.render(console)).adjust_cell_length(width) for part in parts]
        return [s.apply_style(style) for s in out] if style else out

    def fitted(segments: list[Segment], cells: int) -> Strip:
        """A line of ``cells`` cells cut or padded to the width, in ``style``."""
        if cells < width:
            segments = [*segments, Segment(" " * (width - cells))]
        elif cells > width:
            segments = Segment.adjust_line_length(segments, width)
        if style:
            segments = list(apply_style(segments, style))
        return Strip(segments, width)

    plain = text.plain
    if justify != "default" or overflow != "fold" or no_wrap or "\t" in plain:
        # Lines that fit are changed by Rich too (aligned, padded, tabs expanded).
        return [s for line in text.split(allow_blank=True) for s in wrapped(line)]
    plain_lines = plain.split("\n")
    segments_all = text.render(console)
    if text.style and not text.spans:  # Text.render leaves the base style out then
        segments_all = apply_style(segments_all, console.get_style(text.style))
    rendered = list(Segment.split_lines(segments_all))
    text_lines: list[Text] | None = None
    strips: list[Strip] = []
    append = strips.append
    for i, line_plain in enumerate(plain_lines):
        single = _single_cells(line_plain)
        cells = len(line_plain) if single else cell_len(line_plain)
        segments = rendered[i] if i < len(rendered) else []
        if cells <= width:
            append(fitted(segments, cells))
        elif single:
            # As Text.wrap: break where divide_line would (one cell per character), then
            # each piece is cut to the width (rstrip_end + truncate) and padded.
            cuts = [*_breaks_single(line_plain, width), cells]
            start = 0
            for piece, end in zip(_divide_single(segments, cuts), cuts, strict=True):
                append(fitted(piece, end - start))
                start = end
        else:  # wide characters: Rich places the breaks
            if text_lines is None:
                text_lines = list(text.split(allow_blank=True))
            strips.extend(wrapped(text_lines[i]))
    return strips


class TextPane(FastScrollBars, FastLines, ScrollView, can_focus=False):
    # The scrollbar always shows: one that comes and goes with the text's length would
    # re-lay out the whole screen each time (a scrollbar's visibility is a layout change).
    DEFAULT_CSS = """
    TextPane { height: 1fr; overflow-y: scroll; scrollbar-size-vertical: 1; }
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
        self.pages_kept = pages_kept
        self._text = Text(text) if isinstance(text, str) else text
        self._strips: list[Strip] = []  # wrapped lines, already in the pane's style
        self._wrapped_for = -1
        self._wrapped_style: Style | None = None
        self._blank: Strip | None = None
        self._key: Hashable = None
        self._pages: dict[tuple[Hashable, int, Style | None], tuple[Text, list[Strip]]] = {}
        self._render_width = -1
        self._blank_style: Style | None = None

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
        style = self.rich_style if width else None
        hit = self._pages.get((key, width, style)) if width else None
        if hit is None:
            self.set_text(make())
            self._key = key
            if width and self._wrapped_for == width and self._wrapped_style == style:
                self._pages[(key, width, style)] = (self._text, self._strips)
                while len(self._pages) > self.pages_kept:
                    del self._pages[next(iter(self._pages))]  # the least recently shown
            return
        self._pages[(key, width, style)] = self._pages.pop((key, width, style))  # recent
        self._text, self._strips = hit
        self._key = key
        self._wrapped_for = width
        self._wrapped_style = style
        self._set_height(width, len(self._strips))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _wrap(self, style: Style | None = None) -> None:
        width = max(1, self.scrollable_content_region.width)
        if style is None:
            style = self.rich_style
        # The pane's own style is applied here, once per text, not per line drawn.
        self._strips = wrap_strips(self._text, self.app.console, width, style)
        self._wrapped_for = width
        self._wrapped_style = style
        self._set_height(width, len(self._strips))

    def _set_height(self, width: int, lines: int) -> None:
        """The virtual size for ``lines`` lines of text.

        Any text shorter than the pane draws the same scrollbar (a thumb filling the
        track), so every such text gets the same virtual height (1): going from one
        short text to another leaves the scrollbar alone instead of repainting it.
        """
        if 0 < lines < self.scrollable_content_region.height:
            lines = 1
        set_virtual_size(self, Size(width, lines))

    def render_lines(self, crop: Region) -> list[Strip]:
        # ``rich_style`` walks every ancestor's styles and ``scrollable_content_region``
        # recomputes the gutter: both once per render, not once per line.
        style = self.rich_style
        width = self.scrollable_content_region.width
        if self._wrapped_for != width or self._wrapped_style != style:
            self._wrap(style)
        blank = self._blank
        if blank is None or blank.cell_length != width or self._blank_style != style:
            self._blank = Strip.blank(width, style)
            self._blank_style = style
        self._render_width = width
        try:
            return super().render_lines(crop)
        finally:
            self._render_width = -1

    def render_line(self, y: int) -> Strip:
        if self._render_width < 0:  # called outside render_lines
            width = self.scrollable_content_region.width
            if self._wrapped_for != width or self._wrapped_style != self.rich_style:
                self._wrap()
        index = round(self.scroll_y) + y
        if 0 <= index < len(self._strips):
            return self._strips[index]
        if self._blank is None or self._render_width < 0:
            return Strip.blank(self.scrollable_content_region.width, self.rich_style)
        return self._blank

    def on_resize(self, event: events.Resize) -> None:
        self._wrapped_for = -1
        self.refresh()
