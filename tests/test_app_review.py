"""Pilot tests of the Weekly review screen: navigation, the summary, saving, bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apphelpers import discard_form, record_notifications, wait_ready, wait_saved, widget_text
from textual.widgets import Input, Label, TextArea

from habitnet import engine
from habitnet.app import create_app
from habitnet.clock import FixedClock
from habitnet.models import State, iso_week_of
from habitnet.screens.forms.review import ReviewForm
from habitnet.screens.review import ReviewScreen, bar, shift_week, sparkline
from habitnet.widgets.text_pane import TextPane


async def open_review(pilot: Any) -> ReviewScreen:
    await wait_ready(pilot)
    await pilot.press("w")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def text(screen: Any, wid: str) -> str:
    widget = screen.query_one(f"#{wid}")
    return widget.plain if isinstance(widget, TextPane) else str(widget.render())


async def fill(pilot: Any, name: str, value: str) -> None:
    widget = pilot.app.screen.query_one(f"#f-{name}")
    widget.focus()
    if isinstance(widget, TextArea):
        widget.text = value
    else:
        assert isinstance(widget, Input)
        widget.value = value
    await pilot.pause()


def error(form: Any, name: str) -> str:
    label = form.query_one(f"#err-{name}", Label)
    return str(label.render()) if label.has_class("shown") else ""


def test_week_helpers():
    assert shift_week("2026-W47", -1) == "2026-W46"
    assert shift_week("2026-W01", -1) == "2025-W52"
    assert shift_week("2026-W53", 1) == "2027-W01"
    assert bar(3, 6, 6) == ("███", "░░░")
    assert bar(9, 6, 6) == ("██████", "")
    assert bar(0, 0, 4) == ("", "░░░░")
    assert sparkline([0, 50, 100]) == "▁▅█"


async def test_shows_this_weeks_summary_and_moves_between_weeks(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        this_week = iso_week_of(clock.today())
        assert screen.week == this_week
        s = engine.weekly_summary(app.session.state, this_week)
        head = text(screen, "review-head")
        assert f"Week {this_week}" in head and "in progress" in head
        numbers = text(screen, "review-body")
        assert f"{s.total_count} of {s.total_target}" in numbers
        assert f"{s.energy_spent} of {s.energy_budget}" in numbers
        assert f"{round(100 * s.consistency)} %" in numbers
        assert f"{s.gave} / {s.asked} / {s.mutual}" in numbers
        days = text(screen, "review-body")
        first = s.days[0]
        assert f"{first.day:%a %d}" in days and f"{first.count}/{first.target}" in days
        # ] cannot go past this week: it says so (#14.12).
        told = record_notifications(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.week == this_week
        assert told == ["This is the current week: there is no later week yet."]
        # [ goes back, twice; ] comes forward again; . returns to this week.
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        two_back = shift_week(this_week, -2)
        assert screen.week == two_back
        assert f"Week {two_back}" in text(screen, "review-head")
        s2 = engine.weekly_summary(app.session.state, two_back)
        assert f"{s2.total_count} of {s2.total_target}" in text(screen, "review-body")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.week == shift_week(this_week, -1)
        await pilot.press("full_stop")
        await pilot.pause()
        assert screen.week == this_week


async def test_this_week_follows_the_week_start_in_settings(demo_dir: Path, clock: FixedClock):
    """Weeks starting on Saturday: on Saturday 21 Nov this week is Sat 21 – Fri 27 Nov
    (2026-W48), not the ISO week 2026-W47 that ended the day before."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        app.session.update_settings(week_start=5)
        screen = await open_review(pilot)
        assert iso_week_of(clock.today()) == "2026-W47"
        assert screen.week == "2026-W48"
        head = text(screen, "review-head")
        assert "Week 2026-W48" in head and "in progress" in head
        assert "Sat 21" in text(screen, "review-body")
        told = record_notifications(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.week == "2026-W48"
        assert told == ["This is the current week: there is no later week yet."]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.week == "2026-W47"
        await pilot.press("full_stop")
        await pilot.pause()
        assert screen.week == "2026-W48"


async def test_past_review_is_shown(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        reviews = app.session.state.reviews
        assert reviews, "the demo data has written reviews"
        last = max(reviews, key=lambda r: r.week)
        while screen.week != last.week:
            await pilot.press("left_square_bracket")
        await pilot.pause()
        saved = text(screen, "review-body")
        assert "Your review" in saved
        assert (last.reflection or "—").split("\n")[0][:30] in saved.replace("\n", " ")


async def test_write_and_save_a_review(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        week = screen.week
        assert week is not None
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReviewForm) and form.week == week
        assert app.focused is form.query_one("#f-reflection")
        await fill(pilot, "reflection", "Steady week, two good coffees")
        await fill(pilot, "intention", "Rest on Wednesday")
        await fill(pilot, "next_daily_target", "2")
        await fill(pilot, "next_daily_cap", "4")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        review = app.session.state.review(week)
        assert review is not None
        assert review.reflection == "Steady week, two good coffees"
        assert review.intention == "Rest on Wednesday"
        assert (review.next_daily_target, review.next_daily_cap) == (2, 4)
        expected = engine.weekly_summary(app.session.state, week).to_dict()
        assert review.summary == expected  # the engine's summary is kept with the week
        saved = text(screen, "review-body")
        assert "Steady week, two good coffees" in saved and "daily target 2" in saved
        await wait_saved(pilot)
        on_disk = State.model_validate_json((demo_dir / "habitnet.json").read_bytes())
        assert on_disk.review(week) is not None
        assert on_disk.review(week).intention == "Rest on Wednesday"  # type: ignore[union-attr]


async def test_bad_input_shows_why_beside_the_field_and_saves_nothing(
    demo_dir: Path, clock: FixedClock
):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        week = screen.week
        before = [r.model_dump() for r in app.session.state.reviews]
        version = app.data_version
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReviewForm)
        await fill(pilot, "next_daily_target", "lots")
        await fill(pilot, "next_daily_cap", "99")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        # In the user's words, naming the fields as the form labels them (#14.10).
        assert error(form, "reflection") == (
            "⚠ Write what went well or was hard, or next week's intention"
        )
        assert error(form, "next_daily_target") == (
            "⚠ Daily target next week must be a whole number"
        )
        assert error(form, "next_daily_cap") == "⚠ Daily cap next week must be at most 50"
        assert error(form, "intention") == ""
        for name in ("reflection", "next_daily_target", "next_daily_cap"):
            label = form.query_one(f"#err-{name}", Label)
            # right under its own field (after the field's row and hint)
            row = form.query_one(f"#f-{name}").parent
            cells = list(row.parent.children)
            assert label in cells[cells.index(row) + 1 : cells.index(row) + 3]
        # A cap below the target is refused, beside the cap.
        await fill(pilot, "reflection", "ok")
        await fill(pilot, "next_daily_target", "6")
        await fill(pilot, "next_daily_cap", "4")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert error(form, "next_daily_cap") == (
            "⚠ Daily cap (4) must be at least the daily target (6)"
        )
        assert error(form, "reflection") == "" and error(form, "next_daily_target") == ""
        assert [r.model_dump() for r in app.session.state.reviews] == before
        assert app.data_version == version
        await discard_form(pilot)
        assert app.screen is screen and screen.week == week
        assert [r.model_dump() for r in app.session.state.reviews] == before


async def test_narrow_terminal_puts_the_numbers_under_the_day_chart(
    demo_dir: Path, clock: FixedClock
) -> None:
    """Below 76 columns the numbers go under the chart (beside it they would wrap into
    the chart's lines); resizing switches between the two."""

    def lines(app: Any) -> list[str]:
        return [
            line.strip() for line in widget_text(app.screen.query_one("#review-body")).split("\n")
        ]

    app = create_app(demo_dir, clock)
    async with app.run_test(size=(60, 24)) as pilot:
        await open_review(pilot)
        shown = lines(app)
        day = next(i for i, line in enumerate(shown) if line.startswith("Day"))
        assert "Outreach" not in shown[day]
        outreach = next(i for i, line in enumerate(shown) if line.startswith("Outreach"))
        assert outreach > day + 7  # after the seven days
        assert all(len(line) <= 60 for line in shown)
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.1)
        shown = lines(app)
        day_line = next(line for line in shown if line.startswith("Day"))
        assert "Outreach" in day_line  # beside the chart again


async def test_the_head_line_keeps_the_weeks_status_at_60_columns(
    demo_dir: Path, clock: FixedClock
) -> None:
    """At 60×15 the dates shorten so the week's status stays whole on its one line."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(60, 15)) as pilot:
        screen = await open_review(pilot)
        head = text(screen, "review-head")
        assert head.endswith("this week, in progress") and len(head) <= 58, head
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.2)
        assert "2026 · this week, in progress" in text(screen, "review-head")
