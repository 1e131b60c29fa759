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
        for _ in range(3):
            await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run
