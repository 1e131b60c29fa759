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
    assert (w.gave, w.asked, w.mutual) == (4, 2, 1)
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
