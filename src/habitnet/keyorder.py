"""Keys handed on one at a time, so that keys typed in a burst land where they would at
human speed.

Textual forwards each key (and paste) to the widget focused *when the app receives it*:
a key that moves the focus or changes the screen acts only when it comes back up to the
app (``App._on_key`` runs the bindings), after the keys behind it have already gone to
the old focus. ``p/an`` typed in one go (a paste, a fast typist, a terminal that was
busy) ran ``/``, ``a`` and ``n`` on Today before People opened; ``l`` then typing lost
the typing; ``Tab 7`` in a form put the 7 in the field being left.

:class:`KeysInOrder` holds the app's keys while one is on its way: a key is *done*
when it has come back up to the app and its binding's action has run (no widget kept
it), or when a :class:`KeyDone` posted right behind it to the same widget has bubbled
up to the app (a widget kept the key: the marker follows it through every queue). The
next key is then sent after what the key set off: messages the app queued meanwhile
(a focus move) and the mounting of a screen it opened. The app calls :meth:`hold`,
:meth:`sent` and :meth:`done` from its ``on_event`` (see ``HabitnetApp.on_event``).

An action that awaits a long time keeps the keys behind it waiting; one that awaits a
modal's answer (``push_screen(..., wait_for_dismiss=True)``) would keep them from the
modal until :data:`LOST_MARKER_SECONDS` pass: give such a modal a callback instead, as
every habitnet screen does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.message import Message
from textual.timer import Timer

if TYPE_CHECKING:
    from textual.app import App

#: The events kept in order (the ones Textual forwards to the focused widget).
TypedEvent = events.Key | events.Paste

#: Seconds after which a key counts as done although its marker never came back (the
#: widget it went to was removed before passing it on). Never reached in normal use.
LOST_MARKER_SECONDS = 0.5
#: Seconds between looks at a screen that is still mounting.
MOUNT_POLL_SECONDS = 0.005


class KeyDone(Message):
    """Posted right behind a key to the widget the key went to; bubbles up to the app."""

    def __init__(self, event: TypedEvent) -> None:
        super().__init__()
        self.event = event


class KeysInOrder:
    """The app's keys, one at a time (see the module docstring)."""

    def __init__(self, app: App[Any], send: Callable[[TypedEvent], Awaitable[None]]) -> None:
        self.app = app
        self._send = send  # hands a key to Textual (the app's own on_event)
        self.current: TypedEvent | None = None
        self.held: deque[TypedEvent] = deque()
        self._lost: Timer | None = None

    def hold(self, event: TypedEvent) -> bool:
        """True when ``event`` must wait (kept for later); False: send it now."""
        if self.current is None and not self.held:
            self.current = event
            return False
        self.held.append(event)
        return True

    def sent(self, event: TypedEvent) -> None:
        """``event`` has been handed to Textual: post its marker behind it."""
        if event is not self.current:
            return
        app = self.app
        target = app.focused or app.screen
        if not target.post_message(KeyDone(event)):
            self.done(event)
            return
        self._lost = app.set_timer(LOST_MARKER_SECONDS, lambda: self.done(event))

    def done(self, event: TypedEvent) -> None:
        """``event`` has been handled: send the next key once what it set off is done."""
        if event is not self.current:
            return  # done already (it came back up, then its marker did)
        self.current = None
        if self._lost is not None:
            self._lost.stop()
            self._lost = None
        if self.held:
            self.app.call_later(self._next)  # after what the app queued meanwhile

    def drop(self) -> None:
        """Forget every key waiting (the app is closing)."""
        self.held.clear()

    async def _next(self) -> None:
        if self.current is not None or not self.held:
            return
        if not self.app.screen.is_mounted:  # a screen the key opened is still mounting
            self.app.set_timer(MOUNT_POLL_SECONDS, self._next)
            return
        event = self.held.popleft()
        self.current = event
        await self._send(event)
