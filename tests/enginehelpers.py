"""Small builders for engine tests: a state, activities, check-ins and contacts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from habitnet.models import (
    Activity,
    CheckIn,
    CheckInKind,
    Contact,
    Direction,
    Meta,
    Settings,
    State,
)

MONDAY = date(2026, 11, 16)  # ISO 2026-W47; DEMO_NOW (Sat 2026-11-21) is in this week
#: Day one of the states ``make_state`` builds: a user of long standing, so the worked
#: examples are not a new user's first days (tests of day one pass ``started``).
LONG_AGO = date(2025, 1, 6)


def make_state(started: date | None = LONG_AGO, **settings: Any) -> State:
    return State(meta=Meta(started=started), settings=Settings(**settings))


def activity(
    state: State,
    day: date,
    kind: str = "message",
    *,
    hour: int = 10,
    minute: int = 0,
    contacts: tuple[str, ...] = (),
    direction: str | None = None,
    cost: int | None = None,
    override: str | None = None,
    follow_up: date | None = None,
) -> Activity:
    """An activity (not yet added to the state)."""
    k = state.settings.kind(kind)
    if cost is None:
        assert k is not None, kind
        cost = k.cost
    return Activity(
        at=datetime.combine(day, time(hour, minute), tzinfo=UTC),
        kind=kind,
        cost=cost,
        contact_ids=list(contacts),
        # mutual by default with contacts, none without (as the session does); a direction
        # given without contacts is kept, to test that the engine ignores it
        direction=Direction(direction) if direction else Direction.MUTUAL if contacts else None,
        override_reason=override,
        follow_up=follow_up,
    )


def log(state: State, day: date, kind: str = "message", **kw: Any) -> Activity:
    """Add an activity to the state (no rules checked) and return it."""
    a = activity(state, day, kind, **kw)
    state.activities.append(a)
    return a


def checkin(state: State, day: date, energy: int, kind: str = "morning") -> CheckIn:
    ch = CheckIn(day=day, energy=energy, mood=3, kind=CheckInKind(kind))
    state.checkins.append(ch)
    return ch


def add_contact(state: State, name: str, created: date, **kw: Any) -> Contact:
    c = Contact(name=name, created=created, **kw)
    state.contacts.append(c)
    return c


def days(start: date, n: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(n)]
