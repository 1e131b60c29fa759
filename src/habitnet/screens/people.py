"""People: the contacts table (sort, filter as you type) and a detail pane.

Fast with thousands of contacts: the sort keys come from the engine's cheap per-contact
path once per data version; row text, search strings and full health records are made
when first needed (rows when drawn, search strings in idle time); a key press
only filters/sorts a list and redraws the visible lines of a :class:`VirtualTable`. The
detail pane is rebuilt for the highlighted contact only, after the key has been handled.

Keys: ``/`` search (``enter`` keeps the filter, ``escape`` clears it), ``a`` add,
``e`` edit (on this screen ``e`` edits; the Energy screen stays one key away on every
other screen and in the command palette), ``enter`` edit too, ``d`` archive / restore
(after a confirmation), ``o`` next sort order, ``O`` reverse it, ``x`` show archived.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from .. import engine
from ..folding import fold
from ..models import Activity, Contact, State
from ..widgets.keybar import KeyBar
from ..widgets.pane_scheduler import PaneScheduler, warm_in_steps
from ..widgets.search_box import SearchBox
from ..widgets.statusline import StatusLine
from ..widgets.text_pane import TextPane
from ..widgets.virtual_table import Column, LazyRows, Row, VirtualTable
from .forms.modal import KeepsOwnLines, StyledOnMount
from .searchable import SearchableList

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


SEARCH_WARM_AFTER = 0.5  # s after a rebuild, make the search strings in idle time
PAGES_KEPT = 24  # detail pages kept for moving back and forth


_UNSET: Any = object()


class Person:
    """One contact with its sort keys; row text and search string are made on demand.

    Opening People with thousands of contacts builds only these light objects; a row's
    cells are formatted when the row is first drawn and the lowercase search string
    when the first search runs, then both are kept until the data changes.
    """

    __slots__ = (
        "contact",
        "last",
        "due",
        "name_key",
        "today",
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
        health_of: Callable[[Contact], Any],
    ) -> None:
        self.contact = contact
        self.today = today
        self.last: date = last or date.min
        self.due: date = due or date.max
        self.name_key = fold(contact.name)  # sorts Łukasz with the Ls
        self._health_of = health_of
        self._health: Any = _UNSET
        self._row: Row | None = None
        self._search: str | None = None

    @property
    def health(self) -> Any:
        """The engine's ContactHealth (or None), computed when a row or the pane needs it."""
        if self._health is _UNSET:
            self._health = self._health_of(self.contact)
        return self._health

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


def _lookup(health: dict[str, Any]) -> Callable[[Contact], Any]:
    return lambda c: health.get(c.id)


def _warm_person(p: Person) -> None:
    p.search  # noqa: B018 - computed and kept on first access


def person_row_of(p: Person) -> Row:
    return p.row


def person_key(p: Person) -> str:
    return p.contact.id


def person_row(c: Contact, h: Any, today: date) -> Row:
    """The table row of one contact."""
    notes = []
    tone = ""
    if h is not None:
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


