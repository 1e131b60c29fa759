"""Pilot tests of the Journal screen: create, search, filter, edit, delete, bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from apphelpers import discard_form, wait_ready, wait_saved
from textual.widgets import Input, Label, OptionList, Static, TextArea

from habitnet.app import create_app
from habitnet.clock import FixedClock
from habitnet.models import State
from habitnet.screens.forms.confirm import ConfirmScreen
from habitnet.screens.forms.journal_entry import JournalEntryForm, resolve_contacts
from habitnet.screens.journal import FilterPicker, JournalScreen
from habitnet.widgets.text_pane import TextPane
from habitnet.widgets.virtual_table import VirtualTable


def screenshot_text(app: Any) -> str:
    """The text on the terminal, from the app's own screenshot (SVG)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def open_journal(pilot: Any) -> JournalScreen:
    await wait_ready(pilot)
    await pilot.press("j")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, JournalScreen)
    return screen


async def new_entry(pilot: Any) -> JournalEntryForm:
    """On Journal: ``n``, and the new-entry form it opens."""
    await pilot.press("n")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, JournalEntryForm)
    return form


def table(screen: Any) -> VirtualTable:
    return screen.query_one(VirtualTable)


async def fill(pilot: Any, name: str, text: str) -> None:
    """Set a form field's text as an edit would (posts Changed)."""
    widget = pilot.app.screen.query_one(f"#f-{name}")
    widget.focus()
    if isinstance(widget, TextArea):
        widget.text = text
    else:
        assert isinstance(widget, Input)
        widget.value = text
    await pilot.pause()


def error(form: Any, name: str) -> str:
    label = form.query_one(f"#err-{name}", Label)
    return str(label.render()) if label.has_class("shown") else ""


