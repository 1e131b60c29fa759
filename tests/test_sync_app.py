"""The app open on one device while the other syncs: the other device's new records
appear within seconds (the app's own poll, no key pressed), and a form being typed in
keeps its text."""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelpers import wait_ready, wait_saved
from synchelpers import FileSyncEngine, load, ok, session, state_home, synced_pair  # noqa: F401
from textual.widgets import Input

from habitnet.app import SYNC_POLL_SECONDS, create_app
from habitnet.clock import FixedClock
from habitnet.screens.forms.contact import ContactForm
from habitnet.screens.people import PeopleScreen

pytestmark = pytest.mark.usefixtures("state_home")


def pair(tmp_path: Path, clock: FixedClock) -> tuple[Path, Path, FileSyncEngine]:
    a, b = tmp_path / "laptop", tmp_path / "desk"
    with session(a, clock) as s:
        s.add_contact(name="Ada Lovelace")
    engine = synced_pair(a, b, clock, seed=3)
    assert load(a) == load(b)
    return a, b, engine


async def test_the_open_app_shows_the_other_devices_records_and_keeps_typed_text(
    tmp_path: Path, clock: FixedClock
) -> None:
    a, b, engine = pair(tmp_path, clock)
    app = create_app(a, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        people = app.screen
        assert isinstance(people, PeopleScreen)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        await pilot.press(*"Half-typed name")

        # meanwhile, on the desk: a new contact and an activity with her
        with session(b, clock) as s:
            grace = s.add_contact(name="Grace Hopper")
            s.log_activity(s.propose_activity("message", [grace.id]), "test")
        engine.settle()

        for _ in range(int(SYNC_POLL_SECONDS * 30)):  # the app's own poll, within seconds
            await pilot.pause(0.1)
            if any(c.name == "Grace Hopper" for c in app.session.state.contacts):
                break
        else:
            raise AssertionError("the desk's contact did not appear")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#f-name", Input).value == "Half-typed name"
        assert any(a.device == "desk" for a in app.session.state.activities)

        await pilot.press("escape")
        await pilot.pause()
        if app.screen is not people:  # the form asks before throwing typed text away
            await pilot.press("y")
            await pilot.pause()
        assert app.screen is people
        await pilot.pause()
        await pilot.pause()
        rows = {r.key for r in people.query_one("VirtualTable").rows}  # type: ignore[attr-defined]
        assert grace.id in rows
        await wait_saved(pilot)
    # the laptop's data file now holds the desk's records (merged and saved)
    assert any(c.name == "Grace Hopper" for c in load(a).contacts)


async def test_changes_made_in_the_app_reach_the_other_device(
    tmp_path: Path, clock: FixedClock
) -> None:
    a, b, engine = pair(tmp_path, clock)
    app = create_app(a, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        assert app.session is not None
        app.session.add_contact(name="Added in the app")  # the app hears it and saves
        await pilot.pause()
        await wait_saved(pilot)
    engine.settle()
    ok(b, clock, "sync")
    assert any(c.name == "Added in the app" for c in load(b).contacts)
    assert load(a) == load(b)
