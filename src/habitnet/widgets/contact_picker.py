"""Pick contacts by typing part of a name or organisation.

The picker is lazy: it shows only the best few matches (``MAX_MATCHES``), searched over
search keys computed once per contact (lower-case, accents folded: ``zoe`` finds
``Zoë``, ``lukasz`` finds ``Łukasz``). Contact records are immutable, so a key is
cached per record object and reused across data changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ..folding import fold
from .plain import plain
from .text_fields import TextInput

if TYPE_CHECKING:
    from ..models import Contact

MAX_MATCHES = 12


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    detail: str  # organisation / role
    key: str  # folded search text: name, organisation, role, tags
    name_key: str  # folded name, for "starts with" ranking and sorting


#: id(contact) -> (contact, its Choice). Records are frozen, so a Choice stays valid for
#: as long as its record object is alive; the record is kept to make the id unambiguous.
_CHOICES: dict[int, tuple[Contact, Choice]] = {}


def _choice(c: Contact) -> Choice:
    hit = _CHOICES.get(id(c))
    if hit is not None and hit[0] is c:
        return hit[1]
    detail = " · ".join(x for x in (c.organisation, c.role) if x)
    name_key = fold(c.name)
    key = fold(f"{c.name} {c.organisation} {c.role} {' '.join(c.tags)}")
    choice = Choice(c.id, c.name, detail, key, name_key)
    _CHOICES[id(c)] = (c, choice)
    return choice


def choices_from(contacts: Sequence[Contact]) -> list[Choice]:
    """Searchable choices from Contact models (archived ones left out), by name."""
    if len(_CHOICES) > 2 * len(contacts) + 1000:
        _CHOICES.clear()  # records replaced by edits: drop the stale ones
    out = [_choice(c) for c in contacts if not c.archived]
    out.sort(key=lambda ch: ch.name_key)
    return out


def search(choices: Sequence[Choice], query: str, limit: int = MAX_MATCHES) -> list[Choice]:
    """Every word of the query must appear; names starting with the query come first.

    Stops as soon as ``limit`` names start with the query, so a short query over
    thousands of contacts costs only the first few hundred checks.
    """
    words = fold(query).split()
    if not words:
        return list(choices[:limit])
    first: list[Choice] = []
    rest: list[Choice] = []
    head, more = words[0], words[1:]
    for ch in choices:
        if head not in ch.key or (more and not all(w in ch.key for w in more)):
            continue
        if ch.name_key.startswith(head):
            first.append(ch)
            if len(first) >= limit:
                break
        elif len(rest) < limit:
            rest.append(ch)
    return (first + rest)[:limit]


class ContactPicker(Vertical):
    """A search box, the matches, and the chosen contacts.

    Enter in the search box (or on a match) adds the highlighted match; ``ctrl+x``
    removes the last chosen contact. The matches show while a name is looked for: they
    close once someone is picked (the form reads on), and open again as a name is typed.
    """

    DEFAULT_CSS = """
    ContactPicker { height: auto; }
    ContactPicker > #picker-search { width: 1fr; }
    ContactPicker > #picker-matches { height: 4; border: none; background: $surface; }
    ContactPicker > #picker-chosen { color: $accent; height: auto; }
    """

    # Priority: the search box's own ctrl+x (cut) would take it first; with text
    # selected there, ctrl+x still cuts (see action_remove_last).
    BINDINGS = [Binding("ctrl+x", "remove_last", "Remove last contact", priority=True)]

    class Changed(Message):
        def __init__(self, picker: ContactPicker) -> None:
            super().__init__()
            self.picker = picker

    def __init__(self, choices: Sequence[Choice], chosen: Sequence[str] = (), **kwargs: Any):
        super().__init__(**kwargs)
        self._source = choices
        self.choices = list(choices)
        self.by_id = {c.id: c for c in self.choices}
        self.chosen: list[str] = [c for c in chosen if c in self.by_id]
        self._matches: list[Choice] = []
        self._chosen_shown = ""

    def load(self, choices: Sequence[Choice], chosen: Sequence[str] = ()) -> None:
        """Start afresh: new choices (when they changed), these chosen, an empty search."""
        if choices is not self._source:
            self._source = choices
            self.choices = list(choices)
            self.by_id = {c.id: c for c in self.choices}
            self._matches = []  # names may have changed: redraw the matches
        self.chosen = [c for c in chosen if c in self.by_id]
        search_box = self.query_one("#picker-search", Input)
        with search_box.prevent(Input.Changed):
            search_box.value = ""
        self._refresh_matches("")
        if self._matches:
            self.query_one("#picker-matches", OptionList).highlighted = 0
        self._show_chosen()
        self._show_matches(not self.chosen)

    def compose(self) -> ComposeResult:
        yield TextInput(
            placeholder="type a name to search contacts…", id="picker-search", compact=True
        )
        # Names and organisations are data: plain text, never markup.
        yield OptionList(id="picker-matches", markup=False)
        self._chosen_shown = self._chosen_text()
        yield Label(plain(self._chosen_shown), id="picker-chosen")

    def on_mount(self) -> None:
        # Reached from the search box with up/down; tab skips the list.
        self.query_one("#picker-matches", OptionList).can_focus = False
        self._refresh_matches("")
        self._show_matches(not self.chosen)

    @property
    def matches_shown(self) -> bool:
        """Whether the suggestions are open."""
        return bool(self.query_one("#picker-matches").display)

    def _show_matches(self, show: bool) -> None:
        # No match (no contacts yet, or none for what is typed): no empty box either.
        show = show and bool(self._matches)
        matches = self.query_one("#picker-matches")
        if bool(matches.display) != show:
            matches.display = show

    def _show_chosen(self) -> None:
        """Update the "With:" line; only a change touches it (an update lays out the form)."""
        text = self._chosen_text()
        if text != self._chosen_shown:
            self._chosen_shown = text
            self.query_one("#picker-chosen", Label).update(plain(text))

    def _chosen_text(self) -> str:
        if not self.chosen:
            return "With: (nobody — fine for a community post)"
        return "With: " + ", ".join(self.by_id[c].name for c in self.chosen) + "   (ctrl+x removes)"

    def _refresh_matches(self, query: str) -> None:
        matches = search(self.choices, query)
        if [c.id for c in matches] == [c.id for c in self._matches] and self._matches:
            return  # same matches (e.g. a longer query): nothing to redraw
        self._matches = matches
        options = self.query_one("#picker-matches", OptionList)
        options.set_options(
            Option(plain(c.name + (f"  — {c.detail}" if c.detail else "")), id=c.id)
            for c in matches
        )
        if matches:
            options.highlighted = 0

    @on(Input.Changed, "#picker-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh_matches(event.value)
        if event.value:
            self._show_matches(True)

    @on(Input.Submitted, "#picker-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#picker-matches", OptionList)
        if event.value.strip() and options.highlighted is not None and self._matches:
            self.add(self._matches[options.highlighted].id)
            with event.input.prevent(Input.Changed):
                event.input.value = ""
            self._refresh_matches("")
        else:
            self.screen.focus_next()

    @on(OptionList.OptionSelected, "#picker-matches")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.add(event.option.id)

    def on_key(self, event: events.Key) -> None:
        search_box = self.query_one("#picker-search", Input)
        if search_box.has_focus and event.key in ("down", "up"):
            if not self.matches_shown:  # closed after a pick: up/down open them again
                self._show_matches(True)
            elif event.key == "down":
                self.query_one("#picker-matches", OptionList).action_cursor_down()
            else:
                self.query_one("#picker-matches", OptionList).action_cursor_up()
            event.stop()
            event.prevent_default()

    def add(self, contact_id: str) -> None:
        """Choose ``contact_id``; the suggestions close (typing opens them again)."""
        if contact_id in self.by_id and contact_id not in self.chosen:
            self.chosen.append(contact_id)
            self._show_chosen()
            self.post_message(self.Changed(self))
        self._show_matches(False)

    def action_remove_last(self) -> None:
        search_box = self.query_one("#picker-search", Input)
        if search_box.has_focus and not search_box.selection.is_empty:
            search_box.action_cut()
            return
        if self.chosen:
            self.chosen.pop()
            self._show_chosen()
            self.post_message(self.Changed(self))
