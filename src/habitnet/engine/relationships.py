"""Relationship health: follow-up windows, thank-yous, give/ask balance, reconnect.

* Last interaction: the latest activity with the contact on or before the day (the
  real one, not a planned date). Without any, the contact's ``created`` day stands in.
* Follow-up window: ``ideal = last + cadence`` (or the last activity's explicit
  ``follow_up`` date); ``latest = ideal + max(1, ceil(cadence / 4))``.
  ``days_overdue = max(0, day − ideal)``.
* Thank-you: when the last interaction is a meeting (a kind with ``meeting``), a
  thank-you is due ``thank_you_days`` (2) after it; it stays on the list for 7 days
  past that, then the ordinary follow-up takes over.
* Give/ask: counts of every interaction's direction up to the day. One-sided: among
  the last ``one_sided_window`` (5) interactions at least one ask and no gave/mutual.
* Reconnect: ``reconnect_days`` (180) or more since the last interaction (or since the
  contact was added, if never).
* Due list: contacts with at least one real interaction and ``ideal ≤ day``, or a
  thank-you due. Left out: archived contacts, contacts marked *dormant* (unless a
  thank-you is due), contacts never interacted with (a fresh LinkedIn import of 800
  connections is not 800 follow-ups), and *reconnect* contacts, which have their own
  gentler list (``reconnect_ranking``) that the plan draws on after the due list.
  Urgency: thank-yous first, then ``weight × (1 + min(days_overdue, 60))`` with weight
  3, 2, 1 for priority 1, 2, 3; ties by name.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from habitnet.engine._index import Index, fmt_short, index_for
from habitnet.models import Contact, Direction, Stage, State

THANK_YOU_GRACE = 7
OVERDUE_CAP = 60
PRIORITY_WEIGHT = {1: 3.0, 2: 2.0, 3: 1.0}
THANK_YOU_BOOST = 1000.0


@dataclass(frozen=True)
class ContactHealth:
    contact_id: str
    name: str
    priority: int
    last_interaction: date | None
    ideal_due: date | None
    latest_due: date | None
    days_overdue: int
    thank_you_due: date | None
    gave: int
    asked: int
    mutual: int
    one_sided: bool
    reconnect: bool
    reasons: tuple[str, ...]
    due: bool = False
    urgency: float = 0.0
    thank_you_for: str | None = None

    @property
    def follow_up_pending(self) -> bool:
        """Whether a follow-up day applies at all: after a real interaction, until the
        contact moves to reconnect (or while a thank-you is due). ``ideal_due`` of a
        contact without one is only the "say hello by" day of the reasons."""
        return self.thank_you_due is not None or (
            self.last_interaction is not None and not self.reconnect
        )


def grace_days(cadence: int) -> int:
    return max(1, math.ceil(cadence / 4))


@dataclass(frozen=True)
class _Due:
    """The cheap part of a contact's health (no history walk)."""

    last: int | None
    ideal: int
    latest: int
    thank_you: int | None
    thank_kind: str | None
    meeting_day: int | None


def _due_info(ix: Index, c: Contact, o: int) -> _Due:
    n = ix.contact_count_until(c.id, o)
    cadence = c.cadence_days
    grace = grace_days(cadence)
    if n == 0:
        ideal = c.created.toordinal() + cadence
        return _Due(None, ideal, ideal + grace, None, None, None)
    last_act = ix.contact_acts[c.id][n - 1]
    last = ix.contact_days[c.id][n - 1]
    ideal = last_act.follow_up.toordinal() if last_act.follow_up is not None else last + cadence
    thank = None
    kind = None
    meeting = None
    if ix.is_meeting(last_act):
        due = last + ix.settings.thank_you_days
        if o <= due + THANK_YOU_GRACE:
            thank, meeting = due, last
            k = ix.kind_of(last_act.kind)
            kind = k.name if k is not None else last_act.kind
    return _Due(last, ideal, ideal + grace, thank, kind, meeting)


def urgency(priority: int, days_overdue: int, thank_you: bool) -> float:
    w = PRIORITY_WEIGHT.get(priority, 1.0)
    score = w * (1 + min(days_overdue, OVERDUE_CAP))
    return score + THANK_YOU_BOOST * w if thank_you else score


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 60:
        return f"{days} days ago"
    if days < 730:
        return f"{round(days / 30.44)} months ago"
    return f"{days / 365.25:.1f} years ago"


