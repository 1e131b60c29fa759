"""The one place where the state changes, shared by the CLI and the app.

A :class:`Session` holds the loaded :class:`~habitnet.models.State`, the store it came
from and the clock. Every mutation validates first and changes nothing on error, bumps
``version``, marks the session dirty and pushes an undo step. ``save`` may run on a
worker thread: it snapshots the state under the session's lock and writes outside it.

Every mutation is made of record-level operations (:mod:`habitnet.ops`), applied to the
state where it is and kept as *pending* until a save writes them. When the data file
changed on disk since the session read or wrote it, ``save`` reloads it, re-applies the
pending operations on top and says so; when they no longer apply it keeps the outside
version, writes the session's own beside it (``habitnet.conflict-<time>.json``) and
says that. Undo applies the inverse operations, recorded the same way.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import engine, ops
from .clock import Clock
from .messages import FORM_LABELS, label_of
from .models import (
    Activity,
    CheckIn,
    CheckInKind,
    Contact,
    Direction,
    JournalEntry,
    Meta,
    Settings,
    State,
    WeeklyReview,
    parse_iso_week,
)
from .ops import Op
from .sync import enabled as sync_enabled

if TYPE_CHECKING:
    from .sync.link import Link
from .store import (
    ChangedOnDiskError,
    LockUnavailableError,
    ReadOnlyFileError,
    SaveError,
    Store,
    StoreError,
)


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
    #: the operations the change made, in order; undo applies their inverses
    done: list[Op]
    #: where each removed record was in its list (index in ``done`` -> position)
    positions: dict[int, int] = field(default_factory=dict)
    #: a whole state replaced (an import): the exact state to put back, as long as the
    #: session has not taken an outside version since (``generation``)
    restore: State | None = None
    generation: int = 0


@dataclass(frozen=True)
class SaveNotice:
    """What a save has to tell the user besides "saved"."""

    message: str
    #: the session took the version on disk (re-applied its changes on it, or kept it
    #: and wrote its own aside): what is shown must be drawn again
    reloaded: bool = False
    #: where the session's own version went when it could not be merged
    conflict_copy: Path | None = None


class CheckInExistsError(ValueError):
    """A check-in of that kind is already recorded for the day (and replacing it was
    not asked for)."""

    def __init__(self, existing: CheckIn) -> None:
        self.existing = existing
        super().__init__(
            f"day: the {existing.kind.value} check-in of {existing.day} is already recorded "
            f"(energy {existing.energy}, mood {existing.mood})"
        )


#: Fields as the app's forms name them (messages.FORM_LABELS, the one map the forms use
#: too), for the messages that refuse a control character beside a field.
FIELD_LABELS: dict[str, str] = {name: label_of(name) for name in FORM_LABELS}


def _refuse_control_characters(op: Op) -> None:
    """Raise ``ValueError("field: message")`` when ``op`` puts a control character in
    text a person typed (an escape sequence could drive a terminal: see
    :mod:`habitnet.safetext`). Only what ``op`` changes is looked at, so a record from
    an old file that holds one can still be edited elsewhere."""
    from .interop.clean import control_problem_in

    model = ops.MODELS[op.collection]
    if isinstance(op, ops.Put):
        fields = {name: getattr(op.record, name) for name in type(op.record).model_fields}
    elif isinstance(op, ops.Patch):
        fields = op.fields
    else:
        return
    found = control_problem_in(model, fields, FIELD_LABELS)
    if found is not None:
        raise ValueError(f"{found[0]}: {found[1]}")


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
        #: (version it made, operation) for each change not written yet
        self._pending: list[tuple[int, Op]] = []
        #: bumped each time the session takes the version on disk
        self._generation = 0
        self.listeners: list[Callable[[Session], None]] = []
        #: the data folder's sync (docs/SYNC.md); None when it does not sync
        self.sync: Link | None = None
        #: the name activities are logged with when the folder syncs
        self.device_name: str | None = None
        #: what opening merged from other devices (for the app to say)
        self.sync_notice: str | None = None

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
        fallback_read_only: bool = False,
    ) -> Session:
        """Open a data folder. Raises StoreError subclasses (locked, unreadable, newer,
        a read-only data file, a lock that cannot be taken).

        With ``create`` a missing file starts an empty state (not written until the
        first save); without it, FileNotFoundError propagates. With
        ``fallback_read_only`` a folder that cannot be written (a read-only data file,
        a lock refused for a permission or disk reason) opens read-only instead, and
        ``read_only_reason`` says why.
        """
        reason: str | None = None
        store = Store(Path(data_dir), clock, read_only=read_only)
        if not read_only:
            try:
                problem = store.write_problem()
                if problem is not None:
                    raise ReadOnlyFileError(problem)
                if lock:
                    store.lock()
            except (ReadOnlyFileError, LockUnavailableError) as exc:
                if not fallback_read_only:
                    raise
                reason = str(exc)
                read_only = True
                store = Store(Path(data_dir), clock, read_only=True)
        try:
            try:
                state = store.load()
                fresh = False
            except FileNotFoundError:
                if not create:
                    raise
                state = State(meta=Meta(started=clock.today()))
                fresh = True
        except BaseException:
            store.unlock()
            raise
        session = cls(store, clock, state)
        session.is_new = fresh
        session.read_only_reason = reason
        if sync_enabled(store.data_dir):  # one stat: a folder that never syncs pays no more
            from .sync.link import Link

            session.sync = Link(store.data_dir, clock, read_only=read_only or not lock)
            try:
                merged = session.sync.catch_up(session)
            except BaseException:
                store.unlock()
                raise
            session.sync_notice = merged.describe() if merged is not None else None
        settle_gc()
        if store.migrated_from is not None and not read_only:
            # Write the migrated file now; the original is kept under backups/.
            session.version += 1
        return session

    #: Why a session asked to write opened read-only (see ``fallback_read_only``).
    read_only_reason: str | None = None
    is_new: bool = False

    def close(self) -> None:
        if self.sync is not None:
            self.sync.close()
        self.store.unlock()

    @property
    def dirty(self) -> bool:
        return self.version != self.saved_version

    def today(self) -> date:
        return self.clock.today()

    # -- bookkeeping -----------------------------------------------------------------

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener(self)

    def _apply(self, label: str, done: list[Op]) -> None:
        """Apply ``done`` to the state where it is and record the change (call with the
        lock held). Raises ValueError (a control character in what was typed, an
        :class:`ops.Conflict`) changing nothing."""
        for op in done:
            _refuse_control_characters(op)
        if len(done) > 1:
            ops.apply_all(self.state, done)  # a dry run on a copy: all or nothing
        positions: dict[int, int] = {}
        for i, op in enumerate(done):
            if isinstance(op, ops.Delete):
                at = ops.position(self.state, op.collection, op.key)
                if at is not None:
                    positions[i] = at
            ops.apply(self.state, op, in_place=True)
        self._record(_UndoStep(label, done, positions, generation=self._generation))

    def _record(self, step: _UndoStep) -> None:
        self.version += 1
        self._pending.extend((self.version, op) for op in step.done)
        self._undo.append(step)
        del self._undo[:-200]
        self._notify()

    def pending_ops(self) -> list[Op]:
        """The operations made since the last save, oldest first."""
        with self.lock:
            return [op for _, op in self._pending]

    # -- sync (habitnet/sync, docs/SYNC.md) -----------------------------------------------

    def pending_since(self, version: int) -> list[Op]:
        """The operations made after ``version`` and not saved yet, oldest first."""
        with self.lock:
            return [op for v, op in self._pending if v > version]

    def note_merged(self) -> None:
        """Other devices' changes were merged into the state (call with the lock held):
        a new version to save, and a whole-state undo no longer puts its state back."""
        self._generation += 1
        self.version += 1
        self._notify()

    def record_sync_changes(self, label: str, done: list[Op]) -> list[Op]:
        """Apply and record ``done`` as this device's changes (records only an outside
        data file held); those that no longer apply are left out. Returns those done."""
        applied: list[Op] = []
        with self.lock:
            for op in done:
                try:
                    ops.apply(self.state, op, in_place=True)
                except ops.Conflict:
                    continue
                applied.append(op)
            if applied:
                self._record(_UndoStep(label, applied, generation=self._generation))
        return applied

    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    def undo(self) -> str | None:
        """Undo the last change; returns what was undone, or None when there is nothing.

        When an outside change (taken at a save) changed a record the step would put
        back, nothing is undone and the text says so.
        """
        with self.lock:
            if not self._undo:
                return None
            step = self._undo.pop()
            inverse = [
                ops.inverse(op, step.positions.get(i))
                for i, op in reversed(list(enumerate(step.done)))
            ]
            if step.restore is not None and step.generation == self._generation:
                self.state = step.restore
            else:
                try:
                    ops.apply_all(self.state, inverse, in_place=True)
                except ops.Conflict as exc:
                    return f"Could not undo: {exc}"
            self.version += 1
            self._pending.extend((self.version, op) for op in inverse)
        self._notify()
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
        direction: Direction | str | None = None,
        cost: int | None = None,
        note: str = "",
        follow_up: date | None = None,
        at: datetime | None = None,
    ) -> Activity:
        """Build and validate an activity without storing it.

        The direction belongs to a person: with contacts it defaults to mutual; without
        any, giving one is an error (``direction: …``).
        """
        k = self.state.settings.kind(kind)
        if k is None:
            names = ", ".join(x.name for x in self.state.settings.activity_kinds)
            raise ValueError(f"unknown activity kind {kind!r}; known kinds: {names}")
        ids = list(dict.fromkeys(contact_ids))
        known = {c.id for c in self.state.contacts}
        for cid in ids:
            if cid not in known:
                raise ValueError(f"no contact with id {cid!r}")
        if direction is not None and not ids:
            raise ValueError("direction: a direction needs a contact (who gave, who asked)")
        if ids and direction is None:
            direction = Direction.MUTUAL
        when = at if at is not None else self.clock.now()
        if when.tzinfo is None:
            when = when.replace(tzinfo=self.clock.now().tzinfo)
        return Activity(
            at=when,
            kind=k.name,
            contact_ids=ids,
            direction=None if direction is None else Direction(direction),
            cost=k.cost if cost is None else cost,
            note=note,
            follow_up=follow_up,
            device=self.device_name,
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
        """Ask the engine; store the activity only when the decision allows it.

        Raises ValueError (``override_reason: …``) for a reason the model refuses (too
        long): nothing is stored that the file could not be read back with.
        """
        reason = (override_reason or "").strip() or None
        with self.lock:
            decision = engine.evaluate_activity(self.state, activity, reason)
            if not decision.ok:
                return decision
            if decision.outcome == "override":
                activity = Activity.model_validate(
                    {**activity.model_dump(), "override_reason": reason}
                )
            label = f"{activity.kind}" + (
                f" with {self.contact_names(activity.contact_ids)}" if activity.contact_ids else ""
            )
            self._apply(f"Removed {label}", [ops.Put("activities", activity)])
        return decision

    def delete_activity(self, activity_id: str) -> Activity:
        with self.lock:
            for a in self.state.activities:
                if a.id == activity_id:
                    self._apply(f"Restored {a.kind}", [ops.Delete("activities", a.id, a)])
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
        *,
        replace: bool = False,
    ) -> CheckIn:
        """Record a check-in. One of each kind a day: an existing one is replaced only
        with ``replace`` (else :class:`CheckInExistsError`)."""
        d = day or self.today()
        if d > self.today():
            raise ValueError(f"day: {d} is in the future")
        ch = CheckIn(day=d, kind=CheckInKind(kind), energy=energy, mood=mood, note=note)
        with self.lock:
            old = self.state.checkin(ch.day, ch.kind)
            if old is not None and not replace:
                raise CheckInExistsError(old)
            if old == ch:
                return ch  # the same check-in again: no undo step, nothing to save
            label = f"Removed the {ch.kind.value} check-in of {ch.day}"
            self._apply(label, [ops.Put("checkins", ch, old)])
        return ch

    # -- contacts --------------------------------------------------------------------

    def add_contact(self, **fields: Any) -> Contact:
        fields.setdefault("created", self.today())
        fields.setdefault("cadence_days", self.state.settings.default_cadence_days)
        c = Contact(**fields)
        with self.lock:
            if any(x.id == c.id for x in self.state.contacts):
                raise ValueError(f"id: a contact with id {c.id!r} exists already")
            self._apply(f"Removed contact {c.name}", [ops.Put("contacts", c)])
        return c

    def update_contact(self, contact_id: str, **fields: Any) -> Contact:
        unknown = set(fields) - _CONTACT_FIELDS
        if unknown:
            raise ValueError(f"unknown contact field(s): {', '.join(sorted(unknown))}")
        with self.lock:
            old = self.contact(contact_id)
            new = Contact.model_validate({**old.model_dump(), **fields})
            change = ops.patch("contacts", old, new)
            if change is None:
                return old
            self._apply(f"Reverted changes to {old.name}", [change])
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
            if any(x.id == entry.id for x in self.state.journal):
                raise ValueError(f"id: a journal entry with id {entry.id!r} exists already")
            self._apply(f"Removed the journal entry of {entry.day}", [ops.Put("journal", entry)])
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
            change = ops.patch("journal", old, new)
            if change is None:
                return old
            self._apply(f"Reverted the journal entry of {old.day}", [change])
        return new

    def delete_journal(self, entry_id: str) -> None:
        with self.lock:
            old = self.journal_entry(entry_id)
            label = f"Restored the journal entry of {old.day}"
            self._apply(label, [ops.Delete("journal", old.id, old)])

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
            summary = engine.weekly_summary(self.state, week, self.today()).to_dict()
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
            self._apply(f"Reverted the review of {week}", [ops.Put("reviews", review, old)])
        return review

    # -- settings --------------------------------------------------------------------

    def keep_new(self) -> None:
        """The user has started on this new data folder (the welcome's Start): it is
        written at the next save even when nothing else changed, so day one
        (``meta.started``) and the defaults are kept and the welcome does not return."""
        with self.lock:
            if not self.is_new:
                return
            self.is_new = False
            self.version += 1
            self._notify()

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
            done = ops.settings_ops(old, new)
            if not done:
                return old  # nothing changed: no undo step, nothing to save
            self._apply("Reverted the settings", done)
        return self.state.settings

    def replace_state(self, state: State, label: str = "Reverted the import") -> None:
        """Put a whole new state in place (an import, the demo data); recorded as the
        record-level operations that turn the old state into it."""
        with self.lock:
            old = self.state
            done = ops.diff(old, state)
            self.state = state
            self._record(_UndoStep(label, done, restore=old, generation=self._generation))

    # -- persistence -----------------------------------------------------------------

    def serialize(self) -> tuple[int, bytes]:
        """A consistent snapshot: (version, JSON bytes). When the folder syncs, the
        changes in it are in this device's log first."""
        with self.lock:
            if self.sync is not None:
                self.sync.flush(self)
            return self.version, self.store.serializer.dumps(self.state)

    def save(self, glance: tuple[int, dict[str, Any]] | None = None) -> SaveNotice | None:
        """Write the state if it changed. Callable from a worker thread. Raises SaveError.

        ``glance`` is ``(version, days)``: what Today shows (:mod:`habitnet.glance`)
        computed at that session version; it is written beside the data only when that
        is the version saved (a later change brings its own).

        When the file on disk changed since this session read or wrote it, the session
        takes that version and re-applies its pending changes on top (or, when they no
        longer apply, keeps it and writes its own aside); the returned notice says what
        happened. None when there is nothing to tell.
        """
        with self._save_mutex:
            if not self.dirty:
                return None
            notices: list[SaveNotice] = []
            for _attempt in range(3):
                version, data = self.serialize()
                self.store.keep_backups = self.state.settings.backups_keep
                days = glance[1] if glance is not None and glance[0] == version else None
                try:
                    self.store.save_bytes(data, glance=days)
                except ChangedOnDiskError:
                    if self.sync is not None:
                        notices.extend(self._take_synced_version())
                        continue
                    notice = self._take_outside_version()
                    notices.append(notice)
                    if notice.conflict_copy is not None:
                        return _combine(notices)
                    continue
                with self.lock:
                    self.saved_version = version
                    self._pending = [(v, op) for v, op in self._pending if v > version]
                if self.sync is not None:
                    self.sync.saved(self, data)
                notices.extend(SaveNotice(w) for w in self.store.take_warnings())
                return _combine(notices)
            raise SaveError(
                self.store.path,
                "the file kept changing on disk while habitnet saved (is a sync tool writing it?)",
            )

    def _take_synced_version(self) -> list[SaveNotice]:
        """The data file changed on disk while the folder syncs: the logs are the truth
        (see :meth:`habitnet.sync.link.Link.outside_change`)."""
        assert self.sync is not None
        try:
            merged = self.sync.outside_change(self)
        except (StoreError, FileNotFoundError, OSError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise SaveError(
                self.store.path,
                f"it was changed on disk and habitnet cannot read the new version ({reason})",
            ) from None
        if merged is None:
            return []
        return [SaveNotice(merged.describe(), reloaded=True)]

    def _take_outside_version(self) -> SaveNotice:
        """The data file changed on disk: load it, re-apply the pending operations on
        top; if they no longer apply, keep it and write this session's state aside."""
        path = self.store.path
        try:
            outside = self.store.load()
        except (StoreError, FileNotFoundError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise SaveError(
                path, f"it was changed on disk and habitnet cannot read the new version ({reason})"
            ) from None
        with self.lock:
            pending = [op for _, op in self._pending]
            try:
                merged = ops.apply_all(outside, pending)
            except ops.Conflict as exc:
                copy = self.store.write_conflict_copy(self.store.serializer.dumps(self.state))
                self.state = outside
                self._pending = []
                self._undo.clear()
                self._generation += 1
                self.version += 1
                self.saved_version = self.version
                message = (
                    f"{path.name} was changed outside habitnet, and your changes no longer "
                    f"fit it: {exc}. The outside version is kept and shown now; yours is "
                    f"saved as {copy}."
                )
                self._notify()
                return SaveNotice(message, reloaded=True, conflict_copy=copy)
            self.state = merged
            self._generation += 1
            self.version += 1
        self._notify()
        n = len(pending)
        mine = f"your {n} change{'' if n == 1 else 's'}" if n else "nothing of yours"
        return SaveNotice(
            f"{path.name} was changed outside habitnet; {mine} "
            f"{'was' if n == 1 else 'were'} applied on top of that version.",
            reloaded=True,
        )

    def write_glance(self, version: int, days: dict[str, Any]) -> bool:
        """Write the glance file without saving, if ``version`` is what is on disk."""
        with self._save_mutex:
            if version != self.version or self.dirty:
                return False
            return self.store.write_glance(days)


def _combine(notices: list[SaveNotice]) -> SaveNotice | None:
    if not notices:
        return None
    copies = [n.conflict_copy for n in notices if n.conflict_copy is not None]
    return SaveNotice(
        " ".join(n.message for n in notices),
        reloaded=any(n.reloaded for n in notices),
        conflict_copy=copies[-1] if copies else None,
    )
