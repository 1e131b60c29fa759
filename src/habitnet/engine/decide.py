"""Logging decisions: allowed, refused, or allowed with a typed override reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from habitnet.engine._index import Index, fmt_short, index_for, pts
from habitnet.engine.budget import day_budget_ix
from habitnet.engine.burnout import last_red_before
from habitnet.engine.quota import quota_status_ix
from habitnet.models import Activity, State

ALLOWED = "allowed"
REFUSED = "refused"
OVERRIDE = "override"


@dataclass(frozen=True)
class Decision:
    outcome: str
    reasons: tuple[str, ...]
    overspend: int
    notes: tuple[str, ...] = ()
    override_reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome != REFUSED

    @property
    def refused(self) -> bool:
        return self.outcome == REFUSED

    def text(self) -> str:
        return " ".join(self.reasons + self.notes)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def evaluate_ix(ix: Index, activity: Activity, override_reason: str | None = None) -> Decision:
    s = ix.settings
    day: date = activity.at.date()
    o = day.toordinal()
    kind = ix.kind_of(activity.kind)
    name = kind.name if kind is not None else activity.kind
    counts = ix.counts(activity)
    cost = activity.cost
    b = day_budget_ix(ix, day)
    q = quota_status_ix(ix, day)
    broken: list[str] = []
    if q.rest_day and (counts or cost > 0):
        broken.append(f"{q.rest_reason} Outreach today needs an override.")
    if counts and q.count + 1 > q.cap:
        why = " (reduced for recovery)" if q.recovery else ""
        broken.append(
            f"Today's cap is {q.cap} outreach activities{why} and {q.count} "
            f"{'is' if q.count == 1 else 'are'} logged."
        )
    if cost > b.remaining:
        broken.append(
            f"This {name} costs {pts(cost)}; "
            f"{b.remaining} of today's {b.budget} {'is' if b.remaining == 1 else 'are'} left."
        )
    if cost > b.week_remaining:
        broken.append(
            f"This {name} costs {pts(cost)}; "
            f"{b.week_remaining} of this week's {b.week_budget} "
            f"{'is' if b.week_remaining == 1 else 'are'} left."
        )
    if cost >= s.high_cost_threshold:
        if q.recovery:
            last = last_red_before(ix, o)
            until = (
                date.fromordinal(last) + timedelta(days=s.recovery_days)
                if last is not None
                else day
            )
            broken.append(
                f"Recovery mode until {fmt_short(until)}: high-cost activities "
                f"(cost ≥ {s.high_cost_threshold}) are paused."
            )
        elif q.high_cost_week + 1 > s.high_cost_per_week:
            broken.append(
                f"This {name} would be the {_ordinal(q.high_cost_week + 1)} high-cost activity "
                f"(cost ≥ {s.high_cost_threshold}) this week; the limit is "
                f"{s.high_cost_per_week}."
            )
    overspend = max(0, cost - b.remaining, cost - b.week_remaining)
    reason = (override_reason or "").strip()
    if not broken:
        fits = [
            f"This {name} costs {pts(cost)}; "
            f"{b.remaining - cost} of today's {b.budget} will be left."
        ]
        if counts and not q.rest_day:
            n = q.count + 1
            if n <= q.target:
                fits.append(f"It makes {n} of today's target of {q.target}.")
            else:
                fits.append(f"It makes {n} today (target {q.target}, cap {q.cap}).")
        return Decision(ALLOWED, tuple(fits), 0)
    if reason:
        notes = [f"Overridden: “{reason}”."]
        if overspend:
            notes.append(
                f"{pts(overspend)} over budget {'becomes' if overspend == 1 else 'become'} debt, "
                "repaid from the next days' budgets."
            )
        return Decision(OVERRIDE, tuple(broken), overspend, tuple(notes), reason)
    return Decision(
        REFUSED,
        tuple(broken),
        overspend,
        ("To log it anyway, type a reason for the override.",),
    )


def evaluate_activity(
    state: State, activity: Activity, override_reason: str | None = None
) -> Decision:
    """Decide whether ``activity`` (not yet in ``state``) may be logged.

    Every broken limit is a reason with its numbers. A non-empty (after stripping)
    ``override_reason`` turns a refusal into ``"override"``; a blank one never does.
    """
    return evaluate_ix(index_for(state), activity, override_reason)
