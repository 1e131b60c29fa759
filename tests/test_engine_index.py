"""The engine index against a plain reference build (hypothesis).

The index's bulk build groups by day with a stable sort and puts a day in time order
only when it is asked for; these tests check that what it serves is exactly what the
obvious one-loop build gives, for activities in any list order, with mixed UTC offsets
(a local day is not a UTC day), equal instants, repeated contact ids, unknown kinds
and blank override reasons, and after incremental logs and undos.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from enginehelpers import MONDAY, add_contact, make_state
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habitnet.engine import clear_cache
from habitnet.engine._index import Index, index_for
from habitnet.models import Activity, CheckIn, CheckInKind, Direction, JournalEntry, State

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINDS = ["message", "coffee", "event", " Message", "unknown kind"]
OFFSETS = [0, 60, -300, 330, 780, -720]

acts_strategy = st.lists(
    st.tuples(
        st.integers(0, 9),  # day offset
        st.integers(0, 23),  # hour
        st.sampled_from([0, 30]),  # minute (few values: equal instants happen)
        st.sampled_from(OFFSETS),  # UTC offset in minutes
        st.sampled_from(KINDS),
        st.integers(0, 6),  # cost
        st.lists(st.integers(0, 3), max_size=3),  # contacts (repeats allowed)
        st.sampled_from([None, "", "  ", "tired"]),  # override reason
    ),
    max_size=40,
)


def _state(rows: list[tuple[Any, ...]]) -> State:
    state = make_state()
    cids = [add_contact(state, f"P{i}", MONDAY - timedelta(days=30)).id for i in range(4)]
    for off, hour, minute, tz, kind, cost, who, reason in rows:
        at = datetime.combine(
            MONDAY + timedelta(days=off), time(hour, minute), tzinfo=timezone(timedelta(minutes=tz))
        )
        state.activities.append(
            Activity(
                at=at,
                kind=kind,
                cost=cost,
                contact_ids=[cids[i] for i in who],
                direction=Direction.MUTUAL,
                override_reason=reason,
            )
        )
    for i in range(0, 10, 3):
        state.checkins.append(CheckIn(day=MONDAY + timedelta(days=i), energy=2, mood=3))
        state.checkins.append(
            CheckIn(day=MONDAY + timedelta(days=i), kind=CheckInKind.EVENING, energy=4, mood=3)
        )
    for i in (0, 0, 4):
        state.journal.append(JournalEntry(day=MONDAY + timedelta(days=i), text=f"j{i}"))
    return state


def _reference(state: State) -> dict[str, Any]:
    """The obvious build: one loop in list order, then stable sorts."""
    s = state.settings
    kinds = {k.name.lower(): k for k in s.activity_kinds}
    day_acts: dict[int, list[Activity]] = {}
    spent: dict[int, int] = {}
    count: dict[int, int] = {}
    high: dict[int, int] = {}
    overrides: dict[int, int] = {}
    contact_acts: dict[str, list[Activity]] = {}
    for a in state.activities:
        o = a.at.toordinal()
        day_acts.setdefault(o, []).append(a)
        spent[o] = spent.get(o, 0) + a.cost
        k = kinds.get(a.kind.strip().lower())
        if k is None or k.counts_toward_quota:
            count[o] = count.get(o, 0) + 1
        if a.cost >= s.high_cost_threshold:
            high[o] = high.get(o, 0) + 1
        if a.override_reason and a.override_reason.strip():
            overrides[o] = overrides.get(o, 0) + 1
        for cid in dict.fromkeys(a.contact_ids):
            contact_acts.setdefault(cid, []).append(a)
    for lst in day_acts.values():
        lst.sort(key=lambda a: a.at)
    for lst in contact_acts.values():
        lst.sort(key=lambda a: (a.at.toordinal(), a.at))
    journal: dict[int, list[JournalEntry]] = {}
    for j in state.journal:
        journal.setdefault(j.day.toordinal(), []).append(j)
    return {
        "day_acts": {o: [id(a) for a in lst] for o, lst in day_acts.items()},
        "spent": spent,
        "count": count,
        "high": high,
        "overrides": overrides,
        "contact_acts": {c: [id(a) for a in lst] for c, lst in contact_acts.items()},
        "contact_days": {c: [a.at.toordinal() for a in lst] for c, lst in contact_acts.items()},
        "morning": {
            ch.day.toordinal(): id(ch) for ch in state.checkins if ch.kind == CheckInKind.MORNING
        },
        "evening": {
            ch.day.toordinal(): id(ch) for ch in state.checkins if ch.kind == CheckInKind.EVENING
        },
        "journal": {o: [id(j) for j in lst] for o, lst in journal.items()},
        "contacts": {c.id: id(c) for c in state.contacts},
    }


def _served(ix: Index) -> dict[str, Any]:
    """What the index serves, through the accessors the rules use."""
    return {
        "day_acts": {o: [id(a) for a in ix.activities_on(o)] for o in list(ix.day_acts)},
        "spent": {o: v for o, v in ix.spent.items() if v or o in ix.day_acts},
        "count": {o: v for o, v in ix.count.items() if v},
        "high": {o: v for o, v in ix.high.items() if v},
        "overrides": {o: v for o, v in ix.overrides.items() if v},
        "contact_acts": {c: [id(a) for a in lst] for c, lst in ix.contact_acts.items() if lst},
        "contact_days": {c: list(days) for c, days in ix.contact_days.items() if days},
        "morning": {o: id(ch) for o, ch in ix.morning.items()},
        "evening": {o: id(ch) for o, ch in ix.evening.items()},
        "journal": {o: [id(j) for j in lst] for o, lst in ix.journal_by_day.items()},
        "contacts": {cid: id(c) for cid, c in ix.contacts.items()},
    }


@FAST
@given(acts_strategy)
def test_fresh_index_serves_what_the_plain_build_gives(rows: list[tuple[Any, ...]]) -> None:
    state = _state(rows)
    assert _served(Index(state)) == _reference(state)


@FAST
@given(acts_strategy, acts_strategy, st.integers(0, 5))
def test_logs_and_undos_on_a_lazily_sorted_index(
    rows: list[tuple[Any, ...]], more: list[tuple[Any, ...]], undo: int
) -> None:
    clear_cache()
    state = _state(rows)
    ix = index_for(state)
    extra = _state(more).activities
    for a in extra:  # logs (contact ids may be unknown here: the index does not care)
        state.activities.append(a)
        ix = index_for(state)
    for a in extra[-undo:] if undo else []:
        state.activities.remove(a)
    ix = index_for(state)
    assert _served(ix) == _reference(state)


def test_unsorted_day_is_put_in_time_order_when_asked_for() -> None:
    state = make_state()
    day = date(2026, 11, 18)
    late = datetime.combine(day, time(18), tzinfo=UTC)
    early_other_offset = datetime.combine(day, time(9), tzinfo=timezone(timedelta(hours=5)))
    for at in (late, early_other_offset, late):
        state.activities.append(Activity(at=at, kind="message", cost=1))
    ix = Index(state)
    got = ix.activities_on(day.toordinal())
    assert [a.at for a in got] == [early_other_offset, late, late]
    assert got[1] is state.activities[0] and got[2] is state.activities[2]  # stable
