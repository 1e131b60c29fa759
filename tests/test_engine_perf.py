"""Performance over the 10-year demo data: today's plan and a weekly summary ≤ 20 ms."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from habitnet.clock import DEMO_NOW
from habitnet.engine import (
    clear_cache,
    evaluate_activity,
    today_overview,
    todays_plan,
    weekly_summary,
)
from habitnet.models import Activity, State, iso_week_of

LIMIT = 0.020


@pytest.fixture(scope="module")
def big() -> State:
    from habitnet.demo import generate

    return generate(years=10, seed=7, end=DEMO_NOW)


def best_of(n: int, f: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


def test_demo_is_ten_years_big(big: State) -> None:
    assert len(big.contacts) >= 2500 and len(big.activities) >= 10_000
    assert len(big.journal) >= 2500 and len(big.checkins) >= 3000


def test_plan_and_summary_within_20_ms(big: State) -> None:
    today = DEMO_NOW.date()
    week = iso_week_of(today)
    clear_cache()
    todays_plan(big, today)  # builds the index once, as loading the file does
    assert best_of(5, lambda: todays_plan(big, today)) <= LIMIT
    assert best_of(5, lambda: weekly_summary(big, week)) <= LIMIT
    assert best_of(5, lambda: weekly_summary(big, "2019-W10")) <= LIMIT
    assert best_of(5, lambda: today_overview(big, today)) <= LIMIT


def test_logging_and_undo_stay_fast(big: State) -> None:
    """After a log or an undo the index updates in place instead of rebuilding."""
    today = DEMO_NOW.date()
    todays_plan(big, today)
    timings = []
    for i in range(3):
        a = Activity(at=DEMO_NOW, kind="message", cost=1, contact_ids=[big.contacts[i].id])
        t = time.perf_counter()
        evaluate_activity(big, a)
        big.activities.append(a)
        todays_plan(big, today)
        weekly_summary(big, iso_week_of(today))
        big.activities.pop()
        todays_plan(big, today)
        timings.append(time.perf_counter() - t)
    # two plans and a summary after two changes, against 4 × 20 ms
    assert min(timings) <= 4 * LIMIT
