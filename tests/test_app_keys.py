"""Keys and names that explain themselves (issue #14 points 8 and 11).

The screen keys ``t e j p w s`` open their screens from every screen, and nothing else is
ever bound to them; the key bar names the screens where they fit, the one in view
marked, and shortens to words (never bare letters); the header names the screen and
keeps the burnout risk on a 60×15 terminal.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from apphelpers import wait_ready
from textual.binding import Binding
from textual.dom import DOMNode

import habitnet.screens
import habitnet.widgets
from habitnet.app import SCREENS, HabitnetApp, create_app, open_action
from habitnet.clock import FixedClock
from habitnet.widgets.keybar import KeyBar, KeyItem
from habitnet.widgets.statusline import StatusLine

SCREEN_KEYS = {key: mode for mode, (key, _t, _m, _c) in SCREENS.items()}


def _classes_with_bindings() -> list[type[DOMNode]]:
    found: list[type[DOMNode]] = []
    for package in (habitnet.screens, habitnet.widgets):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, DOMNode)
                    and value.__module__ == module.__name__
                    and "BINDINGS" in vars(value)
                ):
                    found.append(value)
    return found


def test_no_screen_or_widget_binds_a_screen_key() -> None:
    """Only the app binds t e j p w s (to open the screens): no screen, form or widget
    of habitnet declares a binding on one of them."""
    classes = _classes_with_bindings()
    assert len(classes) > 10
    for cls in classes:
        for item in vars(cls)["BINDINGS"]:
            binding = item if isinstance(item, Binding) else Binding(*item)
            for key in binding.key.split(","):
                assert key.strip() not in SCREEN_KEYS, (
                    f"{cls.__name__} binds {key!r} to {binding.action!r}: "
                    f"that key opens {SCREEN_KEYS[key.strip()]}"
                )


def _check_screen_keys(app: HabitnetApp, where: str) -> None:
    active = app.screen.active_bindings
    for key, mode in SCREEN_KEYS.items():
        if key not in active:
            # Only where the letters are typed into a field (a search box, an edit line).
            assert app.focused is not None and app.focused.check_consume_key(key, key), (
                f"{where}: {key} does nothing"
            )
            continue
        binding = active[key].binding
        assert binding.action == open_action(mode), (
            f"{where}: {key} is bound to {binding.action!r}, not to open {mode}"
        )


async def test_every_screen_key_opens_its_screen_from_every_screen(
    demo_dir: Path, clock: FixedClock
) -> None:
    """On every screen, with each of its widgets focused in turn, each of t e j p w s is
    either typed into the focused field or opens its screen — never anything else —
    and pressing it (with the list focused) opens that screen."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        for mode, (key, _title, _m, _c) in SCREENS.items():
            await pilot.press(key)
            await pilot.pause(0.1)
            assert app.current_mode == mode
            screen = app.screen
            start = app.focused
            _check_screen_keys(app, f"{mode} (focus on {start!r})")
            for widget in screen.focus_chain:
                widget.focus()
                await pilot.pause()
                _check_screen_keys(app, f"{mode} (focus on {widget!r})")
            if start is not None:
                start.focus()
                await pilot.pause()
            for other, (other_key, _t, _m2, _c2) in SCREENS.items():
                await pilot.press(other_key)
                await pilot.pause(0.05)
                assert app.current_mode == other, f"{other_key} on {mode}"
                await pilot.press(key)
                await pilot.pause(0.05)
                assert app.current_mode == mode


def _item(key: str, desc: str, rank: int, group: str | None = None, current: bool = False):
    return KeyItem(key, key, desc, True, group, rank, current)


def _bar(*screen_keys: KeyItem, current: str = "t") -> KeyBar:
    bar = KeyBar()
    bar.items = (
        *screen_keys,
        *(
            _item(k, SCREENS[m][1], 2, "screens", current=k == current)
            for k, m in SCREEN_KEYS.items()
        ),
        _item("?", "Help", 0),
        _item("q", "Quit", 0),
    )
    bar.palette = KeyItem("ctrl+p", "^p", "palette", True, None, 0)
    return bar


