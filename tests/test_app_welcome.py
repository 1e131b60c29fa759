"""The first run (issue #14 points 6 and 7): a welcome that sets the user up, and a demo
that never mixes with the user's own data."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from apphelpers import key_bar_text, wait_ready, wait_saved, wait_until
from textual.widgets import Input

from habitnet.app import HabitnetApp, create_app
from habitnet.clock import FixedClock
from habitnet.models import State
from habitnet.store.paths import default_demo_dir, demo_dir_for
from habitnet.widgets.statusline import StatusLine


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$HABITNET_HOME in the test's folder: nothing here reaches the real one."""
    folder = tmp_path / "home"
    monkeypatch.setenv("HABITNET_HOME", str(folder))
    return folder


def welcome(app: HabitnetApp) -> Any:
    screen = app.screen
    assert type(screen).__name__ == "WelcomeScreen", screen
    return screen


async def set_field(pilot: Any, name: str, text: str) -> None:
    box = pilot.app.screen.query_one(f"#w-{name}", Input)
    box.value = text
    await pilot.pause()


def beside(app: HabitnetApp, name: str) -> str:
    return str(app.screen.query_one(f"#w-{name}-msg").render())


def header(app: HabitnetApp) -> str:
    """The header of the screen in view (under the welcome, Today's)."""
    return app.screen_stack[0].query_one(StatusLine).line_text()[0]


async def wait_for(pilot: Any, screen_name: str) -> None:
    """Wait until ``screen_name`` is on top with the data loaded, and let it settle."""
    app = pilot.app
    await wait_until(
        lambda: type(app.screen).__name__ == screen_name and app.session is not None,
        f"{screen_name} open, with the data",
        seconds=6.0,
    )
    await pilot.pause()


