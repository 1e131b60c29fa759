"""Pilot tests of Settings (validation beside the field) and themes (switch, persist, load)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from apphelpers import key_bar_text, options, send_burst, wait_ready, wait_saved, wait_until
from textual.widgets import Input

from habitnet.app import create_app
from habitnet.clock import FixedClock
from habitnet.models import State
from habitnet.themes import ThemeFileError, load_themes, parse_theme


async def _open_settings(pilot: Any) -> Any:
    await wait_ready(pilot)
    await pilot.press("s")
    for _ in range(5):
        await pilot.pause()
    screen = pilot.app.screen
    assert type(screen).__name__ == "SettingsScreen"
    return screen


async def _edit(pilot: Any, screen: Any, key: str, text: str) -> None:
    """Highlight a setting, enter its edit line, type ``text`` (replacing), press enter."""
    screen.highlight(key)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    box = screen.query_one("#edit-input")
    assert pilot.app.focused is box
    await pilot.press(*(["backspace"] * len(box.value)))
    await pilot.press(*text)
    await pilot.pause()
    assert box.value == text
    await pilot.press("enter")
    await pilot.pause()


def _row(screen: Any, key: str) -> str:
    """A setting's row as shown: label, value, hint or error."""
    olist = screen.query_one("#settings-list")
    return str(olist.get_option(key).prompt)


async def test_settings_validate_beside_the_field(demo_dir: Path, clock: FixedClock) -> None:
    """A bad value shows why beside it, in the user's words, and is not saved; each valid
    change is saved as its edit line is left."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_settings(pilot)
        before = app.session.state.settings.model_copy()
        assert str(before.daily_target) in _row(screen, "daily_target")
        await _edit(pilot, screen, "daily_cap", str(before.daily_target - 1))
        msg = screen.message("daily_cap")
        assert "Daily cap" in msg and "target" in msg
        assert msg in _row(screen, "daily_cap") and "•" in _row(screen, "daily_cap")
        assert app.session.state.settings == before, "a bad value is not saved"
        await _edit(pilot, screen, "daily_budget", "lots")
        assert "not a whole number" in _row(screen, "daily_budget")
        await _edit(pilot, screen, "energy_scale-2", "3")
        assert "Check-in energy 2 must be between 0 and 1.5" in _row(screen, "energy_scale-2")
        await _edit(pilot, screen, "rest_weekdays", "Sat, Funday")
        assert "Funday" in _row(screen, "rest_weekdays")
        await _edit(pilot, screen, "weekly_budget", "999")
        assert "Weekly budget must be at most 700 points" in _row(screen, "weekly_budget")
        assert app.session.state.settings == before, "nothing bad is saved"
        # The edit line shows the problem too, as it is typed.
        screen.highlight("daily_budget")
        await pilot.press("enter", "x")
        await pilot.pause()
        assert "not a whole number" in str(screen.query_one("#edit-msg").render())
        await pilot.press("escape")
        # Fix them one by one: each is saved as it becomes valid.
        await _edit(pilot, screen, "daily_cap", "7")
        assert app.session.state.settings.daily_cap == 7
        assert "•" not in _row(screen, "daily_cap")
        await _edit(pilot, screen, "daily_budget", "12")
        await _edit(pilot, screen, "energy_scale-2", "0.5")
        await _edit(pilot, screen, "rest_weekdays", "Sat, Sun")
        await _edit(pilot, screen, "weekly_budget", "50")
        assert not screen.errors and not screen.pending
        s = app.session.state.settings
        assert (s.daily_cap, s.daily_budget, s.energy_scale[2], s.rest_weekdays) == (
            7,
            12,
            0.5,
            [5, 6],
        )
        assert "Saved: Weekly budget 50" in str(screen.query_one("#settings-saved").render())
        await wait_saved(pilot)
    on_disk = State.model_validate_json((demo_dir / "habitnet.json").read_bytes())
    assert (on_disk.settings.daily_cap, on_disk.settings.weekly_budget) == (7, 50)


async def test_an_edit_typed_then_quit_is_saved(demo_dir: Path, clock: FixedClock) -> None:
    """#14.1 as it was seen: s, Weekly budget, enter, 50, enter, q — the file says 50.
    And a value still in the edit line when ctrl+q is pressed is saved too."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(pilot)
        screen.highlight("weekly_budget")
        await pilot.press("enter", *"50", "enter", "q")
        await pilot.pause()
    assert app.return_code == 0
    assert (
        State.model_validate_json((demo_dir / "habitnet.json").read_bytes()).settings.weekly_budget
        == 50
    )
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(pilot)
        screen.highlight("daily_budget")
        await pilot.press("enter", *"12", "ctrl+q")  # still in the edit line
        await pilot.pause()
    assert app.return_code == 0
    assert (
        State.model_validate_json((demo_dir / "habitnet.json").read_bytes()).settings.daily_budget
        == 12
    )


