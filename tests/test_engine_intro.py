"""One rule for contacts never contacted: brought in a few a day (issue #14.4)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from enginehelpers import MONDAY, add_contact, log, make_state
from hypothesis import given, settings
from hypothesis import strategies as st

from habitnet.engine import (
    all_contact_health,
    contact_dates,
    contact_health,
    due_followups,
    hello_schedule,
    today_overview,
    todays_plan,
)
from habitnet.interop.ical import followup_events
from habitnet.models import ContactSource, Stage, State

IMPORT_DAY = MONDAY  # 2026-11-16


def _imported(n: int, *, per_day: int = 2, priorities: tuple[int, ...] = (2,)) -> State:
    s = make_state(started=IMPORT_DAY, intro_per_day=per_day)
    for i in range(n):
        add_contact(
            s,
            f"Person {i:03d}",
            IMPORT_DAY,
            priority=priorities[i % len(priorities)],
            source=ContactSource.LINKEDIN,
            imported_on=IMPORT_DAY,
        )
    return s


def test_a_big_import_is_never_due_at_once() -> None:
    s = _imported(200)
    # the import day itself: nobody is due yet (they were only just added)
    assert due_followups(s, IMPORT_DAY) == []
    schedule = hello_schedule(s, IMPORT_DAY)
    assert len(schedule) == 200
    per_day = Counter(schedule.values())
    assert max(per_day.values()) == 2
    assert min(schedule.values()) == IMPORT_DAY + timedelta(days=1)
    assert max(schedule.values()) == IMPORT_DAY + timedelta(days=100)
    # the next day: two hellos, in the order of the file
    nxt = IMPORT_DAY + timedelta(days=1)
    due = due_followups(s, nxt)
    assert [h.name for h in due] == ["Person 000", "Person 001"]
    assert all(h.next_step == "hello" and h.days_overdue == 0 for h in due)


def test_higher_priority_first_then_the_order_added() -> None:
    s = _imported(6, priorities=(3, 1, 2))
    schedule = hello_schedule(s, IMPORT_DAY + timedelta(days=1))
    assert [s.contact_map()[cid].name for cid in schedule] == [
        "Person 001",
        "Person 004",  # priority 1
        "Person 002",
        "Person 005",  # priority 2
        "Person 000",
        "Person 003",  # priority 3
    ]


def test_greeting_todays_hellos_does_not_pull_tomorrows_forward() -> None:
    s = _imported(10)
    day = IMPORT_DAY + timedelta(days=1)
    first, second, third = (c.id for c in s.contacts[:3])
    log(s, day, contacts=(first,))
    log(s, day, contacts=(second,))
    assert due_followups(s, day) == []  # today's two are greeted: nothing more today
    assert hello_schedule(s, day)[third] == day + timedelta(days=1)
    assert [h.contact_id for h in due_followups(s, day + timedelta(days=1))][:2] == [
        third,
        s.contacts[3].id,
    ]


def test_a_hello_not_said_stays_due_the_next_day() -> None:
    s = _imported(10)
    day = IMPORT_DAY + timedelta(days=1)
    first = s.contacts[0].id
    assert hello_schedule(s, day)[first] == day
    assert hello_schedule(s, day + timedelta(days=3))[first] == day + timedelta(days=3)
    assert contact_health(s, first, day + timedelta(days=3)).due


def test_archived_dormant_and_none_a_day_are_not_brought_in() -> None:
    s = _imported(3)
    s.contacts[0] = s.contacts[0].model_copy(update={"archived": True})
    s.contacts[1] = s.contacts[1].model_copy(update={"stage": Stage.DORMANT})
    day = IMPORT_DAY + timedelta(days=1)
    assert list(hello_schedule(s, day)) == [s.contacts[2].id]
    assert contact_health(s, s.contacts[1].id, day).reasons == (
        "Not in touch yet (added Nov 16); marked dormant, so not suggested.",
    )
    off = _imported(3, per_day=0)
    assert hello_schedule(off, day) == {}
    assert due_followups(off, day) == []
    assert contact_health(off, off.contacts[0].id, day).reasons == (
        "Not in touch yet (added Nov 16); bringing in new contacts is off (0 a day in Settings).",
    )


def test_the_words_stay_kind() -> None:
    s = _imported(5)
    day = IMPORT_DAY + timedelta(days=1)
    h = contact_health(s, s.contacts[4].id, day)
    assert h.reasons[0] == "Not in touch yet (added Nov 16): say hello on Nov 19."
    assert h.reasons[1].startswith("New contacts are brought in 2 a day, by priority")
    assert not any("neglect" in r or "overdue" in r for r in h.reasons)


def test_the_plan_suggests_todays_hellos_as_messages() -> None:
    s = _imported(50)
    day = IMPORT_DAY + timedelta(days=1)
    plan = todays_plan(s, day)
    assert [(p.name, p.kind) for p in plan] == [
        ("Person 000", "message"),
        ("Person 001", "message"),
    ]
    assert plan[0].why.startswith("Not in touch yet (added Nov 16): say hello today.")
    assert today_overview(s, day).due_count == 2


def test_the_calendar_has_every_hello_within_its_window() -> None:
    s = _imported(208)
    events = followup_events(s, IMPORT_DAY, horizon_days=60)
    assert len(events) == 120  # 2 a day from the day after the import, 60 days
    assert Counter(e.day for e in events).most_common(1)[0][1] == 2
    assert events[0].summary == "Say hello to Person 000"
    assert all(e.day <= IMPORT_DAY + timedelta(days=60) for e in events)


def test_follow_ups_come_before_hellos_of_lower_weight() -> None:
    s = _imported(4)
    friend = add_contact(s, "Friend", date(2026, 1, 1), priority=1)
    log(s, date(2026, 10, 1), contacts=(friend.id,))  # 30 days over on Nov 30
    due = due_followups(s, IMPORT_DAY + timedelta(days=1))
    assert [h.name for h in due] == ["Friend", "Person 000", "Person 001"]


def test_contact_dates_agree_with_contact_health() -> None:
    s = _imported(12, priorities=(1, 2, 3))
    log(s, IMPORT_DAY + timedelta(days=2), "coffee", contacts=(s.contacts[5].id,))
    old = add_contact(s, "Old", date(2025, 1, 1))
    log(s, date(2025, 2, 1), contacts=(old.id,))
    _assert_agree(s, IMPORT_DAY + timedelta(days=3))


def _assert_agree(s: State, day: date) -> None:
    dates = contact_dates(s, day)
    health = all_contact_health(s, day)
    assert dates.keys() == health.keys()
    for cid, h in health.items():
        d = dates[cid]
        due = h.ideal_due if h.follow_up_pending else None
        assert (d.last, d.due, d.step) == (h.last_interaction, due, h.next_step), h.name


# -- invariants ------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(0, 60),
    per_day=st.integers(0, 5),
    priorities=st.lists(st.integers(1, 3), min_size=1, max_size=5),
    greeted=st.lists(st.tuples(st.integers(0, 59), st.integers(0, 20)), max_size=10),
    offset=st.integers(0, 30),
)
def test_never_more_than_n_a_day_and_deterministic(
    n: int, per_day: int, priorities: list[int], greeted: list[tuple[int, int]], offset: int
) -> None:
    s = _imported(n, per_day=per_day, priorities=tuple(priorities))
    for who, when in greeted:
        if who < n:
            log(s, IMPORT_DAY + timedelta(days=when), contacts=(s.contacts[who].id,))
    day = IMPORT_DAY + timedelta(days=offset)
    schedule = hello_schedule(s, day)
    counts = Counter(schedule.values())
    assert all(c <= per_day for c in counts.values())
    assert all(d >= day for d in schedule.values())
    hellos = [h for h in due_followups(s, day) if h.next_step == "hello"]
    assert len(hellos) <= per_day
    # a pure function of the state and the day: a copy gives the same answer
    copy = State.model_validate_json(s.model_dump_json())
    assert hello_schedule(copy, day) == schedule
    # every contact never in touch and not archived or dormant has a hello day
    reached = {cid for a in s.activities if a.day < day for cid in a.contact_ids}
    if per_day:
        assert set(schedule) == {c.id for c in s.contacts if c.id not in reached}
    _assert_agree(s, day)
