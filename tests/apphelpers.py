"""Helpers for Pilot tests of the habitnet app."""

from __future__ import annotations

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


async def wait_prebuilt(pilot: Pilot[Any], *, loops: int = 400) -> None:
    """Wait until what the app builds in idle time after the load (Today's forms, the
    People screen) is built: a test that counts restyles or repaints starts after it."""
    app: Any = pilot.app
    for _ in range(loops):
        if app.prebuilt:
            break
        await pilot.pause(0.01)
    else:
        raise AssertionError("the idle-time builds did not finish")
    await pilot.pause()


def key_bar_text(app: Any) -> str:
    """The bottom line as drawn: the key bar of the screen shown."""
    return str(app.screen._compositor.render_strips()[-1].text)


def send_burst(app: Any, keys: list[tuple[str, str | None]]) -> None:
    """Queue ``(key, character)`` events all at once, as keys typed faster than the app
    handles them (or while it is busy) arrive: each is handled after all are queued."""
    from textual import events

    for key, char in keys:
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def discard_form(pilot: Pilot[Any]) -> None:
    """Leave a form holding typed changes: escape asks first, y discards."""
    await pilot.press("escape")
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "ConfirmScreen", "escape did not ask first"
    await pilot.press("y")
    await pilot.pause()


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
