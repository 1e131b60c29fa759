"""Weekly summary: every number of a small week computed by hand."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from enginehelpers import MONDAY, add_contact, checkin, log, make_state

from habitnet.engine import weekly_summary
from habitnet.models import JournalEntry


def test_week_by_hand() -> None:
    s = make_state()
    old = add_contact(s, "Old friend", date(2026, 9, 1))
    log(s, date(2026, 10, 1), "message", contacts=(old.id,))  # follow-up due Oct 31
    new = add_contact(s, "New face", MONDAY + timedelta(days=1))
    stale = add_contact(s, "Stale", date(2026, 8, 1))
    log(s, date(2026, 9, 1), "message", contacts=(stale.id,))  # due Oct 1, still overdue
    checkin(s, MONDAY, 3)  # Monday budget 8
    for _ in range(3):
        log(s, MONDAY, "message", direction="gave")
    log(s, MONDAY + timedelta(days=1), "coffee", contacts=(old.id,), direction="mutual")
    log(s, MONDAY + timedelta(days=1), "call", contacts=(new.id,), direction="asked")
    log(s, MONDAY + timedelta(days=2), "event", direction="asked")
    log(s, MONDAY + timedelta(days=2), "event", override="alumni night", direction="gave")
    s.journal.append(JournalEntry(day=MONDAY, text="Wrote   to three\nformer colleagues."))
    w = weekly_summary(s, "2026-W47")
    assert (w.start, w.end) == (MONDAY, MONDAY + timedelta(days=6))
    assert [d.count for d in w.days] == [3, 2, 2, 0, 0, 0, 0]
    assert [d.target for d in w.days] == [3, 3, 3, 3, 3, 3, 0]
    assert [d.done for d in w.days] == [True, False, False, False, False, False, True]
    assert [d.budget for d in w.days] == [8, 10, 10, 10, 10, 10, 10]
    assert [d.spent for d in w.days] == [3, 5, 10, 0, 0, 0, 0]
    assert (w.total_count, w.total_target) == (7, 18)
    assert (w.energy_spent, w.energy_budget) == (18, 45)
    assert w.rest_days == 4
    assert w.overrides == ((MONDAY + timedelta(days=2), "event", "alumni night"),)
    # a direction belongs to a person: the messages and events with nobody count in none
    assert (w.gave, w.asked, w.mutual) == (0, 1, 1)
    assert w.new_contacts == 1
    assert w.followups_done == 1  # "Old friend" was due
    assert w.followups_overdue == 1  # "Stale" at the week's end
    assert w.journal_excerpts == ((MONDAY, "Wrote to three former colleagues."),)
    assert len(w.risk_trend) == 7 and all(0 <= r <= 100 for _, r in w.risk_trend)
    m = 0.5 ** (1 / 13)
    assert w.consistency == pytest.approx((1 - m) * m**5)  # Monday done, then 5 misses
    assert w.bursts == ()
    d = w.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["start"] == "2026-11-16" and d["overrides"][0] == [
        "2026-11-18",
        "event",
        "alumni night",
    ]


def test_week_label_is_validated() -> None:
    with pytest.raises(ValueError):
        weekly_summary(make_state(), "2026-W54")


def test_imported_contacts_are_new_only_in_the_week_first_reached() -> None:
    """An import is not outreach: 200 imported connections are no new contacts; one
    first reached counts in that week, once; a contact added by hand, in its week."""
    from habitnet.models import ContactSource

    s = make_state()
    for i in range(200):
        add_contact(s, f"Imported {i}", MONDAY, source=ContactSource.LINKEDIN, imported_on=MONDAY)
    add_contact(s, "Met at the meetup", MONDAY + timedelta(days=2))
    assert weekly_summary(s, "2026-W47").new_contacts == 1
    reached = s.contacts[5]
    log(s, MONDAY + timedelta(days=8), "message", contacts=(reached.id,))
    log(s, MONDAY + timedelta(days=15), "message", contacts=(reached.id,))
    assert [weekly_summary(s, w).new_contacts for w in ("2026-W47", "2026-W48", "2026-W49")] == [
        1,
        1,
        0,
    ]


def test_give_and_ask_count_only_activities_with_someone() -> None:
    s = make_state()
    ada = add_contact(s, "Ada", date(2026, 1, 1))
    log(s, MONDAY, "community post", direction="gave")  # a direction with nobody: ignored
    log(s, MONDAY, "message", contacts=(ada.id,), direction="gave")
    log(s, MONDAY, "message", contacts=(ada.id,))  # mutual, the default with someone
    w = weekly_summary(s, "2026-W47")
    assert (w.gave, w.asked, w.mutual) == (1, 0, 1)
