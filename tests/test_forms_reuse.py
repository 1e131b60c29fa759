"""Pilot tests of reused forms: built once, shown afresh, restyled when styles change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
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
    await pilot.press("escape")
    for _ in range(2):
        await pilot.pause()


async def test_checkin_form_is_built_once_and_shows_todays_values_each_time(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        day = clock.today()
        app.session.state.checkins = [c for c in app.session.state.checkins if c.day != day]
        app.changed()
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
    """Reopening skips restyling the whole form only while nothing styles depend on
    changed; a theme chosen while the form was closed shows when it opens again."""
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


@pytest.mark.parametrize("pause", [0, 0.01])
async def test_prebuilt_forms_open_like_later_opens(
    demo_dir: Path, clock: FixedClock, pause: float
) -> None:
    """Forms built in idle time (``prebuild_forms``) are the ones the keys open, with
    the values asked for and the focus on the first field."""
    from habitnet.screens.forms.modal import prebuild_forms

    app = create_app(demo_dir, clock)
    app._prebuild = lambda: None  # type: ignore[method-assign]  # built by hand below
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        prebuild_forms(app, pause=pause)
        for _ in range(20):
            await pilot.pause(0.02)
        built = {type(s).__name__: s for s in app._installed_screens.values()}
        assert {"LogActivityScreen", "CheckInScreen"} <= set(built)
        assert app.screen is screen, "building them shows nothing"
        layouts = _count_layouts(built["LogActivityScreen"])
        form = await _open(pilot, "l", "LogActivityScreen")
        assert form is built["LogActivityScreen"]
        assert not layouts, "built, laid out and painted while hidden: no layout to open"
        assert app.focused is form.query_one("#kind")
        kinds = app.session.state.settings.activity_kinds
        assert form.query_one("#kind").value == kinds[0].name
        assert form.query_one("#contacts").chosen == []
        await _close(pilot)
        form = await _open(pilot, "c", "CheckInScreen")
        assert form is built["CheckInScreen"]
        assert app.focused is form.query_one("#energy")
        saved = app.session.state.checkin(clock.today())
        assert form.query_one("#energy").value == (saved.energy if saved else None)


def _count_calls(obj: Any, name: str, calls: list[object] | None = None) -> list[object]:
    """A list (``calls``, or a new one) that gets the arguments of each call of
    ``obj.name`` from now on; the call itself still happens."""
    calls = [] if calls is None else calls
    original = getattr(obj, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    setattr(obj, name, counted)
    return calls


def _count_layouts(form: Any) -> list[object]:
    """A list that gets an entry each time ``form`` is laid out (Textual 8.2's
    ``Screen._refresh_layout``)."""
    return _count_calls(form, "_refresh_layout")


async def test_a_closed_form_takes_css_loaded_while_it_was_hidden(
    demo_dir: Path, clock: FixedClock
) -> None:
    """A screen's first visit adds its CSS and parses the stylesheet again; a built form
    that those rules reach is restyled (it is not reopened with stale styles)."""
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
        for _ in range(40):  # the restyle's layout is done while hidden, 0.3 s apart
            await pilot.pause(0.02)
        layouts = _count_layouts(form)
        again = await _open(pilot, "l", "LogActivityScreen")
        assert again is form
        assert form.query_one("#log-grid").styles.background == red
        assert not layouts, "restyled, laid out and painted while hidden"


async def test_a_form_opened_while_it_is_still_being_built_shows_what_was_asked(
    demo_dir: Path, clock: FixedClock
) -> None:
    """A plan item logged while the log form is mounting in idle time: the form shows
    that item's kind and title, not the defaults it was being built with."""
    from habitnet.screens.forms.log_activity import LogActivityScreen, log_form
    from habitnet.screens.forms.modal import mount_hidden, prebuilt

    app = create_app(demo_dir, clock)
    app._prebuild = lambda: None  # type: ignore[method-assign]  # built by hand below
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        built = prebuilt(app, "log-form", LogActivityScreen)
        assert built is not None
        mount_hidden(app, built)
        assert not built.is_mounted  # mounting happens in the form's own task
        contact = app.session.state.contacts[0]
        form = log_form(app, kind="coffee", contact_ids=[contact.id], title="Log: coffee")
        assert form is built
        app.push_screen(form)
        for _ in range(4):
            await pilot.pause()
        assert app.screen is form
        assert form.query_one("#kind").value == "coffee"
        assert form.query_one("#contacts").chosen == [contact.id]
        assert str(form.query_one(".form-title").render()) == "Log: coffee"


