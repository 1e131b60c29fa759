"""Consistency score (Loop Habit Tracker style) and burst detection.

Each day ``score = previous × m + done × (1 − m)`` with ``m = 0.5 ** (sqrt(f) / 13)``
and ``f = 1`` (a daily habit). ``done`` is 1 when the day's count reached its target.
Days with target 0 (rest days; recovery with a target of 1) and days before day one
(see :mod:`habitnet.engine.days`) leave the score unchanged.

The fold starts at 0 on an anchor day 180–359 days back (the ordinal rounded down to a
multiple of 180, minus 180), so the value of a day never depends on the order of the
questions asked; anything older than 180 days weighs less than ``m ** 180 ≈ 0.00007``.

``consistency(day)`` is the score *so far*: today counts once it is done; a day that
ends without being done counts as a miss from the next day on.

Bursts: a week whose count of outreach activities is at least ``4 ×`` the average of the
8 weeks before and at least ``3 × daily_target``, when that average is at most
``daily_target`` a week ("near zero"), and day one is at least 8 weeks before the week.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from habitnet.engine._index import Index, index_for, week_label
from habitnet.engine.budget import week_first
from habitnet.engine.quota import effective_targets
from habitnet.models import State

FREQUENCY = 1.0
M = 0.5 ** (math.sqrt(FREQUENCY) / 13)
ANCHOR_BLOCK = 180
BURST_FACTOR = 4.0
BURST_MIN_TARGETS = 3
BURST_WEEKS = 8
BURST_LOOKBACK_WEEKS = 52


@dataclass(frozen=True)
class Burst:
    week: str
    count: int
    average: float
    reason: str


def day_done(ix: Index, o: int) -> float | None:
    """1.0 done, 0.0 missed, None when the day's target is 0 or the day is before day
    one (no change)."""
    if not ix.counted(o):
        return None
    target = effective_targets(ix, o)[0]
    if target <= 0:
        return None
    return 1.0 if ix.count.get(o, 0) >= target else 0.0


def _anchor(o: int) -> int:
    return o - (o % ANCHOR_BLOCK) - ANCHOR_BLOCK


def score_at(ix: Index, o: int) -> float:
    """The end-of-day score of ordinal ``o``."""
    memo = ix.memo("consistency")
    v = memo.get(o)
    if v is not None:
        return float(v)
    block = o - (o % ANCHOR_BLOCK)
    # continue from the latest memoised day of this block, else fold the warm-up block
    x = o - 1
    while x >= block and x not in memo:
        x -= 1
    if x >= block:
        score = float(memo[x])
        start = x + 1
    else:
        score = 0.0
        for y in range(_anchor(o), block):
            d = day_done(ix, y)
            if d is not None:
                score = score * M + d * (1 - M)
        start = block
    for y in range(start, o + 1):
        d = day_done(ix, y)
        if d is not None:
            score = score * M + d * (1 - M)
        memo[y] = score
    return score


def consistency_series(state: State, start: date, end: date) -> list[tuple[date, float]]:
    """End-of-day scores for every day from ``start`` to ``end`` inclusive."""
    ix = index_for(state)
    out: list[tuple[date, float]] = []
    for o in range(start.toordinal(), end.toordinal() + 1):
        out.append((date.fromordinal(o), score_at(ix, o)))
    return out


def consistency_ix(ix: Index, day: date) -> float:
    o = day.toordinal()
    if day_done(ix, o) == 0.0:
        return score_at(ix, o - 1)
    return score_at(ix, o)


def consistency(state: State, day: date) -> float:
    """The score so far on ``day`` (today counts once done)."""
    return consistency_ix(index_for(state), day)


def week_count(ix: Index, first: int) -> int:
    memo = ix.memo("week_count")
    v = memo.get(first)
    if v is None:
        v = memo[first] = sum(ix.count.get(x, 0) for x in range(first, first + 7))
    return int(v)


def burst_at(ix: Index, first: int) -> Burst | None:
    """The burst of the week starting on ordinal ``first``, if it is one."""
    start = ix.first
    if start is None or first - 7 * BURST_WEEKS < start:
        return None
    target = ix.settings.daily_target
    count = week_count(ix, first)
    avg = sum(week_count(ix, first - 7 * k) for k in range(1, BURST_WEEKS + 1)) / BURST_WEEKS
    if avg > target or count < max(BURST_FACTOR * avg, BURST_MIN_TARGETS * target, 1):
        return None
    label = week_label(date.fromordinal(first), ix.settings.week_start)
    return Burst(
        week=label,
        count=count,
        average=round(avg, 2),
        reason=(
            f"{count} outreach activities in {label} after an 8-week average of "
            f"{avg:.1f} a week: a burst. A little every day keeps relationships warm "
            "before you need them."
        ),
    )


def detect_bursts(state: State, day: date) -> list[Burst]:
    """Bursts among the 52 weeks up to the week holding ``day`` (oldest first)."""
    ix = index_for(state)
    first = week_first(ix, day.toordinal())
    out: list[Burst] = []
    for k in range(BURST_LOOKBACK_WEEKS - 1, -1, -1):
        b = burst_at(ix, first - 7 * k)
        if b is not None:
            out.append(b)
    return out


def perfect_days_to(level: float) -> int:
    """Done days in a row needed to go from 0 to ``level`` (for the docs)."""
    return math.ceil(math.log(1 - level) / math.log(M))
