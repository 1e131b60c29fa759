"""#14 point 1: no typed text is ever dropped silently. Every form that holds typed text
(journal entry, contact, review, log, check-in, activity kind) asks before escape or
``ctrl+q`` drops it; the answer "keep editing" / "stay" leaves the text where it was.
(The welcome's and Settings' own tests: test_app_welcome.py, test_app_settings.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from apphelpers import wait_ready
from textual.widgets import Input, TextArea

from habitnet.app import create_app
from habitnet.clock import FixedClock

#: form: (screen key, key that opens the form, the field typed in, or None when the
#: form puts the cursor where the typing goes after ``before`` keys)
FORMS: dict[str, tuple[str, str, str | None, tuple[str, ...]]] = {
    "journal entry": ("j", "n", "#f-text", ()),
    "contact": ("p", "a", "#f-name", ()),
    "review": ("w", "r", "#f-reflection", ()),
    "log": ("t", "l", "#note", ()),
    "check-in": ("t", "c", None, ("3", "4")),  # the digits, then the cursor is in the note
    "kind": ("s", "a", "#kind-name", ()),
}

TYPED = "met Ana"


async def _open_form(pilot: Any, form: str) -> Any:
    """The form open, nothing typed yet."""
    screen_key, open_key, _field, _before = FORMS[form]
    await wait_ready(pilot)
    await pilot.press(screen_key)
    await pilot.pause()
    await pilot.press(open_key)
    for _ in range(3):
        await pilot.pause()
    return pilot.app.screen


async def _open(pilot: Any, form: str) -> Any:
    """The form open, with text typed in it."""
    _screen_key, _open_key, field, before = FORMS[form]
    app = pilot.app
    opened = await _open_form(pilot, form)
    if field is not None:
        opened.query_one(field).focus()
        await pilot.pause()
    await pilot.press(*before)
    await pilot.pause()
    start = _text(app.focused)
    await pilot.press(*TYPED)
    await pilot.pause()
    assert _text(app.focused) != start, f"{form}: the typing did not land in a field"
    return opened


def _text(widget: Any) -> str:
    if isinstance(widget, TextArea):
        return widget.text
    assert isinstance(widget, Input), widget
    return widget.value


@pytest.mark.parametrize("form", list(FORMS))
async def test_escape_asks_before_dropping_typed_text(
    form: str, demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        opened = await _open(pilot, form)
        field = app.focused
        typed = _text(field)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen", f"{form}: escape dropped the text"
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is opened and _text(field) == typed
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard, now that the user said so
        for _ in range(3):
            await pilot.pause()
        assert app.screen is not opened


@pytest.mark.parametrize("form", list(FORMS))
async def test_ctrl_q_asks_before_dropping_typed_text(
    form: str, demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        opened = await _open(pilot, form)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen", f"{form}: ctrl+q dropped the text"
        await pilot.press("n")  # stay
        await pilot.pause()
        assert app.screen is opened and app.is_running


@pytest.mark.parametrize("form", ["log", "check-in", "kind"])
async def test_escape_with_nothing_typed_closes_at_once(
    form: str, demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        opened = await _open_form(pilot, form)
        await pilot.press("escape")
        for _ in range(3):
            await pilot.pause()
        assert app.screen is not opened
        assert type(app.screen).__name__ != "ConfirmScreen"
