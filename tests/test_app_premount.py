"""People mounted hidden in idle time after the load (app.PREMOUNTED_MODES): opening
it then shows the same screen a first visit builds, for the data and the day of now."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from apphelpers import key_bar_text, wait_prebuilt, wait_ready
from textual.screen import Screen

from habitnet.app import create_app
from habitnet.clock import FixedClock
from habitnet.models import Activity
from habitnet.screens.people import PeopleScreen
from habitnet.widgets.virtual_table import VirtualTable

SIZE = (120, 40)


def cells(app: Any) -> list[list[object]]:
    return [list(strip) for strip in app.screen._compositor.render_strips()]


@asynccontextmanager
async def people_built_hidden(
    data_dir: Path, clock: FixedClock
) -> AsyncIterator[tuple[Any, Any, PeopleScreen]]:
    """An app (120x40) whose idle-time builds are done: ``(app, pilot, People)``, with
    People mounted and built but not shown."""
    app = create_app(data_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await wait_prebuilt(pilot)
        stack = app._screen_stacks.get("people")
        assert stack, "People was not mounted in idle time"
        people = stack[0]
        assert isinstance(people, PeopleScreen)
        assert app.screen is not people
        yield app, pilot, people


def count_calls(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[Any]:
    """Record the instances ``cls.name`` is called on (the call still happens)."""
    calls: list[Any] = []
    original = getattr(cls, name)

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, spy)
    return calls


async def cold_people_cells(data_dir: Path, clock: FixedClock) -> list[list[object]]:
    """What People draws when it is built on the key (nothing mounted in idle time)."""
    app = create_app(data_dir, clock)
    app._prebuild = lambda: None  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        return cells(app)


async def test_people_is_built_hidden_and_opens_without_building(
    demo_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with people_built_hidden(demo_dir, clock) as (app, pilot, people):
        assert people.built_version == app.data_version  # rows built while hidden
        assert len(people.query_one(VirtualTable).rows) > 0
        builds = count_calls(monkeypatch, PeopleScreen, "make_items")
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is people
        assert builds == []
        assert app.focused is people.query_one(VirtualTable)
        drawn = cells(app)
        # The key bar and the keys are People's.
        keybar = key_bar_text(app)
        assert "Search" in keybar and "Add" in keybar
        await pilot.press("down")
        await pilot.pause()
        assert people.query_one(VirtualTable).cursor == 1
    # What it draws is what a People built on the key draws.
    assert drawn == await cold_people_cells(demo_dir, clock)


async def test_a_change_after_the_hidden_build_shows_when_people_opens(
    demo_dir: Path, clock: FixedClock
) -> None:
    async with people_built_hidden(demo_dir, clock) as (app, pilot, people):
        built = people.built_version
        contact = next(c for c in app.session.state.contacts if not c.archived)
        activity = Activity(at=clock.now(), kind="message", contact_ids=[contact.id], cost=1)
        assert app.session.log_activity(activity).ok
        app.changed("logged")
        await pilot.pause()
        assert people.built_version == built  # not rebuilt while hidden
        await pilot.press("p")
        await pilot.pause()
        assert people.built_version == app.data_version
        assert people.people[contact.id].row.cells[2] == "today"  # last contact


async def test_a_theme_or_size_change_while_hidden_restyles_and_lays_out_on_open(
    demo_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with people_built_hidden(demo_dir, clock) as (app, pilot, people):
        app.theme = "habitnet-light"
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.1)
        restyles = count_calls(monkeypatch, Screen, "update_node_styles")
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is people
        assert people in restyles  # the CSS changed since it mounted
        assert people.size == (100, 30)
        assert people.query_one(VirtualTable).size.height == 30 - 4  # status, search, count, keys
        assert people.styles.background == app.current_theme.to_color_system().background


async def test_people_opened_before_the_idle_build_is_not_built_twice(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("p")  # before the idle steps reach People
        await pilot.pause()
        opened = app.screen
        assert isinstance(opened, PeopleScreen)
        await pilot.press("t")
        await pilot.pause()
        await wait_prebuilt(pilot)
        assert app._screen_stacks["people"] == [opened]
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is opened
