"""Property tests of the coaching engine (hypothesis)."""

from __future__ import annotations

from datetime import timedelta

from enginehelpers import MONDAY, activity, add_contact, checkin, log, make_state
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habitnet.engine import (
    burnout_risk,
    clear_cache,
    consistency_series,
    day_budget,
    evaluate_activity,
    quota_status,
    todays_plan,
    weekly_summary,
)
from habitnet.models import DEFAULT_KINDS, ContactSource, State, iso_week_of

KINDS = [k.name for k in DEFAULT_KINDS]
SPAN = 21  # days
START = MONDAY - timedelta(days=14)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

logs = st.lists(
    st.tuples(
        st.integers(0, SPAN - 1),  # day offset
        st.sampled_from(KINDS),
        st.integers(6, 22),  # hour
    ),
    max_size=60,
)
checkins = st.dictionaries(st.integers(0, SPAN - 1), st.integers(1, 5), max_size=SPAN)


def _with_checkins(state: State, energies: dict[int, int]) -> None:
    for off, e in energies.items():
        checkin(state, START + timedelta(days=off), e)


@FAST
@given(logs, checkins, st.integers(5, 20), st.integers(20, 80))
def test_logs_without_override_never_exceed_budgets_or_cap(
    attempts: list[tuple[int, str, int]], energies: dict[int, int], daily: int, weekly: int
) -> None:
    s = make_state(daily_budget=daily, weekly_budget=weekly)
    _with_checkins(s, energies)
    for off, kind, hour in attempts:
        a = activity(s, START + timedelta(days=off), kind, hour=hour)
        if evaluate_activity(s, a).outcome == "allowed":
            s.activities.append(a)
    for off in range(SPAN):
        day = START + timedelta(days=off)
        b = day_budget(s, day)
        q = quota_status(s, day)
        assert b.spent <= b.budget, b.explanation
        assert b.week_spent <= b.week_budget
        assert b.debt_in == 0 and b.overspent == 0
        assert q.count <= q.cap


@FAST
@given(
    logs,
    st.lists(st.booleans(), min_size=60, max_size=60),
    checkins,
    st.integers(0, SPAN - 1),
    st.integers(0, SPAN - 1),
    st.sampled_from(KINDS),
)
def test_debt_never_negative_and_risk_never_falls_with_one_more_overspend(
    acts: list[tuple[int, str, int]],
    overrides: list[bool],
    energies: dict[int, int],
    ask: int,
    extra_day: int,
    extra_kind: str,
) -> None:
    s = make_state()
    _with_checkins(s, energies)
    for (off, kind, hour), ov in zip(acts, overrides, strict=False):
        a = activity(s, START + timedelta(days=off), kind, hour=hour, override="x" if ov else None)
        s.activities.append(a)
    day = START + timedelta(days=ask)
    for off in range(SPAN + 14):
        b = day_budget(s, START + timedelta(days=off))
        assert b.debt_in >= 0 and b.debt_out >= 0 and b.budget >= 0
    before = burnout_risk(s, day)
    assert 0 <= before.score <= 100
    extra = activity(
        s, START + timedelta(days=min(extra_day, ask)), extra_kind, override="one more"
    )
    s.activities.append(extra)
    after = burnout_risk(s, day)
    assert 0 <= after.score <= 100
    assert after.score >= before.score
    # the incrementally updated cache agrees with a fresh computation
    clear_cache()
    assert burnout_risk(s, day) == after


@FAST
@given(
    logs,
    checkins,
    st.integers(0, SPAN - 1),
    st.lists(st.tuples(st.integers(1, 3), st.integers(0, SPAN - 1)), max_size=12),
)
def test_plan_fits_remaining_energy_and_quota(
    acts: list[tuple[int, str, int]],
    energies: dict[int, int],
    ask: int,
    people: list[tuple[int, int]],
) -> None:
    s = make_state()
    _with_checkins(s, energies)
    ids = [
        add_contact(s, f"P{i}", START - timedelta(days=60), priority=p).id
        for i, (p, _) in enumerate(people)
    ]
    for i, (_, off) in enumerate(people):
        s.activities.append(activity(s, START + timedelta(days=off), "coffee", contacts=(ids[i],)))
    for off, kind, hour in acts:
        s.activities.append(activity(s, START + timedelta(days=off), kind, hour=hour))
    day = START + timedelta(days=ask)
    plan = todays_plan(s, day)
    b = day_budget(s, day)
    q = quota_status(s, day)
    assert sum(p.cost for p in plan) <= min(b.remaining, b.week_remaining)
    assert len(plan) <= max(0, q.target - q.count)
    assert len({p.contact_id for p in plan}) == len(plan)
    assert all(p.why for p in plan)


@settings(max_examples=30, deadline=None)
@given(logs)
def test_consistency_stays_between_zero_and_one(acts: list[tuple[int, str, int]]) -> None:
    s = make_state()
    for off, kind, hour in acts:
        s.activities.append(activity(s, START + timedelta(days=off), kind, hour=hour))
    for _, v in consistency_series(s, START, START + timedelta(days=SPAN)):
        assert 0.0 <= v <= 1.0


@settings(max_examples=40, deadline=None)
@given(
    added=st.lists(st.tuples(st.integers(0, 60), st.booleans()), max_size=12),
    reached=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 60)), max_size=12),
)
def test_every_contact_is_new_in_at_most_one_week(
    added: list[tuple[int, bool]], reached: list[tuple[int, int]]
) -> None:
    """Summed over all weeks, new contacts never exceed the contacts: each counts once
    (by hand: the week added; imported: the week first reached, if ever)."""
    s = make_state()
    for i, (day, imported) in enumerate(added):
        source = ContactSource.VCARD if imported else ContactSource.MANUAL
        add_contact(s, f"C{i}", MONDAY + timedelta(days=day), source=source)
    for who, day in reached:
        if who < len(s.contacts):
            log(s, MONDAY + timedelta(days=day), contacts=(s.contacts[who].id,))
    weeks = {iso_week_of(MONDAY + timedelta(days=d)) for d in range(0, 61)}
    total = sum(weekly_summary(s, w).new_contacts for w in weeks)
    manual = sum(1 for _, imported in added if not imported)
    first_reached = {
        s.contacts[who].id for who, _ in reached if who < len(s.contacts) and added[who][1]
    }
    assert total == manual + len(first_reached)
