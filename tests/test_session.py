"""Session: the one mutation path (validate first, undo), opening, and thread-safe saves."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from habitnet import ops
from habitnet.clock import FixedClock
from habitnet.models import (
    Activity,
    ActivityKind,
    CheckIn,
    Contact,
    JournalEntry,
    Meta,
    State,
)
from habitnet.session import Session
from habitnet.store import LockedError, Store

TODAY = date(2026, 11, 21)  # DEMO_NOW, a Saturday


def _base_state() -> State:
    ada = Contact(id="c-ada", name="Ada Lovelace", created=date(2026, 1, 5))
    grace = Contact(id="c-grace", name="Grace Hopper", created=date(2026, 2, 1))
    coffee = Activity(
        id="a-coffee",
        at="2026-11-18T10:00:00+00:00",  # type: ignore[arg-type]
        kind="coffee",
        contact_ids=["c-ada"],
        cost=3,
    )
    morning = CheckIn(day=date(2026, 11, 20), energy=3, mood=4)
    entry = JournalEntry(id="j-1", day=date(2026, 11, 18), text="Coffee with Ada")
    return State(contacts=[ada, grace], activities=[coffee], checkins=[morning], journal=[entry])


@pytest.fixture
def session(empty_dir: Path, clock: FixedClock) -> Iterator[Session]:
    Store(empty_dir, clock).save(_base_state())
    s = Session.open(empty_dir, clock)
    yield s
    s.close()


def _dump(s: Session) -> dict[str, Any]:
    dumped: dict[str, Any] = s.state.model_dump(mode="json")
    return dumped


# name -> (mutation, check that it happened)
Mutation = Callable[[Session], object]
Check = Callable[[Session], bool]
MUTATIONS: dict[str, tuple[Mutation, Check]] = {
    "log activity": (
        lambda s: s.log_activity(s.propose_activity("message", ["c-grace"], note="hello")),
        lambda s: s.state.activities[-1].note == "hello" and len(s.state.activities) == 2,
    ),
    "delete activity": (
        lambda s: s.delete_activity("a-coffee"),
        lambda s: s.state.activities == [],
    ),
    "new check-in": (
        lambda s: s.checkin(energy=2, mood=2, note="slow"),
        lambda s: (ch := s.state.checkin(TODAY)) is not None and ch.note == "slow",
    ),
    "replace check-in": (
        lambda s: s.checkin(energy=5, mood=5, day=date(2026, 11, 20), replace=True),
        lambda s: [(c.day, c.energy) for c in s.state.checkins] == [(date(2026, 11, 20), 5)],
    ),
    "add contact": (
        lambda s: s.add_contact(name="Alan Turing", tags=["Crypto"]),
        lambda s: (
            s.state.contacts[-1].name == "Alan Turing" and s.state.contacts[-1].created == TODAY
        ),
    ),
    "update contact": (
        lambda s: s.update_contact("c-ada", role="Analyst", priority=1),
        lambda s: s.contact("c-ada").role == "Analyst" and s.contact("c-ada").priority == 1,
    ),
    "archive contact": (
        lambda s: s.archive_contact("c-grace"),
        lambda s: s.contact("c-grace").archived,
    ),
    "add journal": (
        lambda s: s.add_journal(text="Met Grace", contact_ids=["c-grace"]),
        lambda s: s.state.journal[-1].text == "Met Grace" and s.state.journal[-1].day == TODAY,
    ),
    "update journal": (
        lambda s: s.update_journal("j-1", learned="engines"),
        lambda s: s.journal_entry("j-1").learned == "engines",
    ),
    "delete journal": (
        lambda s: s.delete_journal("j-1"),
        lambda s: s.state.journal == [],
    ),
    "write review": (
        lambda s: s.save_review("2026-W47", "good week", "rest more"),
        lambda s: (r := s.state.review("2026-W47")) is not None and r.intention == "rest more",
    ),
    "update settings": (
        lambda s: s.update_settings(daily_target=1, daily_cap=2),
        lambda s: (s.state.settings.daily_target, s.state.settings.daily_cap) == (1, 2),
    ),
    "add activity kind": (
        lambda s: s.update_settings(
            activity_kinds=[
                *s.state.settings.activity_kinds[:2],
                ActivityKind(name="podcast", cost=2),
                *s.state.settings.activity_kinds[2:],
            ]
        ),
        lambda s: (
            [k.name for k in s.state.settings.activity_kinds][1:4]
            == ["follow-up", "podcast", "community post"]
        ),
    ),
    "change and remove activity kinds": (
        lambda s: s.update_settings(
            daily_budget=12,
            activity_kinds=[
                k.model_copy(update={"cost": 2}) if k.name == "message" else k
                for k in s.state.settings.activity_kinds
                if k.name != "volunteering"
            ],
        ),
        lambda s: (
            s.state.settings.kind("volunteering") is None
            and s.state.settings.kind("message").cost == 2  # type: ignore[union-attr]
            and s.state.settings.daily_budget == 12
        ),
    ),
    "reorder activity kinds": (
        lambda s: s.update_settings(activity_kinds=s.state.settings.activity_kinds[::-1]),
        lambda s: s.state.settings.activity_kinds[0].name == "event",
    ),
    "replace state": (
        lambda s: s.replace_state(State(), "Reverted the import"),
        lambda s: s.state == State(),
    ),
    "replace state with another": (
        lambda s: s.replace_state(
            s.state.model_copy(
                update={
                    "contacts": [
                        s.state.contacts[1].model_copy(update={"role": "Admiral"}),
                        Contact(id="c-alan", name="Alan Turing", created=TODAY),
                    ],
                    "activities": [],
                    "journal": [],
                }
            )
        ),
        lambda s: [c.id for c in s.state.contacts] == ["c-grace", "c-alan"],
    ),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_mutation_and_its_undo(name: str, session: Session) -> None:
    mutate, happened = MUTATIONS[name]
    before = _dump(session)
    seen: list[int] = []
    session.listeners.append(lambda s: seen.append(s.version))
    assert not session.dirty and session.undo_label() is None

    mutate(session)
    assert happened(session)
    assert session.dirty and session.version == 1 and seen == [1]
    label = session.undo_label()
    assert label

    assert session.undo() == label
    assert _dump(session) == before
    assert session.version == 2 and seen == [1, 2]
    assert session.dirty  # undone changes still differ from what was saved last
    assert session.undo() is None

    # Redo the change, then undo that too: the undo closures stay correct.
    mutate(session)
    assert happened(session)
    session.undo()
    assert _dump(session) == before


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_each_change_is_recorded_as_operations_that_replay_it(
    name: str, session: Session, empty_dir: Path, clock: FixedClock
) -> None:
    """What a change records (its pending operations) turns the state it started from
    into the state it made, also after a trip through JSON; undo records the way back."""
    original = Store(empty_dir, clock).load()
    mutate, _happened = MUTATIONS[name]

    def replayed() -> dict[str, Any]:
        pending = session.pending_ops()
        through_json = [ops.from_json(json.loads(json.dumps(ops.to_json(op)))) for op in pending]
        assert through_json == pending
        state = ops.apply_all(original, through_json)
        dumped: dict[str, Any] = state.model_dump(mode="json")
        return dumped

    mutate(session)
    assert session.pending_ops()
    assert _sorted(replayed()) == _sorted(_dump(session))
    session.undo()
    assert (
        _sorted(replayed()) == _sorted(_dump(session)) == _sorted(original.model_dump(mode="json"))
    )
    session.save()
    assert session.pending_ops() == []


def _sorted(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with each list of records in key order (a replaced state's records
    may come back in another order; the order of a list carries no meaning)."""
    out = dict(doc)
    for name in ("contacts", "activities", "journal"):
        out[name] = sorted(doc[name], key=lambda r: r["id"])
    out["checkins"] = sorted(doc["checkins"], key=lambda r: (r["day"], r["kind"]))
    out["reviews"] = sorted(doc["reviews"], key=lambda r: r["week"])
    return out


