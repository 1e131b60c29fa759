"""Relationship health: follow-ups, thank-yous, give/ask, one-sided, reconnect."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from enginehelpers import add_contact, log, make_state

from habitnet.engine import all_contact_health, contact_health, due_followups
from habitnet.models import Stage

TODAY = date(2026, 11, 21)


def test_follow_up_window_from_the_real_last_interaction() -> None:
    s = make_state()
    c = add_contact(s, "Ana Ruiz", date(2026, 9, 1), cadence_days=30)
    log(s, date(2026, 10, 1), "message", contacts=(c.id,))
    log(s, date(2026, 10, 20), "call", contacts=(c.id,))
    log(s, date(2026, 10, 20), "message", hour=15, contacts=(c.id,))
    h = contact_health(s, c.id, TODAY)
    assert h.last_interaction == date(2026, 10, 20)
    assert h.ideal_due == date(2026, 11, 19)  # + 30
    assert h.latest_due == date(2026, 11, 27)  # + ceil(30 / 4) = 8
    assert h.days_overdue == 2
    assert h.reasons[0] == "Follow-up was due Nov 19 (2 days ago); at the latest by Nov 27."
    # an activity after the day asked about is not the "real" last interaction
    log(s, date(2026, 11, 25), "message", contacts=(c.id,))
    assert contact_health(s, c.id, TODAY).last_interaction == date(2026, 10, 20)


def test_explicit_follow_up_date_wins() -> None:
    s = make_state()
    c = add_contact(s, "Bo", date(2026, 9, 1))
    log(s, date(2026, 11, 10), "message", contacts=(c.id,), follow_up=date(2026, 11, 14))
    h = contact_health(s, c.id, TODAY)
    assert (h.ideal_due, h.latest_due, h.days_overdue) == (
        date(2026, 11, 14),
        date(2026, 11, 22),
        7,
    )


def test_thank_you_due_two_days_after_a_meeting_until_thanked() -> None:
    s = make_state()
    c = add_contact(s, "Chen", date(2026, 9, 1))
    log(s, date(2026, 11, 19), "coffee", contacts=(c.id,))
    h = contact_health(s, c.id, date(2026, 11, 20))
    assert h.thank_you_due == date(2026, 11, 21)
    assert h.reasons[0] == "A thank-you for the Nov 19 coffee is due by Nov 21."
    assert [x.contact_id for x in due_followups(s, date(2026, 11, 20))] == [c.id]
    log(s, date(2026, 11, 20), "message", hour=18, contacts=(c.id,))
    assert contact_health(s, c.id, date(2026, 11, 20)).thank_you_due is None
    assert due_followups(s, date(2026, 11, 20)) == []


def test_give_ask_balance_and_one_sided() -> None:
    s = make_state()
    c = add_contact(s, "Dee", date(2026, 1, 1))
    log(s, date(2026, 3, 1), "message", contacts=(c.id,), direction="gave")
    for m in (4, 5, 6, 7, 8):
        log(s, date(2026, m, 1), "message", contacts=(c.id,), direction="asked")
    h = contact_health(s, c.id, TODAY)
    assert (h.gave, h.asked, h.mutual) == (1, 5, 0)
    assert h.one_sided is True  # the last 5 are all asks
    assert "The last 5 interactions were asks: offer something next time." in h.reasons
    log(s, date(2026, 9, 1), "coffee", contacts=(c.id,), direction="mutual")
    h = contact_health(s, c.id, TODAY)
    assert h.one_sided is False and h.mutual == 1


def test_reconnect_after_180_days_in_kind_words() -> None:
    s = make_state()
    c = add_contact(s, "Eli", date(2025, 1, 1))
    last = TODAY - timedelta(days=180)
    log(s, last, "message", contacts=(c.id,))
    h = contact_health(s, c.id, TODAY)
    assert h.reconnect is True
    assert h.reasons[0] == "6 months ago since last in touch: time to reconnect."
    assert contact_health(s, c.id, TODAY - timedelta(days=1)).reconnect is False
    text = " ".join(r for x in all_contact_health(s, TODAY).values() for r in x.reasons)
    assert "neglect" not in text.lower()


def test_due_list_order_and_exclusions() -> None:
    s = make_state()
    created = date(2026, 1, 1)
    p1 = add_contact(s, "High", created, priority=1)
    p3 = add_contact(s, "Low", created, priority=3)
    thanks = add_contact(s, "Thanks", created, priority=3)
    archived = add_contact(s, "Archived", created, priority=1, archived=True)
    dormant = add_contact(s, "Dormant", created, priority=1, stage=Stage.DORMANT)
    add_contact(s, "Fresh", date(2026, 11, 1))
    for c in (p1, p3, archived, dormant):
        log(s, date(2026, 10, 1), "message", contacts=(c.id,))  # due Oct 31: 21 days over
    log(s, date(2026, 11, 20), "call", contacts=(thanks.id,))
    due = due_followups(s, TODAY)
    assert [h.name for h in due] == ["Thanks", "High", "Low", "Fresh"]
    # urgency: weight × (1 + days overdue), thank-yous first; a hello is never overdue
    assert due[1].urgency == pytest.approx(3 * 22)
    assert due[2].urgency == pytest.approx(1 * 22)
    assert due[3].urgency == pytest.approx(2 * 1) and due[3].next_step == "hello"
    assert contact_health(s, archived.id, TODAY).due is False
    # archived and dormant contacts never in touch are not brought in
    quiet = [add_contact(s, n, created, archived=(n == "A2"), stage=Stage.DORMANT) for n in ("A2",)]
    quiet.append(add_contact(s, "D2", created, stage=Stage.DORMANT))
    for c in quiet:
        h = contact_health(s, c.id, TODAY)
        assert (h.due, h.ideal_due, h.next_step, h.follow_up_pending) == (False, None, "", False)


def test_unknown_contact_raises() -> None:
    with pytest.raises(KeyError):
        contact_health(make_state(), "c-nope", TODAY)


def test_never_contacted_come_in_as_hellos_and_fading_contacts_reconnect() -> None:
    """A contact never in touch is brought in with a hello (a few a day: see
    test_engine_intro), never as an overdue follow-up; a fading contact moves to the
    gentler reconnect list instead of piling up as overdue."""
    from habitnet.engine import reconnect_candidates

    s = make_state()
    imported = add_contact(s, "Imported", date(2026, 1, 1))  # never contacted, 324 days
    fading = add_contact(s, "Fading", date(2025, 1, 1), priority=1)
    log(s, TODAY - timedelta(days=200), "message", contacts=(fading.id,))
    recent = add_contact(s, "Recent", date(2026, 1, 1))
    log(s, TODAY - timedelta(days=40), "message", contacts=(recent.id,))  # 10 days over
    due = due_followups(s, TODAY)
    assert [h.name for h in due] == ["Recent", "Imported"]
    hello = contact_health(s, imported.id, TODAY)
    assert (hello.due, hello.next_step, hello.ideal_due, hello.days_overdue) == (
        True,
        "hello",
        TODAY,
        0,
    )
    assert hello.reconnect is False
    assert hello.reasons[0] == "Not in touch yet (added Jan 1): say hello today."
    h = contact_health(s, fading.id, TODAY)
    assert h.reconnect is True and h.due is False
    # a day to act on: the hello, and the follow-up after a recent real interaction
    assert [
        contact_health(s, c.id, TODAY).follow_up_pending for c in (imported, fading, recent)
    ] == [
        True,
        False,
        True,
    ]
    # reconnect (priority weight × (1 + years apart)) is for contacts once in touch only
    assert [h.name for h in reconnect_candidates(s, TODAY)] == ["Fading"]
    # a thank-you is due whatever else holds
    log(s, TODAY - timedelta(days=1), "coffee", contacts=(imported.id,))
    assert {h.name for h in due_followups(s, TODAY)} == {"Recent", "Imported"}
