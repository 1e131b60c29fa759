"""Pilot tests of Today: log, refusal and override, check-in, undo, plan, persistence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apphelpers import wait_ready, wait_saved, widget_text

from habitnet import engine
from habitnet.app import create_app
from habitnet.clock import FixedClock
from habitnet.models import State


def _state_on_disk(data_dir: Path) -> State:
    return State.model_validate_json((data_dir / "habitnet.json").read_bytes())


async def test_today_shows_loaded_data(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        assert app.current_mode == "today"
        assert type(app.screen).__name__ == "TodayScreen"
        ov = engine.today_overview(app.session.state, clock.today())
        line = str(app.screen.query_one("#statusline").render())
        assert f"Quota {ov.quota.count}/{ov.quota.target}" in line
        assert f"Energy {ov.budget.remaining}/{ov.budget.budget}" in line
        assert not app.screen.query_one("#loading").display
        plan = app.screen.query_one("#plan")
        assert plan.option_count == max(1, len(ov.plan))


async def test_log_changes_quota_and_energy_and_persists(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        state = app.session.state
        before_q = engine.quota_status(state, clock.today())
        before_b = engine.day_budget(state, clock.today())
        n_before = len(state.activities)
        await pilot.press("l")
        await pilot.pause()
        form: Any = app.screen
        assert type(form).__name__ == "LogActivityScreen"
        form.query_one("#kind").value = "message"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "TodayScreen"
        assert len(app.session.state.activities) == n_before + 1
        new = app.session.state.activities[-1]
        after_q = engine.quota_status(app.session.state, clock.today())
        after_b = engine.day_budget(app.session.state, clock.today())
        assert after_q.count == before_q.count + 1
        assert after_b.spent == before_b.spent + new.cost
        line = str(app.screen.query_one("#statusline").render())
        assert f"Quota {after_q.count}/" in line
        assert f"Energy {after_b.remaining}/{after_b.budget}" in line
        log = app.screen.query_one("#log")
        assert any(
            "message" in str(log.get_option_at_index(i).prompt) for i in range(log.option_count)
        )
        await wait_saved(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    on_disk = _state_on_disk(demo_dir)
    assert any(a.id == new.id for a in on_disk.activities)

    again = create_app(demo_dir, clock)
    async with again.run_test() as pilot:
        await wait_ready(pilot)
        q = engine.quota_status(again.session.state, clock.today())
        assert q.count == after_q.count
        line = str(again.screen.query_one("#statusline").render())
        assert f"Quota {after_q.count}/" in line


async def test_refused_activity_needs_a_typed_override_reason(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_ready(pilot)
        app.session.update_settings(daily_budget=1, weekly_budget=1)
        await pilot.pause()  # the session tells the app
        n_before = len(app.session.state.activities)
        await pilot.press("l")
        await pilot.pause()
        form: Any = app.screen
        form.query_one("#kind").value = "coffee"
        await pilot.pause()
        verdict = str(form.query_one("#verdict").render())
        assert "Over a limit" in verdict
        assert form.query_one("#override-box").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "a refused activity must not close the form"
        assert len(app.session.state.activities) == n_before
        assert "reason" in str(form.query_one("#override-error").render())
        assert form.focused is form.query_one("#override")
        await pilot.press(*"   ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(app.session.state.activities) == n_before, "a blank reason is no reason"
        form.query_one("#override").value = "Old friend in town, worth it"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        added = app.session.state.activities[-1]
        assert added.kind == "coffee"
        assert added.override_reason == "Old friend in town, worth it"
        log = app.screen.query_one("#log")
        texts = [str(log.get_option_at_index(i).prompt) for i in range(log.option_count)]
        assert any("override: Old friend in town" in t for t in texts)


async def test_checkin_scales_the_budget(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        day = clock.today()
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "CheckInScreen"
        await pilot.press("5", "4", "enter")
        await pilot.pause()
        high = engine.day_budget(app.session.state, day)
        assert high.checkin_energy == 5
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("1", "2", "enter")
        await pilot.pause()
        ch = app.session.state.checkin(day)
        assert ch is not None and (ch.energy, ch.mood) == (1, 2)
        low = engine.day_budget(app.session.state, day)
        assert low.scale == app.session.state.settings.energy_scale[1]
        assert low.budget < high.budget
        line = str(app.screen.query_one("#statusline").render())
        assert f"Energy {low.remaining}/{low.budget}" in line


async def test_checkin_requires_both_levels(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        state = app.session.state
        today_gone = [c for c in state.checkins if c.day != clock.today()]
        app.session.replace_state(state.model_copy(update={"checkins": today_gone}))
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("3", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CheckInScreen"
        assert "mood" in str(app.screen.query_one("#checkin-error").render())
        assert app.session.state.checkin(clock.today()) is None


async def test_undo_removes_the_last_entry(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        n = len(app.session.state.activities)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(app.session.state.activities) == n + 1
        version = app.data_version
        await pilot.press("u")
        await pilot.pause()
        assert len(app.session.state.activities) == n
        assert app.data_version > version


async def test_enter_on_plan_opens_the_form_filled_in(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        plan = engine.todays_plan(app.session.state, clock.today())
        assert plan, "the demo day should have suggestions"
        app.screen.query_one("#plan").focus()
        await pilot.press("enter")
        await pilot.pause()
        form: Any = app.screen
        assert type(form).__name__ == "LogActivityScreen"
        assert form.query_one("#kind").value == plan[0].kind
        assert form.query_one("#contacts").chosen == [plan[0].contact_id]


async def test_tab_moves_the_focus_between_plan_and_log(demo_dir: Path, clock: FixedClock) -> None:
    """Tab and shift+tab move the focus between Today's two lists."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        plan, log = app.screen.query_one("#plan"), app.screen.query_one("#log")
        assert app.focused is plan
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is log
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is plan


async def test_the_smallest_terminal_keeps_the_quota_and_energy_lines_whole(
    demo_dir: Path, clock: FixedClock
) -> None:
    """At 60 columns the risk panel gives up width: the quota and energy panels' lines
    fit (they were cut to 'target 3 ·' and 'consistency'); at 80 the panels are as
    before."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(60, 15)) as pilot:
        await wait_ready(pilot)
        await pilot.pause()

        for wid in ("#quota-detail", "#energy-week"):
            line = app.screen.query_one(wid)
            text = str(line.render())
            assert text and widget_text(line) == text, wid  # drawn whole, not cut
        assert app.screen.query_one("#risk-panel").outer_size.width == 20
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.1)
        assert app.screen.query_one("#risk-panel").outer_size.width == 28
