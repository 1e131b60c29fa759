"""The hybrid logical clock that orders every device's operations.

A clock value is ``(wall ms, counter, device id)``: the wall clock in milliseconds when
it is ahead of everything seen, else the newest value seen with the counter raised.
Every value a device sees (its own, and each operation it merges) pushes its clock
forward, so values are totally ordered, strictly increasing on each device, and an
operation made after seeing another has the later value — whatever the wall clocks say.

The text form (:func:`encode`) has fixed-width digits, so comparing two texts compares
the values: the logs and the replica keep clocks as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ..clock import Clock

_MS_DIGITS = 13  # milliseconds since 1970: 13 digits until the year 2286
_COUNTER_DIGITS = 8  # hexadecimal


class Stamp(NamedTuple):
    ms: int
    counter: int
    device: str


def encode(stamp: Stamp) -> str:
    return f"{stamp.ms:0{_MS_DIGITS}d}-{stamp.counter:0{_COUNTER_DIGITS}x}-{stamp.device}"


def decode(text: str) -> Stamp:
    """The stamp of a clock text; ValueError when it is not one."""
    ms, counter, device = text.split("-", 2)
    if len(ms) != _MS_DIGITS or len(counter) != _COUNTER_DIGITS or not device:
        raise ValueError(f"{text!r} is not a clock value")
    return Stamp(int(ms), int(counter, 16), device)


def wall_ms(text: str) -> int:
    """The wall-clock milliseconds of a clock text."""
    return int(text[:_MS_DIGITS])


@dataclass
class HybridClock:
    """One device's clock. ``clock`` gives the wall time (the app's injectable clock)."""

    device: str
    clock: Clock
    last: Stamp | None = None

    def _wall(self) -> int:
        return int(self.clock.now().timestamp() * 1000)

    def now(self) -> str:
        """A new value, after every value made or seen so far."""
        wall = self._wall()
        last = self.last
        if last is None or wall > last.ms:
            stamp = Stamp(wall, 0, self.device)
        else:
            stamp = Stamp(last.ms, last.counter + 1, self.device)
        self.last = stamp
        return encode(stamp)

    def observe(self, text: str) -> None:
        """Push the clock past ``text`` (a value seen in a merged operation)."""
        seen = decode(text)
        last = self.last
        if last is None or (seen.ms, seen.counter) > (last.ms, last.counter):
            self.last = Stamp(seen.ms, seen.counter, self.device)
