"""Outreach quota: target and cap, rest days, active streaks, the weekly high-cost cap.

* Target ``daily_target`` (3) and cap ``daily_cap`` (5) of quota-counting activities; a
  weekly review may set next week's target and cap (``next_daily_target/cap``).
* Rest days: the ``rest_weekdays`` (Sunday), and any day after ``max_active_streak`` (6)
  active days in a row (a day is *active* when anything was logged). Target 0.
* Recovery mode (see burnout): target ``target // 2``, cap ``max(1, cap // 2)`` (never
  below the target), high-cost activities blocked.
* High-cost: ``cost ≥ high_cost_threshold`` (4), at most ``high_cost_per_week`` (2) in a
  week (the week starts on ``week_start``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from habitnet.engine._index import Index, index_for, week_label
from habitnet.engine.budget import week_first
from habitnet.engine.burnout import in_recovery
from habitnet.models import WEEKDAYS, State

#: How far back an active streak is counted (more than any sensible max_active_streak).
STREAK_LIMIT = 60


@dataclass(frozen=True)
class QuotaStatus:
    day: date
    target: int
    cap: int
    count: int
    done: bool
    rest_day: bool
    rest_reason: str | None
    recovery: bool
    active_streak: int
    high_cost_week: int
    high_cost_limit: int
    reasons: tuple[str, ...]
    base_target: int = 0
    base_cap: int = 0

    @property
    def remaining(self) -> int:
        """Activities still needed to reach the target."""
        return max(0, self.target - self.count)

    @property
    def cap_left(self) -> int:
        return max(0, self.cap - self.count)


def base_targets(ix: Index, o: int) -> tuple[int, int, str | None]:
    """(target, cap, note) before rest days and recovery; a review can adjust them."""
    s = ix.settings
    target, cap = s.daily_target, s.daily_cap
    if not ix.reviews:
        return target, cap, None
    day = date.fromordinal(o)
    prev = week_label(day - timedelta(days=7), s.week_start)
    review = ix.reviews.get(prev)
    if review is None or (review.next_daily_target is None and review.next_daily_cap is None):
        return target, cap, None
    if review.next_daily_target is not None:
        target = review.next_daily_target
    if review.next_daily_cap is not None:
        cap = review.next_daily_cap
    cap = max(cap, target, 1)
    return target, cap, f"Target {target} and cap {cap} set in the review of {prev}."


def streak_before(ix: Index, o: int) -> int:
    """Active days in a row immediately before ordinal ``o``."""
    memo = ix.memo("streak")
    v = memo.get(o)
    if v is None:
        n = 0
        x = o - 1
        while n < STREAK_LIMIT and ix.is_active(x):
            n += 1
            x -= 1
        v = memo[o] = n
    return v


def rest_reason(ix: Index, o: int) -> str | None:
    s = ix.settings
    wd = date.fromordinal(o).weekday()
    if wd in s.rest_weekdays:
        return f"{WEEKDAYS[wd]} is a rest day."
    streak = streak_before(ix, o)
    if streak >= s.max_active_streak:
        return f"{streak} active days in a row: today is a rest day."
    return None


def recovery_limits(target: int, cap: int) -> tuple[int, int]:
    t = target // 2
    return t, max(1, t, cap // 2)


def effective_targets(ix: Index, o: int) -> tuple[int, int, bool, str | None, bool]:
    """(target, cap, rest_day, rest_reason, recovery) of ordinal ``o``."""
    memo = ix.memo("targets")
    v = memo.get(o)
    if v is None:
        target, cap, _ = base_targets(ix, o)
        reason = rest_reason(ix, o)
        recovery = in_recovery(ix, o)
        if recovery:
            target, cap = recovery_limits(target, cap)
        if reason is not None:
            target = 0
        v = memo[o] = (target, cap, reason is not None, reason, recovery)
    return v


def high_cost_in_week(ix: Index, o: int) -> int:
    first = week_first(ix, o)
    return sum(ix.high.get(x, 0) for x in range(first, first + 7))


def quota_status_ix(ix: Index, day: date) -> QuotaStatus:
    o = day.toordinal()
    s = ix.settings
    base_t, base_c, note = base_targets(ix, o)
    target, cap, rest, reason, recovery = effective_targets(ix, o)
    count = ix.count.get(o, 0)
    done = count >= target
    high = high_cost_in_week(ix, o)
    limit = 0 if recovery else s.high_cost_per_week
    reasons: list[str] = []
    if note:
        reasons.append(note)
    if rest:
        reasons.append(f"{reason} Target 0: resting is the plan.")
    if recovery:
        reasons.append(
            f"Recovery mode: target {base_t} → {recovery_limits(base_t, base_c)[0]}, "
            f"cap {base_c} → {cap}, high-cost activities paused."
        )
    if not rest:
        if done:
            reasons.append(f"Done: {count} of {target} today (cap {cap}).")
        else:
            reasons.append(f"{count} of {target} today; {target - count} to go (cap {cap}).")
    if count >= cap:
        reasons.append(f"The cap of {cap} is reached: more outreach today needs an override.")
    reasons.append(
        f"High-cost activities (cost ≥ {s.high_cost_threshold}) this week: {high} of {limit}."
    )
    return QuotaStatus(
        day=day,
        target=target,
        cap=cap,
        count=count,
        done=done,
        rest_day=rest,
        rest_reason=reason,
        recovery=recovery,
        active_streak=streak_before(ix, o),
        high_cost_week=high,
        high_cost_limit=limit,
        reasons=tuple(reasons),
        base_target=base_t,
        base_cap=base_c,
    )


def quota_status(state: State, day: date) -> QuotaStatus:
    """Today's target, cap and count; rest day, streak, recovery and high-cost limits."""
    return quota_status_ix(index_for(state), day)
