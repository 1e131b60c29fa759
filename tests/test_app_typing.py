"""Typing lands where it is meant (issue #14 point 9), a check-in never silently replaces
another (#13 point 8), and direction belongs to a person (#14 point 5): the forms'
flows, key by key.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from apphelpers import drawn_lines, wait_ready

from habitnet.app import HabitnetApp, create_app
from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.models import Activity, CheckIn, Contact, Meta, Settings, State
from habitnet.store import Store

TODAY = DEMO_NOW.date()


def _folder(tmp_path: Path, **state: Any) -> Path:
    """A data folder past the welcome (its first day weeks ago), with ``state``'s records."""
    folder = tmp_path / "data"
    base = State(meta=Meta(started=date(2026, 10, 1)), settings=Settings(onboarded=True))
    Store(folder, FixedClock(DEMO_NOW)).save(base.model_copy(update=state))
    return folder


async def _open(pilot: Any, key: str, name: str) -> Any:
    await pilot.press(key)
    for _ in range(3):
        await pilot.pause()
    assert type(pilot.app.screen).__name__ == name
    return pilot.app.screen


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()


# -- the check-in ------------------------------------------------------------------------


async def test_after_the_check_in_digits_typing_goes_to_the_note(tmp_path: Path) -> None:
    app = create_app(_folder(tmp_path), FixedClock(DEMO_NOW))
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        form = await _open(pilot, "c", "CheckInScreen")
        await pilot.press("4", "3", *"slept well")
        assert app.focused is form.query_one("#note")
        await pilot.press("enter")
        await _settle(pilot)
        saved = app.session.state.checkin(TODAY)  # type: ignore[union-attr]
        assert saved is not None
        assert (saved.energy, saved.mood, saved.note) == (4, 3, "slept well")