async def test_a_bad_value_is_never_dropped_silently(demo_dir: Path, clock: FixedClock) -> None:
    """A value that is not valid waits on its row: leaving Settings says so, quitting
    asks (n stays, y quits without it), ctrl+r drops it."""
    app = create_app(demo_dir, clock)
    said: list[str] = []
    notify = app.notify

    def heard(message: str, **kwargs: Any) -> None:
        said.append(message)
        notify(message, **kwargs)

    app.notify = heard  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(pilot)
        assert "Drop" not in key_bar_text(app)  # nothing to drop yet
        await _edit(pilot, screen, "weekly_budget", "999")
        assert "^r Drop" in key_bar_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert app.current_mode == "today"
        assert any("Not saved" in m and "Weekly budget must be at most 700" in m for m in said)
        await pilot.press("q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        question = str(app.screen.query_one("#confirm-question").render())
        assert "Weekly budget must be at most 700" in question and "999" in question
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and app.current_mode == "today"
        await pilot.press("s")
        await pilot.pause()
        assert "999 •" in _row(screen, "weekly_budget")  # still there, still unsaved
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not screen.pending and "^r" not in key_bar_text(app)
        await pilot.press("q")  # nothing waits: quits without asking
        await pilot.pause()
    assert app.return_code == 0
    assert not app.unsaved_typing


async def test_yes_quits_without_the_bad_value(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(pilot)
        before = app.session.state.settings.weekly_budget
        await _edit(pilot, screen, "weekly_budget", "999")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    on_disk = State.model_validate_json((demo_dir / "habitnet.json").read_bytes())
    assert on_disk.settings.weekly_budget == before


async def test_keys_typed_in_a_burst_land_in_the_edit_line(
    demo_dir: Path, clock: FixedClock
) -> None:
    """enter 5 0 enter 1 0 enter typed in one go: the weekly budget becomes 50 and
    saved, the next row (check-in energy 1) holds 10, not valid, beside why."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_settings(pilot)
        screen.highlight("weekly_budget")
        await pilot.pause()
        send_burst(
            app,
            [("enter", None), ("ctrl+u", None), *[(c, c) for c in "50"], ("enter", None)]
            + [*[(c, c) for c in "10"], ("enter", None)],
        )
        await wait_until(lambda: "energy_scale-1" in screen.pending, "the burst typed in")
        await pilot.pause()
        assert app.session.state.settings.weekly_budget == 50
        assert screen.pending == {"energy_scale-1": "10"}
        assert "must be between 0 and 1.5" in _row(screen, "energy_scale-1")


async def test_hellos_a_day_with_the_models_limits(demo_dir: Path, clock: FixedClock) -> None:
    from habitnet.messages import field_bounds
    from habitnet.models import Settings

    low, high = field_bounds(Settings, "intro_per_day")
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_settings(pilot)
        row = _row(screen, "intro_per_day")
        assert "Hellos a day" in row and f"({low}–{high})" in row
        await _edit(pilot, screen, "intro_per_day", str(high + 1))
        assert f"Hellos a day must be at most {high}" in _row(screen, "intro_per_day")
        await _edit(pilot, screen, "intro_per_day", "5")
        assert app.session.state.settings.intro_per_day == 5


def test_every_settings_limit_is_said_in_the_users_words() -> None:
    """Each number of Settings, one past each of its limits, gets a message naming its
    row's label, never pydantic's wording or a field name."""
    from test_messages import PYDANTIC

    from habitnet.messages import field_bounds
    from habitnet.models import Settings
    from habitnet.screens.settings import FIELDS, settings_problems

    current = Settings().model_dump()
    checked = 0
    for fld in FIELDS.values():
        if fld.kind != "int":
            continue
        low, high = field_bounds(Settings, fld.target)
        for value in (low - 1, low + 1, high - 1, high + 1):
            problems = settings_problems(current, {fld.target: value})
            for message in problems.values():
                checked += 1
                assert not PYDANTIC.search(message), message
            if not low <= value <= high:  # its own limit: said with its row's name
                assert problems[fld.target].startswith(fld.label), problems
    assert checked > 20
    scale = settings_problems(current, {"energy_scale": {**current["energy_scale"], 2: 9.0}})
    assert not PYDANTIC.search(scale["energy_scale"])


async def test_settings_keys_work_when_no_field_is_focused(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        assert type(app.focused).__name__ == "SettingsList"
        await pilot.press("down", "enter")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        assert type(app.focused).__name__ == "SettingsList"
        await pilot.press("t")
        await pilot.pause()
        assert app.current_mode == "today"


async def test_theme_switch_previews_and_persists(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_settings(pilot)
        assert app.theme == "habitnet-dark"
        screen.highlight("theme")
        for _ in range(len(app.habitnet_themes())):
            if app.theme == "habitnet-light":
                break
            await pilot.press("right")
            await pilot.pause()
        assert app.theme == "habitnet-light"
        assert "habitnet-light" in _row(screen, "theme")
        assert app.session.state.settings.theme == "habitnet-light"
        await wait_saved(pilot)
        await pilot.press("q")
    again = create_app(demo_dir, clock)
    async with again.run_test() as pilot:
        await wait_ready(pilot)
        assert again.theme == "habitnet-light"


async def test_user_theme_loads_and_bad_theme_falls_back(
    demo_dir: Path, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    (config / "themes").mkdir(parents=True)
    (config / "themes" / "mine.toml").write_text(
        'name = "my-sunset"\nprimary = "#FF7F50"\nbackground = "#201010"\n', encoding="utf-8"
    )
    (config / "themes" / "broken.toml").write_text('name = "oops"\nprimary = 12\n')
    monkeypatch.setenv("HABITNET_CONFIG", str(config))
    state = State.model_validate_json((demo_dir / "habitnet.json").read_bytes())
    state.settings = state.settings.model_copy(update={"theme": "oops"})
    (demo_dir / "habitnet.json").write_text(state.model_dump_json(), encoding="utf-8")
    app = create_app(demo_dir, clock)
    texts: list[str] = []
    notify = app.notify
    app.notify = lambda message, *a, **k: (texts.append(str(message)), notify(message, *a, **k))  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        assert "my-sunset" in app.available_themes
        assert "oops" not in app.available_themes
        assert app.theme == "habitnet-dark"
        assert any("broken.toml" in t for t in texts)
        assert any("'oops' is not available" in t for t in texts)
        app.set_theme_setting("my-sunset")
        await pilot.pause()
        assert app.theme == "my-sunset"
        assert app.session.state.settings.theme == "my-sunset"


def test_shipped_themes_parse() -> None:
    loaded = load_themes(include_user=False)
    names = {t["name"] for t in loaded.themes}
    assert {"habitnet-dark", "habitnet-light", "habitnet-high-contrast"} <= names
    assert not loaded.problems


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name = 'x'\nprimary = 'not a colour!'", "not a colour"),
        ("primary = '#fff'", "'name'"),
        ("name = 'x'", "'primary'"),
        ("name = 'x'\nprimary = '#fff'\nsparkle = 1", "unknown key"),
        ("name = 'x'\nprimary = '#fff'\ndark = 'yes'", "'dark'"),
        ("name = [", "not valid TOML"),
    ],
)
def test_bad_theme_files_say_why(text: str, problem: str) -> None:
    with pytest.raises(ThemeFileError, match=problem):
        parse_theme(text, "Theme file t.toml")


async def _open_kind_form(pilot: Any, screen: Any, row: str) -> Any:
    screen.highlight(row)
    await pilot.pause()
    await pilot.press("enter")
    for _ in range(3):
        await pilot.pause()
    form = pilot.app.screen
    assert type(form).__name__ == "KindScreen"
    return form


async def _type(pilot: Any, form: Any, selector: str, text: str) -> None:
    box = form.query_one(selector)
    box.focus()
    await pilot.press(*(["backspace"] * len(box.value)), *text)
    await pilot.pause()


async def test_add_a_kind_with_validation_beside_the_fields(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_settings(pilot)
        before = list(app.session.state.settings.activity_kinds)
        await pilot.press("a")
        for _ in range(3):
            await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "KindScreen"
        existing = before[0].name
        await _type(pilot, form, "#kind-name", existing.upper())
        assert "already a kind" in str(form.query_one("#name-error").render())
        await _type(pilot, form, "#kind-cost", "25")
        assert str(form.query_one("#cost-error").render()) == "Cost must be at most 20 points"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "a bad form stays open"
        assert app.session.state.settings.activity_kinds == before, "nothing saved while bad"
        await _type(pilot, form, "#kind-name", "mentoring")
        assert not form.query_one("#name-error").display
        await _type(pilot, form, "#kind-cost", "2")
        assert not form.query_one("#cost-error").display
        form.query_one("#kind-counts").value = False
        form.query_one("#kind-meeting").value = True
        await pilot.press("ctrl+s")
        for _ in range(3):
            await pilot.pause()
        assert app.screen is screen
        added = app.session.state.settings.kind("mentoring")
        assert added is not None
        assert (added.cost, added.counts_toward_quota, added.meeting) == (2, False, True)
        assert len(app.session.state.settings.activity_kinds) == len(before) + 1
        rows = [str(o.prompt) for o in options(screen.query_one("#settings-list")) if o.id]
        assert any("mentoring" in r and "2 pt" in r and "not outreach" in r for r in rows)
        await wait_saved(pilot)
    on_disk = State.model_validate_json((demo_dir / "habitnet.json").read_bytes())
    assert on_disk.settings.kind("mentoring") is not None


async def test_a_used_kind_cannot_be_removed_or_renamed(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_settings(pilot)
        kinds = app.session.state.settings.activity_kinds
        used = {a.kind.lower() for a in app.session.state.activities}
        index = next(i for i, k in enumerate(kinds) if k.name.lower() in used)
        name = kinds[index].name
        form = await _open_kind_form(pilot, screen, f"kind-{index}")
        assert "cannot be removed" in str(form.query_one("#kind-usage").render())
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen is form
        msg = str(form.query_one("#name-error").render())
        assert msg == f"Cannot remove kinds that logged activities use: {name.lower()}"
        assert app.session.state.settings.kind(name) is not None
        await _type(pilot, form, "#kind-name", name + " renamed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "can't be renamed" in str(form.query_one("#name-error").render())
        assert app.session.state.settings.kind(name + " renamed") is None
        # Its cost may change, though.
        await _type(pilot, form, "#kind-name", name)
        await _type(pilot, form, "#kind-cost", "7")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert app.session.state.settings.kind(name).cost == 7


async def test_an_unused_kind_can_be_renamed_and_removed(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_settings(pilot)
        app.session.update_settings(
            activity_kinds=[
                *app.session.state.settings.activity_kinds,
                {"name": "podcast", "cost": 2},
            ]
        )
        await pilot.pause()  # the session tells the app
        await pilot.pause()
        index = len(app.session.state.settings.activity_kinds) - 1
        form = await _open_kind_form(pilot, screen, f"kind-{index}")
        await _type(pilot, form, "#kind-name", "podcast guest")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert app.session.state.settings.kind("podcast guest") is not None
        assert app.session.state.settings.kind("podcast") is None
        form = await _open_kind_form(pilot, screen, f"kind-{index}")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen is screen
        assert app.session.state.settings.kind("podcast guest") is None
        assert f"kind-{index}" not in [o.id for o in options(screen.query_one("#settings-list"))]


async def test_the_add_kind_form_offers_no_remove(demo_dir: Path, clock: FixedClock) -> None:
    from habitnet.widgets.keybar import KeyBar

    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("s")
        await pilot.pause()
        settings = app.screen
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is not settings
        text = app.screen.query_one(KeyBar).plain()  # the form's own key bar
        assert "^s Save" in text and "Remove" not in text


def test_a_value_longer_than_its_column_is_shown_whole() -> None:
    """habitnet-high-contrast (22 characters) in the 16-column value slot: whole, with
    the message after it; short values keep the columns."""
    from habitnet.screens.settings import LABEL_W, VALUE_W
    from habitnet.screens.settings import _row as row

    long = row("Theme", "habitnet-high-contrast", "applies at once").plain
    assert "habitnet-high-contrast applies at once" in long
    short = row("Daily target", "3", "outreach").plain
    assert short.index("outreach") == LABEL_W + VALUE_W


async def test_digits_typed_on_a_row_edit_it_and_enter_goes_on_to_the_next(
    demo_dir: Path, clock: FixedClock
) -> None:
    """As in a spreadsheet: on the daily target, 4 enter 6 enter sets the target to 4
    and the cap to 6 (the 6 used to be dropped); letters stay the screen's keys."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_settings(pilot)
        screen.highlight("daily_target")
        await pilot.pause()
        await pilot.press("4", "enter", "6", "enter")
        await pilot.pause()
        assert screen.text_of("daily_target") == "4" and screen.text_of("daily_cap") == "6"
        assert not screen.errors
        await pilot.press("ctrl+s")
        await wait_saved(pilot)
        settings = app.session.state.settings
        assert (settings.daily_target, settings.daily_cap) == (4, 6)
        await pilot.press("a")  # a letter: the screen's key (add a kind), not an edit
        await pilot.pause()
        assert type(app.screen).__name__ != "SettingsScreen"


async def test_no_setting_is_cut_at_80_columns(demo_dir: Path, clock: FixedClock) -> None:
    """At 80×24 every row's hint is whole, whatever the theme (#14 point 11: the Theme
    row was cut beside habitnet-high-contrast)."""
    from apphelpers import drawn_lines

    app = create_app(demo_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press("s")
        await pilot.pause()
        seen = []
        for _name in app.habitnet_themes():
            app.screen.step_theme(1)  # as → does on the Theme row
            await pilot.pause()
            seen.append(app.theme)
            screen = app.screen
            for _ in range(3):  # every row, a page at a time
                lines = drawn_lines(app)[1:-1]
                cut = [line for line in lines if line.rstrip(" ▁▂▃▄▅▆▇█").endswith("…")]
                assert not cut, (app.theme, cut)
                await pilot.press("pagedown")
                await pilot.pause()
            await pilot.press("home")
            await pilot.pause()
            assert app.screen is screen
        assert "habitnet-high-contrast" in seen


async def test_the_saved_line_clears_when_the_next_edit_starts(
    demo_dir: Path, clock: FixedClock
) -> None:
    """'Saved: …' (or 'Dropped …') says what the last edit did; starting the next one
    clears it, so on a 60×15 terminal it does not hold a line while typing."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(60, 15)) as pilot:
        screen = await _open_settings(pilot)
        await _edit(pilot, screen, "weekly_budget", "50")
        saved = screen.query_one("#settings-saved")
        assert saved.display and "Saved: Weekly budget 50" in str(saved.render())
        screen.highlight("daily_budget")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not saved.display


@pytest.mark.parametrize("size", [(60, 15), (80, 24)])
async def test_the_edit_line_says_how_a_value_is_saved(
    demo_dir: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    """While a value is edited the key bar says enter and esc save it (it showed only
    '^p palette'); once the line is left, esc leaves the bar."""
    app = create_app(demo_dir, clock)
    async with app.run_test(size=size) as pilot:
        screen = await _open_settings(pilot)
        assert "esc" not in key_bar_text(app)
        screen.highlight("weekly_budget")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        bar = key_bar_text(app)
        assert "⏎ Save and next" in bar and "esc Save and leave" in bar, bar
        await pilot.press("escape")
        await pilot.pause()
        assert "esc" not in key_bar_text(app)
