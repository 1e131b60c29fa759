"""Numbers that are true from day one on the screens (issue #14 points 2, 4 and 12).

The weekly review counts the current week only up to today, shows the days before the
user's first day and the days still to come greyed with why, and calls rest days what
they are (days with nothing logged); the Energy chart leaves the days before day one
blank. People and Today say "say hello" for a contact never in touch, on the day the
command line and the calendar give. Help shows ``[`` and ``]`` as keys; ``]`` on this
week says there is no later week; a journal excerpt in the review wraps under itself.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from apphelpers import drawn_lines, record_notifications, wait_ready, widget_text

from habitnet import engine
from habitnet.app import create_app
from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.models import Activity, Contact, JournalEntry, Meta, Settings, State
from habitnet.store import Store
from habitnet.widgets.chart import BarChart

TODAY = DEMO_NOW.date()  # Saturday 21 November 2026 (week 2026-W47: Mon 16 – Sun 22)
FIRST = date(2026, 11, 19)  # a Thursday: the user's day one


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, datetime.min.time(), DEMO_NOW.tzinfo).replace(hour=hour)


def _new_user(tmp_path: Path, **extra: Any) -> Path:
    """Started on Thursday; Thursday two messages, Friday nothing, Saturday one."""
    acts = [
        Activity(at=_at(FIRST, 9), kind="message", cost=1),
        Activity(at=_at(FIRST, 10), kind="message", cost=1),
        Activity(at=_at(TODAY, 9), kind="message", cost=1),
    ]
    state = State(
        meta=Meta(started=FIRST), settings=Settings(onboarded=True), activities=acts, **extra
    )
    folder = tmp_path / "data"
    Store(folder, FixedClock(DEMO_NOW)).save(state)
    return folder


async def _go(pilot: Any, key: str) -> Any:
    await pilot.press(key)
    for _ in range(3):
        await pilot.pause()
    return pilot.app.screen


async def test_the_review_counts_from_day_one_up_to_today(tmp_path: Path) -> None:
    app = create_app(_new_user(tmp_path), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = await _go(pilot, "w")
        page = screen.query_one("#review-body").plain
        lines = page.splitlines()

        def day(label: str) -> str:
            return next(line for line in lines if line.startswith(label))

        for label in ("Mon 16", "Tue 17", "Wed 18"):
            assert "before your first day" in day(label)
        assert "to come" in day("Sun 22")
        assert "2/3" in day("Thu 19") and "0/3" in day("Fri 20") and "1/3" in day("Sat 21")
        summary = engine.weekly_summary(app.session.state, "2026-W47", TODAY)  # type: ignore[union-attr]
        # Thursday to Saturday count: 3 days × target 3; Friday is the one day rested.
        assert (summary.total_target, summary.rest_days) == (9, 1)
        assert "Outreach          3 of 9" in page
        assert "Days rested       1 (nothing logged)" in page
        assert f"Consistency       {round(100 * summary.consistency)} %" in page
        # The week's score is today's: Sunday (to come) is not counted as missed.
        whole_week = engine.weekly_summary(app.session.state, "2026-W47")  # type: ignore[union-attr]
        assert summary.consistency >= whole_week.consistency


async def test_the_review_goes_back_to_the_week_of_day_one_and_no_further(
    tmp_path: Path,
) -> None:
    """[ stops at the week of the first day and says why, as ] does on this week: a
    week wholly before day one has no figures (it showed 'Energy 0 of 45')."""
    app = create_app(_new_user(tmp_path), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = await _go(pilot, "w")
        week = screen.week
        told = record_notifications(app)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.week == week == "2026-W47"
        assert told == [
            "This is your first week (day one: Thu 19 Nov 2026): there is no earlier week."
        ]


async def test_the_energy_chart_leaves_days_before_day_one_blank(tmp_path: Path) -> None:
    app = create_app(_new_user(tmp_path), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = await _go(pilot, "e")
        bars = screen.query_one("#chart", BarChart).bars
        assert len(bars) == 14
        before = (FIRST - (TODAY - timedelta(days=13))).days  # 11 days before Thursday
        assert all(b.limit is None and b.value == 0 for b in bars[:before])
        assert all(b.limit is not None for b in bars[before:])
        assert "R" not in "".join(b.label for b in bars[:before])  # not rest days either
        assert "blank: before your first day" in "\n".join(drawn_lines(app))


async def test_a_chart_of_counted_days_has_no_blank_ones(demo_dir: Path) -> None:
    """A year of use: every day of the chart counts, and the legend says nothing of
    blank days."""
    app = create_app(demo_dir, FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = await _go(pilot, "e")
        assert all(b.limit is not None for b in screen.query_one("#chart", BarChart).bars)
        drawn = "\n".join(drawn_lines(app))
        assert "R rest day" in drawn and "blank" not in drawn


async def test_say_hello_on_people_and_today_with_the_clis_day(tmp_path: Path) -> None:
    """Contacts never in touch: People's rows and pane say "say hello" on the day
    ``contacts show`` (and the calendar) give; Today's plan says it on that day. Two a
    day are brought in: Grace and Ada today, Zed (priority 3) tomorrow."""
    import io

    from habitnet import cli

    contacts = [
        Contact(id="c-grace", name="Grace Hopper", created=FIRST, priority=1),
        Contact(id="c-ada", name="Ada Lovelace", created=FIRST, priority=1),
        Contact(id="c-zed", name="Zed Shaw", created=FIRST, priority=3),
    ]
    folder = _new_user(tmp_path, contacts=contacts)
    out = io.StringIO()
    assert (
        cli.main(
            ["--data-dir", str(folder), "contacts", "show", "Zed"],
            clock=FixedClock(DEMO_NOW),
            stdout=out,
        )
        == 0
    )
    assert "say hello 2026-11-22" in out.getvalue()
    app = create_app(folder, FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        state = app.session.state  # type: ignore[union-attr]
        hellos = engine.hello_schedule(state, TODAY)
        assert hellos == {"c-grace": TODAY, "c-ada": TODAY, "c-zed": date(2026, 11, 22)}
        people = await _go(pilot, "p")
        rows = {row.key: row for row in people.table.rows}
        assert all("say hello" in rows[cid].cells[-1] for cid in hellos)
        assert rows["c-zed"].cells[3] == "in 1d" and rows["c-grace"].cells[3] == "today"
        people.table.move_to(next(i for i, r in enumerate(people.table.rows) if r.key == "c-zed"))
        await pilot.pause(0.3)
        assert "Say hello on Sun 22 Nov 2026" in people.query_one("#people-detail").plain
        today = await _go(pilot, "t")
        plan = widget_text(today.query_one("#plan"))
        assert "Grace Hopper" in plan and "say hello today" in plan
        assert "Zed Shaw" not in plan


async def test_help_shows_the_bracket_keys_as_keys(tmp_path: Path) -> None:
    app = create_app(_new_user(tmp_path), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        help_screen = await _go(pilot, "question_mark")
        text = str(help_screen.query_one("#help-text").render())
        lines = [line.strip() for line in text.splitlines()]
        assert any(line.startswith("[") and line.endswith("Prev week") for line in lines)
        assert any(line.startswith("]") and line.endswith("Next week") for line in lines)
        assert "[/b]" not in text and "[b]" not in text


async def test_journal_excerpts_in_the_review_wrap_under_their_day(tmp_path: Path) -> None:
    long = "Met Ana for coffee and talked about " + "the mentoring programme " * 8
    entry = JournalEntry(day=FIRST, text=long)
    app = create_app(_new_user(tmp_path, journal=[entry]), FixedClock(DEMO_NOW))
    async with app.run_test(size=(80, 30)) as pilot:
        await wait_ready(pilot)
        screen = await _go(pilot, "w")
        lines = widget_text(screen.query_one("#review-body")).splitlines()
        head = next(i for i, line in enumerate(lines) if line.strip() == "From the journal")
        first = lines[head + 1]
        assert first.lstrip().startswith("Thu Met Ana for coffee")
        indent = first.index("Met Ana")
        rest = lines[head + 2 : head + 4]
        assert all(line[:indent].strip() == "" and line[indent:].strip() for line in rest), rest
