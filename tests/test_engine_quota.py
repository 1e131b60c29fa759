"""Quota, rest days, streaks and the high-cost cap: expectations computed by hand."""

from __future__ import annotations

from datetime import timedelta

from enginehelpers import MONDAY, activity, log, make_state

from habitnet.engine import evaluate_activity, quota_status
from habitnet.models import DEFAULT_KINDS, ActivityKind, WeeklyReview

TUE, WED, THU, FRI, SAT, SUN = (MONDAY + timedelta(days=i) for i in range(1, 7))


def test_target_cap_and_done() -> None:
    s = make_state()
    q = quota_status(s, MONDAY)
    assert (q.target, q.cap, q.count, q.done, q.rest_day) == (3, 5, 0, False, False)
    log(s, MONDAY, "message")
    log(s, MONDAY, "call")
    assert quota_status(s, MONDAY).done is False
    log(s, MONDAY, "follow-up")
    q = quota_status(s, MONDAY)
    assert (q.count, q.done) == (3, True)
    assert "Done: 3 of 3 today (cap 5)." in q.reasons


def test_only_counting_kinds_count() -> None:
    kinds = [*DEFAULT_KINDS, ActivityKind(name="reading", cost=1, counts_toward_quota=False)]
    s = make_state(activity_kinds=kinds)
    log(s, MONDAY, "reading")
    log(s, MONDAY, "message")
    assert quota_status(s, MONDAY).count == 1
    # a non-counting kind never hits the cap
    for _ in range(5):
        log(s, MONDAY, "message", cost=0)
    assert evaluate_activity(s, activity(s, MONDAY, "reading", cost=0)).outcome == "allowed"


def test_cap_refuses_then_override() -> None:
    s = make_state()
    for _ in range(5):
        log(s, MONDAY, "message")
    d = evaluate_activity(s, activity(s, MONDAY, "message"))
    assert d.outcome == "refused"
    assert d.reasons == ("Today's cap is 5 outreach activities and 5 are logged.",)
    assert d.overspend == 0
    assert evaluate_activity(s, activity(s, MONDAY, "message"), "she asked me").outcome == (
        "override"
    )


def test_sunday_is_a_rest_day_with_target_zero() -> None:
    s = make_state()
    q = quota_status(s, SUN)
    assert (q.target, q.rest_day, q.done) == (0, True, True)
    assert q.rest_reason == "Sunday is a rest day."
    d = evaluate_activity(s, activity(s, SUN, "message"))
    assert d.outcome == "refused"
    assert d.reasons == ("Sunday is a rest day. Outreach today needs an override.",)


def test_six_active_days_in_a_row_make_a_rest_day() -> None:
    s = make_state(rest_weekdays=[])
    for d in (MONDAY, TUE, WED, THU, FRI, SAT):
        log(s, d, "message")
    q = quota_status(s, SUN)
    assert (q.active_streak, q.rest_day, q.target) == (6, True, 0)
    assert q.rest_reason == "6 active days in a row: today is a rest day."
    # five in a row is still fine
    assert quota_status(s, SAT).rest_day is False and quota_status(s, SAT).active_streak == 5
    # resting on Sunday resets the streak
    assert quota_status(s, MONDAY + timedelta(days=7)).active_streak == 0


def test_third_high_cost_activity_in_a_week_is_refused() -> None:
    s = make_state()
    log(s, MONDAY, "event")
    log(s, TUE, "volunteering")
    q = quota_status(s, WED)
    assert (q.high_cost_week, q.high_cost_limit) == (2, 2)
    d = evaluate_activity(s, activity(s, WED, "event"))
    assert d.reasons == (
        "This event would be the 3rd high-cost activity (cost ≥ 4) this week; the limit is 2.",
    )
    # a cheap activity is fine, and next week starts over
    assert evaluate_activity(s, activity(s, WED, "coffee")).outcome == "allowed"
    assert evaluate_activity(s, activity(s, MONDAY + timedelta(days=7), "event")).ok


def test_every_broken_limit_is_listed() -> None:
    s = make_state()
    log(s, SUN, "event", override="x")
    log(s, SUN, "event", override="x")  # 10 spent, 2 high-cost
    d = evaluate_activity(s, activity(s, SUN, "volunteering"))
    assert d.outcome == "refused"
    assert d.reasons == (
        "Sunday is a rest day. Outreach today needs an override.",
        "This volunteering costs 4 points; 0 of today's 10 are left.",
        "This volunteering would be the 3rd high-cost activity (cost ≥ 4) this week; "
        "the limit is 2.",
    )
    assert d.overspend == 4


def test_weekly_review_sets_next_weeks_target_and_cap() -> None:
    s = make_state()
    s.reviews.append(WeeklyReview(week="2026-W46", next_daily_target=2, next_daily_cap=4))
    q = quota_status(s, MONDAY)  # 2026-W47
    assert (q.target, q.cap) == (2, 4)
    assert q.reasons[0] == "Target 2 and cap 4 set in the review of 2026-W46."
    assert quota_status(s, MONDAY + timedelta(days=7)).target == 3
