"""The engine's per-state index over the 10-year demo data.

Timings live in ``bench/run.py`` (never in tests). These tests check what makes the
engine fast without making it wrong: the incrementally updated index gives exactly the
answers a freshly built one gives, after logs and undos.
"""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def big() -> State:
    from habitnet.demo import generate

    return generate(years=10, seed=7, end=DEMO_NOW)


def _answers(state: State) -> tuple[object, ...]:
    today = DEMO_NOW.date()
    return (
        todays_plan(state, today),
        weekly_summary(state, iso_week_of(today)).to_dict(),
        weekly_summary(state, "2019-W10").to_dict(),
        today_overview(state, today).budget,
        today_overview(state, today).quota,
        today_overview(state, today).risk,
    )


def _fresh(state: State) -> tuple[object, ...]:
    clear_cache()
    return _answers(state)


def test_demo_is_ten_years_big(big: State) -> None:
    assert len(big.contacts) >= 2500 and len(big.activities) >= 10_000
    assert len(big.journal) >= 2500 and len(big.checkins) >= 3000


def test_index_after_logs_and_undos_equals_a_fresh_index(big: State) -> None:
    today = DEMO_NOW.date()
    before = _fresh(big)
    added = []
    for i in range(3):
        a = Activity(at=DEMO_NOW, kind="message", cost=1, contact_ids=[big.contacts[i].id])
        evaluate_activity(big, a)
        big.activities.append(a)
        added.append(a)
        incremental = _answers(big)  # served by the updated index
        assert incremental == _fresh(big)
        assert todays_plan(big, today) == incremental[0]
    for a in reversed(added):
        big.activities.remove(a)
        incremental = _answers(big)
        assert incremental == _fresh(big)
    assert _answers(big) == before
