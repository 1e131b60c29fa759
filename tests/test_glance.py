"""The glance file: Today's numbers kept beside the data so a start can show them early."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from apphelpers import wait_ready, wait_saved

from habitnet import engine, sidecar
from habitnet.app import create_app
from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.glance import today_glance
from habitnet.session import Session
from habitnet.store import Store
from habitnet.store.paths import DATA_FILE

DAY = DEMO_NOW.date()


def glance_of(state: Any, day: Any = DAY) -> dict[str, Any]:
    return today_glance(engine.today_overview(state, day), state.contact_map())


def test_the_glance_file_names_the_stores_data_file() -> None:
    assert sidecar.DATA_FILE == DATA_FILE


def test_read_needs_a_glance_for_the_day_of_this_very_data_file(
    demo_dir: Path, clock: FixedClock
) -> None:
    assert sidecar.read(demo_dir, DAY) is None  # none written yet
    store = Store(demo_dir, clock)
    state = store.load()
    g = glance_of(state)
    assert store.write_glance({DAY.isoformat(): g})
    assert sidecar.read(demo_dir, DAY) == json.loads(json.dumps(g))
    assert sidecar.read(demo_dir, DAY + timedelta(days=1)) is None  # not that day
    assert sidecar.days_in(demo_dir) == {DAY.isoformat()}

    # The data file saved again (by anything): the glance is stale and unused.
    store.save(state)
    assert sidecar.read(demo_dir, DAY) is None
    assert sidecar.days_in(demo_dir) == set()


def test_read_ignores_damaged_or_foreign_glance_files(demo_dir: Path, clock: FixedClock) -> None:
    store = Store(demo_dir, clock)
    store.load()
    assert store.write_glance({DAY.isoformat(): {"day": DAY.isoformat()}})
    path = demo_dir / sidecar.GLANCE_FILE
    good = path.read_bytes()
    doc = json.loads(good)
    bad: list[bytes] = [
        b"",
        good[: len(good) // 2],
        b"[1, 2]",
        b"\xff\xfe not json",
        json.dumps({**doc, "format": 99}).encode(),
        json.dumps({**doc, "data_file": [1, 2, 3]}).encode(),
        json.dumps({**doc, "days": {DAY.isoformat(): [1]}}).encode(),
        json.dumps({**doc, "days": None}).encode(),
    ]
    for data in bad:
        path.write_bytes(data)
        assert sidecar.read(demo_dir, DAY) is None, data[:40]
    path.write_bytes(good)
    assert sidecar.read(demo_dir, DAY) is not None


def test_a_save_writes_the_glance_stamped_with_the_new_file(
    demo_dir: Path, clock: FixedClock
) -> None:
    session = Session.open(demo_dir, clock)
    try:
        session.checkin(2, 3, replace=True)
        g = glance_of(session.state)
        session.save((session.version, {DAY.isoformat(): g}))
        read = sidecar.read(demo_dir, DAY)
        assert read is not None and read["checkin"] == "checked in: energy 2"
        doc = json.loads((demo_dir / sidecar.GLANCE_FILE).read_bytes())
        assert tuple(doc["data_file"]) == sidecar.file_stamp(demo_dir / DATA_FILE)

        # A glance computed before a later change is not written with that change.
        old = session.version
        session.checkin(4, 3, replace=True)
        session.save((old, {DAY.isoformat(): g}))
        assert sidecar.read(demo_dir, DAY) is None
        assert not session.dirty
    finally:
        session.close()


def test_the_glance_is_never_written_over_a_file_changed_on_disk(
    demo_dir: Path, clock: FixedClock
) -> None:
    session = Session.open(demo_dir, clock)
    try:
        g = {DAY.isoformat(): glance_of(session.state)}
        data = (demo_dir / DATA_FILE).read_bytes()
        (demo_dir / DATA_FILE).write_bytes(data + b"\n")  # a hand edit
        assert not session.write_glance(session.version, g)
        assert not (demo_dir / sidecar.GLANCE_FILE).exists()
    finally:
        session.close()


def test_a_failed_glance_write_does_not_fail_the_save(demo_dir: Path, clock: FixedClock) -> None:
    (demo_dir / sidecar.GLANCE_FILE).mkdir()  # cannot be replaced by a file
    session = Session.open(demo_dir, clock)
    try:
        session.checkin(2, 3, replace=True)
        session.save((session.version, {DAY.isoformat(): glance_of(session.state)}))
        assert not session.dirty
        assert Store(demo_dir, clock, read_only=True).load().checkins[-1].energy == 2
        assert sidecar.read(demo_dir, DAY) is None
    finally:
        session.close()


def test_a_read_only_store_writes_no_glance(demo_dir: Path, clock: FixedClock) -> None:
    store = Store(demo_dir, clock, read_only=True)
    state = store.load()
    assert not store.write_glance({DAY.isoformat(): glance_of(state)})
    assert not (demo_dir / sidecar.GLANCE_FILE).exists()


def today_panels(app: Any) -> str:
    """The text of Today's panels, plan and log (not the loading line)."""
    from textual.widgets import OptionList, Static

    screen = app.screen
    parts = [str(w.render()) for w in screen.query(Static) if w.id != "loading"]
    for ol in screen.query(OptionList):
        parts += [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]
    return "\n".join(parts)


