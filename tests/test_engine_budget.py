"""Energy budget and logging decisions: expectations computed by hand."""

from __future__ import annotations

from datetime import timedelta

from enginehelpers import MONDAY, activity, checkin, log, make_state

from habitnet.engine import day_budget, evaluate_activity

TUE, WED, THU, FRI, SAT, SUN = (MONDAY + timedelta(days=i) for i in range(1, 7))


def test_base_budget_without_checkin() -> None:
    s = make_state()
    b = day_budget(s, MONDAY)
    assert (b.base, b.scale, b.checkin_energy, b.debt_in, b.budget) == (10, 1.0, None, 0, 10)
    assert (b.spent, b.remaining, b.overspent) == (0, 10, 0)
    assert (b.week_budget, b.week_spent, b.week_remaining) == (45, 0, 45)


def test_morning_checkin_scales_the_budget() -> None:
    s = make_state()
    for day, energy in zip((MONDAY, TUE, WED, THU, FRI), (1, 2, 3, 4, 5), strict=True):
        checkin(s, day, energy)
    # 10 × 40 %, 60 %, 80 %, 100 %, 100 %
    assert [day_budget(s, d).budget for d in (MONDAY, TUE, WED, THU, FRI)] == [4, 6, 8, 10, 10]
    b = day_budget(s, WED)
    assert b.checkin_energy == 3 and b.scale == 0.8
    assert b.explanation[0] == "Base 10 × 80 % (energy 3 check-in) = 8 points."


def test_evening_checkin_does_not_scale() -> None:
    s = make_state()
    checkin(s, MONDAY, 1, kind="evening")
    assert day_budget(s, MONDAY).budget == 10


def test_refusal_names_the_limit_and_numbers() -> None:
    s = make_state()
    checkin(s, TUE, 2)  # 6 points
    log(s, TUE, "call")  # 2
    log(s, TUE, "message")  # 1
    log(s, TUE, "message")  # 1 -> 4 spent, 2 left
    d = evaluate_activity(s, activity(s, TUE, "coffee"))
    assert d.outcome == "refused" and not d.ok
    assert d.reasons == ("This coffee costs 3 points; 2 of today's 6 are left.",)
    assert d.overspend == 1


def test_blank_override_reason_never_overrides() -> None:
    s = make_state()
    checkin(s, TUE, 1)  # 4 points
    a = activity(s, TUE, "event")  # 5 points
    for blank in (None, "", "   ", "\t\n"):
        assert evaluate_activity(s, a, blank).outcome == "refused"
    d = evaluate_activity(s, a, "  keynote I promised to attend ")
    assert d.outcome == "override" and d.ok
    assert d.override_reason == "keynote I promised to attend"
    assert d.overspend == 1
    assert any("becomes debt" in n for n in d.notes)


def test_allowed_activity_says_what_is_left() -> None:
    s = make_state()
    d = evaluate_activity(s, activity(s, MONDAY, "coffee"))
    assert d.outcome == "allowed" and d.overspend == 0
    assert d.reasons[0] == "This coffee costs 3 points; 7 of today's 10 will be left."
    assert d.reasons[1] == "It makes 1 of today's target of 3."


def test_overspend_becomes_debt_and_is_repaid_next_day() -> None:
    s = make_state()
    checkin(s, TUE, 3)  # 8
    log(s, TUE, "coffee")
    log(s, TUE, "coffee")  # 6
    log(s, TUE, "coffee", override="old friend in town")  # 9: 1 over
    b = day_budget(s, TUE)
    assert (b.budget, b.spent, b.overspent, b.debt_out) == (8, 9, 1, 1)
    wed = day_budget(s, WED)
    assert (wed.debt_in, wed.budget) == (1, 9)
    # Wednesday's smaller budget repaid it: Thursday starts clean
    assert day_budget(s, THU).debt_in == 0


def test_debt_larger_than_a_day_carries_on() -> None:
    s = make_state()
    for _ in range(5):
        log(s, MONDAY, "event", override="conference")  # 25 points, 15 over
    checkin(s, TUE, 1)  # scaled 4
    assert day_budget(s, MONDAY).debt_out == 15
    tue = day_budget(s, TUE)
    assert (tue.debt_in, tue.budget, tue.debt_out) == (15, 0, 11)  # 15 − 4
    wed = day_budget(s, WED)
    assert (wed.debt_in, wed.budget, wed.debt_out) == (11, 0, 1)  # 11 − 10
    thu = day_budget(s, THU)
    assert (thu.debt_in, thu.budget) == (1, 9)
    assert day_budget(s, FRI).debt_in == 0


def test_debt_older_than_fourteen_days_is_written_off() -> None:
    s = make_state(weekly_budget=700)
    start = MONDAY - timedelta(days=30)
    for i in range(22):
        checkin(s, start + timedelta(days=i), 1)  # scaled 4 every day
    for _ in range(4):
        log(s, start, "event", cost=16, override="marathon day")  # 64 spent, budget 4
    assert day_budget(s, start).debt_out == 60
    # repaid 4 a day: day k after carries 60 − 4 (k − 1)
    assert day_budget(s, start + timedelta(days=1)).debt_in == 60
    assert day_budget(s, start + timedelta(days=2)).debt_in == 56
    assert day_budget(s, start + timedelta(days=14)).debt_in == 8
    # the 14-day look-back no longer reaches the overspend
    assert day_budget(s, start + timedelta(days=15)).debt_in == 0


def test_weekly_budget_refuses_with_numbers_and_excess_becomes_debt() -> None:
    s = make_state()
    for d in (MONDAY, TUE, WED, THU):
        for kind in ("coffee", "coffee", "call", "call"):
            log(s, d, kind)  # 10 a day, 40 in the week
    log(s, FRI, "coffee")
    log(s, FRI, "call")  # 45
    b = day_budget(s, FRI)
    assert (b.week_spent, b.week_remaining, b.remaining) == (45, 0, 5)
    d = evaluate_activity(s, activity(s, FRI, "message"))
    assert d.outcome == "refused"
    assert d.reasons == ("This message costs 1 point; 0 of this week's 45 are left.",)
    assert d.overspend == 1
    log(s, FRI, "message", override="promised intro")
    # Friday stayed inside its day budget, but the week went 1 over: that is debt
    assert day_budget(s, FRI).overspent == 0
    assert day_budget(s, SAT).debt_in == 1


def test_week_start_moves_the_week_boundary() -> None:
    s = make_state(week_start=6)  # weeks start on Sunday
    log(s, MONDAY - timedelta(days=1), "coffee")  # Sunday the 15th
    log(s, MONDAY, "call")
    b = day_budget(s, SAT)
    assert b.week_start == MONDAY - timedelta(days=1)
    assert b.week_spent == 5
    iso = make_state()
    log(iso, MONDAY - timedelta(days=1), "coffee")
    log(iso, MONDAY, "call")
    assert day_budget(iso, SAT).week_spent == 2


def test_cache_notices_appends_and_removals() -> None:
    s = make_state()
    assert day_budget(s, MONDAY).spent == 0
    a = log(s, MONDAY, "coffee")
    assert day_budget(s, MONDAY).spent == 3
    s.activities.remove(a)
    assert day_budget(s, MONDAY).spent == 0
    s.activities = [activity(s, MONDAY, "event")]
    assert day_budget(s, MONDAY).spent == 5
    s.settings = s.settings.model_copy(update={"daily_budget": 12})
    assert day_budget(s, MONDAY).budget == 12