def test_several_changes_undo_in_reverse_order(session: Session) -> None:
    states = [_dump(session)]
    session.add_contact(name="Alan")
    states.append(_dump(session))
    session.update_contact("c-ada", notes="one")
    states.append(_dump(session))
    session.update_contact("c-ada", notes="two")
    states.append(_dump(session))
    session.checkin(energy=4, mood=4)
    for expected in reversed(states):
        session.undo()
        assert _dump(session) == expected
    assert session.undo() is None


# name -> a call that must be refused
INVALID: dict[str, Mutation] = {
    "blank contact name": lambda s: s.add_contact(name="  "),
    "bad email": lambda s: s.add_contact(name="X", emails=["nope"]),
    "duplicate contact id": lambda s: s.add_contact(id="c-ada", name="Other Ada"),
    "priority out of range": lambda s: s.update_contact("c-ada", priority=9),
    "unknown contact field": lambda s: s.update_contact("c-ada", shoe_size=44),
    "contact id cannot change": lambda s: s.update_contact("c-ada", id="c-new"),
    "missing contact": lambda s: s.update_contact("c-nobody", role="x"),
    "energy out of range": lambda s: s.checkin(energy=9, mood=3),
    "check-in in the future": lambda s: s.checkin(3, 3, day=TODAY + timedelta(days=1)),
    "journal for unknown contact": lambda s: s.add_journal(text="x", contact_ids=["c-x"]),
    "journal update to unknown contact": lambda s: s.update_journal("j-1", contact_ids=["c-x"]),
    "unknown journal field": lambda s: s.update_journal("j-1", mood=3),
    "missing journal entry": lambda s: s.delete_journal("j-nope"),
    "missing activity": lambda s: s.delete_activity("a-nope"),
    "unknown activity kind": lambda s: s.log_activity(s.propose_activity("juggling")),
    "activity with unknown contact": lambda s: s.propose_activity("message", ["c-x"]),
    "activity cost out of range": lambda s: s.propose_activity("message", cost=99),
    "bad week": lambda s: s.save_review("2026-W60", "", ""),
    "future week": lambda s: s.save_review("2026-W49", "", ""),
    "cap below target": lambda s: s.update_settings(daily_target=4, daily_cap=3),
    "removing a used kind": lambda s: s.update_settings(
        activity_kinds=[ActivityKind(name="message", cost=1)]
    ),
    "bad rest days": lambda s: s.update_settings(rest_weekdays=[0, 1, 2, 3, 4, 5, 6]),
}


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_changes_are_refused_and_change_nothing(name: str, session: Session) -> None:
    before = _dump(session)
    with pytest.raises(ValueError):
        INVALID[name](session)
    assert _dump(session) == before
    assert not session.dirty and session.version == 0
    assert session.undo_label() is None


