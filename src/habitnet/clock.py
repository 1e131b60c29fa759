"""The one injectable clock.

Everything that needs "now" or "today" receives a :class:`Clock`. Production code uses
:class:`SystemClock`; tests and benchmarks use :class:`FixedClock`, which they can move
forward by hand. Nothing patches global time, and nothing else reads it
(``tests/test_one_clock.py``) — but :func:`file_clock_ns`, for comparing with the times
the file system stamps on files.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current local time, timezone-aware (it carries its UTC offset)."""
        ...

    def today(self) -> date:
        """The current local calendar day."""
        ...


class SystemClock:
    """The machine's clock in its local timezone."""

    def now(self) -> datetime:
        return datetime.now().astimezone()

    def today(self) -> date:
        return self.now().date()


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, at: datetime, tz: tzinfo | None = None) -> None:
        if at.tzinfo is None:
            at = at.replace(tzinfo=tz) if tz is not None else at.astimezone()
        self._now = at

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self._now.date()

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            at = at.replace(tzinfo=self._now.tzinfo)
        self._now = at

    def advance(self, delta: timedelta) -> None:
        self._now = self._now + delta


def file_clock_ns() -> int:
    """The machine's clock, in nanoseconds, for comparing with a file's ``st_mtime_ns``
    (the file system stamps files with this clock, whatever a :class:`Clock` says). Never
    the user's "now" or "today": those are a :class:`Clock`'s."""
    return time.time_ns()


#: The fixed instant used by tests, snapshots and benchmarks (a Saturday, 09:30 UTC).
DEMO_NOW = datetime.fromisoformat("2026-11-21T09:30:00+00:00")
