"""SVG snapshots of the shell: help, the welcome screen, the too-small notice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from snaphelpers import SIZES, before, make_app


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare: Any, demo_dir: Path, size: tuple[int, int]) -> None:
    app = make_app(demo_dir)
    assert snap_compare(app, terminal_size=size, run_before=before("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_welcome(snap_compare: Any, empty_dir: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(empty_dir), terminal_size=size, run_before=before())


def test_too_small(snap_compare: Any, demo_dir: Path) -> None:
    assert snap_compare(make_app(demo_dir), terminal_size=(50, 12), run_before=before())
