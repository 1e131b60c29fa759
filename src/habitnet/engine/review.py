"""Weekly summary for any week (labelled like ISO weeks; the week starts on
``settings.week_start``, and carries the label of the ISO week holding its fourth day).

* ``days``: per day the outreach count vs target, energy spent vs budget, rest day, done,
  and whether it counts (from day one on, up to today when given).
* ``energy_budget`` is the weekly budget; ``rest_days`` counts days with nothing logged
  among the days that count; ``total_target`` is the target of those days.
* ``followups_done``: contacts reached this week whose follow-up (or thank-you) was due
  by the day they were reached, each counted once.
* ``followups_overdue``: contacts past their ideal follow-up day at the week's end.
* ``risk_trend``: the risk score at the end of each day.
* ``consistency``: the score at the end of the week's last day (of today, given
  ``today`` in the week: the days to come are not missed yet).
* ``new_contacts``: contacts added by hand this week, and imported contacts first
  reached this week (an import is not outreach).
* ``gave`` / ``asked`` / ``mutual``: the directions of the week's activities with
  someone (an activity with nobody has no direction).
* ``journal_excerpts``: the first 160 characters of each entry (at most 7), by day.
* ``bursts``: this week, if it is a burst.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from habitnet.engine._index import Index, index_for, week_range
from habitnet.engine.budget import budget_points, week_spent_total
from habitnet.engine.burnout import risk_score
from habitnet.engine.consistency import Burst, burst_at, score_at
from habitnet.engine.quota import effective_targets
from habitnet.engine.relationships import overdue_count, was_due_followup
from habitnet.models import Direction, State

EXCERPT_CHARS = 160
EXCERPTS_MAX = 7


@dataclass(frozen=True)
class DaySummary:
    day: date
    count: int
    target: int
    spent: int
    budget: int
    rest_day: bool
    done: bool
    #: counted in the week's figures: on or after day one and not after today
    counted: bool = True


@dataclass(frozen=True)
class WeeklySummary:
    week: str
    start: date
    end: date
    days: tuple[DaySummary, ...]
    total_count: int
    total_target: int
    energy_spent: int
    energy_budget: int
    rest_days: int
    overrides: tuple[tuple[date, str, str], ...]
    risk_trend: tuple[tuple[date, int], ...]
    consistency: float
    followups_done: int
    followups_overdue: int
    new_contacts: int
    gave: int
    asked: int
    mutual: int
    journal_excerpts: tuple[tuple[date, str], ...]
    bursts: tuple[Burst, ...]

    @property
    def days_done(self) -> int:
        return sum(1 for d in self.days if d.counted and d.done and not d.rest_day)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe (dates as ISO strings, tuples as lists)."""

        def conv(v: Any) -> Any:
            if isinstance(v, date):
                return v.isoformat()
            if isinstance(v, dict):
                return {k: conv(x) for k, x in v.items()}
            if isinstance(v, list | tuple):
                return [conv(x) for x in v]
            return v

        out: dict[str, Any] = conv(asdict(self))
        return out


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= EXCERPT_CHARS:
        return flat
    return flat[: EXCERPT_CHARS - 1].rstrip() + "…"


def weekly_summary_ix(ix: Index, week: str, today: date | None = None) -> WeeklySummary:
    s = ix.settings
    start, end = week_range(week, s.week_start)
    o0 = start.toordinal()
    last = o0 + 6 if today is None else min(o0 + 6, today.toordinal())
    days: list[DaySummary] = []
    overrides: list[tuple[date, str, str]] = []
    risk: list[tuple[date, int]] = []
    gave = asked = mutual = 0
    reached: set[str] = set()
    followed: set[str] = set()
    for o in range(o0, o0 + 7):
        d = date.fromordinal(o)
        target, _cap, rest, _reason, _rec = effective_targets(ix, o)
        count = ix.count.get(o, 0)
        days.append(
            DaySummary(
                day=d,
                count=count,
                target=target,
                spent=ix.spent.get(o, 0),
                budget=budget_points(ix, o),
                rest_day=rest,
                done=count >= target,
                counted=ix.counted(o) and o <= last,
            )
        )
        risk.append((d, risk_score(ix, o)[0]))
        for a in ix.activities_on(o):
            if a.override_reason and a.override_reason.strip():
                overrides.append((d, a.kind, a.override_reason.strip()))
            direction = a.counted_direction
            if direction == Direction.GAVE:
                gave += 1
            elif direction == Direction.ASKED:
                asked += 1
            elif direction == Direction.MUTUAL:
                mutual += 1
            for cid in dict.fromkeys(a.contact_ids):
                if cid in followed:
                    continue
                acts = ix.contact_acts.get(cid, [])
                # position of this activity in the contact's history
                for i in range(len(acts)):
                    if acts[i] is a:
                        if was_due_followup(ix, cid, o, i):
                            followed.add(cid)
                        break
                reached.add(cid)
    excerpts: list[tuple[date, str]] = []
    for o in range(o0, o0 + 7):
        for j in ix.journal_by_day.get(o, []):
            text = j.text or j.value_offered or j.learned or j.was_mutual or j.follow_up_plan
            if text.strip() and len(excerpts) < EXCERPTS_MAX:
                excerpts.append((date.fromordinal(o), _excerpt(text)))
    burst = burst_at(ix, o0)
    return WeeklySummary(
        week=week,
        start=start,
        end=end,
        days=tuple(days),
        total_count=sum(d.count for d in days),
        total_target=sum(d.target for d in days if d.counted),
        energy_spent=week_spent_total(ix, o0),
        energy_budget=s.weekly_budget,
        rest_days=sum(1 for d in days if d.counted and not ix.is_active(d.day.toordinal())),
        overrides=tuple(overrides),
        risk_trend=tuple(risk),
        consistency=score_at(ix, last),  # (days still to come are not missed yet)
        followups_done=len(followed),
        followups_overdue=overdue_count(ix, end),
        new_contacts=count_new_contacts(ix, o0, o0 + 6),
        gave=gave,
        asked=asked,
        mutual=mutual,
        journal_excerpts=tuple(excerpts),
        bursts=() if burst is None else (burst,),
    )


def count_new_contacts(ix: Index, first: int, last: int) -> int:
    """New people between ordinals ``first`` and ``last``: contacts added by hand then,
    and imported contacts first reached then. An import is not outreach: an imported
    contact counts once, in the week the user first gets in touch. So every contact
    counts in at most one week."""
    key = ("new_contacts", first, last)
    hit = ix.contact_memo.get(key)
    if hit is None:
        n = 0
        for c in ix.contacts.values():
            if not c.imported:
                o = c.created.toordinal()
            else:
                reached = ix.contact_days.get(c.id)
                if not reached:
                    continue
                o = reached[0]
            if first <= o <= last:
                n += 1
        hit = ix.contact_memo[key] = n
    return int(hit)


def weekly_summary(state: State, week: str, today: date | None = None) -> WeeklySummary:
    """The summary of ``week`` (like ``2026-W47``). Raises ValueError for a bad label.

    Days before day one (see :mod:`habitnet.engine.days`) and, given ``today``, days
    after it are shown but not counted: not in the target, the rest days or days done.
    """
    return weekly_summary_ix(index_for(state), week, today)


def week_days(week: str, week_start: int = 0) -> list[date]:
    start, _ = week_range(week, week_start)
    return [start + timedelta(days=i) for i in range(7)]
