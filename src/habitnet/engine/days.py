"""Day one, and dates that need a question before they are taken.

**Day one** (:func:`first_day`) is where every figure that counts days begins: rest
days, consistency, burnout risk, bursts, the weekly review and the 14-day chart. It is
the day the data was started (``State.meta.started``, recorded when the file is first
created; for older files the earliest record), or the earliest activity, check-in or
journal entry if that is earlier: backdating on purpose is real use. Contacts never
move it: an import's "connected on" dates are other people's history, not the user's.

**Backdating** (:func:`backdate_problem`): a date up to ``BACKDATE_GRACE`` days back is
taken without a question (yesterday's coffee on one's first day), as is any day from day
one on. An earlier one would become the new day one and change every figure since, so
it is taken only when the user says so.
"""

from __future__ import annotations

from datetime import date, timedelta

from habitnet.engine._index import index_for
from habitnet.models import State

#: Days back from today that are always fine to log, even before day one.
BACKDATE_GRACE = 7


def first_day(state: State) -> date | None:
    """The user's day one, or None when nothing has been started or recorded yet."""
    o = index_for(state).first
    return None if o is None else date.fromordinal(o)


def _span(days: int) -> str:
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 730:
        return f"{round(days / 30.44)} months"
    return f"{days / 365.25:.0f} years"


def backdate_problem(state: State, day: date, today: date) -> str | None:
    """Why ``day`` (in the past) should not be taken without a question, or None.

    Dates on or after day one, and the last ``BACKDATE_GRACE`` days, are fine.
    """
    first = first_day(state) or today
    if day >= min(first, today - timedelta(days=BACKDATE_GRACE)):
        return None
    which = "today" if first == today else first.isoformat()
    return (
        f"{day.isoformat()} is {_span((first - day).days)} before your first day ({which}). "
        "Taking it makes it your first day, and every day since then counts in your rest "
        "days, consistency and weekly reviews."
    )
