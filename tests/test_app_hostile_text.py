"""Text from strangers on every screen (issue #13, points 1 and 2, the app's side).

A data file whose every text field holds markup (``[/]``, ``[bold]x``, a link, a
``[@click=app.quit]`` action) or terminal control sequences (ESC, OSC, CSI, BEL, BS, a
C1 CSI) is opened and walked through: every screen, side pane, list, form prefilled from
the data, dialog, notification and the palette, at 80×24 and 120×40. What is drawn is
read back from the app's own screenshot: markup shows as typed (nothing parsed, styled
or run: clicking on the ``[@click]`` text leaves the app running), and no control
character is drawn anywhere (an old file's are shown as stand-ins such as ``␛``).

Forms refuse a control character in what is typed (a paste can bring one), beside the
field, and a field left as it was keeps its stored text.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from apphelpers import drawn_lines, wait_ready
from hostilehelpers import (
    CONTROLS,
    MARKUP,
    MARKUP_PARTS,
    REVIEWED_WEEK,
    every_text_state,
    text_fields_without,
)
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual.screen import ModalScreen
from textual.widgets import Input, Select

from habitnet.app import HabitnetApp, create_app
from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.models import State

SIZES = [(80, 24), (120, 40)]
#: A control character, as drawn: anything below a space, DEL, the C1 range.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _data_dir(tmp_path: Path, state: State) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "habitnet.json").write_text(state.model_dump_json(indent=1), encoding="utf-8")
    return folder


async def _settle(pilot: Any, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.05)


async def _keys(pilot: Any, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await _settle(pilot, 2)


def _screen(app: HabitnetApp) -> str:
    return type(app.screen).__name__


async def walk(pilot: Any) -> AsyncIterator[str]:
    """Every place the data shows, in turn; yields a name for each once it is drawn."""
    app: HabitnetApp = pilot.app
    await wait_ready(pilot)
    await _settle(pilot)
    yield "Today: plan, log, and the start-up notice (the unknown theme's name)"
    await _keys(pilot, "e")
    yield "Energy: today's spend"
    await _keys(pilot, "j")
    yield "Journal: the list and the preview"
    await _keys(pilot, "f")
    assert _screen(app) == "FilterPicker"
    yield "Journal: the tag and person filter"
    await _keys(pilot, "escape", "enter")
    assert _screen(app) == "JournalEntryForm"
    yield "Journal entry form, prefilled"
    await _keys(pilot, "escape")
    assert _screen(app) == "JournalScreen"
    await _keys(pilot, "p")
    yield "People: the list and the first contact"
    for _ in range(2):
        await _keys(pilot, "down")
        yield "People: the next contact"
    await _keys(pilot, "enter")
    assert _screen(app) == "ContactForm"
    yield "Contact form, prefilled"
    await _keys(pilot, "escape")
    await _keys(pilot, "d")
    assert _screen(app) == "ConfirmScreen"
    yield "People: archive, asked"
    await _keys(pilot, "n")
    await _keys(pilot, "slash", "left_square_bracket", "slash", "right_square_bracket")
    assert app.screen.query_one("#people-search", Input).value == "[/]"
    yield "People: searching for '[/]' (typed markup)"
    await _keys(pilot, "escape", "escape")
    await _keys(pilot, "w")
    yield "Review: this week (the journal excerpt, the override)"
    await _keys(pilot, "left_square_bracket")
    assert app.screen.week == REVIEWED_WEEK  # type: ignore[attr-defined]
    yield "Review: last week's written review"
    await _keys(pilot, "r")
    assert _screen(app) == "ReviewForm"
    yield "Review form, prefilled"
    await _keys(pilot, "escape")
    await _keys(pilot, "s", "end")  # the kinds are at the end of the list
    yield "Settings: the kinds"
    from habitnet.screens.forms.kind import KindScreen

    kinds = app.session.state.settings.activity_kinds  # type: ignore[union-attr]
    await app.push_screen(KindScreen(len(kinds) - 1))
    await _settle(pilot)
    yield "Activity kind form, prefilled"
    await _keys(pilot, "escape")
    await _keys(pilot, "t", "c")
    assert _screen(app) == "CheckInScreen"
    yield "Check-in form, prefilled with today's"
    await _keys(pilot, "escape", "l")
    form = app.screen
    assert _screen(app) == "LogActivityScreen"
    kind = form.query_one("#kind", Select)
    kind.value = kinds[-1].name
    await _settle(pilot)
    yield "Log form: the own kind chosen"
    kind.focus()
    await _keys(pilot, "enter")
    yield "Log form: the kinds to choose from"
    await _keys(pilot, "escape")
    form.query_one("#picker-search", Input).focus()
    await _keys(pilot, "a", "n", "n")
    yield "Log form: the people matching 'ann'"
    await _keys(pilot, "enter")
    yield "Log form: someone chosen"
    await _keys(pilot, "ctrl+s")
    assert _screen(app) == "TodayScreen", "logged"
    yield "Today: 'Logged …' notification"
    await _keys(pilot, "u")
    yield "Today: 'Undone …' notification"
    await _keys(pilot, "ctrl+p")
    await _keys(pilot, "l", "o")
    yield "The command palette"
    await _keys(pilot, "escape")


async def _click_on(pilot: Any, lines: list[str], text: str) -> int:
    """Click every place ``text`` is drawn; how many there were."""
    hits = 0
    for row, line in enumerate(lines):
        for found in re.finditer(re.escape(text), line):
            await pilot.click(offset=(found.start() + 1, row))
            hits += 1
    return hits


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_markup_in_the_data_is_shown_as_typed_and_never_runs(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    state = every_text_state(MARKUP)
    assert text_fields_without(state, MARKUP) == []  # every text field holds it
    app = create_app(_data_dir(tmp_path, state), FixedClock(DEMO_NOW))
    seen: dict[str, str] = {}
    clicked: list[str] = []
    async with app.run_test(size=size, notifications=True) as pilot:
        async for where in walk(pilot):
            lines = drawn_lines(app)
            drawn = "\n".join(lines)
            seen[where] = drawn
            if where != "The command palette":  # (it shows no data)
                # The start of the text shows on every place (lines are cut at 80).
                assert "[/] [bold]x" in drawn, (where, drawn)
            # Wherever the action's text is drawn on a screen, clicking it runs nothing
            # (a click on a row may open what the row opens: closed again after).
            screen = app.screen
            if isinstance(screen, ModalScreen):
                continue
            if await _click_on(pilot, lines, "[@click=app.quit]z"):
                await _settle(pilot, 2)
                assert app.is_running and app.return_code is None, where
                while app.screen is not screen and isinstance(app.screen, ModalScreen):
                    await _keys(pilot, "escape")
                clicked.append(where)
    assert app.return_code in (None, 0)
    everything = "\n".join(seen.values())
    for part in MARKUP_PARTS:
        assert part in everything, part
    assert len(seen) >= 20
    assert {"People: the list and the first contact", "Journal: the list and the preview"} <= set(
        clicked
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_no_control_character_from_an_old_file_is_drawn(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    state = every_text_state(CONTROLS)
    assert text_fields_without(state, CONTROLS) == []
    app = create_app(_data_dir(tmp_path, state), FixedClock(DEMO_NOW))
    stand_ins = 0
    async with app.run_test(size=size, notifications=True) as pilot:
        async for where in walk(pilot):
            drawn = "\n".join(drawn_lines(app))
            assert not CONTROL.search(drawn.replace("\n", "")), (where, drawn)
            stand_ins += drawn.count("␛")
    assert stand_ins > 20  # shown as stand-ins, not dropped


async def test_forms_refuse_a_control_character_beside_the_field_and_keep_stored_text(
    tmp_path: Path,
) -> None:
    """A paste brings an ESC into a contact's role: refused beside Role (not a toast),
    nothing saved. The name, left as it was, keeps its stored text (an old file's ESC
    shown as ␛); only a field the user changes is checked."""
    state = every_text_state(CONTROLS)
    app = create_app(_data_dir(tmp_path, state), FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await _keys(pilot, "p", "enter")
        form = app.screen
        assert _screen(app) == "ContactForm"
        name = form.query_one("#f-name", Input)
        assert "␛" in name.value and "\x1b" not in name.value
        role = form.query_one("#f-role", Input)
        role.focus()
        role.value = ""
        role.post_message(events.Paste("CTO\x1b]0;pwned\x07"))
        await _settle(pilot)
        assert "\x1b" in role.value
        before = app.session.state.model_dump()  # type: ignore[union-attr]
        await _keys(pilot, "ctrl+s")
        assert app.screen is form
        assert form.errors == {
            "role": "Role can't contain an escape character (ESC): type plain text."
        }
        assert app.session.state.model_dump() == before  # type: ignore[union-attr]
        # Put right: saved, and the name (untouched) keeps what the file holds.
        role.value = "CTO"
        await _keys(pilot, "ctrl+s")
        assert _screen(app) == "PeopleScreen"
        contact = next(c for c in app.session.state.contacts if c.role == "CTO")  # type: ignore[union-attr]
        original = next(c for c in state.contacts if c.id == contact.id)
        assert contact.name == original.name and "\x1b" in contact.name


# -- file paths, and the messages that quote them -----------------------------------------

#: The markup as it survives in a path ("//" is one "/"): each part a word of its own, so
#: a message wrapped at spaces still shows it whole.
PATH_PARTS = ("[/]", "[bold]x", "[link=https:/x.example]y", "[@click=app.quit]z")


def _hostile_home(tmp_path: Path) -> Path:
    """A data folder whose path holds the markup (the "/" of ``[/]`` and of the link
    split it into folders) and an escape sequence (retitle the terminal)."""
    last = "x.example]y [@click=app.quit]z \x1b]0;t\x07"
    home = tmp_path / "a [" / "] [bold]x [link=https:" / last
    home.mkdir(parents=True)
    return home


def _shows_the_path(app: HabitnetApp, where: str, parts: tuple[str, ...] = PATH_PARTS) -> None:
    drawn = "\n".join(drawn_lines(app))
    for part in parts:
        assert part in drawn, (where, part, drawn)
    assert not CONTROL.search(drawn.replace("\n", "")), (where, drawn)
    assert app.is_running and app.return_code is None, where


async def _palette(pilot: Any, command: str) -> None:
    await _keys(pilot, "ctrl+p")
    await _keys(pilot, *command)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_data_folder_whose_path_holds_markup_is_quoted_as_typed(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """The palette, the import and restore dialogs and the notifications quote the data
    folder's path (or a file's): as typed, wherever the folder is (a path is text from
    the file system, as a name is text from a stranger)."""
    home = _hostile_home(tmp_path)
    card = home / "[bold]x [@click=app.quit]z.vcf"
    card.write_text(  # (its name shows [/] and the link: the contact's, quoted)
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zed [/] [bold]x [@click=app.quit]z\x1b]0;t\x07\r\n"
        "ORG:[link=https:/x.example]y\r\nEND:VCARD\r\n"
    )
    app = create_app(home, FixedClock(DEMO_NOW))
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_ready(pilot)
        assert _screen(app) == "WelcomeScreen"
        await _keys(pilot, "ctrl+d")  # try the demo: it opens in <home>/demo
        await wait_ready(pilot)
        await _settle(pilot)
        assert app.demo_exit() == home
        await _palette(pilot, "leave")
        _shows_the_path(app, "the palette: 'Leave the demo' says where to")
        await _keys(pilot, "enter")
        await wait_ready(pilot)
        await _settle(pilot)
        assert _screen(app) == "WelcomeScreen"  # (a form: no notification over it)
        await _keys(pilot, "ctrl+s")  # start: own data in the folder
        await wait_ready(pilot)
        assert _screen(app) == "TodayScreen"
        await _palette(pilot, "restore")
        await _keys(pilot, "enter")
        assert _screen(app) == "RestoreScreen"
        _shows_the_path(app, "Restore: 'No backups in …'")
        await _keys(pilot, "escape")
        await _palette(pilot, "import")
        await _keys(pilot, "enter")
        assert _screen(app) == "ImportScreen"
        path = app.screen.query_one("#import-path", Input)
        path.value = str(home / "gone [@click=app.quit]z" / "[/] [bold]x.vcf")
        await _keys(pilot, "enter")
        _shows_the_path(app, "Import: '…: no such file.'")
        path.value = str(card)
        await _keys(pilot, "enter")
        _shows_the_path(
            app, "Import: what it would do", ("[bold]x", "[@click=app.quit]z.vcf", "removed")
        )
        await _keys(pilot, "ctrl+s")
        assert _screen(app) == "TodayScreen"
        names = [c.name for c in app.session.state.contacts]  # type: ignore[union-attr]
        assert names == ["Zed [/] [bold]x [@click=app.quit]z"]
        _shows_the_path(app, "'Imported …'", ("[bold]x", "[@click=app.quit]z.vcf"))
        for command, says in (("export", "Exported to"), ("back up now", "Backup written:")):
            app.clear_notifications()
            await _palette(pilot, command)
            await _keys(pilot, "enter")
            assert says in "\n".join(drawn_lines(app))
            _shows_the_path(app, f"'{says} …'")
    assert app.return_code in (None, 0)


async def test_an_unreadable_file_in_such_a_folder_and_a_backup_so_named(tmp_path: Path) -> None:
    """The error screen names the file and offers the newest backup, both as typed;
    quitting there is an error (exit 2)."""
    home = _hostile_home(tmp_path)
    (home / "backups").mkdir()
    state = every_text_state(MARKUP)
    (home / "backups" / "habitnet-[bold]x [@click=app.quit]z.json").write_text(
        state.model_dump_json()
    )
    (home / "habitnet.json").write_text('{"schema_version": 1, "contacts": [}')
    app = create_app(home, FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert _screen(app) == "ErrorScreen"
        _shows_the_path(app, "the error screen")
        drawn = "\n".join(drawn_lines(app))
        assert "Restore habitnet-[bold]x [@click=app.quit]z.json" in drawn, drawn
        await _keys(pilot, "q")
    assert app.return_code == 2  # an error, as on the command line (docs/CLI.md)


@given(st.text(alphabet="[]\\/$@=#:. abBx\x1b\x07", max_size=30))
def test_as_markup_reads_back_as_the_text(text: str) -> None:
    """What the palette is given reads back as the text itself (controls as stand-ins),
    where Textual's own ``escape`` leaves ``[B]x``, ``[$x]`` and ``[ b]`` to be tags."""
    from textual.content import Content

    from habitnet.safetext import visible
    from habitnet.widgets.plain import as_markup

    assert Content.from_markup(as_markup(text)).plain == visible(text)


