"""SVG snapshots of Today and the log form (demo data, fixed clock)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from snaphelpers import SIZES, before, make_app


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_today(snap_compare: Any, demo_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_dir), terminal_size=size, run_before=before())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_log_form(snap_compare: Any, demo_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_dir), terminal_size=size, run_before=before("l"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_checkin_form(snap_compare: Any, demo_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_dir), terminal_size=size, run_before=before("c"))
