"""Journal: the entries (newest first), a preview, and the editor.

A :class:`~habitnet.screens.searchable.ListScreen` (the list, search and side pane it
shares with People). Thousands of entries stay fast: search strings are made once per
data version (in idle time) and the table draws only the visible rows.

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
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..folding import fold
from ..models import JOURNAL_PROMPTS, JournalEntry, State
from ..widgets.plain import plain, shown
from ..widgets.virtual_table import Column, Row, VirtualTable
from .searchable import SEARCH_KEY, ListScreen

if TYPE_CHECKING:
    from .forms.journal_entry import JournalEntryForm


class Item:
    """One entry; its search string and table row are made on first use, then kept."""

    __slots__ = ("entry", "tags", "tag_keys", "_names", "_people", "_search", "_row")

    @property
    def key(self) -> str:
        return self.entry.id

    def __init__(self, entry: JournalEntry, names: dict[str, str]) -> None:
        self.entry = entry
        self.tags = tuple(entry.tags)
        # What a typed #tag matches (as shown: a control character in an old file's tag
        # is its stand-in, which the filter list puts in the search box).
        self.tag_keys = tuple(fold(shown(t)) for t in entry.tags)
        self._names = names
        self._people: str | None = None
        self._search: str | None = None
        self._row: Row | None = None

    @property
    def people(self) -> str:
        """Lowercase names of the linked contacts, joined by newlines."""
        if self._people is None:
            names = self._names
            self._people = "\n".join(
                fold(shown(names.get(cid, ""))) for cid in self.entry.contact_ids
            )
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


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


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
        # Tags and names are data: plain text, never markup.
        options: list[Option | None] = [Option("All entries (no filter)", id="")]
        options += [Option(plain(f"#{t}  ({n})"), id=f"#{shown(t)}") for t, n in self.tags]
        options += [
            Option(plain(f"@{name}  ({n})"), id="@" + "_".join(fold(shown(name)).split()))
            for name, n in self.people
        ]
        with Vertical():
            yield Static("Filter by tag or person (enter picks, esc cancels)", id="picker-title")
            yield OptionList(*options, markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")

    def action_cancel(self) -> None:
        self.dismiss(None)


class JournalScreen(ListScreen[Item]):
    """Journal entries list, preview and editor."""

    LIST_NAME = "journal"
    PANE_ID = "journal-preview"
    PLACEHOLDER = "/ search words, #tag, @first_last  (enter keeps, esc clears)"
    ITEM_ACTIONS = frozenset({"new", "edit", "filter", "delete"})
    ROW_ACTIONS = frozenset({"edit", "delete"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New entry"),
        SEARCH_KEY,
        Binding("f", "filter", "Filter"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._names: dict[str, str] = {}

    def columns(self, width: int) -> list[Column]:
        return [Column("Date", 10), Column("Entry"), Column("Tags", 16, visible=width >= 100)]

    # -- data ----------------------------------------------------------------------

    def make_items(self, state: State, today: date) -> list[Item]:
        """The entries, newest first (entries of one day: the last written first)."""
        names = {c.id: c.name for c in state.contacts}
        self._names = names
        journal = state.journal
        order = sorted(range(len(journal)), key=lambda i: (journal[i].day, i), reverse=True)
        return [Item(journal[i], names) for i in order]

    def count_text(self, shown: int, words: list[str]) -> str:
        total = len(self.items)
        entries = "entry" if total == 1 else "entries"
        if not words:
            return f"{total} {entries}"
        return f"{shown} of {total} {entries} matching {self.query_text!r}"

    def empty_text(self, words: list[str]) -> str:
        if not self.items:
            return "No entries yet: press n to write the first one."
        return f"No entries match {self.query_text!r}."

    # -- preview -------------------------------------------------------------------

    def pane_text(self, item: Item) -> Text:
        return self.preview_text(item.entry)

    def preview_text(self, e: JournalEntry) -> Text:
        t = Text()
        t.append(f"{e.day:%A %d %B %Y}\n", style="bold")
        if e.text:
            t.append("\n" + shown(e.text.strip(), multiline=True) + "\n")
        for key, prompt in JOURNAL_PROMPTS:
            answer = getattr(e, key).strip()
            t.append(f"\n{prompt}\n", style="bold underline")
            t.append(shown(answer or "—", multiline=True) + "\n", style="" if answer else "dim")
        if e.tags:
            t.append("\nTags: ", style="bold")
            t.append(shown(" ".join(f"#{x}" for x in e.tags)) + "\n")
        if e.contact_ids:
            t.append("People: ", style="bold")
            names = ", ".join(self._names.get(c, "(removed)") for c in e.contact_ids)
            t.append(shown(names) + "\n")
        t.append("\nenter edits · d deletes", style="dim")
        return t

    # -- filter --------------------------------------------------------------------

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

    def _entry_form(self, entry: JournalEntry | None) -> JournalEntryForm:
        """The entry form, built once and reloaded for each new / edit after that."""
        from .forms.journal_entry import JournalEntryForm
        from .forms.modal import reusable

        today = self.app.day
        return reusable(
            self.app,
            "journal-entry-form",
            lambda: JournalEntryForm(entry, today),
            lambda form: form.load(entry, today),
        )

    def action_new(self) -> None:
        if not self.writable("write in the journal"):
            return
        self.app.push_screen(self._entry_form(None), self.show_item)

    def _current(self) -> JournalEntry | None:
        item = self.current
        return item.entry if item is not None else None

    def action_edit(self) -> None:
        entry = self._current()
        if entry is None or not self.writable("edit the journal"):
            return
        self.app.push_screen(self._entry_form(entry), self.show_item)

    @on(VirtualTable.Selected)
    def _selected(self, event: VirtualTable.Selected) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        entry = self._current()
        if entry is None or not self.writable("delete a journal entry"):
            return
        from .forms.confirm import ConfirmScreen

        def done(yes: bool | None) -> None:
            if not yes or self.session is None:
                return
            self.session.delete_journal(entry.id)
            # The session tells the app, which rebuilds the list and saves.
            self.notify(f"Deleted the journal entry of {entry.day:%d %b %Y}", timeout=4)

        self.app.push_screen(
            ConfirmScreen(f"Delete the journal entry of {entry.day:%A %d %B %Y}?", yes="Delete"),
            done,
        )
