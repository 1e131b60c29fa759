"""Pilot tests of Settings (validation beside the field) and themes (switch, persist, load)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from apphelpers import wait_ready, wait_saved

from habitnet.app import create_app
from habitnet.clock import FixedClock
from habitnet.models import State
from habitnet.themes import ThemeFileError, load_themes, parse_theme


async def _open_settings(pilot: Any) -> Any:
    await wait_ready(pilot)
    await pilot.press("s")
    for _ in range(5):
        await pilot.pause()
    screen = pilot.app.screen
    assert type(screen).__name__ == "SettingsScreen"
    return screen


async def test_settings_validate_beside_the_field(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_settings(pilot)
        before = app.session.state.settings.model_copy()
        assert screen.query_one("#f-daily_target").value == str(before.daily_target)
        cap = screen.query_one("#f-daily_cap")
        cap.value = str(before.daily_target - 1)
        await pilot.pause()
        msg = str(screen.query_one("#m-daily_cap").render())
        assert "daily cap" in msg and "target" in msg
        assert screen.query_one("#m-daily_cap").has_class("settings-error")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.state.settings == before, "nothing is saved while a field is bad"
        budget = screen.query_one("#f-daily_budget")
        budget.value = "lots"
        await pilot.pause()
        assert "not a whole number" in str(screen.query_one("#m-daily_budget").render())
        scale = screen.query_one("#f-energy_scale-2")
        scale.value = "3"
        await pilot.pause()
        assert "outside" in str(screen.query_one("#m-energy_scale-2").render())
        screen.query_one("#f-rest_weekdays").value = "Sat, Funday"
        await pilot.pause()
        assert "Funday" in str(screen.query_one("#m-rest_weekdays").render())
        # Now make everything valid and save.
        cap.value = "7"
        budget.value = "12"
        scale.value = "0.5"
        screen.query_one("#f-rest_weekdays").value = "Sat, Sun"
        await pilot.pause()
        assert not screen.errors
        await pilot.press("ctrl+s")
        await pilot.pause()
        s = app.session.state.settings
        assert (s.daily_cap, s.daily_budget, s.energy_scale[2], s.rest_weekdays) == (
            7,
            12,
            0.5,
            [5, 6],
        )
        await wait_saved(pilot)
    on_disk = State.model_validate_json((demo_dir / "habitnet.json").read_bytes())
    assert on_disk.settings.daily_cap == 7


async def test_settings_keys_work_when_no_field_is_focused(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        assert type(app.focused).__name__ == "SettingsForm"
        await pilot.press("tab")
        await pilot.press("escape")
        await pilot.press("t")
        await pilot.pause()
        assert app.current_mode == "today"


async def test_theme_switch_previews_and_persists(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_settings(pilot)
        assert app.theme == "habitnet-dark"
        screen.query_one("#theme").value = "habitnet-light"
        await pilot.pause()
        assert app.theme == "habitnet-light"
        assert app.session.state.settings.theme == "habitnet-light"
        await wait_saved(pilot)
        await pilot.press("q")
    again = create_app(demo_dir, clock)
    async with again.run_test() as pilot:
        await wait_ready(pilot)
        assert again.theme == "habitnet-light"


async def test_user_theme_loads_and_bad_theme_falls_back(
    demo_dir: Path, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    (config / "themes").mkdir(parents=True)
    (config / "themes" / "mine.toml").write_text(
        'name = "my-sunset"\nprimary = "#FF7F50"\nbackground = "#201010"\n', encoding="utf-8"
    )
    (config / "themes" / "broken.toml").write_text('name = "oops"\nprimary = 12\n')
    monkeypatch.setenv("HABITNET_CONFIG", str(config))
    state = State.model_validate_json((demo_dir / "habitnet.json").read_bytes())
    state.settings = state.settings.model_copy(update={"theme": "oops"})
    (demo_dir / "habitnet.json").write_text(state.model_dump_json(), encoding="utf-8")
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        assert "my-sunset" in app.available_themes
        assert "oops" not in app.available_themes
        assert app.theme == "habitnet-dark"
        texts = [n.message for n in app._notifications]
        assert any("broken.toml" in t for t in texts)
        assert any("'oops' is not available" in t for t in texts)
        app.set_theme_setting("my-sunset")
        await pilot.pause()
        assert app.theme == "my-sunset"
        assert app.session.state.settings.theme == "my-sunset"


def test_shipped_themes_parse() -> None:
    loaded = load_themes(include_user=False)
    names = {t["name"] for t in loaded.themes}
    assert {"habitnet-dark", "habitnet-light", "habitnet-high-contrast"} <= names
    assert not loaded.problems


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name = 'x'\nprimary = 'not a colour!'", "not a colour"),
        ("primary = '#fff'", "'name'"),
        ("name = 'x'", "'primary'"),
        ("name = 'x'\nprimary = '#fff'\nsparkle = 1", "unknown key"),
        ("name = 'x'\nprimary = '#fff'\ndark = 'yes'", "'dark'"),
        ("name = [", "not valid TOML"),
    ],
)
def test_bad_theme_files_say_why(text: str, problem: str) -> None:
    with pytest.raises(ThemeFileError, match=problem):
        parse_theme(text, "Theme file t.toml")