async def test_the_app_builds_todays_forms_once_the_data_is_shown(
    demo_dir: Path, clock: FixedClock
) -> None:
    from habitnet.screens.forms.checkin import checkin_form
    from habitnet.screens.forms.log_activity import log_form

    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        for _ in range(100):
            await pilot.pause(0.02)
            log, checkin = log_form(app), checkin_form(app)  # the kept ones (reloaded)
            if log.is_mounted and checkin.is_mounted:
                break
        assert log.is_mounted and checkin.is_mounted  # built without being opened
        assert app.is_screen_installed(log) and app.is_screen_installed(checkin)
        assert app.screen.__class__.__name__ == "TodayScreen"
        await pilot.press("l")
        await pilot.pause()
        assert app.screen is log


async def test_opening_and_closing_a_form_keeps_the_screens_own_lines(
    demo_dir: Path, clock: FixedClock
) -> None:
    """Today and the forms repaint whole when shown, but their own background lines
    are kept (``KeepsOwnLines``): none is rendered again, and what is drawn equals a
    repaint from scratch."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        today = app.screen
        form = await _open(pilot, "l", "LogActivityScreen")
        await _close(pilot)
        rendered: list[object] = []
        for screen in (today, form):
            _count_calls(screen._styles_cache, "render_line", rendered)

        def cells() -> list[list[object]]:
            return [list(strip) for strip in app.screen._compositor.render_strips()]

        assert await _open(pilot, "l", "LogActivityScreen") is form
        drawn_form = cells()
        await _close(pilot)
        assert app.screen is today
        drawn_today = cells()
        assert not rendered, "the screens' own lines were rendered again"
        today._styles_cache.clear()
        assert cells() == drawn_today
        assert len(rendered) == 40  # all of Today's own lines, afresh: the same cells
        rendered.clear()
        form._styles_cache.clear()
        assert [list(s) for s in form._compositor.render_strips()] == drawn_form
        assert len(rendered) == 40


async def test_reopening_the_contact_form_does_not_repaint_the_focused_field(
    demo_dir: Path, clock: FixedClock
) -> None:
    """The reused contact form gets its focus while hidden; showing it again must not
    focus the field a second time (Widget.focus repaints it: a second frame)."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p")
        await pilot.pause(0.3)
        form = await _open(pilot, "enter", "ContactForm")
        field = form.query_one("#f-name")
        assert app.focused is field
        await _close(pilot)
        repaints = _count_calls(field, "refresh")
        again = await _open(pilot, "enter", "ContactForm")  # the same contact
        assert again is form and app.focused is field
        assert not repaints


async def test_the_contact_form_can_be_built_in_idle_time_for_people(
    demo_dir: Path, clock: FixedClock
) -> None:
    """``prebuild_forms(contact_form=True)`` builds the contact form People reuses:
    editing a contact opens that one, filled in with the contact."""
    from habitnet.screens.forms.modal import prebuild_forms

    app = create_app(demo_dir, clock)
    app._prebuild = lambda: None  # type: ignore[method-assign]  # built by hand below
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        prebuild_forms(app, pause=0, contact_form=True)
        for _ in range(30):
            await pilot.pause(0.02)
        built = {type(s).__name__: s for s in app._installed_screens.values()}
        assert "ContactForm" in built and built["ContactForm"].is_mounted
        await pilot.press("p")
        await pilot.pause(0.3)
        contact = app.screen._selected()
        form = await _open(pilot, "enter", "ContactForm")
        assert form is built["ContactForm"]
        assert form.value("name") == contact.name
        assert app.focused is form.query_one("#f-name")
