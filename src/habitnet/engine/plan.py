"""Today's plan and the Today overview.

The plan walks the due list (thank-yous first, then ``weight × (1 + days overdue)``,
see relationships), then the reconnect list, and picks a cheap outreach for each
contact: a *message* for a thank-you, a hello or a reconnect, a *follow-up* otherwise (the
cheapest quota-counting kind when those names are missing). It stops when the picks
reach the remaining target (``target − count``) or the next pick would not fit the
energy still available today and this week. Rest days have no plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from habitnet.engine._index import Index, index_for, pts
from habitnet.engine.budget import DayBudget, day_budget_ix
from habitnet.engine.burnout import Risk, burnout_risk_ix
from habitnet.engine.consistency import consistency_ix
from habitnet.engine.quota import QuotaStatus, quota_status_ix
from habitnet.engine.relationships import (
    ContactHealth,
    contact_health_ix,
    due_ranking,
    reconnect_ranking,
)
from habitnet.models import Activity, ActivityKind, State

#: How many due contacts the Today overview carries.
OVERVIEW_DUE = 20


@dataclass(frozen=True)
class PlanItem:
    contact_id: str
    name: str
    kind: str
    cost: int
    score: float
    why: str


@dataclass(frozen=True)
class Overview:
    day: date
    budget: DayBudget
    quota: QuotaStatus
    risk: Risk
    plan: tuple[PlanItem, ...]
    consistency: float
    activities: tuple[Activity, ...]
    due: tuple[ContactHealth, ...]
    due_count: int = 0


def _cheapest(ix: Index) -> ActivityKind | None:
    counting = [k for k in ix.settings.activity_kinds if k.counts_toward_quota]
    return min(counting, key=lambda k: k.cost) if counting else None


def _kind_for(ix: Index, h: ContactHealth) -> ActivityKind | None:
    wanted = "follow-up" if h.next_step == "follow-up" else "message"
    k = ix.kind_of(wanted)
    if k is None or not k.counts_toward_quota:
        k = _cheapest(ix)
    return k


def _why(h: ContactHealth, kind: ActivityKind) -> str:
    lead = h.reasons[0] if h.reasons else "Due for a follow-up."
    prio = {1: "high", 2: "medium", 3: "low"}.get(h.priority, str(h.priority))
    return f"{lead} Priority {prio}; a {kind.name} costs {pts(kind.cost)}."


def plan_ix(ix: Index, day: date) -> list[PlanItem]:
    q = quota_status_ix(ix, day)
    if q.rest_day:
        return []
    b = day_budget_ix(ix, day)
    slots = max(0, min(q.target, q.cap) - q.count)
    energy = min(b.remaining, b.week_remaining)
    items: list[PlanItem] = []
    if slots == 0:
        return items
    o = day.toordinal()
    for score, cid in [*due_ranking(ix, o), *reconnect_ranking(ix, o)]:
        if len(items) >= slots:
            break
        h = contact_health_ix(ix, ix.contacts[cid], day)
        kind = _kind_for(ix, h)
        if kind is None:
            break
        if kind.cost > energy:
            cheap = _cheapest(ix)
            if cheap is None or cheap.cost > energy:
                break
            kind = cheap
        if q.recovery and kind.cost >= ix.settings.high_cost_threshold:
            continue
        energy -= kind.cost
        items.append(PlanItem(cid, h.name, kind.name, kind.cost, score, _why(h, kind)))
    return items


def todays_plan(state: State, day: date) -> list[PlanItem]:
    """Suggested outreach for ``day`` that fits the remaining target and energy."""
    return plan_ix(index_for(state), day)


def today_overview(state: State, day: date) -> Overview:
    """Everything the Today screen shows, from one index."""
    ix = index_for(state)
    ranked = due_ranking(ix, day.toordinal())
    return Overview(
        day=day,
        budget=day_budget_ix(ix, day),
        quota=quota_status_ix(ix, day),
        risk=burnout_risk_ix(ix, day),
        plan=tuple(plan_ix(ix, day)),
        consistency=consistency_ix(ix, day),
        activities=tuple(ix.activities_on(day.toordinal())),
        due=tuple(contact_health_ix(ix, ix.contacts[cid], day) for _, cid in ranked[:OVERVIEW_DUE]),
        due_count=len(ranked),
    )
