"""SVG snapshots of the People screen and the contact form on the demo data with the fixed clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from snaphelpers import SIZES, before

from habitnet.app import create_app
from habitnet.clock import FixedClock


def run_before(*keys: str) -> Any:
    """Side panes update lazily: give their timers time to settle."""
    return before(*keys, settle=0.3)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_people(snap_compare: Any, demo_dir: Path, clock: FixedClock, size: tuple[int, int]):
    app = create_app(demo_dir, clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before("p", "down"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_contact_form(snap_compare: Any, demo_dir: Path, clock: FixedClock, size: tuple[int, int]):
    app = create_app(demo_dir, clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before("p", "E"))
