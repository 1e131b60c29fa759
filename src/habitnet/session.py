"""The one place where the state changes, shared by the CLI and the app.

A :class:`Session` holds the loaded :class:`~habitnet.models.State`, the store it came
from and the clock. Every mutation validates first and changes nothing on error, bumps
``version``, marks the session dirty and pushes an undo step. ``save`` may run on a
worker thread: it snapshots the state under the session's lock and writes outside it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from . import engine
from .clock import Clock
from .models import (
    Activity,
    CheckIn,
    CheckInKind,
    Contact,
    Direction,
    JournalEntry,
    Settings,
    State,
    WeeklyReview,
    iso_week_of,
    parse_iso_week,
)
from .store import Store


def settle_gc() -> None:
    """Take everything alive now (above all the freshly loaded state) out of the cyclic
    garbage collector's sight with :func:`gc.freeze`.

    A loaded 10-year file is ~100k objects; left in the collector, every full
    collection re-walks them all (pauses of 200–700 ms in the app). They live as long
    as the session, and dropping them still frees them by reference counting, so
    freezing costs nothing but cycles that already exist now, which stay until exit.
    """
    gc.freeze()


@dataclass
class _UndoStep:
    label: str
    revert: Callable[[], None]


_CONTACT_FIELDS = set(Contact.model_fields) - {"id"}
_JOURNAL_FIELDS = set(JournalEntry.model_fields) - {"id"}


class Session:
    def __init__(self, store: Store, clock: Clock, state: State) -> None:
        self.store = store
        self.clock = clock
        self.state = state
        self.version = 0
        self.saved_version = 0
        self.lock = threading.RLock()
        self._save_mutex = threading.Lock()
        self._undo: list[_UndoStep] = []
        self.listeners: list[Callable[[Session], None]] = []

    # -- opening and closing -----------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: Path,
        clock: Clock,
        *,
        read_only: bool = False,
        create: bool = True,
        lock: bool = True,
    ) -> Session:
        """Open a data folder. Raises StoreError subclasses (locked, unreadable, newer).

        With ``create`` a missing file starts an empty state (not written until the
        first save); without it, FileNotFoundError propagates.
        """
        store = Store(Path(data_dir), clock, read_only=read_only)
        if lock and not read_only:
            store.lock()
        try:
            try:
                state = store.load()
                fresh = False
            except FileNotFoundError:
                if not create:
                    raise
                state = State()
                fresh = True
        except BaseException:
            store.unlock()
            raise
        session = cls(store, clock, state)
        session.is_new = fresh
        settle_gc()
        if store.migrated_from is not None and not read_only:
            # Write the migrated file now; the original is kept under backups/.
            session.version += 1
        return session

    is_new: bool = False

    def close(self) -> None:
        self.store.unlock()

    @property
    def dirty(self) -> bool:
        return self.version != self.saved_version

    def today(self) -> date:
        return self.clock.today()

    # -- bookkeeping -----------------------------------------------------------------

    def _changed(self, label: str, revert: Callable[[], None]) -> None:
        self.version += 1
        self._undo.append(_UndoStep(label, revert))
        del self._undo[:-200]
        for listener in list(self.listeners):
            listener(self)

    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    def undo(self) -> str | None:
        """Undo the last change; returns what was undone, or None when there is nothing."""
        with self.lock:
            if not self._undo:
                return None
            step = self._undo.pop()
            step.revert()
            self.version += 1
        for listener in list(self.listeners):
            listener(self)
        return step.label

    # -- lookups ---------------------------------------------------------------------

    def contact(self, contact_id: str) -> Contact:
        for c in self.state.contacts:
            if c.id == contact_id:
                return c
        raise ValueError(f"no contact with id {contact_id!r}")

    def contact_names(self, ids: Iterable[str]) -> str:
        m = {c.id: c.name for c in self.state.contacts}
        return ", ".join(m.get(i, i) for i in ids)

    # -- activities ------------------------------------------------------------------

    def propose_activity(
        self,
        kind: str,
        contact_ids: Iterable[str] = (),
        direction: Direction | str = Direction.MUTUAL,
        cost: int | None = None,
        note: str = "",
        follow_up: date | None = None,
        at: datetime | None = None,
    ) -> Activity:
        """Build and validate an activity without storing it."""
        k = self.state.settings.kind(kind)
        if k is None:
            names = ", ".join(x.name for x in self.state.settings.activity_kinds)
            raise ValueError(f"unknown activity kind {kind!r}; known kinds: {names}")
        ids = list(dict.fromkeys(contact_ids))
        known = {c.id for c in self.state.contacts}
        for cid in ids:
            if cid not in known:
                raise ValueError(f"no contact with id {cid!r}")
        when = at if at is not None else self.clock.now()
        if when.tzinfo is None:
            when = when.replace(tzinfo=self.clock.now().tzinfo)
        return Activity(
            at=when,
            kind=k.name,
            contact_ids=ids,
            direction=Direction(direction),
            cost=k.cost if cost is None else cost,
            note=note,
            follow_up=follow_up,
        )

    def at_on(self, day: date) -> datetime:
        """A timestamp for something recorded for ``day`` (noon when not today)."""
        now = self.clock.now()
        if day == now.date():
            return now
        return datetime.combine(day, time(12, 0), tzinfo=now.tzinfo)

    def log_activity(
        self, activity: Activity, override_reason: str | None = None
    ) -> engine.Decision:
        """Ask the engine; store the activity only when the decision allows it."""
        reason = (override_reason or "").strip() or None
        with self.lock:
            decision = engine.evaluate_activity(self.state, activity, reason)
            if not decision.ok:
                return decision
            if decision.outcome == "override":
                activity = activity.model_copy(update={"override_reason": reason})
            self.state.activities.append(activity)
            label = f"{activity.kind}" + (
                f" with {self.contact_names(activity.contact_ids)}" if activity.contact_ids else ""
            )

            def revert(a: Activity = activity) -> None:
                self.state.activities.remove(a)

            self._changed(f"Removed {label}", revert)
        return decision

    def delete_activity(self, activity_id: str) -> Activity:
        with self.lock:
            for i, a in enumerate(self.state.activities):
                if a.id == activity_id:
                    del self.state.activities[i]

                    def revert(i: int = i, a: Activity = a) -> None:
                        self.state.activities.insert(i, a)

                    self._changed(f"Restored {a.kind}", revert)
                    return a
        raise ValueError(f"no activity with id {activity_id!r}")

    # -- check-ins -------------------------------------------------------------------

    def checkin(
        self,
        energy: int,
        mood: int,
        note: str = "",
        day: date | None = None,
        kind: CheckInKind | str = CheckInKind.MORNING,
    ) -> CheckIn:
        d = day or self.today()
        if d > self.today():
            raise ValueError(f"day: {d} is in the future")
        ch = CheckIn(day=d, kind=CheckInKind(kind), energy=energy, mood=mood, note=note)
        with self.lock:
            old_index = next(
                (
                    i
                    for i, x in enumerate(self.state.checkins)
                    if x.day == ch.day and x.kind == ch.kind
                ),
                None,
            )
            if old_index is None:
                self.state.checkins.append(ch)

                def revert() -> None:
                    self.state.checkins.remove(ch)
            else:
                old = self.state.checkins[old_index]
                self.state.checkins[old_index] = ch

                def revert() -> None:
                    self.state.checkins[self.state.checkins.index(ch)] = old

            self._changed(f"Removed the {ch.kind.value} check-in of {ch.day}", revert)
        return ch

    # -- contacts --------------------------------------------------------------------

    def add_contact(self, **fields: Any) -> Contact:
        fields.setdefault("created", self.today())
        fields.setdefault("cadence_days", self.state.settings.default_cadence_days)
        c = Contact(**fields)
        with self.lock:
            if any(x.id == c.id for x in self.state.contacts):
                raise ValueError(f"id: a contact with id {c.id!r} exists already")
            self.state.contacts.append(c)

            def revert() -> None:
                self.state.contacts.remove(c)

            self._changed(f"Removed contact {c.name}", revert)
        return c

    def update_contact(self, contact_id: str, **fields: Any) -> Contact:
        unknown = set(fields) - _CONTACT_FIELDS
        if unknown:
            raise ValueError(f"unknown contact field(s): {', '.join(sorted(unknown))}")
        with self.lock:
            old = self.contact(contact_id)
            new = Contact.model_validate({**old.model_dump(), **fields})
            i = self.state.contacts.index(old)
            self.state.contacts[i] = new

            def revert() -> None:
                self.state.contacts[self.state.contacts.index(new)] = old

            self._changed(f"Reverted changes to {old.name}", revert)
        return new

    def archive_contact(self, contact_id: str, archived: bool = True) -> Contact:
        return self.update_contact(contact_id, archived=archived)

    # -- journal ---------------------------------------------------------------------

    def _check_contacts(self, ids: Iterable[str]) -> None:
        known = {c.id for c in self.state.contacts}
        for cid in ids:
            if cid not in known:
                raise ValueError(f"contact_ids: no contact with id {cid!r}")

    def add_journal(self, **fields: Any) -> JournalEntry:
        fields.setdefault("day", self.today())
        entry = JournalEntry(**fields)
        with self.lock:
            self._check_contacts(entry.contact_ids)
            self.state.journal.append(entry)

            def revert() -> None:
                self.state.journal.remove(entry)

            self._changed(f"Removed the journal entry of {entry.day}", revert)
        return entry

    def journal_entry(self, entry_id: str) -> JournalEntry:
        for j in self.state.journal:
            if j.id == entry_id:
                return j
        raise ValueError(f"no journal entry with id {entry_id!r}")

    def update_journal(self, entry_id: str, **fields: Any) -> JournalEntry:
        unknown = set(fields) - _JOURNAL_FIELDS
        if unknown:
            raise ValueError(f"unknown journal field(s): {', '.join(sorted(unknown))}")
        with self.lock:
            old = self.journal_entry(entry_id)
            new = JournalEntry.model_validate({**old.model_dump(), **fields})
            self._check_contacts(new.contact_ids)
            i = self.state.journal.index(old)
            self.state.journal[i] = new

            def revert() -> None:
                self.state.journal[self.state.journal.index(new)] = old

            self._changed(f"Reverted the journal entry of {old.day}", revert)
        return new

    def delete_journal(self, entry_id: str) -> None:
        with self.lock:
            old = self.journal_entry(entry_id)
            i = self.state.journal.index(old)
            del self.state.journal[i]

            def revert() -> None:
                self.state.journal.insert(i, old)

            self._changed(f"Restored the journal entry of {old.day}", revert)

    # -- weekly review ---------------------------------------------------------------

    def save_review(
        self,
        week: str,
        reflection: str,
        intention: str,
        next_daily_target: int | None = None,
        next_daily_cap: int | None = None,
    ) -> WeeklyReview:
        y, w = parse_iso_week(week)
        week = f"{y}-W{w:02d}"
        if date.fromisocalendar(y, w, 1) > self.today():
            raise ValueError(f"week: {week} has not started yet")
        with self.lock:
            summary = engine.weekly_summary(self.state, week).to_dict()
            review = WeeklyReview(
                week=week,
                summary=summary,
                reflection=reflection,
                intention=intention,
                next_daily_target=next_daily_target,
                next_daily_cap=next_daily_cap,
                written_at=self.clock.now(),
            )
            old = self.state.review(week)
            if old is None:
                self.state.reviews.append(review)

                def revert() -> None:
                    self.state.reviews.remove(review)
            else:
                i = self.state.reviews.index(old)
                self.state.reviews[i] = review

                def revert() -> None:
                    self.state.reviews[self.state.reviews.index(review)] = old

            self._changed(f"Reverted the review of {week}", revert)
        return review

    def current_week(self) -> str:
        return iso_week_of(self.today())

    # -- settings --------------------------------------------------------------------

    def update_settings(self, **fields: Any) -> Settings:
        with self.lock:
            old = self.state.settings
            new = Settings.model_validate({**old.model_dump(), **fields})
            used = {a.kind.lower() for a in self.state.activities}
            missing = used - {k.name.lower() for k in new.activity_kinds}
            if missing:
                raise ValueError(
                    "activity_kinds: cannot remove kinds that logged activities use: "
                    + ", ".join(sorted(missing))
                )
            self.state.settings = new

            def revert() -> None:
                self.state.settings = old

            self._changed("Reverted the settings", revert)
        return new

    def replace_state(self, state: State, label: str = "Reverted the import") -> None:
        with self.lock:
            old = self.state
            self.state = state

            def revert() -> None:
                self.state = old

            self._changed(label, revert)

    # -- persistence -----------------------------------------------------------------

    def serialize(self) -> tuple[int, bytes]:
        """A consistent snapshot: (version, JSON bytes)."""
        with self.lock:
            return self.version, self.store.serializer.dumps(self.state)

    def save(self, glance: tuple[int, dict[str, Any]] | None = None) -> None:
        """Write the state if it changed. Callable from a worker thread. Raises SaveError.

        ``glance`` is ``(version, days)``: what Today shows (:mod:`habitnet.glance`)
        computed at that session version; it is written beside the data only when that
        is the version saved (a later change brings its own).
        """
        with self._save_mutex:
            if not self.dirty:
                return
            version, data = self.serialize()
            self.store.keep_backups = self.state.settings.backups_keep
            days = glance[1] if glance is not None and glance[0] == version else None
            self.store.save_bytes(data, glance=days)
            self.saved_version = version

    def write_glance(self, version: int, days: dict[str, Any]) -> bool:
        """Write the glance file without saving, if ``version`` is what is on disk."""
        with self._save_mutex:
            if version != self.version or self.dirty:
                return False
            return self.store.write_glance(days)
