"""Pilot tests of the log form's kinds and contact picker (custom kinds, lazy search)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apphelpers import discard_form, options, wait_ready

from habitnet import engine
from habitnet.app import create_app
from habitnet.clock import FixedClock
from habitnet.widgets.contact_picker import MAX_MATCHES, choices_from, fold, search


async def _open_log(pilot: Any) -> Any:
    await pilot.press("l")
    for _ in range(3):
        await pilot.pause()
    form = pilot.app.screen
    assert type(form).__name__ == "LogActivityScreen"
    return form


async def log_it(pilot: Any) -> None:
    """Submit the open log form (ctrl+s): back on Today with exactly one more activity."""
    app = pilot.app
    n = len(app.session.state.activities)
    await pilot.press("ctrl+s")
    for _ in range(3):
        await pilot.pause()
    assert type(app.screen).__name__ == "TodayScreen"
    assert len(app.session.state.activities) == n + 1


async def test_log_form_lists_custom_kinds_and_says_which_do_not_count(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        s = app.session.state.settings
        app.session.update_settings(
            activity_kinds=[
                *s.activity_kinds,
                {"name": "podcast", "cost": 2, "counts_toward_quota": True},
                {"name": "reading group", "cost": 0, "counts_toward_quota": False},
            ]
        )
        await pilot.pause()  # the session tells the app
        await pilot.pause()
        form = await _open_log(pilot)
        kind = form.query_one("#kind")
        labels = {str(o.prompt).split(" (")[0]: str(o.prompt) for o in options(kind)}
        assert labels["podcast"] == "podcast (2 pt)"
        assert "not counted toward the quota" in labels["reading group"]
        assert "not counted" not in labels["message"]
        kind.value = "reading group"
        await pilot.pause()
        verdict = str(form.query_one("#verdict").render())
        assert "reading group does not count toward the quota" in verdict
        before = engine.quota_status(app.session.state, clock.today()).count
        await log_it(pilot)
        assert app.session.state.activities[-1].kind == "reading group"
        assert engine.quota_status(app.session.state, clock.today()).count == before


async def test_picker_is_lazy_and_finds_names_without_accents(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        zoe = app.session.add_contact(name="Zoë Ångström", organisation="Kraków Labs")
        await pilot.pause()  # the session tells the app
        await pilot.pause()
        form = await _open_log(pilot)
        options = form.query_one("#picker-matches")
        assert 0 < options.option_count <= MAX_MATCHES < len(app.session.state.contacts)
        form.query_one("#picker-search").focus()
        await pilot.press(*"zoe angs")
        await pilot.pause()
        assert options.option_count >= 1
        assert options.get_option_at_index(0).id == zoe.id
        await pilot.press("enter")
        await pilot.pause()
        assert form.query_one("#contacts").chosen == [zoe.id]
        assert "Zoë Ångström" in str(form.query_one("#picker-chosen").render())


def test_search_folds_case_and_accents_and_ranks_name_prefixes_first() -> None:
    class C:
        def __init__(self, i: int, name: str, org: str = "") -> None:
            self.id, self.name, self.organisation, self.role = f"c{i}", name, org, ""
            self.tags: list[str] = []
            self.archived = False

    people = [
        C(1, "Łukasz Nowak"),
        C(2, "Ann Zoë", "Acme"),
        C(3, "Zoë Smith"),
        C(4, "Bob", "Zoetic"),
    ]
    choices = choices_from(people)
    assert fold("Łukasz ZOË") == "lukasz zoe"
    assert [c.id for c in search(choices, "lukasz")] == ["c1"]
    assert [c.id for c in search(choices, "zoe")][0] == "c3"
    assert {c.id for c in search(choices, "zoe")} == {"c2", "c3", "c4"}
    assert len(search(choices, "", limit=2)) == 2
    many = choices_from([C(i, f"Person {i:04}") for i in range(3000)])
    assert len(search(many, "person")) == MAX_MATCHES


async def test_log_form_is_built_once_and_starts_afresh_each_time(
    demo_dir: Path, clock: FixedClock
) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        first = await _open_log(pilot)
        first.query_one("#kind").value = "coffee"
        first.query_one("#cost").value = "x"
        first.query_one("#note").value = "left over"
        first.query_one("#picker-search").focus()
        await pilot.press("a")
        await pilot.press("enter")
        await pilot.pause()
        assert first.query_one("#contacts").chosen
        assert first.query_one("#cost-error").display
        await discard_form(pilot)  # typed text: escape asks first
        # A new kind appears in the reused form; everything else starts afresh.
        s = app.session.state.settings
        app.session.update_settings(activity_kinds=[*s.activity_kinds, {"name": "zine", "cost": 1}])
        await pilot.pause()  # the session tells the app
        await pilot.pause()
        again = await _open_log(pilot)
        assert again is first, "the built form is reused"
        assert again.query_one("#kind").value == s.activity_kinds[0].name
        assert "zine (1 pt)" in [str(o.prompt) for o in options(again.query_one("#kind"))]
        assert again.query_one("#cost").value == "" and again.query_one("#note").value == ""
        assert again.query_one("#contacts").chosen == []
        assert again.query_one("#picker-search").value == ""
        assert not again.query_one("#cost-error").display
        assert app.focused is again.query_one("#kind")
        again.query_one("#kind").value = "zine"
        await pilot.pause()
        await log_it(pilot)
        assert app.session.state.activities[-1].kind == "zine"
        assert app.session.state.activities[-1].contact_ids == []


def test_the_forms_read_their_limits_from_the_models() -> None:
    """Ranges and lengths are the models' (``Field(ge=…, le=…, max_length=…)``): the
    settings hints, the check-in's levels and the log form's note say what they say."""
    from habitnet.models import Activity, CheckIn, Contact, Settings
    from habitnet.screens.forms.checkin import LEVELS
    from habitnet.screens.forms.limits import bounds, levels, max_length, range_text
    from habitnet.screens.settings import CHECKIN_LEVELS, FIELDS

    assert bounds(Settings, "daily_target") == (0, 50)
    assert range_text(Contact, "cadence_days") == "1–3650"
    assert max_length(Activity, "note") == 20_000
    assert (
        list(levels(CheckIn, "energy")) == list(LEVELS) == list(CHECKIN_LEVELS) == [1, 2, 3, 4, 5]
    )
    assert FIELDS["daily_target"].hint == "outreach that makes a day done (0–50)"
    for field in FIELDS.values():
        if "{range}" in field.hint_text:
            assert range_text(Settings, field.target) in field.hint, field.key
