"""The list-with-side-pane screen that People and Journal share.

A search line (filter as you type), a count line, a windowed table of the items
(:class:`VirtualTable`), and a side pane (:class:`TextPane`) showing the item under the
cursor. The screens only say what their items are, how a row and the pane show one,
and what their own keys do.

Search rules (one for both screens, :func:`filter_items`): every word must match;
``#tag`` matches an item with a tag starting so, ``@first_last`` an item linked to that
person (on People: the person), any other word a substring of the item's search text.
Case and accents are ignored (:func:`habitnet.folding.fold`).

Keys: ``/`` search (``enter`` keeps the filter and goes back to the list, ``escape``
clears it). ``/``, ``enter`` and ``escape`` move the focus the moment the app receives
them, so keys typed right after them in one burst land where they would at human speed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Static

from ..folding import fold
from ..models import State
from ..widgets.keybar import KeyBar
from ..widgets.pane_scheduler import PaneScheduler, warm_in_steps
from ..widgets.search_box import SearchBox
from ..widgets.statusline import StatusLine
from ..widgets.text_pane import TextPane
from ..widgets.virtual_table import Column, LazyRows, Row, VirtualTable
from .base import HabitnetScreen

if TYPE_CHECKING:
    from ..session import Session

SEARCH_WARM_AFTER = 0.5  # s after a rebuild, make the search strings in idle time
PAGES_KEPT = 24  # side pages kept for moving back and forth


class ListItem(Protocol):
    """What the shared list needs of one item (a contact, a journal entry)."""

    @property
    def key(self) -> str:
        """The item's id (the table row's key)."""
        ...

    @property
    def row(self) -> Row:
        """The item's table row."""
        ...

    @property
    def search(self) -> str:
        """Folded text a plain search word is looked for in."""
        ...

    @property
    def tag_keys(self) -> tuple[str, ...]:
        """Folded tags, for ``#tag``."""
        ...

    @property
    def people(self) -> str:
        """Folded names of the people it is linked to (newline-separated), for ``@name``."""
        ...


ItemT = TypeVar("ItemT", bound=ListItem)


#: ``/``: a priority key, run as the app receives it, so the keys typed right after it
#: (already on their way, in a burst) are sent to the focused search box.
SEARCH_KEY = Binding("slash", "search", "Search", priority=True)


def filter_items(items: Sequence[ItemT], words: list[str]) -> list[ItemT]:
    """The items matching every (folded) word, one pass per word over the list: ``#tag``
    a tag that starts so, ``@first_last`` a linked person, any other word the text.

    A lone ``#`` or ``@`` (a tag or a name still being typed) matches every item, so
    typing on from it narrows what is shown (``#`` → ``#a`` → ``#ai``), as for words.
    """
    shown = list(items)
    for w in words:
        if w in ("#", "@"):
            continue
        if w.startswith("#"):
            tag = w[1:]
            shown = [it for it in shown if any(t.startswith(tag) for t in it.tag_keys)]
        elif w.startswith("@"):
            name = w[1:].replace("_", " ")
            shown = [it for it in shown if name in it.people]
        else:
            shown = [it for it in shown if w in it.search]
    return shown


def narrows(old: str, new: str) -> bool:
    """True when every item matching ``new`` also matches ``old`` (typing on)."""
    return bool(old) and fold(new).startswith(fold(old))


def _warm(item: ListItem) -> None:
    item.search  # noqa: B018 - made and kept on first access


def _row_of(item: ListItem) -> Row:
    return item.row


def _key_of(item: ListItem) -> str:
    return item.key