class PeopleScreen(StyledOnMount, KeepsOwnLines, SearchableList, Screen[None]):
    """Contacts table with a detail pane."""

    search_box_id = "people-search"

    # Textual's Screen.focused repaints the whole screen on every focus change; here
    # the widgets whose look follows the focus (search box, table cursor row, key bar)
    # repaint themselves, so a focus move repaints only them.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    CSS_PATH = "people.tcss"
    # Focused as the screen is first shown (Screen._update_auto_focus, at once), not
    # after the keys already queued, as a focus() call in on_mount would be.
    AUTO_FOCUS = "#people-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority key: run as the app receives it, so the keys typed right after it
        # (already on their way, in a burst) are sent to the focused search box.
        Binding("slash", "search", "Search", priority=True),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d", "archive", "Archive"),
        Binding("d", "restore", "Restore"),  # the same key, in the archived list (x)
        Binding("o", "sort", "Sort"),
        Binding("O", "reverse", "Reverse", show=False),
        Binding("x", "toggle_archived", "Archived"),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.people: dict[str, Person] = {}
        self.order: list[Person] = []
        self._split: dict[bool, list[Person]] = {False: [], True: []}
        self.shown: list[Person] = []
        self.totals: dict[bool, int] = {}
        self.sort_key = "due"
        self.sort_reverse = False
        self.show_archived = False
        self.query_text = ""
        self.built_version = -1
        self.state: State | None = None
        self._history: dict[str, list[Activity]] | None = None
        self._journal_count: dict[str, int] | None = None
        self.today: date | None = None
        self._detail_for: tuple[str, int, date] | None = None
        self._pane = PaneScheduler(self, self._update_detail)
        self._pane_now = False  # the rows being replaced are not a filter typed

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusLine()
        with Horizontal(id="people-body"):
            with Vertical(id="people-left"):
                yield SearchBox(
                    placeholder="/ search name, organisation, tag…  (enter keeps, esc clears)",
                    id="people-search",
                    on_change=self._query_changed,
                    on_submit=self._back_to_list,
                )
                yield Static("", id="people-count")
                yield VirtualTable(id="people-table", empty_text="Loading…")
            yield TextPane(id="people-detail", pages_kept=PAGES_KEPT)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(VirtualTable).on_cursor = self._cursor_moved
        self._set_columns()
        self.watch(self.app, "data_version", self.refresh_data)

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        self._set_columns()

    def _set_columns(self) -> None:
        table = self.query_one(VirtualTable)
        arrow = " ▼" if self.sort_reverse else " ▲"

        def label(key: str, text: str) -> str:
            return text + (arrow if self.sort_key == key else "")

        wide = self.size.width >= 100
        # Below 80 columns the list is ~30 wide: the note (also in the detail pane, and
        # in the row's colour) makes way for the name.
        narrow = self.size.width < 80
        cols = [Column(label("name", "Name")), Column("Organisation", visible=wide)]
        cols += [
            Column(label("last", "Last"), 7 if wide else 5),
            Column(label("due", "Due"), 10 if wide else 9),
            Column(label("priority", "P"), 3 if wide else 1, "right"),
            Column("Note", 12 if wide else 10, visible=not narrow),
        ]
        table.set_columns(cols)

    # -- data ----------------------------------------------------------------------

    @property
    def session(self) -> Any:
        return getattr(self.app, "session", None)

    def refresh_data(self, _version: object = None) -> None:
        """Build the rows for the current data and day (when shown; else on resume)."""
        self._refresh(hidden=False)

    def _refresh(self, hidden: bool) -> None:
        """Build the rows for the current data and day, if not built yet; while another
        screen is shown only with ``hidden``."""
        session = self.session
        if session is None:
            return
        version = getattr(self.app, "data_version", 0)
        today = getattr(self.app, "day", None) or session.today()
        if version == self.built_version and self.today == today:
            return
        if not hidden and not self.is_current:
            return  # rebuilt when shown (on_screen_resume)
        self.built_version = version
        self._build(session.state, today)

    def prepare_hidden(self) -> None:
        """Build the rows now, while another screen is shown (the app mounts People in
        idle time after the load, so that opening it costs what a later visit does)."""
        self._refresh(hidden=True)

    @property
    def is_current(self) -> bool:
        try:
            return self.app.screen is self
        except Exception:  # noqa: BLE001 - no active screen yet
            return False

    def _build(self, state: State, today: date) -> None:
        self.today = today
        self.state = state
        self._history = None
        self._journal_count = None
        self.people = {p.contact.id: p for p in self._people(state, today)}
        self._sort()
        self.set_timer(SEARCH_WARM_AFTER, self._warm_search)

    def _people(self, state: State, today: date) -> list[Person]:
        """Every contact with its sort keys (last contact, follow-up day).

        The engine's cheap per-contact path gives those two days for all contacts from
        its cached index; the full health record (reasons, balance, flags) is computed
        per contact only when its row is drawn or it is shown in the pane. With 3,000
        contacts that is ~38 records on opening instead of 3,000.
        """
        try:
            from ..engine._index import index_for
            from ..engine.relationships import _last_ideal_thank, contact_health_ix
        except ImportError:  # the engine's internals moved: all records at once
            health = self._health(state, today)
            out = []
            for c in state.contacts:
                h = health.get(c.id)
                last = h.last_interaction if h else None
                due = h.ideal_due if h is not None and h.follow_up_pending else None
                out.append(Person(c, today, last, due, _lookup(health)))
            return out
        ix = index_for(state)
        o = today.toordinal()

        def health_of(c: Contact) -> Any:
            return contact_health_ix(ix, c, today)

        out = []
        fromordinal = date.fromordinal
        reconnect_days = state.settings.reconnect_days
        for c in state.contacts:
            last, ideal, thank = _last_ideal_thank(ix, c, o)
            # ContactHealth.follow_up_pending, from the cheap path's ordinals
            pending = thank or (last is not None and o - last < reconnect_days)
            out.append(
                Person(
                    c,
                    today,
                    None if last is None else fromordinal(last),
                    fromordinal(ideal) if pending else None,
                    health_of,
                )
            )
        return out

    def _warm_search(self) -> None:
        """Build the search strings while the user reads, so the first letter typed is quick."""
        people = self.people
        warm_in_steps(self, list(people.values()), _warm_person, lambda: self.people is people)

    def _health(self, state: State, today: date) -> dict[str, Any]:
        """All contacts' health, once per data version (shared via the app's cache)."""
        app: Any = self.app
        if hasattr(app, "engine_result"):
            return app.engine_result("all_contact_health", today)
        return engine.all_contact_health(state, today)

    def history_of(self, contact_id: str) -> list[Activity]:
        """The contact's activities, newest first (from the engine's per-contact index)."""
        if self._history is None:
            if self.state is None:
                return []
            try:
                from ..engine._index import index_for

                self._history = index_for(self.state).contact_acts
            except Exception:  # noqa: BLE001 - the index is engine-internal: scan instead
                by_contact: dict[str, list[Activity]] = {}
                for a in sorted(self.state.activities, key=lambda a: a.at):
                    for cid in dict.fromkeys(a.contact_ids):
                        by_contact.setdefault(cid, []).append(a)
                self._history = by_contact
        return self._history.get(contact_id, [])[::-1]

    def journal_count_of(self, contact_id: str) -> int:
        if self._journal_count is None:
            jc: dict[str, int] = {}
            for j in self.state.journal if self.state is not None else ():
                for cid in j.contact_ids:
                    jc[cid] = jc.get(cid, 0) + 1
            self._journal_count = jc
        return self._journal_count.get(contact_id, 0)

    def _sort(self) -> None:
        keys: dict[str, Callable[[Person], Any]] = {
            "name": lambda p: p.name_key,
            "last": lambda p: (p.last, p.name_key),
            "due": lambda p: (p.due, p.contact.priority, p.name_key),
            "priority": lambda p: (p.contact.priority, p.due, p.name_key),
        }
        self.totals = {
            flag: sum(1 for p in self.people.values() if p.contact.archived == flag)
            for flag in (False, True)
        }
        self.order = sorted(
            self.people.values(), key=keys[self.sort_key], reverse=self.sort_reverse
        )
        # The live and the archived contacts in this order: split once per sort, not
        # on every key typed in the search box.
        self._split = {
            flag: [p for p in self.order if p.contact.archived == flag] for flag in (False, True)
        }
        self._filter()

    def _filter(self, narrowing: bool = False, *, typed: bool = False) -> None:
        """Show the contacts matching every word; ``narrowing`` filters the shown ones."""
        table = self.query_one(VirtualTable)
        words = fold(self.query_text).split()
        archived = self.show_archived
        shown = self.shown if narrowing else self._split[archived]
        for w in words:  # one pass per word: a plain substring test on each haystack
            # ``_search`` (warmed in idle time) read directly: a property call per contact
            # was a third of the pass
            shown = [p for p in shown if w in (p._search or p.search)]
        self.shown = shown
        keep = table.current.key if table.current else None
        if not self.people:
            table.empty_text = "No contacts yet: press a to add one."
        elif archived and not words:
            table.empty_text = "No archived contacts."
        else:
            table.empty_text = f"No contacts match {self.query_text!r}."
        # A new filter while typing repaints the list: the pane follows when typing stops.
        self._pane_now = not typed
        table.set_rows(LazyRows(shown, person_row_of, person_key), keep_key=keep)
        self._pane_now = False
        total = self.totals.get(archived, 0)
        what = ("archived " if archived else "") + ("contact" if total == 1 else "contacts")
        sort = dict(SORTS)[self.sort_key] + (" (reversed)" if self.sort_reverse else "")
        count = f"{len(shown)} of {total} {what}" if words else f"{total} {what}"
        line = Content(f"{count} · sorted by {sort}")  # plain text: no markup to parse
        self.query_one("#people-count", Static).update(line, layout=False)

    # -- detail pane ---------------------------------------------------------------

    def _cursor_moved(self, row: Row | None, repainted: bool) -> None:
        """The table's cursor row changed (or the rows did): redraw the side pane at
        once, or when the keys stop (see ``PaneScheduler``)."""
        self._pane.schedule(now=not repainted or self._pane_now)

    def _update_detail(self) -> None:
        self._pane.drawing()
        row = self.query_one(VirtualTable).current
        widget = self.query_one("#people-detail", TextPane)
        if row is None or row.key not in self.people or self.today is None:
            self._detail_for = None
            widget.set_text("" if self.people else "Add your first contact with a.")
            return
        stamp = (row.key, self.built_version, self.today)
        if self._detail_for == stamp:
            return  # already shown (e.g. the table re-announced the same row)
        self._detail_for = stamp
        person, today = self.people[row.key], self.today
        # Kept per contact (and data version): moving back to a contact seen a moment
        # ago redraws its page without building and wrapping it again.
        widget.show(stamp, lambda: self.detail_text(person, today))

    def detail_text(self, p: Person, today: date) -> Text:
        c, h = p.contact, p.health
        t = Text()
        t.append(c.name + "\n", style="bold")
        sub = " · ".join(x for x in (c.role, c.organisation) if x)
        if sub:
            t.append(sub + "\n")
        t.append(
            f"Priority {c.priority} · {c.stage.value} · every {c.cadence_days} days\n",
            style="dim",
        )
        if c.archived:
            t.append("Archived (d restores)\n", style="italic")
        if c.met:
            t.append(f"Met: {c.met}\n")
        for label, values in (("Email", c.emails), ("Phone", c.phones)):
            if values:
                t.append(f"{label}: {', '.join(values)}\n")
        if c.linkedin_url:
            t.append(f"LinkedIn: {c.linkedin_url}\n")
        if c.tags:
            t.append("Tags: " + ", ".join(f"#{x}" for x in c.tags) + "\n")
        t.append("\nFollow-up\n", style="bold underline")
        if h is None:
            t.append("No follow-up information.\n", style="dim")
        else:
            if h.last_interaction:
                t.append(f"Last contact {h.last_interaction:%a %d %b %Y}")
                t.append(f" ({ago_phrase(h.last_interaction, today)})\n", style="dim")
            else:
                t.append("No contact logged yet.\n")
            if h.ideal_due and h.follow_up_pending:
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
                t.append(f"• {reason}\n", style="italic")
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
                t.append(value + "\n")
        acts = self.history_of(c.id)
        t.append(f"\nHistory ({len(acts)})\n", style="bold underline")
        if not acts:
            t.append("Nothing logged yet.\n", style="dim")
        for a in acts[:HISTORY_SHOWN]:
            t.append(f"{a.at:%Y-%m-%d} ", style="dim")
            t.append(f"{a.kind} ({a.direction.value})")
            if a.note:
                t.append(f" — {a.note}", style="italic")
            t.append("\n")
        if len(acts) > HISTORY_SHOWN:
            t.append(f"… and {len(acts) - HISTORY_SHOWN} earlier\n", style="dim")
        n = self.journal_count_of(c.id)
        if n:
            t.append(f"Linked in {n} journal entr{'y' if n == 1 else 'ies'}\n", style="dim")
        return t

    # -- search --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the letter keys while the search box is being typed in."""
        letters = {"add", "edit", "archive", "restore", "sort", "reverse", "toggle_archived"}
        if action in letters | {"search"}:
            focused = self.focused
            if isinstance(focused, Input):
                return False
            # d archives a contact, or restores one in the archived list: one shown.
            if action in {"archive", "restore"} and (action == "restore") != self.show_archived:
                return False
            needs_row = action in {"edit", "archive", "restore"}
            if needs_row and self.query_one(VirtualTable).current is None:
                return None
        return True

    @on(Input.Changed, "#people-search")
    def _on_search_changed(self, event: Input.Changed) -> None:
        self._search_changed(event)

    def action_clear_search(self) -> None:
        box = self.query_one("#people-search", Input)
        if box.value:
            box.value = ""  # the box reports it at once (on_change) -> _filter
        if self.query_text:  # not reported (no change seen by the box): filter here
            self.query_text = ""
            self._filter()
        self._back_to_list()

    # -- actions -------------------------------------------------------------------

    def _selected(self) -> Contact | None:
        row = self.query_one(VirtualTable).current
        person = self.people.get(row.key) if row else None
        return person.contact if person else None

    def action_sort(self) -> None:
        keys = [k for k, _ in SORTS]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.sort_reverse = False
        self._set_columns()
        self._sort()

    def action_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._set_columns()
        self._sort()

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self._filter()
        self.refresh_bindings()  # d: Archive <-> Restore
        self.notify(
            "Showing archived contacts (x: back)" if self.show_archived else "Showing contacts",
            timeout=2,
        )

    def _after_form(self, contact_id: str | None) -> None:
        if contact_id is None:
            return
        self.refresh_data()
        table = self.query_one(VirtualTable)
        for i, p in enumerate(self.shown):
            if p.contact.id == contact_id:
                table.move_to(i)
                break
        table.focus()

    def _writable(self, what: str) -> bool:
        check = getattr(self.app, "writable", None)
        if callable(check):
            return bool(check(what))
        return self.session is not None

    def _contact_form(self, contact: Contact | None) -> ContactForm:
        """The contact form, built once and reloaded for each add / edit after that."""
        from .forms.contact import ContactForm
        from .forms.modal import reusable

        cadence = self.session.state.settings.default_cadence_days
        return reusable(
            self.app,
            "contact-form",
            lambda: ContactForm(contact, cadence),
            lambda form: form.load(contact, cadence),
        )

    def action_add(self) -> None:
        if not self._writable("add a contact"):
            return
        self.app.push_screen(self._contact_form(None), self._after_form)

    def action_edit(self) -> None:
        contact = self._selected()
        if contact is None or not self._writable("edit a contact"):
            return
        self.app.push_screen(self._contact_form(contact), self._after_form)

    @on(VirtualTable.Selected)
    def _row_selected(self, event: VirtualTable.Selected) -> None:
        self.action_edit()

    def action_restore(self) -> None:
        self.action_archive()  # toggles: the archived list's contacts are restored

    def action_archive(self) -> None:
        contact = self._selected()
        if contact is None or not self._writable("archive a contact"):
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
            changed = getattr(self.app, "changed", None)
            if callable(changed):
                changed(("Restored " if restore else "Archived ") + contact.name)
            self.refresh_data()  # (changed() above says what happened)

        self.app.push_screen(ConfirmScreen(question, yes="Restore" if restore else "Archive"), done)