async def test_lists_entries_newest_first_with_a_preview(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_journal(pilot)
        journal = app.session.state.journal
        rows = table(screen).rows
        assert len(rows) == len(journal) > 0
        days = [date.fromisoformat(r.cells[0]) for r in rows]
        assert days == sorted(days, reverse=True)
        newest = max(journal, key=lambda e: e.day)
        await pilot.pause(0.2)  # the side pane updates lazily
        preview = screen.query_one("#journal-preview", TextPane).plain
        assert f"{newest.day:%A %d %B %Y}" in preview
        assert "What value did I offer?" in preview and "Was it mutual?" in preview
        assert app.focused is table(screen)


async def test_create_entry_with_prompts_tags_and_people(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_journal(pilot)
        before = len(app.session.state.journal)
        person = next(c for c in app.session.state.contacts if not c.archived)
        form = await new_entry(pilot)
        assert app.focused is form.query_one("#f-text")
        await pilot.press(*"Coffee with a mentor")  # typed into the editor
        await fill(pilot, "value_offered", "An intro to a hiring manager")
        await fill(pilot, "was_mutual", "Yes")
        await fill(pilot, "learned", "Ask for specifics")
        await fill(pilot, "follow_up_plan", "Send the deck on Monday")
        await fill(pilot, "tags", "Mentoring, career")
        await fill(pilot, "contacts", person.name.upper())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        journal = app.session.state.journal
        assert len(journal) == before + 1
        e = journal[-1]
        assert e.day == clock.today()
        assert e.text == "Coffee with a mentor"
        assert (e.value_offered, e.was_mutual, e.learned, e.follow_up_plan) == (
            "An intro to a hiring manager",
            "Yes",
            "Ask for specifics",
            "Send the deck on Monday",
        )
        assert e.tags == ["mentoring", "career"]
        assert e.contact_ids == [person.id]
        # Highlighted at the top of the list, previewed, and saved to disk.
        assert table(screen).rows[0].key == e.id
        assert table(screen).current is not None and table(screen).current.key == e.id
        await pilot.pause()
        await pilot.pause(0.2)  # the side pane updates lazily
        assert "Send the deck on Monday" in screen.query_one("#journal-preview", TextPane).plain
        await wait_saved(pilot)
        saved = State.model_validate_json((demo_dir / "habitnet.json").read_bytes())
        assert e.id in {j.id for j in saved.journal}


async def test_search_as_you_type_by_word_tag_and_person(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        screen = await open_journal(pilot)
        journal = app.session.state.journal
        total = len(journal)
        await pilot.press("slash")
        box = screen.query_one("#journal-search", Input)
        assert app.focused is box
        assert screen.check_action("new", ()) is False  # letter keys hidden while typing
        await pilot.press(*"coffee")
        await pilot.pause()
        expected = {e.id for e in journal if "coffee" in e.search_text()}
        assert 0 < len(expected) < total
        got = {r.key for r in table(screen).rows}
        assert expected <= got  # names of linked people can match too
        assert not any(isinstance(s, JournalEntryForm) for s in app.screen_stack)  # n typed
        await pilot.press("enter")
        assert app.focused is table(screen)
        await pilot.press("escape")
        assert len(table(screen).rows) == total
        # #tag filters by tag.
        tag = next(t for e in journal for t in e.tags)
        screen.set_search(f"#{tag}")
        await pilot.pause()
        assert {r.key for r in table(screen).rows} == {e.id for e in journal if tag in e.tags}
        # @first_last filters by a linked person.
        entry = next(e for e in journal if e.contact_ids)
        person = app.session.contact(entry.contact_ids[0])
        screen.set_search("@" + "_".join(person.name.lower().split()))
        await pilot.pause()
        keys = {r.key for r in table(screen).rows}
        assert entry.id in keys
        for k in keys:
            linked = app.session.journal_entry(k).contact_ids
            assert any(person.name.lower() in app.session.contact(c).name.lower() for c in linked)
        screen.set_search("zzzqqqxx")
        await pilot.pause()
        assert len(table(screen).rows) == 0 and "No entries match" in table(screen).empty_text
        # Brackets are shown as typed in the count line (not read as markup).
        screen.set_search("[b]")
        await pilot.pause()
        assert "matching '[b]'" in str(screen.query_one("#journal-count", Static).render())


async def test_filter_picker_sets_a_tag_filter(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_journal(pilot)
        await pilot.press("f")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FilterPicker)
        options = picker.query_one(OptionList)
        await pilot.press("down", "enter")  # the first tag (the most used)
        await pilot.pause()
        assert options is not None and app.screen is screen
        tag = picker.tags[0][0]
        assert screen.query_text == f"#{tag}"
        assert len(table(screen).rows) == picker.tags[0][1]


async def test_edit_and_delete_entry(demo_dir: Path, clock: FixedClock):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_journal(pilot)
        row = table(screen).current
        assert row is not None
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, JournalEntryForm) and form.entry is not None
        assert form.entry.id == row.key
        await fill(pilot, "learned", "Edited lesson")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.journal_entry(row.key).learned == "Edited lesson"
        count = len(app.session.state.journal)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert len(app.session.state.journal) == count - 1
        assert row.key not in {r.key for r in table(screen).rows}


async def test_bad_input_shows_why_beside_the_field_and_saves_nothing(
    demo_dir: Path, clock: FixedClock
):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_journal(pilot)
        before = [e.model_dump() for e in app.session.state.journal]
        version = app.data_version
        form = await new_entry(pilot)
        await fill(pilot, "day", "2026-13-40")
        await fill(pilot, "contacts", "Nobody Atall")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        # In the user's words, naming the fields as the form labels them (#14.10).
        assert error(form, "day") == "⚠ Date must be a date like 2026-11-20"
        assert error(form, "text") == ("⚠ The entry is empty: write something or answer a prompt")
        assert error(form, "contacts") == "⚠ People: no contact named 'Nobody Atall'"
        assert error(form, "tags") == ""
        for name in ("day", "text", "contacts"):
            label = form.query_one(f"#err-{name}", Label)
            # right under its own field (after the field's row and hint)
            row = form.query_one(f"#f-{name}").parent
            cells = list(row.parent.children)
            assert label in cells[cells.index(row) + 1 : cells.index(row) + 3]
        # A date in the future is refused too; fixing fields clears their messages.
        await fill(pilot, "day", "2026-12-25")
        assert "in the future" in error(form, "day")
        await fill(pilot, "text", "Something happened")
        assert error(form, "text") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert [e.model_dump() for e in app.session.state.journal] == before
        assert app.data_version == version
        await discard_form(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert [e.model_dump() for e in app.session.state.journal] == before


def test_resolve_contacts_exact_prefix_and_ambiguous(demo_state: State):
    contacts = [c for c in demo_state.contacts if not c.archived]
    a = contacts[0]
    ids, problems = resolve_contacts([a.name.lower()], contacts)
    assert ids == [a.id] and problems == []
    ids, problems = resolve_contacts(["zz-nobody"], contacts)
    assert ids == [] and problems == ["no contact named 'zz-nobody'"]
    first = a.name.split()[0][:1]
    many = [c for c in contacts if c.name.lower().startswith(first.lower())]
    if len(many) > 1:
        ids, problems = resolve_contacts([first], contacts)
        assert ids == [] and "could be" in problems[0]


async def test_entry_form_is_reused_and_reloaded_for_each_entry(demo_dir: Path, clock: FixedClock):
    """The editor is built once; each later new / edit shows that entry's own text."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_journal(pilot)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, JournalEntryForm)
        first = form.entry
        assert first is not None and form.value("text") == first.text
        await fill(pilot, "day", "not a day")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and error(form, "day")
        await discard_form(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is form
        second = form.entry
        assert second is not None and second.id != first.id
        assert form.value("day") == second.day.isoformat()
        assert form.value("text") == second.text
        assert form.value("tags") == ", ".join(second.tags)
        assert error(form, "day") == "" and not form.errors
        assert app.focused is form.query_one("#f-text")
        await pilot.press("escape")
        await pilot.pause()
        # New after edit: blank, dated today.
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and form.entry is None
        assert form.value("text") == "" and form.value("tags") == ""
        assert form.value("day") == clock.today().isoformat()
        await fill(pilot, "text", "Reused editor, new entry")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        texts = [e.text for e in app.session.state.journal]
        assert "Reused editor, new entry" in texts
        assert first.text in texts and second.text in texts


async def test_preview_follows_page_keys_and_typing_once_they_stop(
    demo_dir: Path, clock: FixedClock
):
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 20)) as pilot:
        screen = await open_journal(pilot)
        preview = screen.query_one("#journal-preview", TextPane)

        def shown_day() -> str:
            row = table(screen).current
            assert row is not None
            entry = screen.by_key[row.key].entry
            return f"{entry.day:%A %d %B %Y}"

        await pilot.press("pagedown", "end")
        await pilot.pause(0.3)
        assert preview.plain.startswith(shown_day())
        await pilot.press("home", "down")
        await pilot.pause(0.3)
        assert preview.plain.startswith(shown_day())
        word = next(w for w in screen.items[-1].search.split() if len(w) > 4 and w.isalpha())[:4]
        await pilot.press("slash", *word)
        await pilot.pause(0.3)
        assert screen.query_text == word
        assert all(word in screen.by_key[r.key].search for r in table(screen).rows)
        assert preview.plain.startswith(shown_day())


async def test_bursts_land_where_keys_typed_slowly_do(demo_dir: Path, clock: FixedClock) -> None:
    """``/new enter`` then arrows, ``#tag`` typed on, ``/`` escape ``/`` again: the same
    result sent in one burst as pressed one at a time."""
    from test_app_people import burst_and_slow

    for keys in (
        [*"/new", "enter", "down", "down"],
        [*"/#", "backspace", "backspace", *"#c"],
        [*"/co", "escape", *"/ff", "left", "backspace", "enter", "end"],
        ["down", "down", *"/@", "escape", "up"],
    ):
        burst, slow = await burst_and_slow(demo_dir, clock, "j", keys)
        assert burst == slow, keys
        assert burst["screen"] == "JournalScreen", keys  # no letter opened a form


async def test_keys_typed_in_one_burst_after_slash_go_to_the_search_box(
    demo_dir: Path, clock: FixedClock
) -> None:
    """``/`` then letters arriving together: the letters are the search (``n`` would
    open a new entry); after ``enter`` the next key moves in the list."""
    from test_app_people import post_keys

    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_journal(pilot)
        post_keys(app, [*"/new"])
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen, "a letter reached the list's bindings"
        assert screen.query_one("#journal-search", Input).value == "new"
        rows = table(screen).rows
        assert len(rows) >= 2
        post_keys(app, ["enter", "down"])
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one("#journal-search", Input).value == "new"
        assert app.focused is table(screen)
        assert table(screen).cursor == 1


async def test_escape_after_typing_asks_before_losing_the_entry(
    demo_dir: Path, clock: FixedClock
) -> None:
    """A stray escape does not throw away a typed reflection: it asks; n / escape go
    back to the form with the text; y discards (nothing saved). Untouched, escape
    closes at once."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_journal(pilot)
        before = len(app.session.state.journal)
        form = await new_entry(pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert app.screen is screen
        await new_entry(pilot)
        await fill(pilot, "learned", "Ask about the hiring plan first")
        for key in ("escape", "n"):  # both keep editing
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is form
            assert form.value("learned") == "Ask about the hiring plan first"
        await discard_form(pilot)
        assert app.screen is screen
        assert len(app.session.state.journal) == before


async def test_ctrl_q_in_a_form_with_typing_asks_first(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_journal(pilot)
        form = await new_entry(pilot)
        await fill(pilot, "text", "Half a thought")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_typing_a_tag_or_a_person_key_by_key_finds_them(
    demo_dir: Path, clock: FixedClock
) -> None:
    """``#tag`` and ``@first_last`` typed one key at a time (the search narrows as it
    goes): the lone ``#`` / ``@`` must not narrow to nothing on the way."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_journal(pilot)
        journal = app.session.state.journal
        tag = next(t for e in journal for t in e.tags)
        entry = next(e for e in journal if e.contact_ids)
        person = app.session.contact(entry.contact_ids[0])
        handle = "_".join(person.name.lower().split())
        for text, want in [
            (f"#{tag}", {e.id for e in journal if any(t.startswith(tag) for t in e.tags)}),
            (f"@{handle}", None),
        ]:
            await pilot.press("slash")
            for ch in text:
                await pilot.press(ch)
            await pilot.pause()
            assert screen.query_one("#journal-search", Input).value == text
            keys = {r.key for r in table(screen).rows}
            if want is not None:
                assert keys == want
            else:
                assert entry.id in keys
            await pilot.press("escape")  # clears the search
            await pilot.pause()


def test_contact_names_in_an_entry_ignore_case_and_accents(demo_state: State) -> None:
    from habitnet.models import Contact

    contacts = [
        Contact(id="c-zoe", name="Zoë Martin", created=date(2026, 1, 1), cadence_days=30),
        Contact(id="c-luk", name="Łukasz Nowak", created=date(2026, 1, 1), cadence_days=30),
    ]
    ids, problems = resolve_contacts(["zoe martin", "LUKASZ"], contacts)
    assert ids == ["c-zoe", "c-luk"] and problems == []


async def test_a_refused_save_shows_the_message_of_a_field_at_the_bottom(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_journal(pilot)
        form = await new_entry(pilot)
        for name in ("text", "value_offered", "was_mutual", "learned", "follow_up_plan"):
            await fill(pilot, name, "Line one\nline two\nline three\nline four")
        await fill(pilot, "contacts", "Nobody Known")
        form.query_one("#form-fields").scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert "no contact named 'Nobody Known'" in error(form, "contacts")
        assert "no contact named 'Nobody Known'" in screenshot_text(app)  # in view
