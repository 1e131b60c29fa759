"""Start-up stays light: the default theme needs no file, Today's first frame is small."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from apphelpers import wait_ready
from textual.color import Color
from textual.css.scalar import Scalar
from textual.css.stylesheet import Stylesheet

import habitnet.app as app_module
from habitnet.app import HabitnetApp, create_app
from habitnet.clock import FixedClock
from habitnet.themes import DEFAULT_THEME, DEFAULT_THEME_SPEC, parse_theme, shipped_themes_dir


def test_default_theme_dict_matches_its_file() -> None:
    path = shipped_themes_dir() / "dark.toml"
    assert parse_theme(path.read_text(encoding="utf-8"), str(path)) == DEFAULT_THEME_SPEC
    assert DEFAULT_THEME_SPEC["name"] == DEFAULT_THEME


async def test_first_frame_is_loading_then_today_mounts_its_panels(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        if app.session is None:  # the first frame: status line, loading line, key bar
            assert screen.query_one("#loading").display
            assert not screen.query("#plan")
        assert app.theme == DEFAULT_THEME
        await wait_ready(pilot)
        assert not screen.query_one("#loading").display
        assert screen.query_one("#plan").option_count >= 1
        assert app.focused is screen.query_one("#plan")
        # the other theme files were read in the loading thread
        assert "habitnet-light" in app.available_themes


def _css_files(app: Any) -> set[str]:
    return {Path(path).name for path, _var in app.stylesheet.source if path.endswith(".tcss")}


async def test_first_frame_parses_only_its_own_stylesheets_once(
    demo_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The theme set in ``__init__`` does not make Textual parse every stylesheet again,
    and the other screens' stylesheets are added after the first frame, not parsed
    before it; every screen still finds its own rules."""
    reparses: list[int] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparses.append(len(self.source))
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    seen_before: list[set[str]] = []
    read_later = HabitnetApp._read_later_css

    def spy(self: HabitnetApp) -> None:
        seen_before.append(_css_files(self))
        read_later(self)

    monkeypatch.setattr(HabitnetApp, "_read_later_css", spy)
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        # the default theme's colours, although the stylesheet was not parsed again
        assert app.screen.styles.background == Color.parse(DEFAULT_THEME_SPEC["background"])
        await wait_ready(pilot)
        assert seen_before == [{"app.tcss", "today.tcss"}]
        screens = {p.name for p in (Path(app_module.__file__).parent / "screens").glob("*.tcss")}
        assert _css_files(app) == {"app.tcss", *screens}
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.query_one("#people-body").styles.height == Scalar.parse("1fr")
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one("#edit-input").styles.width == Scalar.parse("16")
    assert reparses == []


async def test_todays_first_resume_restyles_only_after_a_css_change(
    demo_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today's first resume comes right after its mount styled every node: Textual's
    restyle of the whole screen is skipped then, but not when the CSS changed between
    (a theme switch), and later resumes restyle as Textual does."""
    from textual.screen import Screen

    from habitnet.screens.today import TodayScreen

    restyles: list[str] = []
    update = Screen.update_node_styles

    def counted(self: Screen[Any], animate: bool = True) -> None:
        if isinstance(self, TodayScreen):
            restyles.append("today")
        update(self, animate)

    monkeypatch.setattr(Screen, "update_node_styles", counted)
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert restyles == []  # skipped on the first resume
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert restyles == ["today"]  # a later resume restyles

        # what decides: the CSS generation recorded at mount, against the app's now
        from textual import events

        today = app.screen
        assert isinstance(today, TodayScreen)
        for styled_at, restyle in [(app._css_update_count, False), (-1, True), (None, True)]:
            today._styled_at = styled_at
            event = events.ScreenResume()
            today._on_screen_resume(event)
            assert event.refresh_styles is restyle
            assert today._styled_at is None  # only the first resume is ever skipped
