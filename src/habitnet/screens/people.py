"""People: the contacts table (sort, filter as you type) and a detail pane.

A :class:`~habitnet.screens.searchable.ListScreen` (the list, search and side pane it
shares with Journal; ``#tag`` finds contacts by tag). Fast with thousands of contacts:
the sort keys come from the engine's cheap per-contact path once per data version; row
text, search strings and full health records are made when first needed (rows when
drawn, search strings in idle time); a key press only filters/sorts a list and redraws
the visible lines of the table.

Keys: ``/`` search (``enter`` keeps the filter, ``escape`` clears it), ``a`` add,
``enter`` or ``E`` edit (``e`` opens Energy here as everywhere: no screen key is taken
by a screen), ``d`` archive / restore (after a confirmation), ``o`` next sort order,
``O`` reverse it, ``x`` show archived.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType

from .. import engine
from ..engine import ContactHealth
from ..folding import fold
from ..models import Activity, Contact, State
from ..widgets.plain import shown
from ..widgets.virtual_table import Column, Row, VirtualTable
from .searchable import SEARCH_KEY, ListScreen

if TYPE_CHECKING:
    from .forms.contact import ContactForm

SORTS: tuple[tuple[str, str], ...] = (
    ("due", "due date"),
    ("name", "name"),
    ("last", "last contact"),
    ("priority", "priority"),
)
HISTORY_SHOWN = 12


def ago(day: date | None, today: date) -> str:
    """A short relative age: today, 3d, 5w, 8mo, 2y."""
    if day is None:
        return "never"
    d = (today - day).days
    if d <= 0:
        return "today" if d == 0 else "future"
    if d < 14:
        return f"{d}d"
    if d < 60:
        return f"{d // 7}w"
    if d < 730:
        return f"{d // 30}mo"
    return f"{d // 365}y"


def ago_phrase(day: date, today: date) -> str:
    """``ago`` in a sentence: "3d ago", "today", "in the future"."""
    short = ago(day, today)
    return {"today": "today", "future": "in the future"}.get(short, f"{short} ago")


def due_text(day: date | None, today: date) -> str:
    if day is None:
        return "—"
    d = (day - today).days
    if d == 0:
        return "today"
    if d < 0:
        return f"{-d}d late"
    if d < 14:
        return f"in {d}d"
    if d < 60:
        return f"in {d // 7}w"
    return f"in {d // 30}mo"


_UNSET: Any = object()


class Person:
    """One contact with its sort keys; row text and search string are made on demand.

    Opening People with thousands of contacts builds only these light objects; a row's
    cells are formatted when the row is first drawn and the folded search string
    when the first search runs, then both are kept until the data changes.
    """

    __slots__ = (
        "contact",
        "last",
        "due",
        "name_key",
        "today",
        "tag_keys",
        "_health_of",
        "_health",
        "_row",
        "_search",
    )

    def __init__(
        self,
        contact: Contact,
        today: date,
        last: date | None,
        due: date | None,
        health_of: Callable[[Contact], ContactHealth | None],
    ) -> None:
        self.contact = contact
        self.today = today
        self.last: date = last or date.min
        self.due: date = due or date.max
        self.name_key = fold(contact.name)  # sorts Łukasz with the Ls
        self.tag_keys = tuple(fold(t) for t in contact.tags)  # what a typed #tag matches
        self._health_of = health_of
        self._health: Any = _UNSET
        self._row: Row | None = None
        self._search: str | None = None

    @property
    def key(self) -> str:
        return self.contact.id

    @property
    def people(self) -> str:
        """``@first_last`` on People finds the person."""
        return self.name_key

    @property
    def health(self) -> ContactHealth | None:
        """The engine's ContactHealth, computed when a row or the pane needs it."""
        if self._health is _UNSET:
            self._health = self._health_of(self.contact)
        return cast("ContactHealth | None", self._health)

    @property
    def row(self) -> Row:
        if self._row is None:
            self._row = person_row(self.contact, self.health, self.today)
        return self._row

    @property
    def search(self) -> str:
        if self._search is None:
            c = self.contact
            self._search = fold(
                " ".join(
                    [c.name, c.organisation, c.role, c.met, " ".join(c.tags), " ".join(c.emails)]
                )
            )
        return self._search