def test_refused_activity_is_not_stored_unless_overridden(session: Session) -> None:
    before = _dump(session)
    event = session.propose_activity("event", ["c-grace"])  # cost 5
    session.log_activity(session.propose_activity("coffee", ["c-ada"]))  # 3 of 10 spent
    after_coffee = _dump(session)
    decision = session.log_activity(event)
    assert decision.ok  # 8 of 10
    session.undo()
    assert _dump(session) == after_coffee
    big = session.propose_activity("volunteering", cost=9)
    refused = session.log_activity(big, override_reason="   ")
    assert refused.refused and refused.reasons
    assert _dump(session) == after_coffee
    allowed = session.log_activity(big, override_reason="conference day")
    assert allowed.outcome == "override"
    assert session.state.activities[-1].override_reason == "conference day"
    session.undo()
    session.undo()
    assert _dump(session) == before


def test_open_a_fresh_folder_writes_nothing_until_saved(empty_dir: Path, clock: FixedClock) -> None:
    s = Session.open(empty_dir, clock)
    try:
        # day one is recorded in the state it starts (written with the first save)
        assert s.is_new and s.state == State(meta=Meta(started=TODAY)) and not s.dirty
        s.save()  # nothing changed: nothing written
        assert not (empty_dir / "habitnet.json").exists()
        s.add_contact(name="Ada")
        s.save()
        assert not s.dirty
        assert Store(empty_dir, clock).load() == s.state
    finally:
        s.close()


def test_open_without_create_and_locking(empty_dir: Path, clock: FixedClock) -> None:
    with pytest.raises(FileNotFoundError):
        Session.open(empty_dir, clock, create=False)
    first = Session.open(empty_dir, clock)
    try:
        with pytest.raises(LockedError):
            Session.open(empty_dir, clock)
        reader = Session.open(empty_dir, clock, read_only=True)
        assert reader.state == first.state
    finally:
        first.close()
    Session.open(empty_dir, clock).close()


def test_save_skips_when_clean_and_keeps_the_file(session: Session) -> None:
    path = session.store.path
    before = path.stat().st_mtime_ns
    session.save()
    assert path.stat().st_mtime_ns == before


def test_saving_on_a_worker_thread_while_mutating_never_tears_or_goes_stale(
    session: Session, clock: FixedClock
) -> None:
    stop = threading.Event()
    errors: list[BaseException] = []
    saves = 0
    reads = 0

    def saver() -> None:
        nonlocal saves
        try:
            while not stop.is_set():
                session.save()
                saves += 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def reader() -> None:
        nonlocal reads
        store = Store(session.store.data_dir, clock, read_only=True)
        try:
            while not stop.is_set():
                store.load()  # every version on disk is whole and valid
                reads += 1
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=saver), threading.Thread(target=reader)]
    for t in threads:
        t.start()
    try:
        for i in range(150):
            c = session.add_contact(name=f"Person {i}")
            session.update_contact(c.id, notes=f"note {i}" * 20)
            if i % 3 == 0:
                session.undo()
            if i % 7 == 0:
                session.checkin(energy=1 + i % 5, mood=3, replace=True)
        # let the reader see a few of the versions written meanwhile
        deadline = time.monotonic() + 20
        while reads < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert not errors, errors
    assert saves > 1 and reads > 1
    session.save()
    assert not session.dirty
    on_disk = Store(session.store.data_dir, clock).load()
    assert on_disk == session.state
    assert len(on_disk.contacts) == 2 + 150
    # Every third note was undone; the rest are on disk.
    notes = [c.notes for c in on_disk.contacts[2:]]
    assert notes == [("" if i % 3 == 0 else f"note {i}" * 20) for i in range(150)]


@pytest.mark.parametrize(
    "same",
    [
        lambda s: s.update_settings(daily_target=s.state.settings.daily_target),
        lambda s: s.update_settings(),
        lambda s: s.checkin(energy=3, mood=4, day=date(2026, 11, 20), replace=True),
    ],
    ids=["a setting set to its value", "no settings at all", "the same check-in again"],
)
def test_a_change_that_changes_nothing_leaves_no_undo_step(
    session: Session, same: Mutation
) -> None:
    """Settings saved as they are edited (enter on an unchanged value) or a check-in
    replaced by the same one must not push a step that ``u`` then "undoes" doing
    nothing, nor mark the data unsaved."""
    session.add_contact(name="Alan")
    version, label = session.version, session.undo_label()
    same(session)
    assert session.version == version
    assert session.undo_label() == label == "Removed contact Alan"