async def test_the_check_in_form_says_it_edits_todays_and_saving_replaces_it(
    tmp_path: Path,
) -> None:
    """Opened on a day checked in already, the form holds that check-in and says so:
    saving it (changed) replaces it, with no question."""
    morning = CheckIn(day=TODAY, energy=2, mood=2, note="tired")
    app = create_app(_folder(tmp_path, checkins=[morning]), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open(pilot, "c", "CheckInScreen")
        drawn = "\n".join(drawn_lines(app))
        assert "Your check-in this morning" in drawn
        assert "You checked in already today (energy 2, mood 2): saving replaces it" in drawn
        assert (form.query_one("#energy").value, form.query_one("#mood").value) == (2, 2)
        await pilot.press("4", "4", "enter")
        await _settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen", "no question asked"
        saved = app.session.state.checkin(TODAY)  # type: ignore[union-attr]
        assert (saved.energy, saved.mood, saved.note) == (4, 4, "tired")  # type: ignore[union-attr]


async def test_a_check_in_recorded_meanwhile_is_never_replaced_without_asking(
    tmp_path: Path,
) -> None:
    """The form opened on a day with no check-in; one arrives meanwhile (the command line,
    another device): saving asks; 'n' keeps the other, 'y' replaces it."""
    app = create_app(_folder(tmp_path), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        session = app.session
        assert session is not None
        form = await _open(pilot, "c", "CheckInScreen")
        assert "Morning check-in" in "\n".join(drawn_lines(app))
        session.checkin(1, 5, "from the phone")  # elsewhere, while the form is open
        await _settle(pilot)
        await pilot.press("4", "3", "enter")
        await _settle(pilot)
        question = app.screen
        assert type(question).__name__ == "ConfirmScreen"
        assert "energy 1, mood 5" in question.question and "from the phone" in question.question
        await pilot.press("n")
        await _settle(pilot)
        assert app.screen is form
        kept = session.state.checkin(TODAY)
        assert (kept.energy, kept.mood) == (1, 5)  # type: ignore[union-attr]
        await pilot.press("ctrl+s")
        await _settle(pilot)
        await pilot.press("y")
        await _settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        now = session.state.checkin(TODAY)
        assert (now.energy, now.mood) == (4, 3)  # type: ignore[union-attr]


# -- the log form ------------------------------------------------------------------------


def _ann() -> Contact:
    return Contact(id="c-ann", name="Ann Lee", created=date(2026, 10, 1))


async def test_a_log_form_opened_over_a_limit_starts_in_the_override_reason(
    tmp_path: Path,
) -> None:
    """Today's cap (5) is reached: the form opens over it with the cursor in the reason,
    so a reason typed at once is the reason."""
    at = datetime.combine(TODAY, datetime.min.time(), DEMO_NOW.tzinfo)
    done = [
        Activity(at=at + timedelta(hours=8, minutes=i), kind="message", cost=1) for i in range(5)
    ]
    app = create_app(_folder(tmp_path, activities=done), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open(pilot, "l", "LogActivityScreen")
        assert app.focused is form.query_one("#override")
        await pilot.press(*"old friend in town", "enter")
        await _settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        logged = app.session.state.activities[-1]  # type: ignore[union-attr]
        assert logged.override_reason == "old friend in town"
        # The form, reused, starts in the reason again while over the cap.
        again = await _open(pilot, "l", "LogActivityScreen")
        assert again is form and app.focused is form.query_one("#override")


async def test_a_reused_log_form_over_a_limit_for_the_first_time_starts_in_the_reason(
    tmp_path: Path,
) -> None:
    app = create_app(_folder(tmp_path), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open(pilot, "l", "LogActivityScreen")
        assert app.focused is form.query_one("#kind")
        await pilot.press("escape")
        await _settle(pilot)
        session = app.session
        assert session is not None
        for _ in range(5):  # today's cap
            session.log_activity(session.propose_activity("message"))
        await _settle(pilot)
        again = await _open(pilot, "l", "LogActivityScreen")
        assert again is form
        await _settle(pilot)
        assert app.focused is form.query_one("#override")


async def test_direction_shows_once_someone_is_chosen_and_suggestions_close(
    tmp_path: Path,
) -> None:
    app = create_app(_folder(tmp_path, contacts=[_ann()]), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open(pilot, "l", "LogActivityScreen")
        picker = form.query_one("#contacts")
        assert not form.query_one("#direction").display
        assert "Direction" not in "\n".join(drawn_lines(app))
        form.query_one("#picker-search").focus()
        await pilot.press(*"ann")
        await _settle(pilot)
        assert picker.matches_shown
        await pilot.press("enter")
        await _settle(pilot)
        assert picker.chosen == ["c-ann"]
        assert not picker.matches_shown, "the suggestions close after a pick"
        assert form.query_one("#direction").display
        assert "Direction" in "\n".join(drawn_lines(app))
        await pilot.press("l")  # typing again opens them
        await _settle(pilot)
        assert picker.matches_shown
        await pilot.press("ctrl+x")  # nobody again: no direction
        await _settle(pilot)
        assert not form.query_one("#direction").display


async def test_nobody_chosen_logs_no_direction(tmp_path: Path) -> None:
    app = create_app(_folder(tmp_path, contacts=[_ann()]), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await _open(pilot, "l", "LogActivityScreen")
        await pilot.press("ctrl+s")
        await _settle(pilot)
        logged = app.session.state.activities[-1]  # type: ignore[union-attr]
        assert logged.contact_ids == [] and logged.direction is None


# -- notifications -------------------------------------------------------------------------


async def test_notifications_never_cover_a_form(tmp_path: Path) -> None:
    """A notice raised while a form is open is not drawn over it; it shows once the
    form closes."""
    app: HabitnetApp = create_app(_folder(tmp_path), FixedClock(DEMO_NOW))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_ready(pilot)
        await _open(pilot, "j", "JournalScreen")
        await _open(pilot, "n", "JournalEntryForm")
        app.notify("A notice from elsewhere", timeout=30)
        await _settle(pilot)
        assert "A notice from elsewhere" not in "\n".join(drawn_lines(app))
        await pilot.press("escape")
        await _settle(pilot)
        assert type(app.screen).__name__ == "JournalScreen"
        assert "A notice from elsewhere" in "\n".join(drawn_lines(app))


async def test_no_empty_suggestion_box_without_a_match(tmp_path: Path) -> None:
    """A new user with no contacts yet opens the log form: no blank box under "With"
    (it took four empty lines); a name that matches nobody closes the box too."""
    app = create_app(_folder(tmp_path), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open(pilot, "l", "LogActivityScreen")
        picker = form.query_one("#contacts")
        assert not picker.matches_shown
        await pilot.press("escape")  # nothing typed: closes at once
        await _settle(pilot)
        app.session.add_contact(name="Ann Lee")
        await _settle(pilot)
        form = await _open(pilot, "l", "LogActivityScreen")
        picker = form.query_one("#contacts")
        assert picker.matches_shown
        form.query_one("#picker-search").focus()
        await pilot.press(*"zzz")
        await _settle(pilot)
        assert not picker.matches_shown
        await pilot.press("backspace", "backspace", "backspace", *"ann")
        await _settle(pilot)
        assert picker.matches_shown
