"""Pilot tests of reused forms: built once, shown afresh, restyled when styles change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apphelpers import wait_ready
from textual.color import Color
from textual.screen import ModalScreen

from habitnet.app import create_app
from habitnet.clock import FixedClock
from habitnet.screens.forms.modal import FormScreen
from habitnet.widgets.keybar import KeyBar


async def _open(pilot: Any, key: str, name: str) -> Any:
    await pilot.press(key)
    for _ in range(3):
        await pilot.pause()
    form = pilot.app.screen
    assert type(form).__name__ == name
    return form


async def _close(pilot: Any) -> None:
    """escape; a form holding typed text asks first, and y discards it."""
    await pilot.press("escape")
    for _ in range(2):
        await pilot.pause()
    if type(pilot.app.screen).__name__ == "ConfirmScreen":
        await pilot.press("y")
        for _ in range(2):
            await pilot.pause()


async def test_checkin_form_is_built_once_and_shows_todays_values_each_time(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        day = clock.today()
        state = app.session.state
        gone = [c for c in state.checkins if c.day != day]
        app.session.replace_state(state.model_copy(update={"checkins": gone}))
        await pilot.pause()
        first = await _open(pilot, "c", "CheckInScreen")
        assert first.query_one("#energy").value is None
        assert app.focused is first.query_one("#energy")
        await pilot.press("2", "enter")  # energy only: refused, the error shows
        await pilot.pause()
        assert app.screen is first
        error = first.query_one("#checkin-error")
        assert error.display and "mood" in str(error.render())
        await _close(pilot)
        assert app.session.state.checkin(day) is None
        # Reopened: the same widgets, nothing left over from the cancelled attempt.
        again = await _open(pilot, "c", "CheckInScreen")
        assert again is first, "the built form is reused"
        assert again.query_one("#energy").value is None
        assert again.query_one("#mood").value is None
        assert not again.query_one("#checkin-error").display
        assert app.focused is again.query_one("#energy")
        await pilot.press("4", "3")
        again.query_one("#note").value = "slept well"
        await pilot.press("ctrl+s")
        for _ in range(3):
            await pilot.pause()
        assert not isinstance(app.screen, ModalScreen)
        saved = app.session.state.checkin(day)
        assert saved is not None and (saved.energy, saved.mood, saved.note) == (4, 3, "slept well")
        # Opening it again shows what was saved, to change it.
        third = await _open(pilot, "c", "CheckInScreen")
        assert third is first
        assert (third.query_one("#energy").value, third.query_one("#mood").value) == (4, 3)
        assert third.query_one("#note").value == "slept well"
        assert "Energy 4" in str(third.query_one("#scale-hint").render())


async def test_forms_are_opaque_and_show_their_own_keys(demo_dir: Path, clock: FixedClock) -> None:
    """The screen below is hidden (and never repainted under a form), so each form
    carries a key bar with its own keys."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        for key, name, keys in (
            ("l", "LogActivityScreen", ("esc Cancel", "Log it")),
            ("c", "CheckInScreen", ("esc Cancel", "Save")),
        ):
            form = await _open(pilot, key, name)
            assert isinstance(form, FormScreen)
            assert form.styles.background.a == 1
            text = form.query_one(KeyBar).plain()
            assert all(k in text for k in keys), text
            assert "l Log" not in text and "q Quit" not in text
            await _close(pilot)


async def test_a_reused_form_takes_a_new_theme(demo_dir: Path, clock: FixedClock) -> None:
    """A theme chosen while the kept form was closed shows when it opens again."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open(pilot, "l", "LogActivityScreen")
        box = form.query_one("#log-box")
        await _close(pilot)
        again = await _open(pilot, "l", "LogActivityScreen")
        assert again is form
        await _close(pilot)
        before = box.styles.background.rgb
        assert before == Color.parse(app.get_css_variables()["surface"]).rgb
        for name in app.available_themes:
            app.theme = name
            for _ in range(3):
                await pilot.pause()
            if Color.parse(app.get_css_variables()["surface"]).rgb != before:
                break
        surface = Color.parse(app.get_css_variables()["surface"]).rgb
        assert surface != before
        again = await _open(pilot, "l", "LogActivityScreen")
        assert again is form
        assert box.styles.background.rgb == surface


async def test_a_closed_form_takes_css_loaded_while_it_was_hidden(
    demo_dir: Path, clock: FixedClock
) -> None:
    """CSS added while a built form is closed (a stylesheet read later, a widget class's
    default CSS) reaches the form when it opens again: it is not shown with stale
    styles."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open(pilot, "l", "LogActivityScreen")
        await _close(pilot)
        red = Color.parse("#ff0000")
        assert form.query_one("#log-grid").styles.background != red
        # What App._load_screen_css does when a screen's CSS is first needed.
        app.stylesheet.add_source(
            "LogActivityScreen #log-grid { background: #ff0000; }", read_from=("test", "extra")
        )
        app.stylesheet.reparse()
        app.stylesheet.update(app)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        again = await _open(pilot, "l", "LogActivityScreen")
        assert again is form
        assert form.query_one("#log-grid").styles.background == red


async def test_the_log_form_is_built_once_and_opens_afresh(
    demo_dir: Path, clock: FixedClock
) -> None:
    """The second ``l`` shows the same form, with nothing left over from the first (a
    cancelled note, a chosen kind), the focus on the first field."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open(pilot, "l", "LogActivityScreen")
        assert app.focused is form.query_one("#kind")
        form.query_one("#kind").value = "coffee"
        form.query_one("#note").value = "typed, then cancelled"
        await _close(pilot)
        again = await _open(pilot, "l", "LogActivityScreen")
        assert again is form
        kinds = app.session.state.settings.activity_kinds
        assert again.query_one("#kind").value == kinds[0].name
        assert again.query_one("#note").value == ""
        assert app.focused is again.query_one("#kind")


async def test_the_contact_form_is_reused_and_shows_the_contact_asked_for(
    demo_dir: Path, clock: FixedClock
) -> None:
    """People keeps one contact form: editing another contact shows that one, with the
    focus on the name."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p")
        await pilot.pause(0.3)
        people = app.screen
        first = await _open(pilot, "enter", "ContactForm")
        name = first.value("name")
        await _close(pilot)
        assert app.screen is people
        await pilot.press("down")
        await pilot.pause()
        again = await _open(pilot, "enter", "ContactForm")
        assert again is first
        assert again.value("name") != name
        assert app.focused is again.query_one("#f-name")
