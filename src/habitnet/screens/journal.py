"""Journal: the entries (newest first), a preview, and the editor.

Thousands of entries stay fast: search strings are built once per data version and the
list is a :class:`VirtualTable` that draws only the visible rows.

Keys: ``n`` new entry, ``enter`` edit the highlighted one, ``/`` search as you type
(words; ``#tag`` for a tag; ``@name`` for a linked person, ``_`` for spaces;
``enter`` keeps the filter, ``escape`` clears it), ``f`` filter by a tag or a person
from a list, ``d`` delete (after a confirmation).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..folding import fold
from ..models import JOURNAL_PROMPTS, JournalEntry, State
from ..widgets.keybar import KeyBar
from ..widgets.pane_scheduler import PaneScheduler, warm_in_steps
from ..widgets.search_box import SearchBox
from ..widgets.statusline import StatusLine
from ..widgets.text_pane import TextPane
from ..widgets.virtual_table import Column, LazyRows, Row, VirtualTable
from .searchable import SearchableList

if TYPE_CHECKING:
    from .forms.journal_entry import JournalEntryForm

SEARCH_WARM_AFTER = 0.5  # s after a rebuild, make the search strings in idle time
PAGES_KEPT = 24  # previews kept for moving back and forth


class Item:
    """One entry; its search string and table row are made on first use, then kept."""

    __slots__ = ("entry", "tags", "tag_keys", "_names", "_people", "_search", "_row")

    def __init__(self, entry: JournalEntry, names: dict[str, str]) -> None:
        self.entry = entry
        self.tags = tuple(entry.tags)
        self.tag_keys = tuple(fold(t) for t in entry.tags)  # what a typed #tag matches
        self._names = names
        self._people: str | None = None
        self._search: str | None = None
        self._row: Row | None = None

    @property
    def people(self) -> str:
        """Lowercase names of the linked contacts, joined by newlines."""
        if self._people is None:
            names = self._names
            self._people = "\n".join(fold(names.get(cid, "")) for cid in self.entry.contact_ids)
        return self._people

    @property
    def search(self) -> str:
        if self._search is None:
            self._search = fold(self.entry.search_text()) + "\n" + self.people
        return self._search

    @property
    def row(self) -> Row:
        if self._row is None:
            e = self.entry
            summary = first_line(e.text) or next(
                (first_line(getattr(e, k)) for k, _ in JOURNAL_PROMPTS if getattr(e, k)), ""
            )
            self._row = Row(e.id, (e.day.isoformat(), summary, " ".join(f"#{t}" for t in e.tags)))
        return self._row


def _warm_item(item: Item) -> None:
    item.search  # noqa: B018 - computed and kept on first access


def item_row(item: Item) -> Row:
    return item.row


def item_key(item: Item) -> str:
    return item.entry.id


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def filter_items(items: list[Item], words: list[str]) -> list[Item]:
    """The items matching every word, one pass per word over the list: ``#tag`` a tag
    that starts so, ``@first_last`` a linked person, any other word the entry's text.

    A lone ``#`` or ``@`` (a tag or a name still being typed) matches every item, so
    typing on from it narrows what is shown (``#`` → ``#a`` → ``#ai``), as for words.
    """
    shown = items
    for w in words:
        if w in ("#", "@"):
            continue
        if w.startswith("#") and len(w) > 1:
            tag = w[1:]
            shown = [it for it in shown if any(t.startswith(tag) for t in it.tag_keys)]
        elif w.startswith("@") and len(w) > 1:
            name = w[1:].replace("_", " ")
            shown = [it for it in shown if name in it.people]
        else:
            shown = [it for it in shown if w in (it._search or it.search)]  # see People
    return shown if shown is not items else list(items)


class FilterPicker(ModalScreen[str]):
    """Pick a tag or a person to filter the journal by (dismisses with the search text)."""

    DEFAULT_CSS = """
    FilterPicker { align: center middle; }
    FilterPicker > Vertical {
        width: 60; max-width: 95%; height: 80%; border: thick $primary; background: $panel;
    }
    FilterPicker #picker-title { padding: 0 1; text-style: bold; }
    FilterPicker OptionList { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, tags: list[tuple[str, int]], people: list[tuple[str, int]]) -> None:
        super().__init__()
        self.tags = tags
        self.people = people

    def compose(self) -> ComposeResult:
        options: list[Option | None] = [Option("All entries (no filter)", id="")]
        options += [Option(f"#{t}  ({n})", id=f"#{t}") for t, n in self.tags]
        options += [
            Option(f"@{name}  ({n})", id="@" + "_".join(fold(name).split()))
            for name, n in self.people
        ]
        with Vertical():
            yield Static("Filter by tag or person (enter picks, esc cancels)", id="picker-title")
            yield OptionList(*options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")

    def action_cancel(self) -> None:
        self.dismiss(None)


class JournalScreen(SearchableList, Screen[None]):
    """Journal entries list, preview and editor."""

    search_box_id = "journal-search"

    # Textual's Screen.focused repaints the whole screen on every focus change; here
    # the widgets whose look follows the focus (search box, table cursor row, key bar)
    # repaint themselves, so a focus move repaints only them.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    CSS_PATH = "journal.tcss"
    # Focused as the screen is first shown (Screen._update_auto_focus, at once), not
    # after the keys already queued, as a focus() call in on_mount would be.
    AUTO_FOCUS = "#journal-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New entry"),
        # A priority key: run as the app receives it, so the keys typed right after it
        # (already on their way, in a burst) are sent to the focused search box.
        Binding("slash", "search", "Search", priority=True),
        Binding("f", "filter", "Filter"),
        Binding("d", "delete", "Delete"),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.items: list[Item] = []
        self.by_id: dict[str, Item] = {}
        self.shown: list[Item] = []
        self.query_text = ""
        self.built_version = -1
        self.today: date | None = None
        self._names: dict[str, str] = {}
        self._pane = PaneScheduler(self, self._update_preview)
        self._pane_now = False  # the rows being replaced are not a filter typed
        self._preview_for: tuple[str, int] | None = None

    def compose(self) -> ComposeResult:
        yield StatusLine()
        with Horizontal(id="journal-body"):
            with Vertical(id="journal-left"):
                yield SearchBox(
                    placeholder="/ search words, #tag, @first_last  (enter keeps, esc clears)",
                    id="journal-search",
                    on_change=self._query_changed,
                    on_submit=self._back_to_list,
                )
                yield Static("", id="journal-count")
                yield VirtualTable(
                    [Column("Date", 10), Column("Entry"), Column("Tags", 16)],
                    id="journal-table",
                    empty_text="Loading…",
                )
            yield TextPane(id="journal-preview", pages_kept=PAGES_KEPT)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(VirtualTable).on_cursor = self._cursor_moved
        self.watch(self.app, "data_version", self.refresh_data)

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        table = self.query_one(VirtualTable)
        wide = self.size.width >= 100
        table.set_columns([Column("Date", 10), Column("Entry"), Column("Tags", 16, visible=wide)])

    # -- data ----------------------------------------------------------------------

    @property
    def session(self) -> Any:
        return getattr(self.app, "session", None)

    @property
    def is_current(self) -> bool:
        try:
            return self.app.screen is self
        except Exception:  # noqa: BLE001 - no active screen yet
            return False

    def refresh_data(self, _version: object = None) -> None:
        session = self.session
        if session is None:
            return
        version = getattr(self.app, "data_version", 0)
        today = getattr(self.app, "day", None) or session.today()
        if version == self.built_version and today == self.today:
            return
        if not self.is_current:
            return  # rebuilt when shown (on_screen_resume)
        self.built_version = version
        self._build(session.state, today)

    def _build(self, state: State, today: date) -> None:
        self.today = today
        names = {c.id: c.name for c in state.contacts}
        self._names = names
        journal = state.journal
        order = sorted(range(len(journal)), key=lambda i: (journal[i].day, i), reverse=True)
        items = [Item(journal[i], names) for i in order]
        self.items = items
        self.by_id = {it.entry.id: it for it in items}
        self._filter()
        self.set_timer(SEARCH_WARM_AFTER, self._warm_search)

    def _warm_search(self) -> None:
        """Build the search strings while the user reads, so the first letter typed is quick."""
        items = self.items
        warm_in_steps(self, items, _warm_item, lambda: self.items is items)

    def _filter(self, narrowing: bool = False, *, typed: bool = False) -> None:
        """Show the entries matching every word; ``narrowing`` filters the shown ones."""
        table = self.query_one(VirtualTable)
        words = fold(self.query_text).split()
        pool = self.shown if narrowing else self.items
        shown = filter_items(pool, words) if words else list(self.items)
        self.shown = shown
        keep = table.current.key if table.current else None
        if not self.items:
            table.empty_text = "No entries yet: press n to write the first one."
        else:
            table.empty_text = f"No entries match {self.query_text!r}."
        # A new filter while typing repaints the list: the pane follows when typing stops.
        self._pane_now = not typed
        table.set_rows(LazyRows(shown, item_row, item_key), keep_key=keep)
        self._pane_now = False
        total = len(self.items)
        entries = "entry" if total == 1 else "entries"
        count = f"{len(shown)} of {total} {entries}" if words else f"{total} {entries}"
        if words:
            count += f" matching {self.query_text!r}"
        # Plain text: a typed "[b]" is shown as typed, not read as markup
        self.query_one("#journal-count", Static).update(Content(count), layout=False)

    # -- preview -------------------------------------------------------------------

    def _cursor_moved(self, row: Row | None, repainted: bool) -> None:
        """The table's cursor row changed (or the rows did): redraw the side pane at
        once, or when the keys stop (see ``PaneScheduler``)."""
        self._pane.schedule(now=not repainted or self._pane_now)

    def _update_preview(self) -> None:
        self._pane.drawing()
        row = self.query_one(VirtualTable).current
        widget = self.query_one("#journal-preview", TextPane)
        item = self.by_id.get(row.key) if row else None
        if item is None:
            self._preview_for = None
            widget.set_text("")
            return
        stamp = (item.entry.id, self.built_version)
        if self._preview_for == stamp:
            return  # already shown (e.g. the table re-announced the same row)
        self._preview_for = stamp
        entry = item.entry
        widget.show(stamp, lambda: self.preview_text(entry))  # kept: see PAGES_KEPT

    def preview_text(self, e: JournalEntry) -> Text:
        t = Text()
        t.append(f"{e.day:%A %d %B %Y}\n", style="bold")
        if e.text:
            t.append("\n" + e.text.strip() + "\n")
        for key, prompt in JOURNAL_PROMPTS:
            answer = getattr(e, key).strip()
            t.append(f"\n{prompt}\n", style="bold underline")
            t.append((answer or "—") + "\n", style="" if answer else "dim")
        if e.tags:
            t.append("\nTags: ", style="bold")
            t.append(" ".join(f"#{x}" for x in e.tags) + "\n")
        if e.contact_ids:
            t.append("People: ", style="bold")
            t.append(", ".join(self._names.get(c, "(removed)") for c in e.contact_ids) + "\n")
        t.append("\nenter edits · d deletes", style="dim")
        return t

    # -- search and filter ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the letter keys while the search box is being typed in."""
        if action in {"new", "edit", "search", "filter", "delete"}:
            if isinstance(self.focused, Input):
                return False
            if action in {"edit", "delete"} and self.query_one(VirtualTable).current is None:
                return None
        return True

    @on(Input.Changed, "#journal-search")
    def _on_search_changed(self, event: Input.Changed) -> None:
        self._search_changed(event)

    def set_search(self, text: str) -> None:
        box = self.query_one("#journal-search", Input)
        box.value = text  # the box reports a change at once (on_change) -> _filter
        if self.query_text != text:  # not reported (the box had this text already)
            self.query_text = text
            self._filter()
        self._back_to_list()

    def action_clear_search(self) -> None:
        self.set_search("")

    def action_filter(self) -> None:
        tags: dict[str, int] = {}
        people: dict[str, int] = {}
        for it in self.items:
            for t in it.tags:
                tags[t] = tags.get(t, 0) + 1
            for cid in it.entry.contact_ids:
                name = self._names.get(cid)
                if name:
                    people[name] = people.get(name, 0) + 1

        def done(choice: str | None) -> None:
            if choice is not None:
                self.set_search(choice)

        self.app.push_screen(
            FilterPicker(
                sorted(tags.items(), key=lambda kv: (-kv[1], kv[0])),
                sorted(people.items(), key=lambda kv: (-kv[1], kv[0])),
            ),
            done,
        )

    # -- new / edit / delete -------------------------------------------------------

    def _writable(self, what: str) -> bool:
        check = getattr(self.app, "writable", None)
        if callable(check):
            return bool(check(what))
        return self.session is not None

    def _after_form(self, entry_id: str | None) -> None:
        if entry_id is None:
            return
        self.refresh_data()
        table = self.query_one(VirtualTable)
        for i, it in enumerate(self.shown):
            if it.entry.id == entry_id:
                table.move_to(i)
                break
        table.focus()

    def _entry_form(self, entry: JournalEntry | None) -> JournalEntryForm:
        """The entry form, built once and reloaded for each new / edit after that."""
        from .forms.journal_entry import JournalEntryForm
        from .forms.modal import reusable

        today = getattr(self.app, "day", None) or self.session.today()
        return reusable(
            self.app,
            "journal-entry-form",
            lambda: JournalEntryForm(entry, today),
            lambda form: form.load(entry, today),
        )

    def action_new(self) -> None:
        if not self._writable("write in the journal"):
            return
        self.app.push_screen(self._entry_form(None), self._after_form)

    def _current(self) -> JournalEntry | None:
        row = self.query_one(VirtualTable).current
        item = self.by_id.get(row.key) if row else None
        return item.entry if item else None

    def action_edit(self) -> None:
        entry = self._current()
        if entry is None or not self._writable("edit the journal"):
            return
        self.app.push_screen(self._entry_form(entry), self._after_form)

    @on(VirtualTable.Selected)
    def _selected(self, event: VirtualTable.Selected) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        entry = self._current()
        if entry is None or not self._writable("delete a journal entry"):
            return
        from .forms.confirm import ConfirmScreen

        def done(yes: bool | None) -> None:
            if not yes or self.session is None:
                return
            self.session.delete_journal(entry.id)
            hook = getattr(self.app, "changed", None)
            if callable(hook):
                hook(f"Deleted the journal entry of {entry.day:%d %b %Y}")
            self.refresh_data()

        self.app.push_screen(
            ConfirmScreen(f"Delete the journal entry of {entry.day:%A %d %B %Y}?", yes="Delete"),
            done,
        )