def contact_health_ix(ix: Index, c: Contact, day: date) -> ContactHealth:
    o = day.toordinal()
    key = ("health", c.id, o)
    hit = ix.contact_memo.get(key)
    if hit is not None:
        return hit
    s = ix.settings
    info = _due_info(ix, c, o)
    n = ix.contact_count_until(c.id, o)
    acts = ix.contact_acts.get(c.id, [])[:n]
    gave = asked = mutual = 0
    for a in acts:
        if a.direction == Direction.GAVE:
            gave += 1
        elif a.direction == Direction.ASKED:
            asked += 1
        else:
            mutual += 1
    recent = acts[-s.one_sided_window :]
    r_ask = sum(1 for a in recent if a.direction == Direction.ASKED)
    one_sided = r_ask > 0 and r_ask == len(recent)
    base = info.last if info.last is not None else c.created.toordinal()
    reconnect = o - base >= s.reconnect_days
    overdue = max(0, o - info.ideal)
    ideal_d = date.fromordinal(info.ideal)
    latest_d = date.fromordinal(info.latest)
    reasons: list[str] = []
    if info.thank_you is not None and info.meeting_day is not None:
        mday = date.fromordinal(info.meeting_day)
        tday = date.fromordinal(info.thank_you)
        when = "today's" if info.meeting_day == o else f"the {fmt_short(mday)}"
        if o <= info.thank_you:
            reasons.append(f"A thank-you for {when} {info.thank_kind} is due by {fmt_short(tday)}.")
        else:
            reasons.append(
                f"A thank-you for the {fmt_short(mday)} {info.thank_kind} was due "
                f"{fmt_short(tday)}; it is not too late."
            )
    if reconnect:
        since = "added" if info.last is None else "last in touch"
        reasons.append(f"{_ago(o - base).capitalize()} since {since}: time to reconnect.")
    elif info.last is None:
        reasons.append(
            f"No interaction yet (added {fmt_short(c.created)}); say hello by {fmt_short(ideal_d)}."
        )
    elif overdue == 0 and info.ideal == o:
        reasons.append(f"Follow-up due today (last in touch {_ago(o - info.last)}).")
    elif overdue > 0:
        tail = (
            f"at the latest by {fmt_short(latest_d)}"
            if o <= info.latest
            else f"the latest day was {fmt_short(latest_d)}"
        )
        reasons.append(f"Follow-up was due {fmt_short(ideal_d)} ({_ago(overdue)}); {tail}.")
    else:
        reasons.append(
            f"Last in touch {_ago(o - info.last)}; next follow-up ideally "
            f"{fmt_short(ideal_d)}, at the latest {fmt_short(latest_d)}."
        )
    if one_sided:
        reasons.append(
            f"The last {len(recent)} interaction{'s were' if len(recent) != 1 else ' was'} "
            "asks: offer something next time."
        )
    if acts:
        reasons.append(f"Gave {gave}, asked {asked}, mutual {mutual}.")
    due = not c.archived and (
        info.thank_you is not None
        or (
            info.last is not None and info.ideal <= o and not reconnect and c.stage != Stage.DORMANT
        )
    )
    h = ContactHealth(
        contact_id=c.id,
        name=c.name,
        priority=c.priority,
        last_interaction=None if info.last is None else date.fromordinal(info.last),
        ideal_due=ideal_d,
        latest_due=latest_d,
        days_overdue=overdue,
        thank_you_due=None if info.thank_you is None else date.fromordinal(info.thank_you),
        gave=gave,
        asked=asked,
        mutual=mutual,
        one_sided=one_sided,
        reconnect=reconnect,
        reasons=tuple(reasons),
        due=due,
        urgency=urgency(c.priority, overdue, info.thank_you is not None) if due else 0.0,
        thank_you_for=info.thank_kind,
    )
    ix.contact_memo[key] = h
    return h


def contact_health(state: State, contact_id: str, day: date) -> ContactHealth:
    """Health of one contact on ``day``. Raises KeyError for an unknown id."""
    ix = index_for(state)
    c = ix.contacts.get(contact_id)
    if c is None:
        raise KeyError(f"no contact with id {contact_id!r}")
    return contact_health_ix(ix, c, day)


def all_contact_health(state: State, day: date) -> dict[str, ContactHealth]:
    """Health of every contact (archived ones too) on ``day``, by id."""
    ix = index_for(state)
    return {cid: contact_health_ix(ix, c, day) for cid, c in ix.contacts.items()}


def _tail(ix: Index, c: Contact) -> tuple[int | None, int, bool]:
    """(last day, ideal follow-up day, last was a meeting) after the latest activity."""
    t = ix.contact_tail.get(c.id)
    if t is None:
        days = ix.contact_days.get(c.id)
        if not days:
            t = (None, c.created.toordinal() + c.cadence_days, False)
        else:
            last_act = ix.contact_acts[c.id][-1]
            fu = last_act.follow_up
            ideal = fu.toordinal() if fu is not None else days[-1] + c.cadence_days
            t = (days[-1], ideal, ix.is_meeting(last_act))
        ix.contact_tail[c.id] = t
    return t


def _last_ideal_thank(ix: Index, c: Contact, o: int) -> tuple[int | None, int, bool]:
    """(last interaction ordinal, ideal follow-up ordinal, thank-you pending) on day ``o``,
    without building the full record."""
    last, ideal, meeting = _tail(ix, c)
    if last is None or last <= o:
        thank = (
            meeting
            and last is not None
            and o <= last + ix.settings.thank_you_days + THANK_YOU_GRACE
        )
        return last, ideal, thank
    # the day is before the contact's latest activity: look back
    days = ix.contact_days[c.id]
    n = bisect_right(days, o)
    if n == 0:
        return None, c.created.toordinal() + c.cadence_days, False
    last_act = ix.contact_acts[c.id][n - 1]
    last = days[n - 1]
    fu = last_act.follow_up
    ideal = fu.toordinal() if fu is not None else last + c.cadence_days
    thank = ix.is_meeting(last_act) and o <= last + ix.settings.thank_you_days + THANK_YOU_GRACE
    return last, ideal, thank