class ListScreen(HabitnetScreen[None], Generic[ItemT]):
    """A searchable list of items with a side pane that follows the cursor.

    Subclasses set ``LIST_NAME`` (the widgets' ids: ``{name}-search``, ``-count``,
    ``-table``, and ``PANE_ID``), ``PLACEHOLDER``, ``ITEM_ACTIONS`` (their letter keys,
    hidden while the search box is typed in), ``ROW_ACTIONS`` (those needing an item
    under the cursor), and implement :meth:`make_items`, :meth:`columns`,
    :meth:`pane_text`, :meth:`count_text` and :meth:`empty_text`.
    """

    LIST_NAME: ClassVar[str]
    PANE_ID: ClassVar[str]
    PLACEHOLDER: ClassVar[str] = "/ search"
    ITEM_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    ROW_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    CSS_PATH = "lists.tcss"
    # Focused as the screen is first shown, before the keys already queued are handled.
    AUTO_FOCUS = "VirtualTable"

    #: The screens list ``SEARCH_KEY`` among their own keys, in the key bar's order.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: every item in scope, in the list's order (before the search)
        self.items: list[ItemT] = []
        self.by_key: dict[str, ItemT] = {}
        #: the items shown (matching the search)
        self.shown: list[ItemT] = []
        self.query_text = ""
        self.built_version = -1
        self.today: date | None = None
        self.state: State | None = None
        self._pane = PaneScheduler(self, self._update_pane)
        self._typing = False  # the rows are being replaced by a filter typed
        self._pane_for: tuple[str, int, date] | None = None

    # -- the app -------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self.app.session

    def writable(self, what: str) -> bool:
        """True when the data may change now (the app says why not, otherwise)."""
        return self.app.writable(what)

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        name = self.LIST_NAME
        yield StatusLine()
        with Horizontal(id=f"{name}-body", classes="list-body"):
            with Vertical(id=f"{name}-left", classes="list-left"):
                yield SearchBox(
                    placeholder=self.PLACEHOLDER,
                    id=f"{name}-search",
                    classes="list-search",
                    on_submit=self.back_to_list,
                )
                yield Static("", id=f"{name}-count", classes="list-count")
                yield VirtualTable(id=f"{name}-table", classes="list-table", empty_text="Loading…")
            yield TextPane(id=self.PANE_ID, classes="list-pane", pages_kept=PAGES_KEPT)
        yield KeyBar()

    @property
    def table(self) -> VirtualTable:
        return self.query_one(VirtualTable)

    @property
    def search_box(self) -> SearchBox:
        return self.query_one(SearchBox)

    @property
    def pane(self) -> TextPane:
        return self.query_one(TextPane)

    def on_mount(self) -> None:
        self.table.on_cursor = self._cursor_moved
        self.table.set_columns(self.columns(self.size.width))
        # The search follows the box's text as it changes (a watcher runs at once, in
        # the same frame as the typed character), not a Changed message later.
        self.watch(self.search_box, "value", self._query_changed, init=False)
        self.watch(self.app, "data_version", self.refresh_data, init=False)

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        self.table.set_columns(self.columns(self.size.width))

    # -- what subclasses say -------------------------------------------------------

    def make_items(self, state: State, today: date) -> list[ItemT]:
        """Every item of the data, in the list's order."""
        raise NotImplementedError

    def pool(self) -> list[ItemT]:
        """The items the search looks in (all of them, unless a subclass narrows)."""
        return self.items

    def columns(self, width: int) -> list[Column]:
        """The table's columns at a screen ``width``."""
        raise NotImplementedError

    def pane_text(self, item: ItemT) -> Text:
        """The side pane for ``item``."""
        raise NotImplementedError

    def empty_pane_text(self) -> str:
        """The side pane when no item is under the cursor."""
        return ""

    def count_text(self, shown: int, words: list[str]) -> str:
        """The line above the list: how many items show."""
        raise NotImplementedError

    def empty_text(self, words: list[str]) -> str:
        """What the empty list says."""
        raise NotImplementedError

    # -- data ----------------------------------------------------------------------

    def refresh_data(self, _version: object = None) -> None:
        """Build the items for the current data and day, if not built for them yet
        (while another screen is shown: when this one is shown again)."""
        app = self.app
        session = app.session
        if session is None:
            return
        version, today = app.data_version, app.day
        if version == self.built_version and self.today == today:
            return
        if app.screen is not self:
            return  # rebuilt when shown (on_screen_resume)
        self.built_version = version
        self.today = today
        self.state = session.state
        self.set_items(self.make_items(session.state, today))

    def set_items(self, items: list[ItemT]) -> None:
        """Show new items (the search applied), and warm their search text in idle time."""
        self.items = items
        self.by_key = {it.key: it for it in items}
        self.apply_filter()
        self.set_timer(SEARCH_WARM_AFTER, self._warm_search)

    def _warm_search(self) -> None:
        """Make the search strings while the user reads, so the first letter is quick."""
        items = self.items
        warm_in_steps(self, list(items), _warm, lambda: self.items is items)

    @property
    def current(self) -> ItemT | None:
        """The item under the cursor."""
        row = self.table.current
        return self.by_key.get(row.key) if row is not None else None

    def apply_filter(self, narrowing: bool = False, *, typed: bool = False) -> None:
        """Show the items matching the search; ``narrowing``: among those shown now."""
        table = self.table
        words = fold(self.query_text).split()
        pool = self.shown if narrowing else self.pool()
        shown = filter_items(pool, words)
        self.shown = shown
        keep = table.current.key if table.current is not None else None
        table.empty_text = self.empty_text(words)
        # While a filter is typed the pane follows when typing stops.
        self._typing = typed
        table.set_rows(LazyRows(shown, _row_of, _key_of), keep_key=keep)
        self._typing = False
        # Plain text: a typed "[b]" is shown as typed, not read as markup. One line,
        # its height fixed in CSS: no layout.
        count = Content(self.count_text(len(shown), words))
        self.query_one(f"#{self.LIST_NAME}-count", Static).update(count, layout=False)

    # -- side pane -----------------------------------------------------------------

    def _cursor_moved(self, row: Row | None) -> None:
        """The cursor row changed (or the rows did): redraw the side pane at once, or
        when the keys stop (see ``PaneScheduler``)."""
        self._pane.schedule(now=not self._typing)

    def _update_pane(self) -> None:
        self._pane.drawing()
        item = self.current
        pane = self.pane
        if item is None or self.today is None:
            self._pane_for = None
            pane.set_text(self.empty_pane_text())
            return
        stamp = (item.key, self.built_version, self.today)
        if self._pane_for == stamp:
            return  # already shown (the table announced the same row again)
        self._pane_for = stamp
        # Kept per item and data version: moving back to an item seen a moment ago
        # shows its page without building and wrapping it again.
        pane.show(stamp, lambda: self.pane_text(item))

    # -- search --------------------------------------------------------------------

    def _query_changed(self, value: str) -> None:
        """The search box's text changed: filter."""
        if value == self.query_text:
            return
        narrowing = narrows(self.query_text, value)
        self.query_text = value
        self.apply_filter(narrowing, typed=True)

    def set_search(self, text: str) -> None:
        """Search for ``text`` and go back to the list."""
        self._set_query(text)
        self.back_to_list()

    def _set_query(self, text: str) -> None:
        box = self.search_box
        box.value = text  # the watcher filters
        if self.query_text != text:  # the box had this text already: filter here
            self.query_text = text
            self.apply_filter()

    def action_search(self) -> None:
        """``/``: the focus moves to the search box at once (``Screen.set_focus``)."""
        self._pane.flush()  # a pending side pane shares the focus move's frame
        self.set_focus(self.search_box)

    def action_clear_search(self) -> None:
        """``escape``: back to the list at once (keys typed after it go to the list);
        the search is cleared after the keys already on their way to the box, as it
        would be had they been typed slowly."""
        self.back_to_list()
        self.search_box.call_later(self._set_query, "")

    def back_to_list(self) -> None:
        """Leave the search box for the list; the pane follows the typed filter in the
        same frame as the list and the focus move."""
        self._pane.flush()
        self.set_focus(self.table)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()  # the search box's enter is handled as it arrives (on_submit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the letter keys while the search box is typed in; show the keys that
        need an item as disabled when there is none."""
        if action in self.ITEM_ACTIONS or action == "search":
            if isinstance(self.focused, Input):
                return False
            if action in self.ROW_ACTIONS and self.table.current is None:
                return None
        return True

    # -- after a form --------------------------------------------------------------

    def show_item(self, key: str | None) -> None:
        """After a form saved item ``key``: rebuild, put the cursor on it, focus the list."""
        if key is None:
            return
        self.refresh_data()
        table = self.table
        for i, item in enumerate(self.shown):
            if item.key == key:
                table.move_to(i)
                break
        table.focus()
