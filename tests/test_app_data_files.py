"""Import, back up and restore from the command palette (issue #14 point 8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apphelpers import wait_for_screen, wait_ready, wait_saved, wait_until

from habitnet.app import HabitnetApp, create_app
from habitnet.clock import FixedClock
from habitnet.models import State
from habitnet.session import Session

LINKEDIN = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines Ltd,Programmer,12 Mar 2024\n"
    "[bold]Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,Admiral,01 Jan 2020\n"
    ",,https://www.linkedin.com/in/ghost,,Nowhere,,1 Jan 2020\n"
)


def command(app: HabitnetApp, title: str) -> Any:
    found = [c for c in app.get_system_commands(app.screen) if c.title == title]
    assert found, f"no palette command {title!r}"
    return found[0]


async def open_import(pilot: Any) -> Any:
    """The palette's Import contacts form, open."""
    command(pilot.app, "Import contacts").callback()
    await pilot.pause()
    form = pilot.app.screen
    assert type(form).__name__ == "ImportScreen"
    return form


def summary_of(form: Any) -> str:
    """What the import form says about the file (the preview, or why it cannot)."""
    return str(form.query_one("#import-summary").render())


def a_day_and_a_csv(tmp_path: Path, clock: FixedClock) -> tuple[Path, Path]:
    """A data folder with a day in it (so the app opens on Today, not the welcome) and a
    LinkedIn export beside it."""
    data = tmp_path / "data"
    session = Session.open(data, clock)
    session.checkin(3, 3)
    session.save()
    session.close()
    csv = tmp_path / "Connections.csv"
    csv.write_text(LINKEDIN, encoding="utf-8")
    return data, csv


async def test_import_contacts_from_the_palette(tmp_path: Path, clock: FixedClock) -> None:
    """The path, what importing it would do (the file's text as text), ctrl+s imports,
    u on Today undoes it."""
    data, csv = a_day_and_a_csv(tmp_path, clock)
    app = create_app(data, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        form = await open_import(pilot)
        await pilot.press(*"~/nowhere.csv", "enter")
        await wait_until(lambda: "no such file" in summary_of(form), "no such file, said")
        form.query_one("#import-path").value = str(csv)
        await pilot.press("enter")
        await wait_until(lambda: form.plan is not None, "the preview")
        summary = summary_of(form)
        assert "2 added" in summary and "1 skipped" in summary and "no name" in summary
        assert not app.session.state.contacts, "nothing is imported before ctrl+s"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "TodayScreen"
        names = sorted(c.name for c in app.session.state.contacts)
        assert names == ["Ada Lovelace", "[bold]Grace Hopper"]
        await pilot.press("u")
        await pilot.pause()
        assert not app.session.state.contacts
        await wait_saved(pilot)


async def test_import_after_a_change_plans_again_from_what_was_read(
    tmp_path: Path, clock: FixedClock
) -> None:
    """The data changed after the preview (another change, a merge) and the file is gone
    by then: ctrl+s plans again from the contacts already read, on the data as it is
    now, and reads nothing from disk (it re-read the file on the UI thread, and a file
    gone meanwhile was an error nobody caught)."""
    data, csv = a_day_and_a_csv(tmp_path, clock)
    app = create_app(data, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        form = await open_import(pilot)
        form.query_one("#import-path").value = str(csv)
        await pilot.press("enter")
        await wait_until(lambda: form.plan is not None, "the preview")
        assert app.session is not None
        app.session.add_contact(name="Ada Lovelace", linkedin_url="https://www.linkedin.com/in/ada")
        csv.unlink()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "TodayScreen"
        names = sorted(c.name for c in app.session.state.contacts)
        assert names == ["Ada Lovelace", "[bold]Grace Hopper"], "Ada matched, not doubled"
        await wait_saved(pilot)


async def test_import_refuses_what_it_cannot_read(tmp_path: Path, clock: FixedClock) -> None:
    data = tmp_path / "data"
    Session.open(data, clock).close()
    odd = tmp_path / "notes.txt"
    odd.write_text("just some words\n", encoding="utf-8")
    app = create_app(data, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("escape")  # the welcome: start with the defaults
        await pilot.pause()
        form = await open_import(pilot)
        form.query_one("#import-path").value = str(odd)
        await pilot.press("enter")
        await wait_until(lambda: "cannot tell" in summary_of(form), "cannot tell, said")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and not app.session.state.contacts
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "TodayScreen"


async def test_back_up_then_restore_from_the_palette(demo_dir: Path, clock: FixedClock) -> None:
    """Back up now writes a backup; Restore a backup lists it, asks, puts its data in
    place as one change (u undoes), and the data is saved."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        before = len(app.session.state.contacts)
        command(app, "Back up now").callback()
        await wait_saved(pilot)
        backups = sorted((demo_dir / "backups").glob("habitnet-2*.json"))
        assert backups, "no backup written"
        # A change after the backup: the restore takes it away.
        app.session.add_contact(name="After The Backup")
        assert len(app.session.state.contacts) == before + 1
        command(app, "Restore a backup").callback()
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "RestoreScreen"
        await wait_until(lambda: bool(form.backups), "the backups listed")
        assert any(b.path == backups[-1] for b in form.backups)
        form.query_one("#backup-list").highlighted = next(
            i for i, b in enumerate(form.backups) if b.path == backups[-1]
        )
        await pilot.press("enter")
        await wait_for_screen(app, "ConfirmScreen")
        await pilot.pause()
        question = str(app.screen.query_one("#confirm-question").render())
        assert backups[-1].name in question and f"{before} contacts" in question
        await pilot.press("y")
        await pilot.pause()
        assert len(app.session.state.contacts) == before
        await wait_saved(pilot)
        on_disk = State.model_validate_json((demo_dir / "habitnet.json").read_bytes())
        assert "After The Backup" not in {c.name for c in on_disk.contacts}
        await pilot.press("t", "u")
        await pilot.pause()
        assert len(app.session.state.contacts) == before + 1


async def test_the_palette_offers_import_backup_and_restore(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Import contacts", "Back up now", "Restore a backup", "Export"):
            assert title in titles
