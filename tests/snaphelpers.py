"""Shared set-up for the SVG snapshot tests (demo data, fixed clock)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from apphelpers import wait_ready

from habitnet.app import HabitnetApp, create_app
from habitnet.clock import DEMO_NOW, FixedClock

SIZES = [(80, 24), (120, 40)]


def make_app(data_dir: Path) -> HabitnetApp:
    return create_app(data_dir, FixedClock(DEMO_NOW))


def steady_cursors(app: Any) -> None:
    """Stop text cursors blinking (shown steadily), so a snapshot does not depend on
    how long the steps before it took."""
    from textual.widgets import Input, TextArea

    for screen in app.screen_stack:
        for widget in screen.query(Input):
            widget.cursor_blink = False
        for widget in screen.query(TextArea):
            widget.cursor_blink = False


def before(*keys: str, settle: float = 0.0) -> Callable[[Any], Awaitable[None]]:
    """Wait for the data, press ``keys``, and let the screen settle (``settle`` more
    seconds for screens whose side panes update lazily)."""

    async def run(pilot: Any) -> None:
        await wait_ready(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if settle:
            await pilot.pause(settle)
        await pilot.app.workers.wait_for_complete()
        steady_cursors(pilot.app)
        for _ in range(3):
            await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run
