"""Energy budget: the day's points after the morning check-in and debt; the week's points.

Rules (see docs/COACHING.md § Energy budget):

* ``scaled = round(base × scale)`` where ``scale = settings.energy_scale[energy]`` of the
  day's morning check-in (1.0 without one); halves round up.
* ``budget = max(0, scaled − debt_in)``; ``remaining = max(0, budget − spent)``.
* A day's overspend is ``max(spent − budget, growth of the week's excess that day)``
  where the week's excess is ``max(0, week spent so far − weekly budget)``.
* Carry/repay: ``debt_out = max(0, debt_in − scaled) + overspend``; the budget cut *is*
  the repayment, so a day repays up to its scaled budget whether or not it is used.
* Bounded look-back: ``debt_in(d)`` starts at 0 on ``d − 14`` and applies the rule for
  the 14 days before ``d``. Overspend older than 14 days is written off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from habitnet.engine._index import Index, index_for, pts, week_start_of
from habitnet.models import State

#: Days of history the debt is computed from (older overspend is written off).
DEBT_WINDOW = 14


@dataclass(frozen=True)
class DayBudget:
    day: date
    base: int
    scale: float
    checkin_energy: int | None
    debt_in: int
    budget: int
    spent: int
    remaining: int
    overspent: int
    week_budget: int
    week_spent: int
    week_remaining: int
    explanation: tuple[str, ...]
    scaled: int = 0
    debt_out: int = 0
    week_start: date | None = None
    #: on or after day one (see engine.days); the 14-day chart leaves earlier days blank
    counted: bool = True

    @property
    def available(self) -> int:
        """Points that can still be spent without an override (daily and weekly)."""
        return min(self.remaining, self.week_remaining)


def scale_of(ix: Index, o: int) -> tuple[float, int | None]:
    ch = ix.morning.get(o)
    if ch is None:
        return 1.0, None
    return float(ix.settings.energy_scale.get(ch.energy, 1.0)), ch.energy


def scaled_points(ix: Index, o: int) -> int:
    memo = ix.memo("scaled")
    v = memo.get(o)
    if v is None:
        scale, _ = scale_of(ix, o)
        v = memo[o] = int(ix.settings.daily_budget * scale + 0.5 + 1e-9)
    return v


def week_first(ix: Index, o: int) -> int:
    return o - (date.fromordinal(o).weekday() - ix.settings.week_start) % 7


def week_spent_through(ix: Index, o: int) -> int:
    """Points spent from the week's first day up to and including ordinal ``o``."""
    memo = ix.memo("week_through")
    v = memo.get(o)
    if v is None:
        first = week_first(ix, o)
        spent = ix.spent
        v = memo[o] = sum(spent.get(x, 0) for x in range(first, o + 1))
    return v


def week_spent_total(ix: Index, o: int) -> int:
    """Points spent in the whole week holding ordinal ``o``."""
    return week_spent_through(ix, week_first(ix, o) + 6)


def _week_excess_growth(ix: Index, o: int) -> int:
    wb = ix.settings.weekly_budget
    now = max(0, week_spent_through(ix, o) - wb)
    if week_first(ix, o) == o:
        return now
    return now - max(0, week_spent_through(ix, o - 1) - wb)


def _overspend(ix: Index, o: int, debt: int, scaled: int) -> int:
    budget = max(0, scaled - debt)
    daily = max(0, ix.spent.get(o, 0) - budget)
    return max(daily, _week_excess_growth(ix, o))


def debt_in(ix: Index, o: int) -> int:
    """Debt carried into the day with ordinal ``o`` (see the module docstring)."""
    memo = ix.memo("debt")
    v = memo.get(o)
    if v is not None:
        return v
    spent = ix.spent
    d = 0
    for x in range(o - DEBT_WINDOW, o):
        sc = scaled_points(ix, x)
        if d == 0 and not spent.get(x, 0):
            continue
        over = _overspend(ix, x, d, sc)
        d = max(0, d - sc) + over
    memo[o] = d
    return d


def budget_points(ix: Index, o: int) -> int:
    return max(0, scaled_points(ix, o) - debt_in(ix, o))


def debt_out(ix: Index, o: int) -> int:
    sc = scaled_points(ix, o)
    d = debt_in(ix, o)
    return max(0, d - sc) + _overspend(ix, o, d, sc)


def devices_spent(ix: Index, o: int) -> list[tuple[str, int]]:
    """Points spent on day ``o`` per device that logged them (synced data records the
    device: docs/SYNC.md), most first; empty when no activity names one."""
    spent: dict[str, int] = {}
    for a in ix.day_list(o):
        if a.device:
            spent[a.device] = spent.get(a.device, 0) + a.cost
    return sorted(spent.items(), key=lambda t: (-t[1], t[0]))


def _pct(scale: float) -> str:
    return f"{round(scale * 100)} %"


def day_budget_ix(ix: Index, day: date) -> DayBudget:
    o = day.toordinal()
    s = ix.settings
    scale, energy = scale_of(ix, o)
    sc = scaled_points(ix, o)
    debt = debt_in(ix, o)
    budget = max(0, sc - debt)
    spent = ix.spent.get(o, 0)
    remaining = max(0, budget - spent)
    overspent = max(0, spent - budget)
    wb = s.weekly_budget
    ws = week_spent_total(ix, o)
    week_remaining = max(0, wb - ws)
    lines: list[str] = []
    if energy is None:
        lines.append(f"Base {s.daily_budget} points (no morning check-in: 100 %).")
    else:
        lines.append(
            f"Base {s.daily_budget} × {_pct(scale)} (energy {energy} check-in) = {sc} points."
        )
    if debt:
        lines.append(f"Minus {pts(debt)} of debt from earlier overspending = {budget} today.")
    if overspent:
        lines.append(
            f"Spent {spent} of {budget}: {overspent} over, repaid from the next days' budgets."
        )
        by_device = devices_spent(ix, o)
        if len(by_device) > 1:
            lines.append(
                f"Logged on {len(by_device)} devices: "
                + ", ".join(f"{name} {pts(n)}" for name, n in by_device)
                + "."
            )
    else:
        lines.append(f"Spent {spent} of {budget}; {remaining} left today.")
    lines.append(f"This week: {ws} of {wb} spent; {week_remaining} left.")
    out = debt_out(ix, o)
    if out:
        lines.append(f"Debt carried into tomorrow: {pts(out)}.")
    return DayBudget(
        day=day,
        base=s.daily_budget,
        scale=scale,
        checkin_energy=energy,
        debt_in=debt,
        budget=budget,
        spent=spent,
        remaining=remaining,
        overspent=overspent,
        week_budget=wb,
        week_spent=ws,
        week_remaining=week_remaining,
        explanation=tuple(lines),
        scaled=sc,
        debt_out=out,
        week_start=week_start_of(day, s.week_start),
        counted=ix.counted(o),
    )


def day_budget(state: State, day: date) -> DayBudget:
    """The energy budget of ``day``: base, check-in scale, debt, spend, the week's budget."""
    return day_budget_ix(index_for(state), day)


def budget_history(state: State, end: date, days: int = 14) -> list[DayBudget]:
    """``days`` consecutive day budgets ending with ``end`` (oldest first), for charts."""
    ix = index_for(state)
    return [day_budget_ix(ix, end - timedelta(days=i)) for i in range(days - 1, -1, -1)]
