"""Start-up stays light: the default theme needs no file, Today's first frame is small."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apphelpers import wait_ready
from textual.color import Color
from textual.css.scalar import Scalar

import habitnet.app as app_module
from habitnet.app import create_app
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


async def test_every_screen_stylesheet_is_read_at_start_and_applies(
    demo_dir: Path, clock: FixedClock
) -> None:
    """The screens' stylesheets are all read with the app's (CSS_PATH), so opening a
    screen reads none; each screen finds its own rules."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.screen.styles.background == Color.parse(DEFAULT_THEME_SPEC["background"])
        screens = {p.name for p in (Path(app_module.__file__).parent / "screens").glob("*.tcss")}
        assert _css_files(app) == {"app.tcss", *screens}
        await wait_ready(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#energy-top").styles.height == Scalar.parse("auto")
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one("#edit-input").styles.width == Scalar.parse("16")
        assert _css_files(app) == {"app.tcss", *screens}


async def test_the_first_frame_styles_the_app_once(
    demo_dir: Path, clock: FixedClock, monkeypatch: Any
) -> None:
    """Neither habitnet's theme nor Today's mode makes Textual parse every stylesheet and
    restyle the app again before the first frame (``refresh_css``: each one was a tenth
    of that frame, seen in a terminal). Today is still the ``today`` mode: a screen key
    and ``t`` come back to the same screen."""
    refreshes: list[str] = []
    refresh_css = app_module.HabitnetApp.refresh_css

    def counted(self: app_module.HabitnetApp, animate: bool = True) -> None:
        refreshes.append(self.theme)
        refresh_css(self, animate)

    monkeypatch.setattr(app_module.HabitnetApp, "refresh_css", counted)
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        today = app.screen
        assert refreshes == []
        assert app.theme == DEFAULT_THEME
        assert app.current_theme.name == DEFAULT_THEME
        assert today.styles.background == Color.parse(DEFAULT_THEME_SPEC["background"])
        await wait_ready(pilot)
        assert refreshes == []  # the demo's theme is the default: nothing to restyle
        assert app.current_mode == "today"
        await pilot.press("e")
        await pilot.pause()
        assert app.current_mode == "energy"
        await pilot.press("t")
        await pilot.pause()
        assert app.current_mode == "today"
        assert app.screen is today
