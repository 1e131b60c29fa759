"""When to redraw a side pane that follows a list's cursor (Journal, People).

- A single move after a pause (an arrow, a page key, home/end, a scroll): the pane is
  drawn at once, in the same frame as the cursor.
- Moves that follow each other within ``DEBOUNCE`` seconds (a held or repeated key), and
  a new filter while typing: the pane is drawn once, when the moves have stopped for
  ``DEBOUNCE`` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.message_pump import MessagePump

DEBOUNCE = 0.12  # seconds


class PaneScheduler:
    def __init__(self, owner: MessagePump, draw: Callable[[], None]) -> None:
        """``owner`` runs the timers (the screen); ``draw`` redraws the pane and must
        call :meth:`drawing` first."""
        self._owner = owner
        self._draw = draw
        self._pending = False
        self._timer = False  # a timer is running
        self._moved = -DEBOUNCE  # monotonic time of the last move

    def schedule(self, now: bool = True) -> None:
        """The cursor moved; ``now=False`` while a filter is being typed."""
        at = time.monotonic()
        quiet = at - self._moved > DEBOUNCE
        self._moved = at
        if now and quiet and not self._timer:
            self._draw()  # drawn in the same frame as the cursor move
            return
        self._pending = True
        if not self._timer:
            self._timer = True
            self._owner.set_timer(DEBOUNCE, self._fire)

    def flush(self) -> None:
        """Draw a pending redraw now (a key that repaints other widgets anyway, such as
        a focus move: the pane shares its frame instead of taking one of its own when
        the timer fires)."""
        if self._pending:
            self._draw()

    def draw_now(self) -> None:
        """Draw at once (the screen was just built or shown)."""
        self._draw()

    def _fire(self) -> None:
        self._timer = False
        if not self._pending:
            return
        wait = self._moved + DEBOUNCE - time.monotonic()
        if wait > 0.005:  # moved again meanwhile: wait for the moves to stop
            self._timer = True
            self._owner.set_timer(wait, self._fire)
            return
        self._draw()

    def drawing(self) -> None:
        """Called by ``draw`` as it starts: the pending redraw is being done."""
        self._pending = False


WARM_CHUNK = 400  # items per step of idle-time work (~1-2 ms)
WARM_STEP = 0.04  # seconds between steps


def warm_in_steps(
    owner: MessagePump,
    items: list[Any],
    warm: Callable[[Any], object],
    current: Callable[[], bool],
) -> None:
    """Call ``warm(item)`` for every item, ``WARM_CHUNK`` at a time every ``WARM_STEP``
    seconds, while ``current()`` holds: idle-time work spread thin, so no single key
    press pays for all of it (3,000 search strings are ~10 ms at once)."""

    def step(start: int) -> None:
        if not current():
            return  # rebuilt meanwhile: the new build warms its own items
        end = start + WARM_CHUNK
        for item in items[start:end]:
            warm(item)
        if end < len(items):
            owner.set_timer(WARM_STEP, lambda: step(end))

    step(0)
