"""Burnout risk, its factors, levels and recovery mode: expectations computed by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from enginehelpers import activity, checkin, log, make_state

from habitnet.engine import burnout_risk, evaluate_activity, quota_status
from habitnet.models import State

D = date(2026, 11, 18)  # a Wednesday


def factor(risk, name):  # type: ignore[no-untyped-def]
    return next(f for f in risk.factors if f.name == name)


def test_empty_history_is_green_zero() -> None:
    r = burnout_risk(make_state(), D)
    assert (r.score, r.level, r.recovery, r.recovery_until) == (0, "green", False, None)
    assert [f.max_points for f in r.factors] == [30, 20, 15, 20, 15]


def test_one_heavy_day_factors_by_hand() -> None:
    s = make_state()
    checkin(s, D, 2)  # budget 6
    for kind in ("coffee", "event", "volunteering", "call"):  # 3 + 5 + 4 + 2 = 14
        log(s, D, kind, override="launch week")
    r = burnout_risk(s, D)
    # energy: 14 spent / (13 × 10 + 6) = 10 % -> 0
    assert factor(r, "Energy").points == 0
    assert factor(r, "Energy").detail == "14 points spent of 136 budgeted in 14 days (10 %)."
    assert factor(r, "Overrides").points == 20  # 4 overrides of 4
    assert factor(r, "Rest").points == 0  # 13 rest days, 2 expected
    assert factor(r, "Debt").points == pytest.approx(16)  # 8 over / base 10 × 20
    assert factor(r, "Low energy").points == pytest.approx(3.75)  # 1 of 4 days
    assert r.score == 40  # 39.75 rounds half up
    assert r.level == "amber"


def test_fourteen_overspent_days_are_red_and_start_recovery() -> None:
    s = make_state(weekly_budget=700)
    start = D - timedelta(days=13)
    for i in range(14):
        for kind in ("event", "event", "coffee"):  # 13 a day
            log(s, start + timedelta(days=i), kind, override="job hunt")
    r = burnout_risk(s, D)
    # budgets 10, 7, 4, 1, then 0 (debt grows by 3 a day from 15 on day 5): 22 in all
    assert factor(r, "Energy").detail == "182 points spent of 22 budgeted in 14 days (827 %)."
    assert factor(r, "Energy").points == 30
    assert factor(r, "Overrides").points == 20  # 42 overrides
    assert factor(r, "Rest").points == 15  # no rest day
    assert factor(r, "Debt").detail == "42 points of energy debt (base budget 10)."
    assert factor(r, "Debt").points == 20
    assert r.score == 85 and r.level == "red"
    assert r.recovery_until == D + timedelta(days=3)


def _amber_day_as_red() -> tuple[State, date]:
    """The one-heavy-day state (score 40) with red lowered to 40."""
    s = make_state(risk_amber=20, risk_red=40)
    checkin(s, D, 2)
    for kind in ("coffee", "event", "volunteering", "call"):
        log(s, D, kind, override="launch week")
    return s, D


def test_recovery_lasts_three_days_after_the_last_red_day() -> None:
    s, d = _amber_day_as_red()
    assert burnout_risk(s, d).level == "red"
    assert burnout_risk(s, d).recovery is False
    for k in (1, 2, 3):
        r = burnout_risk(s, d + timedelta(days=k))
        # overrides 20 + low energy 3.75 = 24 (debt 8 is repaid on d+1)
        assert (r.score, r.level, r.recovery) == (24, "amber", True)
        assert r.recovery_until == d + timedelta(days=3)
    assert burnout_risk(s, d + timedelta(days=4)).recovery is False


def test_recovery_halves_target_reduces_cap_blocks_high_cost() -> None:
    s, d = _amber_day_as_red()
    nxt = d + timedelta(days=1)
    q = quota_status(s, nxt)
    assert (q.recovery, q.target, q.cap, q.high_cost_limit) == (True, 1, 2, 0)
    dec = evaluate_activity(s, activity(s, nxt, "volunteering"))
    assert dec.outcome == "refused"
    assert "Recovery mode until Nov 21: high-cost activities (cost ≥ 4) are paused." in dec.reasons
    ok = evaluate_activity(s, activity(s, nxt, "message"))
    assert ok.outcome == "allowed"


def test_a_new_red_day_extends_recovery() -> None:
    s, d = _amber_day_as_red()
    later = d + timedelta(days=2)
    checkin(s, later, 1)
    for kind in ("event", "event"):
        log(s, later, kind, override="again")
    assert burnout_risk(s, later).level == "red"
    r = burnout_risk(s, d + timedelta(days=4))
    assert r.recovery is True and r.recovery_until == later + timedelta(days=3)


def test_low_energy_checkins_count_once_per_day() -> None:
    s = make_state()
    for i in range(6):
        checkin(s, D - timedelta(days=i), 2)
        checkin(s, D - timedelta(days=i), 1, kind="evening")
    r = burnout_risk(s, D)
    assert factor(r, "Low energy").points == 15  # 6 days, full at 4
    assert r.score == 15 and r.level == "green"
