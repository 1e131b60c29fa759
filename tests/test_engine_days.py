"""Day one: every figure that counts days starts at the user's first day (issue #14.2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from enginehelpers import MONDAY, add_contact, checkin, log, make_state
from hypothesis import given, settings
from hypothesis import strategies as st

from habitnet.engine import (
    backdate_problem,
    budget_history,
    burnout_risk,
    consistency,
    consistency_series,
    first_day,
    weekly_summary,
)
from habitnet.engine.consistency import M
from habitnet.models import ContactSource, JournalEntry, Meta

SUNDAY = MONDAY + timedelta(days=6)  # 2026-11-22, the last day of 2026-W47


def test_first_day_is_the_day_started_or_an_earlier_record() -> None:
    s = make_state(started=MONDAY)
    assert first_day(s) == MONDAY
    log(s, MONDAY + timedelta(days=3))
    assert first_day(s) == MONDAY  # a later record does not move it
    checkin(s, MONDAY - timedelta(days=2), 3)  # backdating on purpose is real use
    assert first_day(s) == MONDAY - timedelta(days=2)
    s.journal.append(JournalEntry(day=MONDAY - timedelta(days=9)))
    assert first_day(s) == MONDAY - timedelta(days=9)


def test_contacts_and_their_connected_on_dates_never_move_day_one() -> None:
    s = make_state(started=SUNDAY)
    add_contact(
        s,
        "Connected in 2013",
        date(2013, 3, 5),
        source=ContactSource.LINKEDIN,
        imported_on=SUNDAY,
        met="LinkedIn, connected 2013-03-05",
    )
    assert first_day(s) == SUNDAY


def test_without_a_start_day_the_earliest_record_is_day_one() -> None:
    s = make_state(started=None)
    assert first_day(s) is None
    log(s, MONDAY + timedelta(days=2))
    assert first_day(s) == MONDAY + timedelta(days=2)


def _first_day_sunday() -> object:
    """The issue's case: a new user whose first day is a Sunday logs six activities."""
    s = make_state(started=SUNDAY)
    for hour in range(9, 15):
        log(s, SUNDAY, "message", hour=hour, override="my first day")
    return s


def test_a_first_day_on_sunday_counts_from_that_sunday_only() -> None:
    s = _first_day_sunday()
    w = weekly_summary(s, "2026-W47")
    # Monday to Saturday, before the user started, are neither rest days nor misses
    assert [d.counted for d in w.days] == [False] * 6 + [True]
    # The Sunday is a rest weekday (target 0) but the user was active: it was not
    # rested. "Rest days" counts days actually rested, so: 0.
    assert w.rest_days == 0
    assert (w.total_count, w.total_target) == (6, 0)
    assert w.days_done == 0  # a rest day with target 0 is not a practice day done
    assert w.consistency == 0.0  # a rest day leaves the score where it was: at 0
    # the days before day one never enter the score, however many there are
    assert [v for _, v in consistency_series(s, MONDAY - timedelta(days=60), SUNDAY)] == [0.0] * 67


def test_the_week_before_day_one_counts_nothing() -> None:
    s = _first_day_sunday()
    w = weekly_summary(s, "2026-W46")
    assert w.rest_days == 0 and w.total_target == 0 and w.days_done == 0
    assert not any(d.counted for d in w.days)


def test_without_day_one_the_same_week_had_six_rest_days() -> None:
    """What the issue saw: the same activities, day one long before (make_state's
    default), and Monday to Saturday count as six rest days and a target of 18."""
    s = make_state()
    for hour in range(9, 15):
        log(s, SUNDAY, "message", hour=hour, override="my first day")
    w = weekly_summary(s, "2026-W47")
    assert (w.rest_days, w.total_target) == (6, 18)


def test_consistency_starts_on_day_one() -> None:
    s = make_state(started=MONDAY)
    for day in (MONDAY, MONDAY + timedelta(days=1)):
        for hour in (9, 10, 11):
            log(s, day, hour=hour)
    assert consistency(s, MONDAY + timedelta(days=1)) == pytest.approx(1 - M**2)
    # a day after day one that ends undone is a miss
    assert consistency(s, MONDAY + timedelta(days=3)) == pytest.approx((1 - M**2) * M)


