"""SVG snapshots: the Weekly review screen and the review form (demo data, fixed clock)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from apphelpers import wait_ready

from habitnet.app import create_app
from habitnet.clock import FixedClock

SIZES = [(80, 24), (120, 40)]


def run_before(*keys: str) -> Any:
    async def before(pilot: Any) -> None:
        await wait_ready(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.3)  # side panes update lazily; timers settle
        pilot.app.clear_notifications()
        await pilot.pause()

    return before


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_review(snap_compare: Any, demo_dir: Path, clock: FixedClock, size: tuple[int, int]):
    app = create_app(demo_dir, clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before("w"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_review_last_week(
    snap_compare: Any, demo_dir: Path, clock: FixedClock, size: tuple[int, int]
):
    app = create_app(demo_dir, clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before("w", "left_square_bracket"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_review_form(snap_compare: Any, demo_dir: Path, clock: FixedClock, size: tuple[int, int]):
    app = create_app(demo_dir, clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before("w", "r"))
