"""A virtual (windowed) table: only the visible rows are ever rendered.

DataTable renders and measures every row it holds, which is too slow to rebuild on each
key with thousands of rows. :class:`VirtualTable` keeps a plain list of rows and draws
only the lines in view (``render_line``), so filtering or sorting thousands of rows is a
list operation plus one refresh. It has a fixed header line, a row cursor, and posts
:class:`VirtualTable.Highlighted` / :class:`VirtualTable.Selected` messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, Self, TypeVar, overload

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.dom import NoScreen
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .fast_lines import FastLines, FastScrollBars
from .focus_rules import depends_on_focus
from .quiet_scroll import set_virtual_size


@dataclass(frozen=True)
class Column:
    label: str
    width: int = 0  # 0: share the remaining width
    align: str = "left"  # or "right"
    visible: bool = True  # hidden columns keep their cell slot in each row


@dataclass(frozen=True)
class Row:
    key: str
    cells: tuple[str, ...]
    tone: str = ""  # "", "warn", "dim", "good": a component class suffix


T = TypeVar("T")


class LazyRows(Sequence[Row], Generic[T]):
    """Items shown as table rows, each row made (by ``row_of``) only when asked for.

    A screen with thousands of items hands the table one of these: filtering and
    sorting stay list operations on the items, and only the rows drawn get formatted.
    """

    def __init__(
        self, items: list[T], row_of: Callable[[T], Row], key_of: Callable[[T], str]
    ) -> None:
        self.items = items
        self.row_of = row_of
        self.key_of = key_of

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | Sequence[Row]:
        if isinstance(index, slice):
            return [self.row_of(x) for x in self.items[index]]
        return self.row_of(self.items[index])

    def __iter__(self) -> Iterator[Row]:
        return (self.row_of(x) for x in self.items)

    def index_of(self, key: str) -> int | None:
        key_of = self.key_of
        for i, x in enumerate(self.items):
            if key_of(x) == key:
                return i
        return None


def fit(text: str, width: int, align: str = "left") -> str:
    """Pad or truncate ``text`` (with an ellipsis) to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if text.isascii():  # fast path: one cell per character
        if len(text) > width:
            return text[: width - 1] + "…"
        return text.rjust(width) if align == "right" else text.ljust(width)
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - cell_len(text))
    return pad + text if align == "right" else text + pad


