"""Burnout guard: a 0–100 risk from the last 14 days, its factors, and recovery mode.

Factors (points, maximum), all over the 14 days ending with the day (from day one on,
see :mod:`habitnet.engine.days`: a new user's first days are not averaged with empty
days before they started):

* Energy (30): ``30 × clamp((spent / budget − 0.6) / 0.5)``: nothing up to 60 % of the
  budgets used, full at 110 %.
* Overrides (20): ``20 × min(1, overrides / 4)``.
* Rest (15): ``15 × clamp((expected − rest) / expected)`` where rest counts days without
  any activity and ``expected = max(2 × rest weekdays, 14 // (max streak + 1), 1)``,
  scaled by the share of the 14 days since day one (rounded down: a first week expects
  none, so no points).
* Debt (20): ``20 × min(1, debt carried out of the day / base budget)``.
* Low energy (15): ``15 × min(1, days with a check-in at energy ≤ 2 / 4)``.

Score = the sum rounded half up. Green below ``risk_amber`` (40), amber below
``risk_red`` (70), red from there. A red day starts recovery mode on the next day for
``recovery_days`` (3) days; every further red day restarts the count, so the user
leaves recovery mode after ``recovery_days`` days in a row that follow a non-red day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from habitnet.engine._index import Index, fmt_short, index_for, pts
from habitnet.engine.budget import budget_points, debt_out
from habitnet.models import State

RISK_WINDOW = 14
W_ENERGY = 30.0
W_OVERRIDES = 20.0
W_REST = 15.0
W_DEBT = 20.0
W_LOW_ENERGY = 15.0
ENERGY_FLOOR = 0.6
ENERGY_SPAN = 0.5
OVERRIDES_FULL = 4
LOW_ENERGY_FULL = 4
LOW_ENERGY_LEVEL = 2


@dataclass(frozen=True)
class RiskFactor:
    name: str
    points: float
    max_points: float
    detail: str


@dataclass(frozen=True)
class Risk:
    day: date
    score: int
    level: str
    factors: tuple[RiskFactor, ...]
    recovery: bool
    recovery_until: date | None
    reasons: tuple[str, ...]


def _clamp(x: float) -> float:
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def expected_rest(ix: Index, n_days: int = RISK_WINDOW) -> int:
    """Rest days expected in ``n_days`` (the whole window: at least 1; fewer days since
    day one: that share of it, rounded down, so a first week expects none)."""
    s = ix.settings
    full = max(1, 2 * len(s.rest_weekdays), RISK_WINDOW // (s.max_active_streak + 1))
    return full if n_days >= RISK_WINDOW else full * n_days // RISK_WINDOW


def window(ix: Index, o: int) -> range:
    """The days of the risk window of ordinal ``o`` that count: the 14 days ending with
    it, from day one on (empty before day one)."""
    first = ix.first
    if first is None:
        return range(o + 1, o + 1)
    return range(max(o - RISK_WINDOW + 1, first), o + 1)


def _in(n: int) -> str:
    return "in 14 days" if n >= RISK_WINDOW else f"in {n} day{'s' if n != 1 else ''} since day one"


def _rest_points(rest: int, expected: int) -> float:
    return W_REST * _clamp((expected - rest) / expected) if expected > 0 else 0.0


def _factors(ix: Index, o: int) -> tuple[RiskFactor, ...]:
    s = ix.settings
    days = window(ix, o)
    span = _in(len(days))
    spent = sum(ix.spent.get(x, 0) for x in days)
    budget = sum(budget_points(ix, x) for x in days)
    ratio = spent / budget if budget > 0 else float("inf") if spent > 0 else 0.0
    energy = W_ENERGY * _clamp((ratio - ENERGY_FLOOR) / ENERGY_SPAN)
    used = "all" if ratio == float("inf") else f"{round(ratio * 100)} %"
    f_energy = RiskFactor(
        "Energy",
        energy,
        W_ENERGY,
        f"{spent} points spent of {budget} budgeted {span} ({used}).",
    )
    n_over = sum(ix.overrides.get(x, 0) for x in days)
    f_over = RiskFactor(
        "Overrides",
        W_OVERRIDES * min(1.0, n_over / OVERRIDES_FULL),
        W_OVERRIDES,
        f"{n_over} limit{'s' if n_over != 1 else ''} overridden {span}.",
    )
    rest = sum(1 for x in days if not ix.is_active(x))
    exp = expected_rest(ix, len(days))
    f_rest = RiskFactor(
        "Rest",
        _rest_points(rest, exp),
        W_REST,
        f"{rest} rest day{'s' if rest != 1 else ''} {span} ({exp} expected).",
    )
    debt = debt_out(ix, o)
    f_debt = RiskFactor(
        "Debt",
        W_DEBT * min(1.0, debt / s.daily_budget),
        W_DEBT,
        f"{pts(debt)} of energy debt (base budget {s.daily_budget}).",
    )
    low = _low_days(ix, days)
    f_low = RiskFactor(
        "Low energy",
        W_LOW_ENERGY * min(1.0, low / LOW_ENERGY_FULL),
        W_LOW_ENERGY,
        f"{low} day{'s' if low != 1 else ''} with a check-in at energy ≤ {LOW_ENERGY_LEVEL}.",
    )
    return (f_energy, f_over, f_rest, f_debt, f_low)


def risk_score(ix: Index, o: int) -> tuple[int, tuple[RiskFactor, ...]]:
    memo = ix.memo("risk")
    v = memo.get(o)
    if v is None:
        factors = _factors(ix, o)
        total = sum(f.points for f in factors)
        score = max(0, min(100, int(total + 0.5 + 1e-9)))
        v = memo[o] = (score, factors)
    return v


def _low_days(ix: Index, days: range) -> int:
    """Days with a check-in (morning or evening) at energy ≤ ``LOW_ENERGY_LEVEL``."""
    low = 0
    for x in days:
        m = ix.morning.get(x)
        e = ix.evening.get(x)
        if (m is not None and m.energy <= LOW_ENERGY_LEVEL) or (
            e is not None and e.energy <= LOW_ENERGY_LEVEL
        ):
            low += 1
    return low


def _cheap_points(ix: Index, o: int) -> float:
    """Overrides + rest + low-energy points: the factors that need no budgets."""
    days = window(ix, o)
    n_over = sum(ix.overrides.get(x, 0) for x in days)
    rest = sum(1 for x in days if not ix.is_active(x))
    return (
        W_OVERRIDES * min(1.0, n_over / OVERRIDES_FULL)
        + _rest_points(rest, expected_rest(ix, len(days)))
        + W_LOW_ENERGY * min(1.0, _low_days(ix, days) / LOW_ENERGY_FULL)
    )


def is_red(ix: Index, o: int) -> bool:
    memo = ix.memo("red")
    v = memo.get(o)
    if v is None:
        # energy and debt add at most W_ENERGY + W_DEBT: skip the budgets when that
        # cannot reach red (the usual day), else compute the full score
        bound = _cheap_points(ix, o) + W_ENERGY + W_DEBT
        if int(bound + 0.5 + 1e-9) < ix.settings.risk_red:
            v = False
        else:
            v = risk_score(ix, o)[0] >= ix.settings.risk_red
        memo[o] = v
    return bool(v)


def level_of(ix: Index, score: int) -> str:
    s = ix.settings
    if score >= s.risk_red:
        return "red"
    if score >= s.risk_amber:
        return "amber"
    return "green"


def last_red_before(ix: Index, o: int) -> int | None:
    """The latest red day among the ``recovery_days`` days before ordinal ``o``."""
    memo = ix.memo("last_red")
    if o in memo:
        return memo[o]
    found = None
    for x in range(o - 1, o - ix.settings.recovery_days - 1, -1):
        if is_red(ix, x):
            found = x
            break
    memo[o] = found
    return found


def in_recovery(ix: Index, o: int) -> bool:
    return last_red_before(ix, o) is not None


def burnout_risk_ix(ix: Index, day: date) -> Risk:
    o = day.toordinal()
    score, factors = risk_score(ix, o)
    level = level_of(ix, score)
    r = ix.settings.recovery_days
    last = last_red_before(ix, o)
    recovery = last is not None
    until: date | None = None
    reasons: list[str] = []
    top = sorted((f for f in factors if f.points > 0), key=lambda f: -f.points)
    if top:
        parts = ", ".join(f"{f.name.lower()} {round(f.points)}" for f in top)
        reasons.append(f"Risk {score} ({level}): {parts}.")
    else:
        reasons.append(f"Risk {score} ({level}): nothing is adding to it.")
    if level == "red":
        until = day + timedelta(days=r)
        if recovery:
            reasons.append(f"Still red: recovery mode continues until {fmt_short(until)}.")
        else:
            reasons.append(
                f"Red: recovery mode starts tomorrow, until {fmt_short(until)}: "
                "a smaller target and cap, no high-cost activities."
            )
    elif recovery:
        assert last is not None
        until = date.fromordinal(last) + timedelta(days=r)
        reasons.append(
            f"Recovery mode after the red day on {fmt_short(date.fromordinal(last))}, "
            f"until {fmt_short(until)}: target halved, cap reduced, high-cost activities "
            "paused."
        )
    elif level == "amber":
        reasons.append("Amber: ease off a little; red starts recovery mode.")
    return Risk(
        day=day,
        score=score,
        level=level,
        factors=factors,
        recovery=recovery,
        recovery_until=until,
        reasons=tuple(reasons),
    )


def burnout_risk(state: State, day: date) -> Risk:
    """The burnout risk at the end of ``day`` (today: so far), with its factors."""
    return burnout_risk_ix(index_for(state), day)
