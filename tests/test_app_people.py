"""Pilot tests of the People screen: list, sort, filter, add, edit, archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apphelpers import discard_form, key_bar_text, wait_ready, wait_saved
from test_widgets_lists import painted
from textual.widgets import Input, Label

from habitnet.app import create_app
from habitnet.clock import FixedClock
from habitnet.folding import fold
from habitnet.models import State
from habitnet.screens.forms.confirm import ConfirmScreen
from habitnet.screens.forms.contact import ContactForm
from habitnet.screens.people import PeopleScreen, ago_phrase
from habitnet.widgets.search_box import SearchBox
from habitnet.widgets.text_pane import TextPane
from habitnet.widgets.virtual_table import VirtualTable


async def open_people(pilot: Any) -> PeopleScreen:
    await wait_ready(pilot)
    await pilot.press("p")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PeopleScreen)
    return screen


def table(screen: Any) -> VirtualTable:
    return screen.query_one(VirtualTable)


def live_contacts(app: Any) -> list[Any]:
    return [c for c in app.session.state.contacts if not c.archived]


def saved_state(data_dir: Path) -> State:
    return State.model_validate_json((data_dir / "habitnet.json").read_bytes())


async def type_into(pilot: Any, widget_id: str, text: str) -> None:
    """Replace a form field's text as an edit would (posts Input.Changed)."""
    widget = pilot.app.screen.query_one(f"#{widget_id}", Input)
    widget.focus()
    widget.value = text
    await pilot.pause()