def test_days_after_today_are_not_counted_in_the_review() -> None:
    s = make_state(started=MONDAY - timedelta(days=30))
    log(s, MONDAY)
    w = weekly_summary(s, "2026-W47", today=MONDAY + timedelta(days=2))
    assert [d.counted for d in w.days] == [True, True, True, False, False, False, False]
    assert w.rest_days == 2  # Tuesday and Wednesday; not the days still to come
    assert w.total_target == 9


def test_burnout_risk_of_a_new_user_is_measured_from_day_one() -> None:
    """Overspending on one's first days is not diluted by 13 empty days before them,
    and a first week is not asked for rest days it could not have had yet."""
    s = make_state(started=MONDAY)
    for kind in ("coffee", "coffee", "call", "event"):  # 13 points of a budget of 10
        log(s, MONDAY, kind, override="launch")
    r = burnout_risk(s, MONDAY)
    energy, overrides, rest, _debt, _low = r.factors
    assert energy.points == 30  # 13 of 10 budgeted since day one: 130 %
    assert energy.detail == "13 points spent of 10 budgeted in 1 day since day one (130 %)."
    assert rest.points == 0 and rest.detail == "0 rest days in 1 day since day one (0 expected)."
    assert overrides.points == 20
    # the same day for a user of long standing: 13 of 140 points in 14 days
    old = make_state()
    for kind in ("coffee", "coffee", "call", "event"):
        log(old, MONDAY, kind, override="launch")
    assert burnout_risk(old, MONDAY).factors[0].points == 0


def test_rest_expected_grows_with_the_days_since_day_one() -> None:
    s = make_state(started=MONDAY)
    for k in range(7):
        log(s, MONDAY + timedelta(days=k))
    rest = burnout_risk(s, MONDAY + timedelta(days=6)).factors[2]
    # 7 of 14 days: half of the 2 expected rest days, and none taken
    assert rest.detail == "0 rest days in 7 days since day one (1 expected)."
    assert rest.points == 15


def test_the_chart_data_marks_days_before_day_one() -> None:
    s = make_state(started=SUNDAY)
    history = budget_history(s, SUNDAY, days=14)
    assert [b.counted for b in history] == [False] * 13 + [True]


def test_backdating_far_before_day_one_needs_a_question() -> None:
    s = make_state(started=SUNDAY)
    today = SUNDAY + timedelta(days=2)
    assert backdate_problem(s, SUNDAY, today) is None
    assert backdate_problem(s, today - timedelta(days=7), today) is None  # a week back is fine
    problem = backdate_problem(s, date(1999, 1, 1), today)
    assert problem is not None
    assert problem.startswith("1999-01-01 is 28 years before your first day (2026-11-22).")
    # a user of long standing may log any day since their first
    assert backdate_problem(make_state(), date(2025, 3, 1), today) is None


# -- invariants ------------------------------------------------------------------------

_days = st.integers(min_value=0, max_value=400).map(lambda k: date(2025, 6, 1) + timedelta(days=k))


@settings(max_examples=60, deadline=None)
@given(
    started=st.none() | _days,
    acts=st.lists(_days, max_size=8),
    checkins=st.lists(_days, max_size=4, unique=True),
    contacts=st.lists(_days, max_size=4),
)
def test_day_one_is_never_after_the_first_record(
    started: date | None, acts: list[date], checkins: list[date], contacts: list[date]
) -> None:
    s = make_state(started=started)
    for d in acts:
        log(s, d)
    for d in checkins:
        checkin(s, d, 3)
    for i, d in enumerate(contacts):
        add_contact(s, f"C{i}", d, source=ContactSource.LINKEDIN, imported_on=d)
    one = first_day(s)
    records = [*acts, *checkins]
    if started is None and not records:
        assert one is None
        return
    assert one is not None
    assert all(one <= d for d in records)
    assert started is None or one <= started
    # day one is one of them: the start or a record (never a contact's date)
    assert one in {*records, started}
    # and nothing before it is counted
    w = weekly_summary(s, _label(one - timedelta(days=7)))
    assert all(not d.counted for d in w.days if d.day < one)


def _label(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def test_a_state_started_in_meta_survives_validation() -> None:
    from habitnet.models import State

    s = State(meta=Meta(started=SUNDAY))
    again = State.model_validate_json(s.model_dump_json())
    assert again.meta.started == SUNDAY and first_day(again) == SUNDAY