async def test_the_welcome_asks_for_the_numbers_and_explains_rest_days(
    empty_dir: Path, clock: FixedClock
) -> None:
    app = create_app(empty_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        screen = welcome(app)
        values = {
            n: screen.query_one(f"#w-{n}", Input).value
            for n in ("daily_target", "daily_cap", "rest_weekdays", "daily_budget", "weekly_budget")
        }
        assert values == {
            "daily_target": "3",
            "daily_cap": "5",
            "rest_weekdays": "Sun",
            "daily_budget": "10",
            "weekly_budget": "45",
        }
        text = str(screen.query_one("#welcome-rest").render())
        assert "rest day" in text and "reason" in text
        # The fixed clock's day is a Saturday: not a rest day by default; typing Sat says so.
        await set_field(pilot, "rest_weekdays", "Sat, Sun")
        assert "today, a Saturday, is one" in beside(app, "rest_weekdays")
        for shown in ("^s Start", "^d Try the demo", "q Quit"):
            assert shown in key_bar_text(app)


async def test_bad_values_get_the_users_words_beside_the_field(
    empty_dir: Path, clock: FixedClock
) -> None:
    from test_messages import PYDANTIC

    app = create_app(empty_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        screen = welcome(app)
        await set_field(pilot, "daily_target", "99")
        assert beside(app, "daily_target") == "must be at most 50"
        await set_field(pilot, "daily_target", "9")
        await set_field(pilot, "daily_cap", "4")
        assert "must be at least the daily target" in beside(app, "daily_cap")
        await set_field(pilot, "daily_cap", "12")
        await set_field(pilot, "weekly_budget", "0")
        assert beside(app, "weekly_budget") == "must be at least 1 point"
        await set_field(pilot, "weekly_budget", "50")
        await set_field(pilot, "rest_weekdays", "Sun, Funday")
        assert "'Funday' is not a weekday" in beside(app, "rest_weekdays")
        await set_field(pilot, "rest_weekdays", "Mon, Tue, Wed, Thu, Fri, Sat, Sun")
        assert "at least one day of the week" in beside(app, "rest_weekdays")
        for name in ("daily_target", "daily_cap", "weekly_budget", "rest_weekdays"):
            assert not PYDANTIC.search(beside(app, name)), beside(app, name)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen, "a bad value keeps the welcome open; nothing is saved"
        assert not (empty_dir / "habitnet.json").exists()
        await set_field(pilot, "rest_weekdays", "Sat, Sun")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "TodayScreen"
        await wait_saved(pilot)
    saved = State.model_validate_json((empty_dir / "habitnet.json").read_bytes()).settings
    assert (saved.daily_target, saved.daily_cap, saved.weekly_budget) == (9, 12, 50)
    assert saved.rest_weekdays == [5, 6]


async def test_q_quits_the_welcome_and_asks_when_something_was_typed(
    empty_dir: Path, clock: FixedClock
) -> None:
    app = create_app(empty_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        welcome(app)
        await set_field(pilot, "daily_target", "4")
        assert isinstance(app.focused, Input)  # q works with a field focused
        await pilot.press("q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        await pilot.pause()
        welcome(app)
        await set_field(pilot, "daily_target", "3")  # back to the default: nothing typed
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not (empty_dir / "habitnet.json").exists(), "quitting the welcome writes nothing"


async def test_escape_starts_with_the_defaults_but_asks_after_typing(
    empty_dir: Path, clock: FixedClock
) -> None:
    app = create_app(empty_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        welcome(app)
        await set_field(pilot, "daily_budget", "12")
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        await pilot.pause()
        assert welcome(app).query_one("#w-daily_budget", Input).value == "12"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "TodayScreen"


async def test_the_demo_opens_from_its_own_folder_and_the_palette_leaves_it(
    empty_dir: Path, clock: FixedClock
) -> None:
    """ctrl+d writes a year of demo data into <folder>/demo (never the folder itself) and
    opens it: the header says DEMO; the palette's "Leave the demo" comes back to the
    still empty folder, where the welcome greets again; ctrl+d there opens the same demo,
    as it was left."""
    app = create_app(empty_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        welcome(app)
        await pilot.press("ctrl+d")
        await wait_for(pilot, "TodayScreen")
        demo = demo_dir_for(empty_dir)
        assert app.data_dir == demo
        assert app.session is not None and app.session.state.meta.demo
        assert len(app.session.state.activities) > 100
        assert (demo / "habitnet.json").exists()
        assert not (empty_dir / "habitnet.json").exists(), "the demo never lands in your folder"
        assert "DEMO" in header(app)
        # A change in the demo stays in the demo.
        app.session.checkin(2, 2, replace=True)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Leave the demo" in titles
        await pilot.press("p")  # leaving works from any screen
        await pilot.pause(0.2)
        leave = next(c for c in app.get_system_commands(app.screen) if c.title == "Leave the demo")
        leave.callback()
        await wait_for(pilot, "WelcomeScreen")
        assert app.data_dir == empty_dir and app.current_mode == "today"
        assert not app.session.state.activities and not app.session.state.meta.demo
        assert not (empty_dir / "habitnet.json").exists()
        assert "Leave the demo" not in [c.title for c in app.get_system_commands(app.screen)]
        kept = State.model_validate_json((demo / "habitnet.json").read_bytes())
        assert kept.checkin(clock.today()) is not None, "the demo was saved as it was left"
        await pilot.press("ctrl+d")  # the same demo again, not a new one
        await wait_for(pilot, "TodayScreen")
        assert app.session.state.checkin(clock.today()) is not None


async def test_the_screens_start_afresh_on_the_other_folder(
    empty_dir: Path, clock: FixedClock, demo_file: Path
) -> None:
    demo = demo_dir_for(empty_dir)
    demo.mkdir()
    shutil.copy(demo_file, demo / "habitnet.json")
    app = create_app(empty_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+d")
        await wait_for(pilot, "TodayScreen")
        await pilot.press("p")
        await pilot.pause(0.3)
        people = app.screen
        assert people.table.rows
        app.action_leave_demo()
        await wait_for(pilot, "WelcomeScreen")
        await pilot.press("escape")  # the defaults
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause(0.3)
        assert app.screen is not people
        assert not app.screen.table.rows, "no contact of the demo on your own People"


async def test_a_demo_folder_holding_own_data_is_never_touched(
    empty_dir: Path, clock: FixedClock
) -> None:
    demo = demo_dir_for(empty_dir)
    demo.mkdir()
    own = State()
    (demo / "habitnet.json").write_text(own.model_dump_json(), encoding="utf-8")
    before = (demo / "habitnet.json").read_bytes()
    app = create_app(empty_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        screen = welcome(app)
        await pilot.press("ctrl+d")
        for _ in range(50):
            await pilot.pause(0.02)
        assert app.screen is screen and app.data_dir == empty_dir
        said = str(screen.query_one("#w-form-msg").render())
        assert "not a demo" in said and str(demo) in said
    assert (demo / "habitnet.json").read_bytes() == before


async def test_a_demo_opened_directly_leaves_for_the_default_folder(
    demo_dir: Path, clock: FixedClock, home: Path
) -> None:
    """habitnet --data-dir <a demo>: the palette leaves it for $HABITNET_HOME."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert "DEMO" in header(app)
        assert app.demo_exit() == home
        app.action_leave_demo()
        await wait_for(pilot, "WelcomeScreen")
        assert app.data_dir == home
        assert "DEMO" not in header(app)


def test_the_demo_folder_is_the_one_habitnet_demo_uses(home: Path) -> None:
    assert default_demo_dir() == demo_dir_for(home) == home / "demo"


@pytest.mark.parametrize("key", ["ctrl+s", "escape"])
async def test_starting_with_the_defaults_keeps_the_folder(
    empty_dir: Path, clock: FixedClock, key: str
) -> None:
    """Start (or escape) with nothing changed writes the new data file — day one and the
    defaults kept — so the next start opens Today, not the welcome again."""
    app = create_app(empty_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        welcome(app)
        await pilot.press(key)
        await pilot.pause()
        assert type(app.screen).__name__ == "TodayScreen"
        await wait_saved(pilot)
    data = State.model_validate_json((empty_dir / "habitnet.json").read_text())
    assert data.meta.started == clock.today()
    assert data.settings == State().settings
    again = create_app(empty_dir, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert type(again.screen).__name__ == "TodayScreen"


async def test_quitting_the_welcome_keeps_nothing(empty_dir: Path, clock: FixedClock) -> None:
    app = create_app(empty_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        welcome(app)
        await pilot.press("q")
        await pilot.pause()
    assert not (empty_dir / "habitnet.json").exists()