def person_row(c: Contact, h: ContactHealth | None, today: date) -> Row:
    """The table row of one contact."""
    notes = []
    tone = ""
    if h is not None:
        if h.next_step == "hello":  # never in touch: the day to say hello, as the CLI
            notes.append("say hello")
        if h.thank_you_due is not None:
            notes.append("thank-you")
            tone = "warn"
        if h.due and h.days_overdue > 0:
            tone = "warn"
        if h.reconnect:
            notes.append("reconnect")
        if h.one_sided:
            notes.append("one-sided")
    if c.archived:
        notes.insert(0, "archived")
        tone = "dim"
    last = h.last_interaction if h else None
    # Contacts never reached, or to reconnect with, have no follow-up day.
    due = h.ideal_due if h is not None and h.follow_up_pending else None
    cells = [c.name, " · ".join(x for x in (c.organisation, c.role) if x)]
    cells += [ago(last, today), due_text(due, today), str(c.priority), ", ".join(notes)]
    return Row(c.id, tuple(cells), tone)


class PeopleScreen(ListScreen[Person]):
    """Contacts table with a detail pane."""

    LIST_NAME = "people"
    PANE_ID = "people-detail"
    PLACEHOLDER = "/ search name, organisation, #tag…  (enter keeps, esc clears)"
    ITEM_ACTIONS = frozenset(
        {"add", "edit", "archive", "restore", "sort", "reverse", "toggle_archived"}
    )
    ROW_ACTIONS = frozenset({"edit", "archive", "restore"})

    BINDINGS: ClassVar[list[BindingType]] = [
        SEARCH_KEY,
        Binding("a", "add", "Add"),
        Binding("E", "edit", "Edit"),
        Binding("d", "archive", "Archive"),
        Binding("d", "restore", "Restore"),  # the same key, in the archived list (x)
        Binding("o", "sort", "Sort"),
        Binding("O", "reverse", "Reverse", show=False),
        Binding("x", "toggle_archived", "Archived"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.people: dict[str, Person] = {}
        self._split: dict[bool, list[Person]] = {False: [], True: []}
        self.totals: dict[bool, int] = {}
        self.sort_key = "due"
        self.sort_reverse = False
        self.show_archived = False
        self._history: dict[str, list[Activity]] | None = None
        self._journal_count: dict[str, int] | None = None

    def columns(self, width: int) -> list[Column]:
        arrow = " ▼" if self.sort_reverse else " ▲"

        def label(key: str, text: str) -> str:
            return text + (arrow if self.sort_key == key else "")

        wide = width >= 100
        # From 80 columns the organisation shows beside the name (who someone is); below
        # 100 the note (also in the detail pane, and in the row's colour) makes way for
        # it. Below 80 the list is ~30 wide: the name alone.
        narrow = width < 80
        cols = [Column(label("name", "Name")), Column("Organisation", visible=not narrow)]
        cols += [
            Column(label("last", "Last"), 7 if wide else 5),
            Column(label("due", "Due"), 10 if wide else 9),
            # 1 cell holds the digit; the sort arrow needs 3 (else the header reads '…')
            Column(
                label("priority", "P"), 3 if wide or self.sort_key == "priority" else 1, "right"
            ),
            Column("Note", 12, visible=wide),
        ]
        return cols

    # -- data ----------------------------------------------------------------------

    def make_items(self, state: State, today: date) -> list[Person]:
        """Every contact with its sort keys (last contact, follow-up day), sorted.

        The engine's cheap per-contact days (``engine.contact_dates``: the one rule for
        follow-ups and for contacts never in touch) give those two days for all contacts;
        the full health record (reasons, balance, flags) is computed per contact only
        when its row is drawn or it is shown in the pane. With 3,000 contacts that is ~38
        records on opening instead of 3,000.
        """
        self._history = None
        self._journal_count = None
        dates = engine.contact_dates(state, today)
        health_of = engine.health_getter(state, today)
        people = [
            Person(c, today, dates[c.id].last, dates[c.id].due, health_of) for c in state.contacts
        ]
        self.people = {p.key: p for p in people}
        return self._sorted()

    def _sorted(self) -> list[Person]:
        """The contacts in the chosen order; the live and archived ones split once per
        sort, not on every key typed in the search box."""
        keys: dict[str, Callable[[Person], Any]] = {
            "name": lambda p: p.name_key,
            "last": lambda p: (p.last, p.name_key),
            "due": lambda p: (p.due, p.contact.priority, p.name_key),
            "priority": lambda p: (p.contact.priority, p.due, p.name_key),
        }
        order = sorted(self.people.values(), key=keys[self.sort_key], reverse=self.sort_reverse)
        self._split = {
            flag: [p for p in order if p.contact.archived == flag] for flag in (False, True)
        }
        self.totals = {flag: len(self._split[flag]) for flag in (False, True)}
        return order

    def pool(self) -> list[Person]:
        return self._split[self.show_archived]

    def history_of(self, contact_id: str) -> list[Activity]:
        """The contact's activities, newest first (from the engine's per-contact index)."""
        if self._history is None:
            if self.state is None:
                return []
            self._history = engine.contact_history(self.state)
        return self._history.get(contact_id, [])[::-1]

    def journal_count_of(self, contact_id: str) -> int:
        if self._journal_count is None:
            jc: dict[str, int] = {}
            for j in self.state.journal if self.state is not None else ():
                for cid in j.contact_ids:
                    jc[cid] = jc.get(cid, 0) + 1
            self._journal_count = jc
        return self._journal_count.get(contact_id, 0)

    def count_text(self, shown: int, words: list[str]) -> str:
        archived = self.show_archived
        total = self.totals.get(archived, 0)
        what = ("archived " if archived else "") + ("contact" if total == 1 else "contacts")
        sort = dict(SORTS)[self.sort_key] + (" (reversed)" if self.sort_reverse else "")
        count = f"{shown} of {total} {what}" if words else f"{total} {what}"
        return f"{count} · sorted by {sort}"

    def empty_text(self, words: list[str]) -> str:
        if not self.people:
            return "No contacts yet: press a to add one."
        if self.show_archived and not words:
            return "No archived contacts."
        return f"No contacts match {self.query_text!r}."

    def empty_pane_text(self) -> str:
        return "" if self.people else "Add your first contact with a."

    # -- detail pane ---------------------------------------------------------------

    def pane_text(self, item: Person) -> Text:
        assert self.today is not None
        return self.detail_text(item, self.today)

    def detail_text(self, p: Person, today: date) -> Text:
        c, h = p.contact, p.health
        t = Text()
        # Every field is data (an import's, or typed): shown as text, controls visible.
        t.append(shown(c.name) + "\n", style="bold")
        sub = " · ".join(x for x in (c.role, c.organisation) if x)
        if sub:
            t.append(shown(sub) + "\n")
        t.append(
            f"Priority {c.priority} · {c.stage.value} · every {c.cadence_days} days\n",
            style="dim",
        )
        if c.archived:
            t.append("Archived (d restores)\n", style="italic")
        if c.met:
            t.append(f"Met: {shown(c.met)}\n")
        for label, values in (("Email", c.emails), ("Phone", c.phones)):
            if values:
                t.append(f"{label}: {shown(', '.join(values))}\n")
        if c.linkedin_url:
            t.append(f"LinkedIn: {shown(c.linkedin_url)}\n")
        if c.tags:
            t.append("Tags: " + shown(", ".join(f"#{x}" for x in c.tags)) + "\n")
        t.append("\nFollow-up\n", style="bold underline")
        if h is None:
            t.append("No follow-up information.\n", style="dim")
        else:
            if h.last_interaction:
                t.append(f"Last contact {h.last_interaction:%a %d %b %Y}")
                t.append(f" ({ago_phrase(h.last_interaction, today)})\n", style="dim")
            else:
                t.append("No contact logged yet.\n")
            if h.ideal_due and h.next_step == "hello":
                when = "today" if h.ideal_due == today else f"on {h.ideal_due:%a %d %b %Y}"
                t.append(f"Say hello {when}\n", style="bold" if h.due else "")
            elif h.ideal_due and h.follow_up_pending:
                late = h.due and h.days_overdue > 0
                t.append(
                    f"Due {h.ideal_due:%d %b %Y}"
                    + (f", latest {h.latest_due:%d %b %Y}" if h.latest_due else "")
                    + (f" · {h.days_overdue} days late" if late else "")
                    + "\n",
                    style="bold yellow" if late else "",
                )
            if h.thank_you_due:
                t.append(f"Thank-you due by {h.thank_you_due:%d %b}\n", style="bold yellow")
            for reason in h.reasons:
                t.append(f"• {shown(reason)}\n", style="italic")
            t.append("\nGive / ask balance\n", style="bold underline")
            total = h.gave + h.asked + h.mutual
            t.append(f"gave {h.gave} · asked {h.asked} · mutual {h.mutual}\n")
            if total:
                width = 24
                g = round(width * h.gave / total)
                a = round(width * h.asked / total)
                m = max(0, width - g - a)
                t.append("█" * g, style="green")
                t.append("█" * m, style="blue")
                t.append("█" * a, style="magenta")
                t.append("\n")
            if h.one_sided:
                t.append("One-sided lately: offer something before the next ask.\n", "yellow")
        for label, value in (
            ("What they need", c.they_need),
            ("What I can offer", c.i_can_offer),
            ("What they offer", c.they_offer),
            ("Notes", c.notes),
        ):
            if value:
                t.append(f"\n{label}\n", style="bold underline")
                t.append(shown(value, multiline=True) + "\n")
        acts = self.history_of(c.id)
        t.append(f"\nHistory ({len(acts)})\n", style="bold underline")
        if not acts:
            t.append("Nothing logged yet.\n", style="dim")
        for act in acts[:HISTORY_SHOWN]:
            t.append(f"{act.at:%Y-%m-%d} ", style="dim")
            kind = shown(act.kind)
            t.append(f"{kind} ({act.direction_text})" if act.direction_text else kind)
            if act.note:
                t.append(f" — {shown(act.note)}", style="italic")
            t.append("\n")
        if len(acts) > HISTORY_SHOWN:
            t.append(f"… and {len(acts) - HISTORY_SHOWN} earlier\n", style="dim")
        n = self.journal_count_of(c.id)
        if n:
            t.append(f"Linked in {n} journal entr{'y' if n == 1 else 'ies'}\n", style="dim")
        return t

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # d archives a contact, or restores one in the archived list: one shown.
        if action in {"archive", "restore"} and (action == "restore") != self.show_archived:
            return False
        return super().check_action(action, parameters)

    # -- actions -------------------------------------------------------------------

    def _selected(self) -> Contact | None:
        person = self.current
        return person.contact if person is not None else None

    def _resort(self) -> None:
        self.table.set_columns(self.columns(self.size.width))
        self.items = self._sorted()
        self.apply_filter()

    def action_sort(self) -> None:
        keys = [k for k, _ in SORTS]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.sort_reverse = False
        self._resort()

    def action_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._resort()

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.apply_filter()
        self.refresh_bindings()  # d: Archive <-> Restore
        self.notify(
            "Showing archived contacts (x: back)" if self.show_archived else "Showing contacts",
            timeout=2,
        )

    def _contact_form(self, contact: Contact | None) -> ContactForm:
        """The contact form, built once and reloaded for each add / edit after that."""
        from .forms.contact import ContactForm
        from .forms.modal import reusable

        assert self.session is not None
        cadence = self.session.state.settings.default_cadence_days
        return reusable(
            self.app,
            "contact-form",
            lambda: ContactForm(contact, cadence),
            lambda form: form.load(contact, cadence),
        )

    def action_add(self) -> None:
        if not self.writable("add a contact"):
            return
        self.app.push_screen(self._contact_form(None), self.show_item)

    def action_edit(self) -> None:
        contact = self._selected()
        if contact is None or not self.writable("edit a contact"):
            return
        self.app.push_screen(self._contact_form(contact), self.show_item)

    @on(VirtualTable.Selected)
    def _row_selected(self, event: VirtualTable.Selected) -> None:
        self.action_edit()

    def action_restore(self) -> None:
        self.action_archive()  # toggles: the archived list's contacts are restored

    def action_archive(self) -> None:
        contact = self._selected()
        if contact is None or not self.writable("archive a contact"):
            return
        from .forms.confirm import ConfirmScreen

        restore = contact.archived
        question = (
            f"Restore {contact.name} to your contacts?"
            if restore
            else f"Archive {contact.name}? They leave your lists and plans; "
            "their history is kept and x shows archived contacts."
        )

        def done(yes: bool | None) -> None:
            if not yes or self.session is None:
                return
            self.session.archive_contact(contact.id, archived=not restore)
            # The session tells the app, which rebuilds the list and saves.
            self.notify(("Restored " if restore else "Archived ") + contact.name, timeout=4)

        self.app.push_screen(ConfirmScreen(question, yes="Restore" if restore else "Archive"), done)
