"""Today's plan and the Today overview."""

from __future__ import annotations

from datetime import date, timedelta

from enginehelpers import add_contact, checkin, log, make_state

from habitnet.engine import today_overview, todays_plan
from habitnet.models import ActivityKind

TODAY = date(2026, 11, 20)  # a Friday


def overdue_contacts(state, n):  # type: ignore[no-untyped-def]
    out = []
    for i in range(n):
        c = add_contact(state, f"Person {i:02d}", date(2026, 1, 1), priority=1 + i % 3)
        log(state, date(2026, 10, 1 + i), "message", contacts=(c.id,))
        out.append(c)
    return out


def test_plan_fills_the_remaining_target_most_urgent_first() -> None:
    s = make_state()
    overdue_contacts(s, 6)
    log(s, TODAY, "message")  # 1 of 3 done: 2 slots
    plan = todays_plan(s, TODAY)
    # due Oct 31 + i: Person 00 (p1, 20 days over: 3 × 21 = 63), Person 03 (p1, 17: 54)
    assert [(p.name, p.kind, p.cost, p.score) for p in plan] == [
        ("Person 00", "follow-up", 1, 63.0),
        ("Person 03", "follow-up", 1, 54.0),
    ]
    assert plan[0].why.startswith("Follow-up was due Oct 31 (20 days ago)")
    assert "Priority high; a follow-up costs 1 point." in plan[0].why


def test_plan_never_exceeds_remaining_energy() -> None:
    kinds = [
        ActivityKind(name="follow-up", cost=3),
        ActivityKind(name="message", cost=3),
        ActivityKind(name="coffee", cost=3, meeting=True),
    ]
    s = make_state(activity_kinds=kinds)
    overdue_contacts(s, 6)
    checkin(s, TODAY, 1)  # 4 points: one 3-point follow-up fits, not two
    plan = todays_plan(s, TODAY)
    assert len(plan) == 1 and sum(p.cost for p in plan) <= 4
    # when the named kind does not fit, the cheapest counting kind is tried
    cheap = make_state()
    overdue_contacts(cheap, 6)
    checkin(cheap, TODAY, 1)  # 4 points
    log(cheap, TODAY, "coffee")  # 1 left
    plan = todays_plan(cheap, TODAY)
    assert [(p.kind, p.cost) for p in plan] == [("follow-up", 1)]


def test_thank_you_comes_first_as_a_message() -> None:
    s = make_state()
    overdue_contacts(s, 3)
    c = add_contact(s, "Host", date(2026, 1, 1), priority=3)
    log(s, TODAY.replace(day=19), "coffee", contacts=(c.id,))
    plan = todays_plan(s, TODAY)
    assert plan[0].name == "Host" and plan[0].kind == "message"
    assert plan[0].why.startswith("A thank-you for the Nov 19 coffee is due by Nov 21.")


def test_no_plan_on_a_rest_day_or_when_done() -> None:
    s = make_state()
    overdue_contacts(s, 4)
    assert todays_plan(s, date(2026, 11, 22)) == []  # Sunday
    for _ in range(3):
        log(s, TODAY, "message")
    assert todays_plan(s, TODAY) == []


def test_overview_bundles_today() -> None:
    s = make_state()
    overdue_contacts(s, 4)
    a2 = log(s, TODAY, "call", hour=15)
    a1 = log(s, TODAY, "message", hour=9)
    ov = today_overview(s, TODAY)
    assert ov.activities == (a1, a2)  # time order
    assert ov.budget.spent == 3 and ov.quota.count == 2
    assert len(ov.plan) == 1 and ov.due_count == 4 and len(ov.due) == 4
    assert ov.risk.level == "green"


def test_plan_reconnects_after_the_due_list_when_quota_is_left() -> None:
    s = make_state()
    due = add_contact(s, "Due", date(2026, 1, 1))
    log(s, TODAY - timedelta(days=35), "message", contacts=(due.id,))
    old = add_contact(s, "Old friend", date(2024, 1, 1))
    log(s, TODAY - timedelta(days=400), "coffee", contacts=(old.id,))
    plan = todays_plan(s, TODAY)
    # target 3, nothing logged today: the due follow-up first, then the reconnect
    assert [(p.name, p.kind) for p in plan] == [("Due", "follow-up"), ("Old friend", "message")]
    assert "time to reconnect" in plan[1].why
