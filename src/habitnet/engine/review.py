"""Weekly summary for any week (labelled like ISO weeks; the week starts on
``settings.week_start``, and carries the label of the ISO week holding its fourth day).

* ``days``: per day the outreach count vs target, energy spent vs budget, rest day, done.
* ``energy_budget`` is the weekly budget; ``rest_days`` counts days with nothing logged.
* ``followups_done``: contacts reached this week whose follow-up (or thank-you) was due
  by the day they were reached, each counted once.
* ``followups_overdue``: contacts past their ideal follow-up day at the week's end.
* ``risk_trend``: the risk score at the end of each day.
* ``consistency``: the score at the end of the week's last day.
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
        return sum(1 for d in self.days if d.done and not d.rest_day)

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


def weekly_summary_ix(ix: Index, week: str) -> WeeklySummary:
    s = ix.settings
    start, end = week_range(week, s.week_start)
    o0 = start.toordinal()
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
            )
        )
        risk.append((d, risk_score(ix, o)[0]))
        for a in ix.activities_on(o):
            if a.override_reason and a.override_reason.strip():
                overrides.append((d, a.kind, a.override_reason.strip()))
            if a.direction == Direction.GAVE:
                gave += 1
            elif a.direction == Direction.ASKED:
                asked += 1
            else:
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
    new_contacts = sum(1 for c in ix.contacts.values() if start <= c.created <= end)
    burst = burst_at(ix, o0)
    return WeeklySummary(
        week=week,
        start=start,
        end=end,
        days=tuple(days),
        total_count=sum(d.count for d in days),
        total_target=sum(d.target for d in days),
        energy_spent=week_spent_total(ix, o0),
        energy_budget=s.weekly_budget,
        rest_days=sum(1 for d in days if not ix.is_active(d.day.toordinal())),
        overrides=tuple(overrides),
        risk_trend=tuple(risk),
        consistency=score_at(ix, o0 + 6),
        followups_done=len(followed),
        followups_overdue=overdue_count(ix, end),
        new_contacts=new_contacts,
        gave=gave,
        asked=asked,
        mutual=mutual,
        journal_excerpts=tuple(excerpts),
        bursts=() if burst is None else (burst,),
    )


def weekly_summary(state: State, week: str) -> WeeklySummary:
    """The summary of ``week`` (like ``2026-W47``). Raises ValueError for a bad label."""
    return weekly_summary_ix(index_for(state), week)


def week_days(week: str, week_start: int = 0) -> list[date]:
    start, _ = week_range(week, week_start)
    return [start + timedelta(days=i) for i in range(7)]
