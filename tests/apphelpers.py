"""Helpers for Pilot tests of the habitnet app."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot


async def wait_ready(pilot: Pilot[Any], *, loops: int = 400) -> None:
    """Wait until the data has loaded (or failed to) and the screens have refreshed.

    Raises AssertionError with what is on screen when nothing happens in time.
    """
    app: Any = pilot.app
    for _ in range(loops):
        if app.session is not None or app.load_error is not None:
            break
        await pilot.pause(0.01)
    else:
        raise AssertionError(f"the app did not finish loading; screen: {app.screen!r}")
    # Let data_version watchers and any pushed screens (welcome, error) settle.
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def key_bar_text(app: Any) -> str:
    """The bottom line as drawn: the key bar in sight (the top screen's own, or for a
    dialog without one, the one of the screen under it, which then shows the dialog's
    keys), rendered at its width."""
    from habitnet.widgets.keybar import KeyBar

    for screen in reversed(app.screen_stack):
        bars = [bar for bar in screen.query(KeyBar) if bar.display]
        if bars:
            return bars[0].render().plain
    raise AssertionError(f"no key bar in sight on {app.screen!r}")


def widget_text(widget: Any) -> str:
    """What ``widget`` draws, as text (its lines rendered at its size, trailing blanks
    dropped)."""
    from textual.geometry import Region

    width, height = widget.size
    lines = widget.render_lines(Region(0, 0, width, height))
    return "\n".join(strip.text.rstrip() for strip in lines).rstrip("\n")


def options(widget: Any) -> list[Any]:
    """The options of an ``OptionList``, or of a ``Select`` (its drop-down's), in order."""
    from textual.widgets import OptionList, Select

    olist = widget.query_one("SelectOverlay") if isinstance(widget, Select) else widget
    assert isinstance(olist, OptionList)
    return [olist.get_option_at_index(i) for i in range(olist.option_count)]


def send_burst(app: Any, keys: list[tuple[str, str | None]] | str) -> None:
    """Post ``(key, character)`` key events (or a string's characters) to the app all at
    once, before any is handled: as a paste, a fast typist or a terminal that was busy
    delivers them."""
    from textual import events

    if isinstance(keys, str):
        keys = [(char, char) for char in keys]
    for key, char in keys:
        app.post_message(events.Key(key, char))


async def discard_form(pilot: Pilot[Any]) -> None:
    """Leave a form holding typed changes: escape asks first, y discards."""
    await pilot.press("escape")
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "ConfirmScreen", "escape did not ask first"
    await pilot.press("y")
    await pilot.pause()


async def wait_until(done: Callable[[], bool], what: str, *, seconds: float = 5.0) -> None:
    """Let the app run until ``done()`` holds (plain sleeps: ``pilot.pause`` waits on the
    current screen, which may close meanwhile); AssertionError naming ``what`` if it
    does not within ``seconds``."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not done():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        await asyncio.sleep(0.02)


async def wait_for_screen(app: Any, name: str) -> None:
    """Wait until the screen on top is of the class called ``name``."""
    await wait_until(lambda: type(app.screen).__name__ == name, f"{name} on top")


async def wait_saved(pilot: Pilot[Any]) -> None:
    """Wait for background saves to finish."""
    app: Any = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: Any) -> str:
    """All visible Static/Label text of the active screen, for assertions."""
    from textual.widgets import Static

    parts = []
    for widget in app.screen.query(Static):
        try:
            parts.append(str(widget.render()))
        except Exception:
            continue
    return "\n".join(parts)


def drawn_lines(app: Any) -> list[str]:
    """Every row of the terminal as the app draws it now (the whole screen stack: the
    screen, a dialog over it, the toasts), read from ``App.export_screenshot`` (the SVG of
    a screenshot: one ``<text>`` per run of cells with one style, 12.2 units a cell), each
    character at its column."""
    import html
    import re

    cell = 12.2  # Rich's SVG export: a 20-unit line, 0.61 of it a cell
    pattern = (
        r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
        r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>'
    )
    runs = [
        (float(x), int(row), html.unescape(raw).replace("\xa0", " "))
        for x, row, raw in re.findall(pattern, app.export_screenshot(), flags=re.S)
    ]
    left = min((x for x, _row, _text in runs), default=0.0)  # column 0 (the status line's)
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for x, row, text in runs:
        col = round((x - left) / cell)
        for i, char in enumerate(text):
            if 0 <= row < height and 0 <= col + i < width:
                grid[row][col + i] = char
    return ["".join(line).rstrip() for line in grid]


def record_notifications(app: Any) -> list[str]:
    """Keep every message the app notifies from now on (the list fills as they come)."""
    told: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: Any) -> None:
        told.append(message)
        notify(message, **kwargs)

    app.notify = record
    return told