async def test_lists_every_live_contact_with_a_detail_pane(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        live = live_contacts(app)
        assert len(table(screen).rows) == len(live) > 0
        assert {r.key for r in table(screen).rows} == {c.id for c in live}
        # The detail pane describes the highlighted contact.
        await pilot.press("down")
        await pilot.pause()
        current = table(screen).current
        assert current is not None
        name = app.session.contact(current.key).name
        await pilot.pause(0.2)  # the side pane updates lazily
        detail = screen.query_one("#people-detail", TextPane).plain
        assert name in detail
        assert "Give / ask balance" in detail and "History" in detail
        # Focus stays on the table so the letter keys work.
        assert app.focused is table(screen)


async def test_sort_orders(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        # Default: due date, earliest first.
        dues = [screen.people[r.key].due for r in table(screen).rows]
        assert dues == sorted(dues)
        await pilot.press("o")  # name
        names = [screen.people[r.key].name_key for r in table(screen).rows]
        assert names == sorted(names)
        assert "Name ▲" in table(screen).columns[0].label
        await pilot.press("O")  # reversed
        names = [screen.people[r.key].name_key for r in table(screen).rows]
        assert names == sorted(names, reverse=True)
        await pilot.press("o")  # last contact
        lasts = [screen.people[r.key].last for r in table(screen).rows]
        assert lasts == sorted(lasts)
        await pilot.press("o")  # priority
        prios = [screen.people[r.key].contact.priority for r in table(screen).rows]
        assert prios == sorted(prios)


async def test_filter_as_you_type_then_enter_keeps_and_escape_clears(
    demo_dir: Path, clock: FixedClock
):
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        screen = await open_people(pilot)
        total = len(table(screen).rows)
        target = live_contacts(app)[0]
        fragment = target.name.split()[-1][:4].lower()
        await pilot.press("slash")
        box = screen.query_one("#people-search", Input)
        assert app.focused is box
        # While typing, the letter keys are hidden from the footer (and typed instead).
        assert screen.check_action("add", ()) is False
        await pilot.press(*fragment)
        await pilot.pause()
        rows = table(screen).rows
        assert 0 < len(rows) < total
        assert target.id in {r.key for r in rows}
        for r in rows:
            assert fragment in screen.people[r.key].search
        assert not any(isinstance(s, ContactForm) for s in app.screen_stack)  # "a" was typed
        await pilot.press("enter")
        assert app.focused is table(screen)
        assert box.value == fragment and len(table(screen).rows) == len(rows)
        assert screen.check_action("add", ()) is True
        await pilot.press("escape")
        assert len(table(screen).rows) == total and box.value == ""
        assert app.focused is table(screen)
        # A query that matches nobody says so.
        await pilot.press("slash", *"zzzqqq", "enter")
        assert len(table(screen).rows) == 0
        assert "No contacts match" in table(screen).empty_text


async def test_add_contact(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        before = len(app.session.state.contacts)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        assert app.focused is form.query_one("#f-name")
        await pilot.press(*"Zoe Quigley")
        await type_into(pilot, "f-organisation", "Acme")
        await type_into(pilot, "f-emails", "zoe@acme.test")
        await type_into(pilot, "f-tags", "design, Mentor")
        await type_into(pilot, "f-priority", "1")
        await type_into(pilot, "f-cadence_days", "14")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert len(app.session.state.contacts) == before + 1
        new = app.session.state.contacts[-1]
        assert (new.name, new.organisation, new.emails, new.tags) == (
            "Zoe Quigley",
            "Acme",
            ["zoe@acme.test"],
            ["design", "mentor"],
        )
        assert (new.priority, new.cadence_days) == (1, 14)
        # The new contact is in the table, highlighted, and written to disk.
        assert table(screen).current is not None and table(screen).current.key == new.id
        await wait_saved(pilot)
        assert new.id in {c.id for c in saved_state(demo_dir).contacts}


async def test_contact_form_bad_input_shows_why_beside_the_field_and_saves_nothing(
    demo_dir: Path, clock: FixedClock
):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_people(pilot)
        before = [c.model_dump() for c in app.session.state.contacts]
        version = app.data_version
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        await type_into(pilot, "f-priority", "7")
        await type_into(pilot, "f-cadence_days", "soon")
        await type_into(pilot, "f-emails", "not-an-email")
        await type_into(pilot, "f-stage", "best friends")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open
        errors = {
            name: str(form.query_one(f"#err-{name}", Label).render())
            for name in ("name", "priority", "cadence_days", "emails", "stage")
        }
        # In the user's words, naming each field as the form labels it (#14.10).
        assert errors["name"] == "⚠ Name can't be empty"
        assert errors["priority"] == "⚠ Priority must be at most 3"
        assert errors["cadence_days"] == "⚠ Follow up every must be a whole number"
        assert errors["emails"] == "⚠ Email(s): 'not-an-email' is not an email address"
        assert errors["stage"] == "⚠ Stage must be one of: new, active, close or dormant"
        for name in errors:
            label = form.query_one(f"#err-{name}", Label)
            assert label.has_class("shown")
            # right under its own field (after the field's row and hint)
            row = form.query_one(f"#f-{name}").parent
            cells = list(row.parent.children)
            assert label in cells[cells.index(row) + 1 : cells.index(row) + 3]
        assert not form.query_one("#err-organisation", Label).has_class("shown")
        assert [c.model_dump() for c in app.session.state.contacts] == before
        assert app.data_version == version
        # Fixing the field clears its message as you type.
        await type_into(pilot, "f-priority", "2")
        assert not form.query_one("#err-priority", Label).has_class("shown")
        assert form.query_one("#err-stage", Label).has_class("shown")
        await discard_form(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert [c.model_dump() for c in app.session.state.contacts] == before


async def test_edit_contact_with_E_or_enter_and_e_opens_energy(demo_dir: Path, clock: FixedClock):
    """E (or enter) edits the selected contact; e opens Energy on People as everywhere."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        row = table(screen).current
        assert row is not None
        await pilot.press("E")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm) and form.contact is not None
        assert form.contact.id == row.key
        await type_into(pilot, "f-role", "Head of Research")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert app.session.contact(row.key).role == "Head of Research"
        await pilot.pause(0.2)  # the side pane updates lazily
        assert "Head of Research" in screen.query_one("#people-detail", TextPane).plain
        assert "E Edit" in key_bar_text(app)
        # enter edits too
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        await pilot.press("escape")
        await pilot.pause()
        # e is the Energy screen, here as on every screen.
        await pilot.press("e")
        await pilot.pause()
        assert app.current_mode == "energy"


async def test_archive_after_confirmation_and_restore(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        total = len(table(screen).rows)
        row = table(screen).current
        assert row is not None
        # Declining changes nothing.
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert not app.session.contact(row.key).archived
        # Confirming archives.
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.session.contact(row.key).archived
        assert row.key not in {r.key for r in table(screen).rows}
        assert len(table(screen).rows) == total - 1
        await wait_saved(pilot)
        assert next(c for c in saved_state(demo_dir).contacts if c.id == row.key).archived
        # x shows archived contacts; d there restores (and the key bar says so).
        assert "d Archive" in key_bar_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert "d Restore" in key_bar_text(app) and "Archive " not in key_bar_text(app)
        assert row.key in {r.key for r in table(screen).rows}
        table(screen).move_to([r.key for r in table(screen).rows].index(row.key))
        notes: list[str] = []
        notify = app.notify
        app.notify = lambda message, *a, **k: (notes.append(str(message)), notify(message, *a, **k))  # type: ignore[method-assign]
        await pilot.press("d")
        await pilot.pause()
        assert "Restore" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("y")
        await pilot.pause()
        assert not app.session.contact(row.key).archived
        assert len([n for n in notes if n.startswith("Restored")]) == 1  # said once
        await pilot.press("x")
        await pilot.pause()
        assert len(table(screen).rows) == total


async def test_empty_data_says_how_to_start(empty_dir: Path, clock: FixedClock):
    app = create_app(empty_dir, clock)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        while app.screen.is_modal:  # a welcome screen for new users
            await pilot.press("escape")
            await pilot.pause()
        screen = await open_people(pilot)
        assert len(table(screen).rows) == 0
        assert "press a to add" in table(screen).empty_text
        assert screen.check_action("edit", ()) is None  # shown, disabled
        app.session.add_contact(name="Ada Lovelace")
        await pilot.pause()
        count = str(screen.query_one("#people-count").render())
        assert count.startswith("1 contact ·"), count


async def test_contact_form_is_reused_and_reloaded_for_each_contact(
    demo_dir: Path, clock: FixedClock
):
    """The form is built once; every later add / edit shows that contact's own values."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        first = table(screen).current
        assert first is not None
        await pilot.press("E")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        c1 = screen.people[first.key].contact
        assert form.value("name") == c1.name and form.value("notes") == c1.notes
        # Leave it with an error showing and a half-typed value.
        await type_into(pilot, "f-priority", "9")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and form.errors
        await discard_form(pilot)
        # Another contact: the same form object, that contact's values, no old error.
        await pilot.press("down")
        await pilot.pause()
        second = table(screen).current
        assert second is not None and second.key != first.key
        await pilot.press("E")
        await pilot.pause()
        assert app.screen is form
        c2 = screen.people[second.key].contact
        assert form.contact is c2
        assert form.value("name") == c2.name
        assert form.value("priority") == str(c2.priority)
        assert form.value("tags") == ", ".join(c2.tags)
        assert form.value("notes") == c2.notes
        assert not form.errors
        assert not form.query_one("#err-priority", Label).has_class("shown")
        assert app.focused is form.query_one("#f-name")
        assert str(form.query_one("#form-title").render()) == f"Edit {c2.name}"
        # Saving edits that contact and nobody else.
        await type_into(pilot, "f-role", "Reused-form role")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        by_id = {c.id: c for c in app.session.state.contacts}
        assert by_id[c2.id].role == "Reused-form role"
        assert by_id[c1.id].role == c1.role
        # Add after edit: a blank form with the default cadence.
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is form and form.contact is None
        assert form.value("name") == "" and form.value("notes") == ""
        cadence = app.session.state.settings.default_cadence_days
        assert form.value("cadence_days") == str(cadence)
        assert form.value("priority") == "2" and form.value("stage") == "new"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_sort_keys_agree_with_the_engines_full_health_records(
    demo_dir: Path, clock: FixedClock
):
    """People sorts by the engine's cheap per-contact days; they match the full records."""
    from datetime import date

    from habitnet import engine

    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        state, day = app.session.state, screen.today
        full = engine.all_contact_health(state, day)
        assert len(screen.people) == len(full) > 0
        for cid, p in screen.people.items():
            h = full[cid]
            assert p.last == (h.last_interaction or date.min), p.contact.name
            # a due day wherever the engine schedules a next step: a follow-up or
            # thank-you after a real interaction, a hello for a contact never in touch
            assert p.due == (h.ideal_due if h.follow_up_pending else date.max), p.contact.name
            assert p.health == h


def detail_names(screen: Any, app: Any) -> tuple[str, str]:
    """The highlighted contact's name and the first line of the detail pane."""
    row = table(screen).current
    assert row is not None
    plain = screen.query_one("#people-detail", TextPane).plain
    return app.session.contact(row.key).name, plain.split("\n", 1)[0]


async def test_detail_pane_follows_page_keys_typing_and_moving_back(
    demo_dir: Path, clock: FixedClock
):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 20)) as pilot:
        screen = await open_people(pilot)
        await pilot.pause(0.3)
        # Page keys repaint the whole list; the pane follows once the keys stop.
        await pilot.press("pagedown", "pagedown", "end")
        await pilot.pause(0.3)
        name, shown = detail_names(screen, app)
        assert shown == name
        await pilot.press("home")
        await pilot.pause(0.3)
        name, shown = detail_names(screen, app)
        assert shown == name
        # A single move after a pause is drawn at once; moving back reuses the kept page.
        await pilot.press("down")
        await pilot.pause()
        name, shown = detail_names(screen, app)
        assert shown == name
        await pilot.pause(0.3)
        await pilot.press("up")
        await pilot.pause()
        name, shown = detail_names(screen, app)
        assert shown == name
        # Typing a filter: the pane shows the contact highlighted once typing stops.
        fragment = live_contacts(app)[-1].name.split()[0][:3].lower()
        await pilot.press("slash", *fragment)
        await pilot.pause(0.3)
        name, shown = detail_names(screen, app)
        assert shown == name and fragment in screen.people[table(screen).current.key].search


async def test_a_late_change_message_does_not_undo_the_typed_search(
    demo_dir: Path, clock: FixedClock
):
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        screen = await open_people(pilot)
        box = screen.query_one("#people-search", SearchBox)
        await pilot.press("slash", "a", "n")
        assert screen.query_text == "an"  # filtered as each character was typed
        shown = [r.key for r in table(screen).rows]
        # Input.Changed about an earlier value, delivered after the box moved on.
        box.post_message(Input.Changed(box, "a"))
        await pilot.pause()
        assert screen.query_text == "an" == box.value
        assert [r.key for r in table(screen).rows] == shown


async def test_leaving_the_search_box_shows_the_highlighted_contact_at_once(
    demo_dir: Path, clock: FixedClock, monkeypatch: Any
):
    from habitnet.widgets import pane_scheduler

    monkeypatch.setattr(pane_scheduler, "DEBOUNCE", 30.0)  # the timer never fires here
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 20)) as pilot:
        screen = await open_people(pilot)
        fragment = live_contacts(app)[-1].name.split()[0][:3].lower()
        await pilot.press("slash", *fragment, "enter")  # typing defers the pane...
        await pilot.pause()
        assert app.focused is table(screen)
        name, shown = detail_names(screen, app)  # ...enter draws it with the focus move
        assert shown == name


