"""When to redraw a side pane that follows a list's cursor (Journal, People).

Drawn at once after a pause, so a single cursor move shows in the same frame; while keys
repeat, redraws are coalesced to one per ``DEBOUNCE`` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

DEBOUNCE = 0.12  # seconds


class PaneScheduler:
    def __init__(self, owner: Any, draw: Callable[[], None]) -> None:
        """``owner`` provides ``set_timer`` (a Textual node); ``draw`` redraws the pane
        and must call :meth:`drawing` first."""
        self._owner = owner
        self._draw = draw
        self._pending = False
        self._at = 0.0

    def schedule(self) -> None:
        if self._pending:
            return
        self._pending = True
        if time.monotonic() - self._at > DEBOUNCE:
            self._draw()  # now: drawn in the same frame as the cursor move
        else:
            self._owner.set_timer(DEBOUNCE, self._draw)

    def drawing(self) -> None:
        """Called by ``draw`` as it starts: the pending redraw is being done."""
        self._pending = False
        self._at = time.monotonic()