class VirtualTable(FastScrollBars, FastLines, ScrollView, can_focus=True):
    """A table that renders only its visible rows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--cursor-blurred",
        "virtual-table--warn",
        "virtual-table--dim",
        "virtual-table--good",
        "virtual-table--empty",
    }

    DEFAULT_CSS = """
    VirtualTable {
        height: 1fr;
        background: $surface;
        overflow-y: scroll;  /* no layout when a filter makes the scrollbar come or go */
        overflow-x: hidden;
        & > .virtual-table--header { text-style: bold; color: $text-accent; background: $panel; }
        & > .virtual-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .virtual-table--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .virtual-table--warn { color: $text-warning; }
        & > .virtual-table--dim { color: $text-muted; }
        & > .virtual-table--good { color: $text-success; }
        & > .virtual-table--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=False, init=False)

    class Highlighted(Message):
        def __init__(self, table: VirtualTable, row: Row | None) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> VirtualTable:
            return self.table

    class Selected(Message):
        def __init__(self, table: VirtualTable, row: Row) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column] = (),
        *,
        empty_text: str = "Nothing to show.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns: list[Column] = list(columns)
        self.rows: Sequence[Row] = []
        self.empty_text = empty_text
        self._widths: list[int] = []
        self._widths_for = -1
        self._cache: dict[Row, str] = {}
        self._cache_width = -1
        self._base: Style | None = None
        #: Called at once (before the Highlighted message is posted) with the row under
        #: the cursor and whether the whole table is being repainted (it scrolled, or its
        #: rows were replaced), so a side pane can follow in the same frame.
        self.on_cursor: Callable[[Row | None, bool], None] | None = None
        self._strips: dict[tuple[str, Style], Strip] = {}
        self._render_width = -1
        self._row_styles: dict[tuple[str, bool], Style] | None = None
        self._focus_rules = False
        self._focus_rules_for: object = None  # the stylesheet's rules map when checked
        self._focus_names: frozenset[str] = frozenset()

    # -- data ----------------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self._widths_for = -1
        self._cache.clear()
        self.refresh()

    def set_rows(self, rows: Sequence[Row], keep_key: str | None = None) -> None:
        """Replace the rows; keep the cursor on ``keep_key`` when it is still there.

        ``rows`` may be any sequence; one that makes its rows on demand (and offers
        ``index_of(key) -> int | None``) is read only for the rows drawn.
        """
        self.rows = rows
        set_virtual_size(self, Size(self.size.width, len(rows) + 1))
        index = 0
        if keep_key is not None:
            index_of = getattr(rows, "index_of", None)
            if callable(index_of):
                index = index_of(keep_key) or 0
            else:
                for i, row in enumerate(rows):
                    if row.key == keep_key:
                        index = i
                        break
        self.refresh()
        self._set_cursor(index, force_message=True, repainted=True)

    @property
    def current(self) -> Row | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    # -- cursor --------------------------------------------------------------------

    def _set_cursor(
        self, index: int, force_message: bool = False, *, repainted: bool = False
    ) -> None:
        index = max(0, min(index, len(self.rows) - 1)) if self.rows else 0
        previous = self.cursor
        changed = index != previous
        self.set_reactive(VirtualTable.cursor, index)
        if self._scroll_to_cursor():
            self.refresh()
            repainted = True
        elif changed:  # redraw just the two rows whose highlight changed
            self.refresh_line(previous + 1)
            self.refresh_line(index + 1)
        if changed or force_message:
            row = self.current
            if self.on_cursor is not None:
                self.on_cursor(row, repainted)
            self.post_message(self.Highlighted(self, row))

    def _scroll_to_cursor(self) -> bool:
        """Scroll so the cursor row is visible; True when it scrolled."""
        visible = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
            return True
        if self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)
            return True
        return False

    def move_to(self, index: int) -> None:
        self._set_cursor(index)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def action_cursor_up(self) -> None:
        self._set_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self._set_cursor(self.cursor + 1)

    def action_page_up(self) -> None:
        self._set_cursor(self.cursor - self._page())

    def action_page_down(self) -> None:
        self._set_cursor(self.cursor + self._page())

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        self._set_cursor(len(self.rows) - 1)

    def action_select(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Selected(self, row))

    async def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= index < len(self.rows):
            self._set_cursor(index)
            if event.chain >= 2:
                self.action_select()

    # -- rendering -----------------------------------------------------------------

    def _column_widths(self, width: int) -> list[int]:
        if self._widths_for == width:
            return self._widths
        cols = [c for c in self.columns if c.visible]
        fixed = sum(c.width for c in cols if c.width)
        flex = [c for c in cols if not c.width]
        gaps = max(0, len(cols) - 1)
        spare = max(0, width - fixed - gaps)
        each = spare // len(flex) if flex else 0
        widths = [(c.width or each) if c.visible else 0 for c in self.columns]
        if flex:  # give the rounding remainder to the first flexible column
            i = next(i for i, c in enumerate(self.columns) if c.visible and not c.width)
            widths[i] += spare - each * len(flex)
        self._widths, self._widths_for = widths, width
        return widths

    def _row_text(self, row: Row, width: int) -> str:
        """A row's line of text, cached (by value) until the columns or width change."""
        if self._cache_width != width:
            self._cache.clear()
            self._cache_width = width
        text = self._cache.get(row)
        if text is None:
            if len(self._cache) > 4096:
                self._cache.clear()
            text = self._cache[row] = self._line_text(row.cells, width)
        return text

    def _line_text(self, cells: Sequence[str], width: int) -> str:
        widths = self._column_widths(width)
        parts = [
            fit(cells[i] if i < len(cells) else "", w, col.align)
            for i, (col, w) in enumerate(zip(self.columns, widths, strict=False))
            if col.visible
        ]
        return fit(" ".join(parts), width)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Looked up once per render, not per line: ``rich_style`` walks all ancestors,
        # ``scrollable_content_region`` recomputes the gutter (~45 us a line).
        self._base = self.rich_style
        self._render_width = self.scrollable_content_region.width
        self._row_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._render_width = -1
            self._row_styles = None

    def _row_style(self, base: Style, tone: str, cursor: bool) -> Style:
        """The style of a row: the table's, its tone's, the cursor's (component styles
        are looked up once per render, not once per row: each lookup walks the DOM)."""
        cache = self._row_styles
        key = (tone, cursor)
        if cache is not None:
            hit = cache.get(key)
            if hit is not None:
                return hit
        style = base
        if tone:
            style = style + self.get_component_rich_style(f"virtual-table--{tone}")
        if cursor:
            name = "virtual-table--cursor" if self.has_focus else "virtual-table--cursor-blurred"
            style = style + self.get_component_rich_style(name)
        if cache is not None:
            cache[key] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self._render_width
        if width < 0:
            width = self.scrollable_content_region.width
        base = self._base if self._base is not None else self.rich_style
        if y == 0:
            text = self._line_text([c.label for c in self.columns], width)
            head = base + self.get_component_rich_style("virtual-table--header")
            return Strip([Segment(text, head)], width)
        index = round(self.scroll_y) + y - 1
        if not self.rows:
            if y == 1:
                empty = base + self.get_component_rich_style("virtual-table--empty")
                return Strip([Segment(fit(" " + self.empty_text, width), empty)], width)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        style = self._row_style(base, row.tone, index == self.cursor)
        return self._strip(self._row_text(row, width), style, width)

    def _strip(self, text: str, style: Style, width: int) -> Strip:
        """One Strip per (line text, style), reused: a row drawn again (page back, home,
        the cursor leaving it) costs a lookup, and Textual's per-Strip caches (length
        adjustment, line filters) hit as well."""
        key = (text, style)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 4096:
                self._strips.clear()
            strip = self._strips[key] = Strip([Segment(text, style)], width)
        return strip

    def on_resize(self, event: events.Resize) -> None:
        self._widths_for = -1
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)
        self._scroll_to_cursor()

    def watch_has_focus(self, has_focus: bool) -> None:
        # Textual restyles the widget *and its scrollbars* on focus changes, and the
        # scrollbars' restyle asks for a whole-screen layout. Only the table's own
        # style may depend on its focus, and only when a rule says so (the cursor
        # row's look is chosen in render_line): restyling the table and its seven
        # component classes for nothing cost ~5 ms per focus change.
        if self._styled_by_focus():
            self.app.stylesheet.apply(self, animate=True)

    def _styled_by_focus(self) -> bool:
        """True when a stylesheet rule for this table depends on :focus / :blur."""
        rules_map = self.app.stylesheet.rules_map  # rebuilt when the CSS changes
        names = frozenset(self._selector_names)
        if self._focus_rules_for is not rules_map or self._focus_names != names:
            self._focus_rules = depends_on_focus(rules_map, names)
            self._focus_rules_for, self._focus_names = rules_map, names
        return self._focus_rules

    # Focus only changes how the cursor row looks (cursor / cursor-blurred): repaint
    # that line, not the whole table as Widget's own focus handlers would.

    def focus(self, scroll_visible: bool = True) -> Self:
        if self.has_focus:
            return self  # Widget.focus would repaint the whole table for nothing
        # Widget.focus without its whole-widget refresh (the focus handler repaints
        # the cursor row, which is all that changes).

        def set_focus(widget: VirtualTable) -> None:
            try:
                widget.screen.set_focus(self, scroll_visible=scroll_visible)
            except NoScreen:
                pass

        self.app.call_later(set_focus, self)
        return self

    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()
        self.has_focus = True
        self.refresh_line(self.cursor + 1)
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        self.refresh_line(self.cursor + 1)
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))
