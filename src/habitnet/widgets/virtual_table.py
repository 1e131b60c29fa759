"""A virtual (windowed) table: only the visible rows are ever rendered.

DataTable renders and measures every row it holds, which is too slow to rebuild on each
key with thousands of rows. :class:`VirtualTable` keeps a plain sequence of rows and
draws only the lines in view, through Textual's Line API (a ``ScrollView`` with
``render_line``, as toolong's ``LogLines``), so filtering or sorting thousands of rows is
a list operation plus one refresh. It has a fixed header line, a row cursor, and posts
:class:`VirtualTable.Highlighted` / :class:`VirtualTable.Selected` messages.

Cells are data: drawn as plain segments (never markup), with any control character
shown as a visible stand-in (:mod:`habitnet.widgets.plain`).

Public Textual API only: ``virtual_size`` for the scrollbar, ``scroll_to``,
``refresh_line`` for the two rows a cursor move changes, ``get_component_rich_style``
for the row styles, and one Strip kept per (line text, style).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar, overload

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .plain import shown
from .scrolling import set_length


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


def index_of_key(rows: Sequence[Row], key: str) -> int | None:
    """The index of the row with ``key`` in ``rows``, or None."""
    if isinstance(rows, LazyRows):
        return rows.index_of(key)
    for i, row in enumerate(rows):
        if row.key == key:
            return i
    return None


STRIPS_KEPT = 4096  # drawn lines kept (a line drawn again costs a lookup)


class VirtualTable(ScrollView, can_focus=True):
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

    #: The cursor's row index. The table repaints only the rows it changes (see
    #: ``_set_cursor``), so setting it does not repaint the whole table.
    cursor: reactive[int] = reactive(0, repaint=False, init=False)

    class Highlighted(Message):
        """The row under the cursor changed (or the rows were replaced)."""

        def __init__(self, table: VirtualTable, row: Row | None) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> VirtualTable:
            return self.table

    class Selected(Message):
        """Enter (or a double click) on a row."""

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
        #: (row cells, width) -> the row's line of text
        self._texts: LRUCache[tuple[tuple[str, ...], int], str] = LRUCache(STRIPS_KEPT)
        #: (line text, style) -> its Strip
        self._strips: LRUCache[tuple[str, Style], Strip] = LRUCache(STRIPS_KEPT)
        #: Called at once (before the Highlighted message is posted) with the row under
        #: the cursor, so a side pane can follow in the same frame.
        self.on_cursor: Callable[[Row | None], None] | None = None
        self._base: Style | None = None  # the table's style, during a paint
        self._width = -1  # the content width, during a paint

    # -- data ----------------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column]) -> None:
        columns = list(columns)
        if columns == self.columns:
            return
        self.columns = columns
        self._widths_for = -1
        self._texts.clear()
        self.refresh()

    def set_rows(self, rows: Sequence[Row], keep_key: str | None = None) -> None:
        """Replace the rows; keep the cursor on ``keep_key`` when it is still there.

        ``rows`` may be any sequence; a :class:`LazyRows` is read only for the rows
        drawn (and searched by key without making rows).
        """
        self.rows = rows
        set_length(self, Size(self.size.width, len(rows) + 1))
        index = 0
        if keep_key is not None:
            index = index_of_key(rows, keep_key) or 0
        self.refresh()
        self._set_cursor(index, force_message=True)

    @property
    def current(self) -> Row | None:
        """The row under the cursor, or None when there are no rows."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    # -- cursor --------------------------------------------------------------------

    def _set_cursor(self, index: int, force_message: bool = False) -> None:
        index = max(0, min(index, len(self.rows) - 1)) if self.rows else 0
        previous = self.cursor
        changed = index != previous
        self.cursor = index
        if not self._scroll_to_cursor() and changed:
            # no scroll (which repaints the whole table): just the two rows whose
            # highlight changed
            self.refresh_line(previous + 1)
            self.refresh_line(index + 1)
        if changed or force_message:
            row = self.current
            if self.on_cursor is not None:
                self.on_cursor(row)
            self.post_message(self.Highlighted(self, row))

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)  # less the header

    def _scroll_to_cursor(self) -> bool:
        """Scroll so the cursor row is visible; True when it scrolled."""
        visible = self._visible_rows()
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
            return True
        if self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)
            return True
        return False

    def move_to(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped), scrolling it into view."""
        self._set_cursor(index)

    def _page(self) -> int:
        return max(1, self._visible_rows() - 1)

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

    def on_resize(self, event: events.Resize) -> None:
        self._widths_for = -1
        set_length(self, Size(self.size.width, len(self.rows) + 1))
        self._scroll_to_cursor()

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

    def _line_text(self, cells: Sequence[str], width: int) -> str:
        """One row's line: each cell fitted to its column. Cells are data, drawn as raw
        segments (never markup), each control character as a visible stand-in."""
        widths = self._column_widths(width)
        parts = [
            fit(shown(cells[i]) if i < len(cells) else "", w, col.align)
            for i, (col, w) in enumerate(zip(self.columns, widths, strict=False))
            if col.visible
        ]
        return fit(" ".join(parts), width)

    def _row_text(self, row: Row, width: int) -> str:
        key = (row.cells, width)
        text = self._texts.get(key)
        if text is None:
            text = self._line_text(row.cells, width)
            self._texts[key] = text
        return text

    def _strip(self, text: str, style: Style, width: int) -> Strip:
        """One Strip per (line text, style), reused: a row drawn again (page back, home,
        the cursor leaving it) costs a lookup."""
        key = (text, style)
        strip = self._strips.get(key)
        if strip is None:
            strip = Strip([Segment(text, style)], width)
            self._strips[key] = strip
        return strip

    def render_lines(self, crop: Region) -> list[Strip]:
        # The table's style and width once per paint, not once per line (``rich_style``
        # walks every ancestor's styles).
        self._base = self.rich_style
        self._width = self.scrollable_content_region.width
        try:
            return super().render_lines(crop)
        finally:
            self._base = None
            self._width = -1

    def render_line(self, y: int) -> Strip:
        base = self._base if self._base is not None else self.rich_style
        width = self._width if self._width >= 0 else self.scrollable_content_region.width
        component = self.get_component_rich_style
        if y == 0:
            text = self._line_text([c.label for c in self.columns], width)
            return self._strip(text, base + component("virtual-table--header"), width)
        if not self.rows:
            if y == 1:
                empty = base + component("virtual-table--empty")
                return self._strip(fit(" " + shown(self.empty_text), width), empty, width)
            return Strip.blank(width, base)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        style = base
        if row.tone:
            style = style + component(f"virtual-table--{row.tone}")
        if index == self.cursor:
            focus = "virtual-table--cursor" if self.has_focus else "virtual-table--cursor-blurred"
            style = style + component(focus)
        return self._strip(self._row_text(row, width), style, width)