async def test_the_app_keeps_the_glance_and_shows_it_before_the_data(
    demo_dir: Path, clock: FixedClock
) -> None:
    # First start: no glance file; the load writes today's and tomorrow's.
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.pause()
        loaded = today_panels(app)
        status = app.screen.query_one("#statusline").render()
    assert sidecar.days_in(demo_dir) == {DAY.isoformat(), (DAY + timedelta(days=1)).isoformat()}
    assert "Outreach" not in loaded and "Quota" in str(status)

    # Second start, the data held back: Today already shows the same numbers and plan.
    app = create_app(demo_dir, clock)
    loads: list[bool] = []  # whether Today's plan was on screen when the load started
    app.start_load = lambda *_a, **_k: loads.append(bool(app.screen.query("#plan")))  # type: ignore[method-assign]
    first_frame: list[tuple[bool, bool]] = []  # (loading line shown, panels there)
    after_first_frame = app._after_first_frame

    def spy() -> None:
        screen = app.screen
        first_frame.append((screen.query_one("#loading").display, bool(screen.query("#plan"))))
        after_first_frame()

    app._after_first_frame = spy  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # A light first frame (a loading state), the panels right after it, and the
        # load only once they are on screen.
        assert first_frame == [(True, False)]
        assert loads == [True]
        assert app.session is None
        assert today_panels(app) == loaded
        assert str(app.screen.query_one("#statusline").render()) == str(status)
        assert not app.screen.query_one("#loading").display
        # Changing anything waits for the data.
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TodayScreen"


async def test_a_stale_glance_is_not_shown(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
    st = os.stat(demo_dir / DATA_FILE)
    os.utime(demo_dir / DATA_FILE, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # changed
    app = create_app(demo_dir, clock)
    app.start_load = lambda *_a, **_k: None  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert app.start_glance is None
        assert app.screen.query_one("#loading").display
        assert not app.screen.query("#plan")
        assert "loading" in str(app.screen.query_one("#statusline").render())


async def check_in_and_save(pilot: Any) -> None:
    """Wait for the data, check in (energy 1) the way screens change things, and save."""
    await wait_ready(pilot)
    pilot.app.session.checkin(1, 2, replace=True)
    await wait_saved(pilot)


async def test_a_change_in_the_app_updates_the_glance(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await check_in_and_save(pilot)
        glance = sidecar.read(demo_dir, DAY)
        assert glance is not None and glance["checkin"] == "checked in: energy 1"
        assert glance == app.glance()


async def test_quitting_leaves_tomorrows_glance(demo_dir: Path, clock: FixedClock) -> None:
    tomorrow = (DAY + timedelta(days=1)).isoformat()
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await check_in_and_save(pilot)
        assert sidecar.days_in(demo_dir) == {DAY.isoformat()}  # a save writes today's
        await pilot.press("q")
        await pilot.pause()
    assert sidecar.days_in(demo_dir) == {DAY.isoformat(), tomorrow}

    # Opened the next day: Today comes from the glance at once, for the right day.
    later = FixedClock(DEMO_NOW + timedelta(days=1))
    app = create_app(demo_dir, later)
    app.start_load = lambda *_a, **_k: None  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert app.glance() is not None and app.glance()["day"] == tomorrow
        assert "no check-in yet" in today_panels(app)
