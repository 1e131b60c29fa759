"""The key bar at the bottom of every screen: fits the width, repaints only on change."""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import wait_ready

from habitnet.app import SCREENS, create_app
from habitnet.clock import FixedClock
from habitnet.widgets.keybar import KeyBar, KeyItem
from habitnet.widgets.search_box import SearchBox


@pytest.mark.parametrize("width", [80, 120])
async def test_every_screen_shows_help_quit_and_palette(
    demo_dir: Path, clock: FixedClock, width: int
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(width, 24)) as pilot:
        await wait_ready(pilot)
        for mode, (key, _title, _m, _c) in SCREENS.items():
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            bar = app.screen.query_one(KeyBar)
            text = bar.plain()
            assert len(text) <= width, text
            for shown in ("? Help", "q Quit", "^p palette"):
                assert shown in text, f"{mode} at {width}: {text!r}"
            # every key the bar shows is one of the screen's active bindings
            active = app.screen.active_bindings
            assert all(item.key in active for item in bar.items)


async def test_today_bar_names_its_keys(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        text = app.screen.query_one(KeyBar).plain()
        for shown in ("l Log", "c Check in", "u Undo", "t Today  e Energy  j Journal"):
            assert shown in text, text


async def test_bar_repaints_only_when_keys_change(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        bar = app.screen.query_one(KeyBar)
        before = bar.items
        assert before
        assert bar.update_keys() is False  # same keys: no repaint
        await pilot.press("tab")  # focus moves between Today's lists; same keys
        await pilot.pause()
        assert bar.items == before
        assert bar.update_keys() is False


def _item(key: str, desc: str, rank: int, group: str | None = None) -> KeyItem:
    return KeyItem(key, key, desc, True, group, rank)


def test_fit_shortens_least_important_first() -> None:
    bar = KeyBar()
    bar.items = (
        _item("a", "Alpha long description", 1),
        _item("b", "Bravo", 1),
        *(_item(k, k.upper(), 2, "screens") for k in "tejpws"),
        _item("?", "Help", 0),
        _item("q", "Quit", 0),
    )
    bar.palette = KeyItem("ctrl+p", "^p", "palette", True, None, 0)
    wide = bar.plain(120)
    assert "a Alpha long description" in wide and "t T  e E  j J  p P  w W  s S" in wide
    assert "t e j p w s screens" in bar.plain(75)
    narrow = bar.plain(40)
    assert len(narrow) <= 40, narrow
    for shown in ("? Help", "q Quit", "^p palette"):
        assert shown in narrow
    assert "Alpha long description" not in narrow


async def test_clicking_a_key_runs_it(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        bar = app.screen.query_one(KeyBar)
        bar.render()
        x = next(start for start, _end, key in bar._spans if key == "question_mark")
        await pilot.click(KeyBar, offset=(x, 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_a_modal_gets_the_bar_and_the_screens_keys_leave_it(
    demo_dir: Path, clock: FixedClock
) -> None:
    """Over a dialog the screen's bar shows the dialog's keys, never the screen's
    (which the dialog blocks: `a` typed in a form is a letter, not "Add kind")."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        bar = screen.query_one(KeyBar)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        assert not app.screen.query(KeyBar)  # a dialog without a bar of its own
        text = bar.plain()
        assert "esc Close" in text
        assert "l Log" not in text and "Check in" not in text and "q Quit" not in text
        assert all(item.key in app.screen.active_bindings for item in bar.items)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen
        text = bar.plain()
        assert "l Log" in text and "q Quit" in text


async def test_a_form_shows_its_keys_on_its_own_bar_and_the_screens_bar_stays(
    demo_dir: Path, clock: FixedClock
) -> None:
    """A form carries its own bar (it hides the screen below): the bar shown is the
    form's, with the form's keys; the hidden bar of the screen below is left as it
    was (no re-read, no repaint), so closing the form does not repaint it."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        bar = screen.query_one(KeyBar)
        before = bar.items
        refreshes: list[object] = []
        original = bar.refresh

        def counted(*args: object, **kwargs: object) -> object:
            refreshes.append(args)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        bar.refresh = counted  # type: ignore[method-assign]
        await pilot.press("l")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is not screen  # the log form is open
        shown = app.screen.query_one(KeyBar)
        assert shown is not bar and shown.region.y == app.size.height - 1
        text = shown.plain()
        assert "esc Cancel" in text and "Log it" in text
        assert "l Log" not in text and "Check in" not in text and "q Quit" not in text
        assert all(item.key in app.screen.active_bindings for item in shown.items)
        assert bar.items == before and not refreshes
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen
        text = bar.plain()
        assert "l Log" in text and "q Quit" in text
        assert not refreshes


async def test_a_focus_move_changes_the_bar_with_the_focus(
    demo_dir: Path, clock: FixedClock
) -> None:
    """People's `/` moves the focus to the search box and the bar to its keys (the
    letter keys leave while typing a search)."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p")
        await pilot.pause(0.5)
        before = app.screen.query_one(KeyBar).plain()
        assert "a Add" in before
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, SearchBox)
        after = app.screen.query_one(KeyBar).plain()
        assert after != before and "a Add" not in after and "esc Clear" in after


@pytest.mark.parametrize("mode", ["people", "journal"])
async def test_typing_a_search_shows_how_to_leave_it(
    demo_dir: Path, clock: FixedClock, mode: str
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press(SCREENS[mode][0])
        await pilot.pause(0.3)
        await pilot.press("slash", "a")
        await pilot.pause()
        text = app.screen.query_one(KeyBar).plain()
        assert "⏎ Done" in text and "esc Clear" in text, text
        assert "q Quit" not in text  # q is a letter typed into the box here
        await pilot.press("escape")  # does what the bar says: clears and leaves
        await pilot.pause()
        assert app.screen.query_one(SearchBox).value == ""
        assert not isinstance(app.focused, SearchBox)
        assert "esc Clear" not in app.screen.query_one(KeyBar).plain()
