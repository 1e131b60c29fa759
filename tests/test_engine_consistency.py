"""Consistency score and bursts: expectations computed by hand."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from enginehelpers import MONDAY, log, make_state

from habitnet.engine import consistency, consistency_series, detect_bursts, weekly_summary

M = 0.5 ** (1 / 13)


def practise(state, day, n=3):  # type: ignore[no-untyped-def]
    for h in range(n):
        log(state, day, "message", hour=9 + h)


def test_m_is_the_loop_constant() -> None:
    from habitnet.engine.consistency import M as engine_m

    assert engine_m == pytest.approx(0.948, abs=0.001)
    assert engine_m == M


def test_done_days_rest_days_and_a_miss() -> None:
    s = make_state()
    for i in range(6):  # Monday to Saturday done, Sunday rests
        practise(s, MONDAY + timedelta(days=i))
    sat, sun, mon = (MONDAY + timedelta(days=k) for k in (5, 6, 7))
    series = dict(consistency_series(s, MONDAY - timedelta(days=1), mon))
    assert series[MONDAY - timedelta(days=1)] == 0.0
    assert series[MONDAY] == pytest.approx(1 - M)
    assert series[sat] == pytest.approx(1 - M**6)
    assert series[sun] == series[sat]  # rest day: unchanged
    assert series[mon] == pytest.approx((1 - M**6) * M)  # a miss costs little
    # "so far": the undone Monday does not count yet
    assert consistency(s, mon) == pytest.approx(1 - M**6)
    practise(s, mon)
    assert consistency(s, mon) == pytest.approx((1 - M**6) * M + (1 - M))


def test_partial_day_is_a_miss() -> None:
    s = make_state()
    practise(s, MONDAY, n=2)  # target 3
    assert dict(consistency_series(s, MONDAY, MONDAY))[MONDAY] == 0.0


def test_a_perfect_month_is_about_eighty_percent() -> None:
    s = make_state()
    day = MONDAY
    done = 0
    while done < 30:
        if day.weekday() != 6:
            practise(s, day)
            done += 1
        day += timedelta(days=1)
    last = day - timedelta(days=1)
    assert consistency(s, last) == pytest.approx(1 - M**30)
    assert 0.79 < consistency(s, last) < 0.81
    # and after three months of practice about 99 %
    while done < 90:
        if day.weekday() != 6:
            practise(s, day)
            done += 1
        day += timedelta(days=1)
    assert consistency(s, day - timedelta(days=1)) == pytest.approx(1 - M**90)
    assert consistency(s, day - timedelta(days=1)) > 0.99
    assert math.isclose(
        consistency_series(s, last, last)[0][1], consistency(s, last), rel_tol=1e-12
    )


def test_burst_after_weeks_near_zero() -> None:
    s = make_state()
    first = MONDAY - timedelta(weeks=10)
    for w in range(10):
        log(s, first + timedelta(weeks=w, days=1), "message")  # 1 a week
    for i in range(12):  # then 12 in this week
        log(s, MONDAY + timedelta(days=i % 4), "message", hour=8 + i)
    bursts = detect_bursts(s, MONDAY + timedelta(days=6))
    assert [(b.week, b.count, b.average) for b in bursts] == [("2026-W47", 12, 1.0)]
    assert "12 outreach activities in 2026-W47 after an 8-week average of 1.0" in bursts[0].reason
    assert weekly_summary(s, "2026-W47").bursts == tuple(bursts)


def test_steady_practice_is_no_burst() -> None:
    s = make_state(started=None)  # day one: the first practice day
    first = MONDAY - timedelta(weeks=10)
    for k in range(11 * 7):
        day = first + timedelta(days=k)
        if day.weekday() != 6:
            practise(s, day)
    assert detect_bursts(s, MONDAY + timedelta(days=6)) == []


def test_a_new_user_starting_strong_is_no_burst() -> None:
    s = make_state(started=MONDAY)
    for i in range(12):
        log(s, MONDAY + timedelta(days=i % 4), "message", hour=8 + i)
    assert detect_bursts(s, MONDAY + timedelta(days=6)) == []


def test_a_user_silent_since_day_one_then_busy_is_a_burst() -> None:
    """Day one, not the first activity, starts the history: months of silence after
    starting, then a busy week, is a burst."""
    s = make_state(started=MONDAY - timedelta(weeks=9))
    for i in range(12):
        log(s, MONDAY + timedelta(days=i % 4), "message", hour=8 + i)
    assert [b.week for b in detect_bursts(s, MONDAY + timedelta(days=6))] == ["2026-W47"]