def test_the_bar_names_the_screens_where_they_fit_and_never_shows_bare_letters() -> None:
    bar = _bar(_item("l", "Log", 1), _item("c", "Check in", 1), _item("u", "Undo", 1))
    wide = bar.plain(120)
    assert "t Today  e Energy  j Journal  p People  w Review  s Settings" in wide, wide
    assert "c Check in" in wide
    middle = bar.plain(80)
    assert "t e j p w s screens" in middle and "c Check in" in middle, middle
    narrow = bar.plain(60)
    assert len(narrow) <= 60
    for shown in ("l Log", "c Check", "? Help", "q Quit", "^p palette"):
        assert shown in narrow, narrow
    # Every key shows with a word: no letter stands alone.
    for width in range(40, 130):
        words = bar.plain(width).split()
        for i, word in enumerate(words):
            if len(word) == 1 and word not in "tejpws":
                assert i + 1 < len(words) and len(words[i + 1]) > 1, (width, bar.plain(width))


def test_the_screen_in_view_is_marked() -> None:
    bar = _bar(current="j")
    assert [i.key for i in bar.items if i.current] == ["j"]


async def test_the_bar_marks_the_screen_in_view(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        for mode, (key, title, _m, _c) in SCREENS.items():
            await pilot.press(key)
            await pilot.pause(0.1)
            bar = app.screen.query_one(KeyBar)
            marked = [item.key for item in bar.items if item.current]
            assert marked == [key], (mode, marked)
            if mode == "today":
                text = bar.render()
                start = text.plain.index(f"{key} {title}")
                styles = {str(span.style) for span in text.spans if span.start == start}
                current = str(bar.get_component_rich_style("keybar--current"))
                assert any(current in style for style in styles), styles


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (120, 40)])
async def test_the_header_names_the_screen_and_keeps_the_risk(
    demo_dir: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    """Every screen's header starts with its name and says DEMO on the demo data; at
    60×15 it still shows the risk score, and nothing runs off the line."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        for _mode, (key, title, _m, _c) in SCREENS.items():
            await pilot.press(key)
            await pilot.pause(0.1)
            line = app.screen.query_one(StatusLine)
            text, _level = line.line_text()
            assert text.startswith(f" {title} "), text
            assert "DEMO" in text
            score = app.glance()["status_numbers"]["risk"]["score"]  # type: ignore[index]
            assert f"Risk {score}" in text, text
            assert len(text) <= line.content_region.width, (size, text)
            bar = app.screen.query_one(KeyBar).plain()
            assert len(bar) <= size[0]
            assert "? Help" in bar and "q Quit" in bar


async def test_the_header_has_no_demo_mark_on_own_data(tmp_path: Path, clock: FixedClock) -> None:
    from habitnet.session import Session

    session = Session.open(tmp_path, clock)
    session.checkin(3, 3)
    session.save()
    session.close()
    app = create_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        text, _level = app.screen.query_one(StatusLine).line_text()
        assert text.startswith(" Today ") and "DEMO" not in text, text


#: Where the key bar is read: (screen key, keys pressed there; empty: the screen itself).
#: The forms too (their own bars), and the help.
PLACES = [
    ("t", ()),
    ("t", ("l",)),
    ("t", ("c",)),
    ("t", ("question_mark",)),
    ("e", ()),
    ("j", ()),
    ("j", ("n",)),
    ("j", ("f",)),
    ("p", ()),
    ("p", ("a",)),
    ("p", ("E",)),
    ("w", ()),
    ("w", ("r",)),
    ("s", ()),
    ("s", ("a",)),
]


@pytest.mark.parametrize("size", [(60, 15), (80, 24)])
async def test_every_bar_in_sight_shortens_to_words_never_bare_letters(
    demo_dir: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    """On the real screens and forms, at 60×15 and 80×24: each key in the bar has its
    word beside it (``/ Search``, ``esc Cancel``), never a letter alone (#14 point 11)."""
    import re

    from apphelpers import key_bar_text

    app = create_app(demo_dir, clock)
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        for screen_key, keys in PLACES:
            await pilot.press(screen_key)
            await pilot.pause(0.1)
            base = app.screen
            for key in keys:
                await pilot.press(key)
                for _ in range(3):
                    await pilot.pause()
            bar = key_bar_text(app).strip()
            assert len(bar) <= size[0]
            for item in re.split(r"\s{2,}", bar):
                key, _, words = item.partition(" ")
                assert words and any(len(w) > 1 for w in words.split()), (
                    screen_key,
                    keys,
                    size,
                    bar,
                )
            while app.screen is not base:  # close what was opened (nothing was typed)
                await pilot.press("escape")
                await pilot.pause()