def _follow_up_due(ix: Index, c: Contact, o: int) -> tuple[bool, int, bool]:
    """(on the due list, ideal ordinal, thank-you pending): the rule of ``ContactHealth.due``."""
    last, ideal, thank = _last_ideal_thank(ix, c, o)
    if c.archived:
        return False, ideal, thank
    if thank:
        return True, ideal, thank
    due = (
        last is not None
        and ideal <= o
        and o - last < ix.settings.reconnect_days
        and c.stage != Stage.DORMANT
    )
    return due, ideal, thank


def due_ranking(ix: Index, o: int) -> list[tuple[float, str]]:
    """(urgency, contact id) of every due contact, most urgent first (cheap, memoised)."""
    key = ("due", o)
    hit = ix.contact_memo.get(key)
    if hit is not None:
        return hit
    ranked: list[tuple[float, str, str]] = []
    for c in ix.contacts.values():
        due, ideal, thank = _follow_up_due(ix, c, o)
        if not due:
            continue
        u = urgency(c.priority, max(0, o - ideal), thank)
        ranked.append((u, c.name.lower(), c.id))
    ranked.sort(key=lambda t: (-t[0], t[1], t[2]))
    out = [(u, cid) for u, _, cid in ranked]
    ix.contact_memo[key] = out
    return out


def reconnect_ranking(ix: Index, o: int) -> list[tuple[float, str]]:
    """(score, contact id) of contacts to reconnect with: ``reconnect_days`` or more since
    the last interaction (never-contacted ones count from when they were added), not
    archived or dormant. Score: priority weight × years apart (capped at 5), so an
    important contact from last year comes before a minor one from long ago."""
    key = ("reconnect", o)
    hit = ix.contact_memo.get(key)
    if hit is not None:
        return hit
    ranked: list[tuple[float, str, str]] = []
    limit = ix.settings.reconnect_days
    for c in ix.contacts.values():
        if c.archived or c.stage == Stage.DORMANT:
            continue
        last, _, thank = _last_ideal_thank(ix, c, o)
        base = last if last is not None else c.created.toordinal()
        if thank or o - base < limit:
            continue
        years = min((o - base) / 365.25, 5.0)
        score = PRIORITY_WEIGHT.get(c.priority, 1.0) * (1 + years)
        ranked.append((score, c.name.lower(), c.id))
    ranked.sort(key=lambda t: (-t[0], t[1], t[2]))
    out = [(s, cid) for s, _, cid in ranked]
    ix.contact_memo[key] = out
    return out


def reconnect_candidates(state: State, day: date, limit: int | None = None) -> list[ContactHealth]:
    """Contacts it is time to reconnect with, most worthwhile first."""
    ix = index_for(state)
    ranked = reconnect_ranking(ix, day.toordinal())
    if limit is not None:
        ranked = ranked[:limit]
    return [contact_health_ix(ix, ix.contacts[cid], day) for _, cid in ranked]


def due_followups_ix(ix: Index, day: date, limit: int | None = None) -> list[ContactHealth]:
    ranked = due_ranking(ix, day.toordinal())
    if limit is not None:
        ranked = ranked[:limit]
    return [contact_health_ix(ix, ix.contacts[cid], day) for _, cid in ranked]


def due_followups(state: State, day: date, limit: int | None = None) -> list[ContactHealth]:
    """Due and overdue follow-ups and thank-yous, most urgent first (``limit`` caps it)."""
    return due_followups_ix(index_for(state), day, limit)


def overdue_count(ix: Index, day: date) -> int:
    """Contacts on the due list (see ``_follow_up_due``) past their ideal follow-up day."""
    o = day.toordinal()
    key = ("overdue", o)
    hit = ix.contact_memo.get(key)
    if hit is None:
        hit = ix.contact_memo[key] = sum(
            1 for c in ix.contacts.values() if (due := _follow_up_due(ix, c, o))[0] and due[1] < o
        )
    return int(hit)


def was_due_followup(ix: Index, cid: str, o: int, at_index: int) -> bool:
    """Whether the contact's activity number ``at_index`` answered a due follow-up."""
    c = ix.contacts.get(cid)
    if c is None:
        return False
    if at_index == 0:
        return o >= c.created.toordinal() + c.cadence_days
    prev = ix.contact_acts[cid][at_index - 1]
    prev_o = ix.contact_days[cid][at_index - 1]
    if ix.is_meeting(prev):
        return True
    ideal = prev.follow_up.toordinal() if prev.follow_up is not None else prev_o + c.cadence_days
    return o >= ideal