def post_keys(app: Any, keys: str | list[str]) -> None:
    """Queue key events all at once (as a paste, a fast typist or a busy app gets them):
    each is handled only after all are queued. Single characters are typed; longer
    names are keys (``down``, ``enter``)."""
    from textual import events

    for key in keys:
        if len(key) == 1:
            name = {"/": "slash", " ": "space", "#": "number_sign", "@": "at"}.get(key, key)
            app.post_message(events.Key(name, key))
        else:
            app.post_message(events.Key(key, None))


def seen(app: Any) -> dict[str, Any]:
    """What a user sees of a list screen: the screen, the focus, the search text, the
    rows, the cursor's row and the side pane's first line."""
    screen = app.screen
    out: dict[str, Any] = {"screen": type(screen).__name__, "focused": type(app.focused).__name__}
    if hasattr(screen, "table"):
        current = screen.table.current
        out["search"] = screen.search_box.value
        out["rows"] = [r.key for r in screen.table.rows]
        out["current"] = current.key if current is not None else None
        out["pane"] = screen.pane.plain.split("\n", 1)[0]
        out["sort"] = getattr(screen, "sort_key", None)
    return out


async def burst_and_slow(
    data_dir: Path, clock: FixedClock, screen_key: str, keys: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What ``keys`` lead to on a list screen sent in one burst, and pressed one at a
    time with a pause after each (human speed), each in a fresh app on the same data."""
    results = []
    for burst in (True, False):
        app = create_app(data_dir, clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_ready(pilot)
            await pilot.press(screen_key)
            await pilot.pause(0.3)
            if burst:
                post_keys(app, keys)
                await pilot.pause()
            else:
                for key in keys:
                    post_keys(app, [key])
                    await pilot.pause(0.05)
            await pilot.pause(0.3)  # the side pane follows once keys stop
            results.append(seen(app))
    return results[0], results[1]


async def test_bursts_land_where_keys_typed_slowly_do(demo_dir: Path, clock: FixedClock) -> None:
    """``/an``, ``/an enter o``, ``/ada enter`` then arrows, ``/`` then escape then a
    key: the same result sent in one burst as pressed one at a time."""
    for keys in (
        [*"/an"],
        [*"/an", "enter", "o"],
        [*"/ada", "enter", "down", "down"],
        [*"/ada", "down"],
        ["down", *"/a", "escape", "o", "down"],
        [*"/#", "backspace", *"zz"],
    ):
        burst, slow = await burst_and_slow(demo_dir, clock, "p", keys)
        assert burst == slow, keys
        assert burst["screen"] == "PeopleScreen", keys  # no letter reached a form


async def test_text_pasted_in_the_search_box_filters(demo_dir: Path, clock: FixedClock) -> None:
    from textual import events

    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        target = live_contacts(app)[3]
        post_keys(app, "/")
        app.post_message(events.Paste(target.name))
        post_keys(app, ["enter", "E"])  # back to the list, edit the contact found
        await pilot.pause()
        await pilot.pause()
        assert screen.search_box.value == target.name
        assert target.id in [r.key for r in table(screen).rows]
        form = app.screen
        assert isinstance(form, ContactForm) and form.contact is not None
        assert screen.people[form.contact.id].search.find(fold(target.name).split()[0]) >= 0


async def test_hash_tag_finds_contacts_by_tag(demo_dir: Path, clock: FixedClock) -> None:
    """People's search understands ``#tag`` as Journal's does (tags starting so)."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        live = live_contacts(app)
        tag = next(t for c in live for t in c.tags)
        await pilot.press("slash", *f"#{tag}")
        await pilot.pause()
        want = {c.id for c in live if any(fold(t).startswith(fold(tag)) for t in c.tags)}
        assert {r.key for r in table(screen).rows} == want
        assert 0 < len(want) < len(live)
        count = str(screen.query_one("#people-count").render())
        assert count.startswith(f"{len(want)} of {len(live)} contacts"), count


async def test_a_single_move_that_scrolls_shows_its_contact_at_once(
    demo_dir: Path, clock: FixedClock
) -> None:
    """A down at the bottom of the list, end, home: moves that scroll the list, one
    after a pause each, so the pane shows the new contact with the cursor (a deferred
    pane would follow only DEBOUNCE = 0.12 s later)."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 20)) as pilot:
        screen = await open_people(pilot)
        visible = table(screen).size.height - 1
        table(screen).move_to(visible - 1)  # the last row in view
        for key in ("down", "end", "home"):
            await pilot.pause(0.2)
            before = table(screen).scroll_y
            await pilot.press(key)
            assert table(screen).scroll_y != before, key  # the list scrolled
            name, shown = detail_names(screen, app)
            assert shown == name, key


async def test_keys_typed_in_one_burst_after_slash_go_to_the_search_box(
    demo_dir: Path, clock: FixedClock
):
    """``/`` then letters arriving together (typed while the app was busy, or fast):
    the letters are the search, not the list's keys (``a`` would open Add contact); after
    ``enter`` the next key is the list's again."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_people(pilot)
        post_keys(app, [*"/ada"])
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen, "a letter reached the list's bindings"
        assert screen.query_one(SearchBox).value == "ada"
        post_keys(app, ["enter", "o"])  # back to the list, then sort
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one(SearchBox).value == "ada"
        assert screen.sort_key == "name"  # o, from the list: the next sort order
        post_keys(app, ["/", "escape", "o"])  # clear, sort
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one(SearchBox).value == ""
        assert screen.sort_key == "last"


def test_the_last_contact_reads_as_a_phrase() -> None:
    from datetime import date, timedelta

    today = date(2026, 11, 21)
    assert ago_phrase(today, today) == "today"
    assert ago_phrase(today - timedelta(days=3), today) == "3d ago"
    assert ago_phrase(today - timedelta(days=800), today) == "2y ago"
    assert ago_phrase(today + timedelta(days=1), today) == "in the future"


async def test_the_smallest_terminal_still_shows_names(demo_dir: Path, clock: FixedClock):
    """At 60x15 (the smallest size the app works at) the list keeps a name column: the
    note column makes way (the detail pane says the same)."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(60, 15)) as pilot:
        screen = await open_people(pilot)
        lines = painted(table(screen))
        header = lines[0]
        assert header.startswith("Name") and "Last" in header and "Note" not in header
        first = table(screen).current
        assert first is not None
        name = first.cells[0]
        assert any(line.startswith(name[:5]) for line in lines), lines
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.1)
        header = painted(table(screen))[0]
        assert header.startswith("Name") and "Note" in header


async def test_80_columns_keep_the_organisation(demo_dir: Path, clock: FixedClock):
    """At 80x24 each row shows whom someone works for beside the name (#14 point 11):
    the organisation column stays, the note (in the detail pane too) makes way."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_people(pilot)
        lines = painted(table(screen))
        header = lines[0]
        assert header.startswith("Name") and "Organisation" in header and "Note" not in header
        first = table(screen).current
        assert first is not None
        org = first.cells[1]
        assert org and any(org[:6] in line for line in lines[1:3]), lines[:3]
        # sorted by priority, the narrow P column still shows which way it is sorted
        while screen.sort_key != "priority":
            await pilot.press("o")
            await pilot.pause()
        header = painted(table(screen))[0]
        assert "P ▲" in header, header  # (was "…" in place of "P ▲")


async def test_search_and_name_order_ignore_accents(demo_dir: Path, clock: FixedClock):
    """``lukasz`` finds Łukasz (as in the log form's picker and the command line), and
    sorting by name puts Łukasz with the Ls, not after Z."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        lukasz = app.session.add_contact(name="Łukasz Nowak", organisation="Kraków Labs")
        screen = await open_people(pilot)
        await pilot.press("slash", *"lukasz")
        await pilot.pause()
        found = {r.key: screen.people[r.key].contact.name for r in table(screen).rows}
        assert lukasz.id in found
        assert all("ukasz" in name for name in found.values())  # Łukasz, Lukasz, …
        await pilot.press("escape")
        await pilot.pause()
        while screen.sort_key != "name":
            await pilot.press("o")
            await pilot.pause()
        from habitnet.folding import fold

        names = [r.cells[0] for r in table(screen).rows]
        assert [fold(n) for n in names] == sorted(fold(n) for n in names)
        assert "Łukasz Nowak" in names and not names[-1].startswith("Ł")
