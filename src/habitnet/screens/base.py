"""The typed seam between the screens and the app: one base class per kind of screen.

Every habitnet screen derives from :class:`HabitnetScreen` (a mode screen or a full-screen
notice) or :class:`HabitnetModal` (forms, dialogs, help), whose ``app`` is the
:class:`~habitnet.app.HabitnetApp` (Textual's ``getters.app``): ``self.app.session``,
``self.app.day``, ``self.app.result(engine.fn, …)`` are checked by mypy like any other
call. A widget that needs the app declares ``app = getters.app(HabitnetApp)`` too.

What a screen may rely on (see :class:`~habitnet.app.HabitnetApp`):

- ``app.session`` — the loaded :class:`~habitnet.session.Session`, ``None`` until the data
  has loaded. Change data only through it: the session tells the app, which bumps
  ``app.data_version`` (watch it to redraw) and schedules the save. Nobody has to call
  anything after a change; to say what happened, ``self.notify(...)``.
- ``app.result(fn, *args)`` — ``fn(state, *args)`` for an engine function, computed once
  per data change and day.
- ``app.writable(action)`` — False (and the user told why) while loading or read-only.

``notify`` on a habitnet screen takes its message as plain text: it may quote data (a
name with ``[/]`` in it, an old file's escape sequence), so it is never read as markup and
control characters show as stand-ins (:mod:`habitnet.widgets.plain`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import getters
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from ..app import HabitnetApp

if TYPE_CHECKING:
    from ..session import Session

ResultT = TypeVar("ResultT")


class _PlainNotify:
    """``notify`` whose message is text, never markup (see the module docstring)."""

    app: HabitnetApp

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        # Widget.notify passes its own default (markup) on: the app's notify makes the
        # control characters visible.
        self.app.notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


class HabitnetScreen(_PlainNotify, Screen[ResultT]):
    """A habitnet screen: ``self.app`` is the :class:`~habitnet.app.HabitnetApp`."""

    app = getters.app(HabitnetApp)

    def commit_typing(self) -> None:
        """Save what was typed on this screen and can be saved (the app calls it before
        quitting). A screen that holds typed text it has not saved yet (Settings'
        edit line) overrides it; what cannot be saved it lists in
        ``app.unsaved_typing``, and quitting asks about it."""


class HabitnetModal(_PlainNotify, ModalScreen[ResultT]):
    """A habitnet modal screen (form, dialog, help): ``self.app`` is typed as ours."""

    app = getters.app(HabitnetApp)

    #: Whether ``ctrl+p`` opens the command palette over this screen (off for the welcome,
    #: whose own keys say the ways on, and the too-small notice).
    OFFERS_PALETTE: ClassVar[bool] = True

    @property
    def session(self) -> Session:
        """The loaded session: forms open only once the data has loaded (RuntimeError
        before that)."""
        session = self.app.session
        if session is None:
            raise RuntimeError("the data has not loaded yet")
        return session
