"""Relationship health: follow-up windows, thank-yous, give/ask balance, reconnect.

* Last interaction: the latest activity with the contact on or before the day (the
  real one, not a planned date).
* Never in touch (no interaction yet): one rule, :func:`intro_days`. Such contacts are
  brought in gradually, ``intro_per_day`` (2) a day, by priority, then the day they were
  added, then the order they were added in, so a big import is never due at once. Each
  gets a "say hello" day; today's are on the due list. Archived and dormant contacts
  are not brought in.
* Follow-up window: ``ideal = last + cadence`` (or the last activity's explicit
  ``follow_up`` date); ``latest = ideal + max(1, ceil(cadence / 4))``.
  ``days_overdue = max(0, day − ideal)``.
* Thank-you: when the last interaction is a meeting (a kind with ``meeting``), a
  thank-you is due ``thank_you_days`` (2) after it; it stays on the list for 7 days
  past that, then the ordinary follow-up takes over.
* Give/ask: counts of every interaction's direction up to the day. One-sided: among
  the last ``one_sided_window`` (5) interactions at least one ask and no gave/mutual.
* Reconnect: ``reconnect_days`` (180) or more since the last interaction.
* Due list: contacts with at least one real interaction and ``ideal ≤ day``, or a
  thank-you due, and the never-contacted ones whose hello day it is. Left out:
  archived contacts, contacts marked *dormant* (unless a thank-you is due), and
  *reconnect* contacts, which have their own gentler list (``reconnect_ranking``) that
  the plan draws on after the due list. Urgency: thank-yous first, then
  ``weight × (1 + min(days_overdue, 60))`` with weight 3, 2, 1 for priority 1, 2, 3 (a
  hello is never overdue); ties by name.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from habitnet.engine._index import Index, fmt_short, index_for
from habitnet.models import Activity, Contact, Direction, Stage, State

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
    #: what comes next: ``thank-you``, ``follow-up`` (on ``ideal_due``), ``hello`` (a
    #: contact never in touch, on ``ideal_due``), ``reconnect``, or ``""`` (nothing
    #: scheduled: archived, dormant, or never in touch and not brought in)
    next_step: str = ""

    @property
    def follow_up_pending(self) -> bool:
        """Whether ``ideal_due`` is a day to act on: a thank-you or follow-up after a
        real interaction (until the contact moves to reconnect), or the hello day of a
        contact never in touch."""
        return self.next_step in ("thank-you", "follow-up", "hello")


def grace_days(cadence: int) -> int:
    return max(1, math.ceil(cadence / 4))


@dataclass(frozen=True)
class _Due:
    """The cheap part of a contact's health (no history walk)."""

    last: int
    ideal: int
    latest: int
    thank_you: int | None
    thank_kind: str | None
    meeting_day: int | None


def _due_info(ix: Index, c: Contact, o: int) -> _Due:
    """For a contact with at least one interaction up to ordinal ``o``."""
    n = ix.contact_count_until(c.id, o)
    cadence = c.cadence_days
    grace = grace_days(cadence)
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


def _never_in_touch(ix: Index, c: Contact, o: int) -> ContactHealth:
    """The health of a contact with no interaction up to ordinal ``o``: its hello day."""
    n = ix.settings.intro_per_day
    hello = intro_days(ix, o).get(c.id)
    added = f"Not in touch yet (added {fmt_short(c.created)})"
    reasons: tuple[str, ...]
    if hello is not None:
        when = "today" if hello == o else f"on {fmt_short(date.fromordinal(hello))}"
        reasons = (
            f"{added}: say hello {when}.",
            f"New contacts are brought in {n} a day, by priority, so none is forgotten "
            "and a big import never arrives at once.",
        )
    elif c.archived:
        reasons = (f"{added}; archived.",)
    elif c.stage == Stage.DORMANT:
        reasons = (f"{added}; marked dormant, so not suggested.",)
    elif n == 0:
        reasons = (f"{added}; bringing in new contacts is off (0 a day in Settings).",)
    else:  # added after the day asked about
        reasons = (f"{added}.",)
    due = hello == o
    return ContactHealth(
        contact_id=c.id,
        name=c.name,
        priority=c.priority,
        last_interaction=None,
        ideal_due=None if hello is None else date.fromordinal(hello),
        latest_due=None,
        days_overdue=0,
        thank_you_due=None,
        gave=0,
        asked=0,
        mutual=0,
        one_sided=False,
        reconnect=False,
        reasons=reasons,
        due=due,
        urgency=urgency(c.priority, 0, False) if due else 0.0,
        next_step="" if hello is None else "hello",
    )


