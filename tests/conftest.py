"""Shared fixtures: a fixed clock, the demo dataset (generated once), data folders."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.models import State


@pytest.fixture
def clock() -> FixedClock:
    """2026-11-21 09:30 UTC, a Saturday. Tests move it by hand."""
    return FixedClock(DEMO_NOW)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 1-year demo dataset (seed 7, ending at DEMO_NOW), written once per run."""
    from habitnet.demo import generate

    state = generate(years=1, seed=7, end=DEMO_NOW)
    path = tmp_path_factory.mktemp("demo-src") / "habitnet.json"
    path.write_text(state.model_dump_json(indent=1), encoding="utf-8")
    return path


@pytest.fixture
def demo_state(demo_file: Path) -> State:
    """A fresh copy of the demo state for each test."""
    return State.model_validate_json(demo_file.read_bytes())


@pytest.fixture
def demo_dir(tmp_path: Path, demo_file: Path) -> Path:
    """A data folder holding a copy of the demo dataset."""
    d = tmp_path / "data"
    d.mkdir()
    shutil.copy(demo_file, d / "habitnet.json")
    return d


@pytest.fixture
def empty_dir(tmp_path: Path) -> Iterator[Path]:
    d = tmp_path / "empty"
    d.mkdir()
    yield d


def at(text: str) -> datetime:
    """Parse an ISO timestamp; naive ones get DEMO_NOW's offset."""
    dt = datetime.fromisoformat(text)
    return dt if dt.tzinfo else dt.replace(tzinfo=DEMO_NOW.tzinfo)
