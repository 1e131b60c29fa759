"""Draw a Line-API widget's lines without Textual's per-line style pass.

Textual draws every line of every widget through ``StylesCache.render_line``: it looks
up the border, outline, padding, tint, opacity and text opacity of the widget and
builds a new Strip, once per line (~80 us a line here). The list screens repaint ~110
such lines on an ordinary key (the table, its scrollbar, the side pane and its
scrollbar), ~9 ms of a 20 ms key.

:class:`FastLines` does the same work once per paint for widgets whose CSS gives them
at most a left/right border and left/right padding (no top/bottom border or padding,
no outline, tint, opacity, text opacity or hatch, no links): every line is then
``prefix + content + suffix`` with the same prefix and suffix. Those are taken from a
line drawn by Textual's own ``StylesCache`` (so they match what Textual would draw),
the content lines come from the widget's ``render_line`` and the framed, filtered line
is kept per content Strip. Any other styling falls back to Textual's path.

Relies on Textual 8.2 internals (``textual._styles_cache.StylesCache.render``'s
signature, what ``Widget.render_lines`` does with it, ``Widget._vertical_scrollbar`` and
``App._start_widget``): ``tests/test_widgets_lists.py`` compares every fast paint with
Textual's own and checks the fast path is taken, so an upgrade that changes them fails
there.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

try:  # Textual-internal (see the module docstring); without it, Textual's own path
    from textual._styles_cache import StylesCache
except ImportError:  # pragma: no cover - a Textual that moved it
    StylesCache = None  # type: ignore[assignment,misc]

_KEPT = 2048  # framed lines kept per widget


class _Frame:
    __slots__ = ("key", "prefix", "suffix", "inner", "content_width", "width", "filters", "bg")

    def __init__(self, key: tuple[Any, ...]) -> None:
        self.key = key
        self.prefix: list[Any] = []
        self.suffix: list[Any] = []
        self.inner: Style | None = None
        self.content_width = 0
        self.width = 0
        self.filters: list[Any] = []
        self.bg: Any = None


class FastLines:
    """Mixin (before the Widget class): ``render_lines`` without the per-line style pass."""

    #: Set to False (on a class or an instance) to always use Textual's path.
    fast_lines = True

    _fast_frame: _Frame | None = None
    _fast_kept: dict[int, tuple[Strip, Strip]] | None = None
    #: Paints done by the fast path (tests check it is taken).
    fast_paints = 0

    def _frame(self) -> _Frame | None:
        """The prefix/suffix every line gets, or None when Textual must draw the lines."""
        widget: Any = self
        if not self.fast_lines or StylesCache is None or widget.BLANK:
            return None
        styles = widget.styles
        border = styles.border
        if border.top[0] or border.bottom[0]:
            return None
        padding = styles.padding
        if padding.top or padding.bottom:
            return None
        outline = styles.outline
        if outline.top[0] or outline.right[0] or outline.bottom[0] or outline.left[0]:
            return None
        if styles.tint.a or styles.text_opacity != 1.0 or widget.opacity != 1.0:
            return None
        if styles.has_rule("hatch") and styles.hatch != "none":
            return None
        if widget.auto_links:
            hover = widget.hover_style
            if hover._link_id and hover._meta and "@click" in hover.meta:
                return None  # Textual restyles hovered links: its path does that
        size = widget.region.size
        content = widget.content_region.size
        if not size.width or content.width <= 0 or content.height != size.height:
            return None
        base_background, background = widget.background_colors
        app = widget.app
        filters = list(widget.get_line_filters())
        key = (
            size.width,
            content.width,
            border.left,
            border.right,
            padding,
            base_background,
            background,
            app.ansi_theme,
            app.native_ansi_color,
            tuple(filters),
        )
        frame = self._fast_frame
        if frame is not None and frame.key == key:
            return frame
        # One line drawn by Textual (empty content, no filters): its cells before and
        # after the content are every line's prefix and suffix, the content padding
        # style is the background Textual pads content lines with.
        line = StylesCache().render(
            styles,
            size,
            base_background,
            background,
            lambda y: Strip([], 0),
            (),
            None,
            None,
            content_size=content,
            padding=padding,
            crop=Region(0, 0, size.width, 1),
            opacity=1.0,
            ansi_theme=app.ansi_theme,
            native_ansi=app.native_ansi_color,
        )[0]
        gutter = styles.gutter
        left, right = gutter.left, gutter.right
        if left + content.width + right != size.width:
            return None
        middle = list(line.crop(left, left + content.width))
        if len(middle) != 1 or middle[0].text != " " * content.width:
            return None
        frame = _Frame(key)
        frame.prefix = list(line.crop(0, left)) if left else []
        frame.suffix = list(line.crop(left + content.width)) if right else []
        frame.inner = middle[0].style
        frame.content_width = content.width
        frame.width = size.width
        frame.filters = filters
        frame.bg = background
        self._fast_frame = frame
        self._fast_kept = {}
        return frame

    def render_lines(self, crop: Region) -> list[Strip]:
        frame = self._frame()
        if frame is None:
            return super().render_lines(crop)  # type: ignore[misc]
        self.fast_paints += 1
        kept = self._fast_kept
        assert kept is not None
        if len(kept) > _KEPT:
            kept.clear()
        render_line = self.render_line  # type: ignore[attr-defined]
        prefix, suffix, inner = frame.prefix, frame.suffix, frame.inner
        content_width, width, filters, bg = (
            frame.content_width,
            frame.width,
            frame.filters,
            frame.bg,
        )
        framed = bool(prefix or suffix)
        out: list[Strip] = []
        append = out.append
        for y in crop.line_range:
            content = render_line(y)
            hit = kept.get(id(content))
            if hit is not None and hit[0] is content:
                append(hit[1])
                continue
            line = content.adjust_cell_length(content_width, inner)
            if framed:
                line = Strip([*prefix, *line, *suffix], width)
            for f in filters:
                line = line.apply_filter(f, bg)
            kept[id(content)] = (content, line)  # keeps ``content`` alive: ids stay unique
            append(line)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            out = [strip.crop(x1, x2) for strip in out]
        return out


_BARS_KEPT = 48  # scrollbar drawings kept per bar


class FastScrollBar(FastLines, ScrollBar):
    """Textual's ScrollBar, drawn without the per-line style pass, and each drawing
    kept by what it depends on (size, thumb, colours): a thumb drawn before (a filter
    typed then erased, the side pane showing a text as long as one seen before) costs
    a lookup instead of Textual's render pipeline (~1.5-2 ms for a 38-line bar)."""

    _bars: dict[tuple[Any, ...], list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        frame = self._frame()
        bar = self.render()
        if frame is None or not isinstance(bar, ScrollBarRender):
            return super().render_lines(crop)
        width, height = self.size
        key = (
            frame.key,
            width,
            height,
            bar.virtual_size,
            bar.window_size,
            bar.position,
            bar.thickness,
            bar.vertical,
            bar.style,
            self.visual_style,
        )
        bars = self._bars
        if bars is None:
            bars = self._bars = {}
        full = bars.pop(key, None)
        if full is None:
            full = super().render_lines(Region(0, 0, width, height))
            while len(bars) >= _BARS_KEPT:
                del bars[next(iter(bars))]  # the least recently drawn
        else:
            self.fast_paints += 1
        bars[key] = full
        out = full[crop.y : crop.bottom]
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            out = [strip.crop(x1, x2) for strip in out]
        return out


class FastScrollBars:
    """Mixin for a scroll view (before the Widget class): its vertical scrollbar is a
    :class:`FastScrollBar`. Mirrors Textual 8.2's ``Widget.vertical_scrollbar``."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        widget: Any = self
        bar = widget._vertical_scrollbar
        if bar is not None:
            return bar
        bar = FastScrollBar(
            vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical
        )
        bar.display = False
        widget._vertical_scrollbar = bar
        widget.app._start_widget(widget, bar)
        return bar