#: Each form with a text field, how it opens from Today, and that field (a paste can bring
#: an escape sequence into any of them).
FORMS_WITH_TEXT = [
    ("ContactForm", ("p", "a"), "#f-name", "Name"),
    ("JournalEntryForm", ("j", "n"), "#f-text", "Entry"),
    ("ReviewForm", ("w", "r"), "#f-reflection", "What went well, what was hard?"),
    ("LogActivityScreen", ("l",), "#note", "Note"),
    ("CheckInScreen", ("c", "3", "3"), "#note", "Note"),
    ("KindScreen", ("s",), "#kind-name", "Name"),
]


@pytest.mark.parametrize(
    "form_name,keys,field,label", FORMS_WITH_TEXT, ids=[f[0] for f in FORMS_WITH_TEXT]
)
async def test_every_form_refuses_a_pasted_escape_sequence_beside_the_field(
    demo_dir: Path, form_name: str, keys: tuple[str, ...], field: str, label: str
) -> None:
    """A paste brings ``ESC ] 0 ; … BEL`` (retitle the terminal) into a form's text:
    the form stays open, says why beside the field (drawn, no control character drawn),
    and nothing is saved."""
    from textual.widgets import TextArea

    app = create_app(demo_dir, FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_ready(pilot)
        await _keys(pilot, *keys)
        if form_name == "KindScreen":
            from habitnet.screens.forms.kind import KindScreen

            await app.push_screen(KindScreen())
            await _settle(pilot)
        form = app.screen
        assert _screen(app) == form_name
        if form_name == "LogActivityScreen":
            form.query_one("#kind", Select).value = "message"
        widget = form.query_one(field)
        assert isinstance(widget, Input | TextArea)
        widget.focus()
        await _settle(pilot, 1)
        widget.post_message(events.Paste("Hi\x1b]0;pwned\x07 there"))
        await _settle(pilot)
        assert "\x1b" in (widget.value if isinstance(widget, Input) else widget.text)
        before = app.session.state.model_dump()  # type: ignore[union-attr]
        await _keys(pilot, "ctrl+s")
        assert app.screen is form, "saved, or closed"
        assert app.session.state.model_dump() == before  # type: ignore[union-attr]
        drawn = "\n".join(drawn_lines(app))
        assert f"{label} can't contain an escape character (ESC)" in drawn, drawn
        assert not CONTROL.search(drawn.replace("\n", "")), drawn


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_conflict_notice_quotes_the_contact_and_the_copy_as_typed(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """The file changed outside while the app had it open, on the same field the app then
    changes: the notice names the contact (markup in its name) and the conflict copy (in
    a folder whose path holds markup), as typed."""
    import json
    import os

    home = _hostile_home(tmp_path)
    state = every_text_state(MARKUP)
    (home / "habitnet.json").write_text(state.model_dump_json(indent=1), encoding="utf-8")
    app = create_app(home, FixedClock(DEMO_NOW))
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_ready(pilot)
        await _settle(pilot)
        path = home / "habitnet.json"
        doc = json.loads(path.read_bytes())
        doc["contacts"][0]["role"] = "Changed elsewhere"
        (home / "outside.tmp").write_text(json.dumps(doc), encoding="utf-8")
        os.replace(home / "outside.tmp", path)  # a sync tool: a new file in its place
        app.clear_notifications()
        app.session.update_contact("c-1", role="Changed here")  # type: ignore[union-attr]
        await _settle(pilot)
        assert list(home.glob("habitnet.conflict-*.json")), "no conflict copy"
        drawn = "\n".join(drawn_lines(app))
        assert "conflict copy" in drawn, drawn
        _shows_the_path(app, "the notice", ("Ann 1", "[/]", "[bold]x", "habitnet.conflict"))
        _shows_the_path(app, "the conflict notice: the copy's folder")


async def test_a_folder_so_named_held_by_another_habitnet(tmp_path: Path) -> None:
    """The locked screen names the folder as typed; opened read-only, the data shows."""
    from habitnet.store import Store

    home = _hostile_home(tmp_path)
    (home / "habitnet.json").write_text(every_text_state(MARKUP).model_dump_json())
    holder = Store(home, FixedClock(DEMO_NOW))
    holder.lock()
    try:
        app = create_app(home, FixedClock(DEMO_NOW))
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await wait_ready(pilot)
            assert _screen(app) == "LockedScreen"
            _shows_the_path(app, "the locked screen")
            await _keys(pilot, "o")
            await wait_ready(pilot)
            assert app.read_only and _screen(app) == "TodayScreen"
            _shows_the_path(app, "Today, read-only", MARKUP_PARTS[:2])
        app = create_app(home, FixedClock(DEMO_NOW))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_ready(pilot)
            assert _screen(app) == "LockedScreen"
            await _keys(pilot, "q")
        assert app.return_code == 2  # not opened: an error, as on the command line
    finally:
        holder.unlock()