def contact_health_ix(ix: Index, c: Contact, day: date) -> ContactHealth:
    o = day.toordinal()
    key = ("health", c.id, o)
    hit = ix.contact_memo.get(key)
    if hit is not None:
        return hit
    if not ix.contact_count_until(c.id, o):
        h = ix.contact_memo[key] = _never_in_touch(ix, c, o)
        return h
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
        elif a.direction == Direction.MUTUAL:
            mutual += 1
    recent = acts[-s.one_sided_window :]
    r_ask = sum(1 for a in recent if a.direction == Direction.ASKED)
    r_give = sum(1 for a in recent if a.direction in (Direction.GAVE, Direction.MUTUAL))
    one_sided = r_ask > 0 and r_give == 0
    base = info.last
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
        reasons.append(f"{_ago(o - base).capitalize()} since last in touch: time to reconnect.")
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
        or (info.ideal <= o and not reconnect and c.stage != Stage.DORMANT)
    )
    if info.thank_you is not None:
        step = "thank-you"
    elif reconnect:
        step = "reconnect"
    else:
        step = "follow-up"
    h = ContactHealth(
        contact_id=c.id,
        name=c.name,
        priority=c.priority,
        last_interaction=date.fromordinal(info.last),
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
        next_step=step,
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
    for cid in hellos_due(ix, o):
        c = ix.contacts[cid]
        ranked.append((urgency(c.priority, 0, False), c.name.lower(), c.id))
    ranked.sort(key=lambda t: (-t[0], t[1], t[2]))
    out = [(u, cid) for u, _, cid in ranked]
    ix.contact_memo[key] = out
    return out


def reconnect_ranking(ix: Index, o: int) -> list[tuple[float, str]]:
    """(score, contact id) of contacts to reconnect with: ``reconnect_days`` or more since
    the last interaction, not archived or dormant (never-contacted ones are brought in
    by :func:`intro_days` instead). Score: priority weight × years apart (capped at 5),
    so an important contact from last year comes before a minor one from long ago."""
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
        if last is None or thank or o - last < limit:
            continue
        years = min((o - last) / 365.25, 5.0)
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
    """Whether the contact's activity number ``at_index`` answered a due follow-up (for
    the first one: a hello on or after the contact's hello day)."""
    c = ix.contacts.get(cid)
    if c is None:
        return False
    if at_index == 0:
        hello = intro_days(ix, o).get(cid)
        return hello is not None and hello <= o
    prev = ix.contact_acts[cid][at_index - 1]
    prev_o = ix.contact_days[cid][at_index - 1]
    if ix.is_meeting(prev):
        return True
    ideal = prev.follow_up.toordinal() if prev.follow_up is not None else prev_o + c.cadence_days
    return o >= ideal


# -- contacts never in touch: brought in gradually ---------------------------------------


def intro_order(ix: Index, o: int) -> list[str]:
    """Contacts not in touch before ordinal ``o``, in the order they are brought in.

    Only contacts added by day ``o``, neither archived nor dormant. Order: priority,
    then the day added, then the order of the contact list (an import's file order). A
    contact first reached on day ``o`` keeps its place that day, so greeting today's
    contacts does not pull tomorrow's forward.
    """
    key = ("intro", o)
    hit = ix.contact_memo.get(key)
    if hit is not None:
        return hit
    pool: list[tuple[int, int, int, str]] = []
    count_until = ix.contact_count_until
    for i, c in enumerate(ix.contacts.values()):
        if c.archived or c.stage == Stage.DORMANT:
            continue
        added = c.created.toordinal()
        if added > o or count_until(c.id, o - 1):
            continue
        pool.append((c.priority, added, i, c.id))
    pool.sort()
    out = [cid for *_, cid in pool]
    ix.contact_memo[key] = out
    return out


def intro_days(ix: Index, o: int) -> dict[str, int]:
    """The hello day (ordinal) of every contact never in touch, as planned on day ``o``,
    today's first. Walking :func:`intro_order`, day ``o`` takes the first
    ``intro_per_day`` contacts added before it (one added that day is met or imported
    that day, and greeted from the next); everyone else follows, ``intro_per_day`` a
    day, in order. Empty with 0 a day."""
    key = ("intro_days", o)
    hit = ix.contact_memo.get(key)
    if hit is None:
        per_day = ix.settings.intro_per_day
        hit = {}
        later: list[str] = []
        if per_day > 0:
            contacts = ix.contacts
            for cid in intro_order(ix, o):
                if len(hit) < per_day and contacts[cid].created.toordinal() < o:
                    hit[cid] = o
                else:
                    later.append(cid)
        hit.update((cid, o + 1 + k // per_day) for k, cid in enumerate(later))
        ix.contact_memo[key] = hit
    return hit


def hellos_due(ix: Index, o: int) -> list[str]:
    """Contacts whose hello day is ``o`` and who are still not in touch that day."""
    due: list[str] = []
    for cid, day in intro_days(ix, o).items():
        if day != o:
            break
        if not ix.contact_count_until(cid, o):
            due.append(cid)
    return due


def hello_schedule(state: State, day: date) -> dict[str, date]:
    """Every never-contacted contact's "say hello" day as planned on ``day`` (at most
    ``intro_per_day`` a day), in the order they are brought in."""
    ix = index_for(state)
    return {cid: date.fromordinal(x) for cid, x in intro_days(ix, day.toordinal()).items()}


@dataclass(frozen=True, slots=True)
class ContactDates:
    """The two days a contact list sorts by, from the cheap path (no reasons): the
    last interaction and the day the next step is due (None when nothing is
    scheduled). The same values as :class:`ContactHealth`'s ``last_interaction``,
    ``ideal_due`` (when ``follow_up_pending``) and ``next_step``."""

    last: date | None
    due: date | None
    step: str


def contact_dates_ix(ix: Index, o: int) -> dict[str, ContactDates]:
    key = ("dates", o)
    hit = ix.contact_memo.get(key)
    if hit is not None:
        return hit
    hellos = intro_days(ix, o)
    limit = ix.settings.reconnect_days
    fromordinal = date.fromordinal
    out: dict[str, ContactDates] = {}
    for cid, c in ix.contacts.items():
        last, ideal, thank = _last_ideal_thank(ix, c, o)
        if last is None:
            hello = hellos.get(cid)
            out[cid] = (
                ContactDates(None, fromordinal(hello), "hello")
                if hello is not None
                else ContactDates(None, None, "")
            )
        elif thank:
            out[cid] = ContactDates(fromordinal(last), fromordinal(ideal), "thank-you")
        elif o - last >= limit:
            out[cid] = ContactDates(fromordinal(last), None, "reconnect")
        else:
            out[cid] = ContactDates(fromordinal(last), fromordinal(ideal), "follow-up")
    ix.contact_memo[key] = out
    return out


def contact_history(state: State) -> dict[str, list[Activity]]:
    """Every contact's activities, oldest first, by contact id (the engine's own index,
    built once per state: the People screen's history pane reads it)."""
    return index_for(state).contact_acts


def contact_dates(state: State, day: date) -> dict[str, ContactDates]:
    """Every contact's last interaction and next due day on ``day``, by id: cheap (for
    sorting and drawing thousands of rows); :func:`contact_health` gives the reasons."""
    return contact_dates_ix(index_for(state), day.toordinal())


def health_getter(state: State, day: date) -> Callable[[Contact], ContactHealth]:
    """``contact -> ContactHealth`` on ``day`` for one version of ``state``: the index is
    looked up once, so drawing rows one by one stays cheap. Get a new one after a change."""
    ix = index_for(state)
    return lambda c: contact_health_ix(ix, c, day)
