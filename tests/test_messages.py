"""Messages in the user's words (issue #14.10).

Every constraint of every model field is found by probing the models with bad values
(so a new field or limit is covered without editing this file). Each one is then
triggered where a user meets it:

* through the command line, for every field a command takes (``SURFACES["cli"]``);
* through :func:`habitnet.messages.user_messages` with the field's plain name, for every
  field (a surface that names nothing);

and the message must name the field as the user sees it, never in pydantic's words.

* through the app's forms, for every field a form takes (``SURFACES["forms"]``): the
  value is typed into its field, the form submitted, and the message shown beside the
  field is what is checked.

A ``Surface`` in ``SURFACES`` has a ``submit`` that puts the value where the user would
and returns the message shown; ``covers`` says which fields it reaches. Every case
reachable by a surface is run through it.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from habitnet import cli
from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.messages import Label, field_bounds, range_text, user_message, user_messages
from habitnet.models import (
    MAX_NOTE,
    Activity,
    ActivityKind,
    CheckIn,
    Contact,
    JournalEntry,
    Meta,
    Settings,
    State,
    WeeklyReview,
)
from habitnet.store import Store

#: pydantic's own wording, and field names with underscores (``cadence_days``)
PYDANTIC = re.compile(r"Input should|after validation|should have|Value error|\b[a-z]+_[a-z_]+\b")

# -- every constraint, found by probing ------------------------------------------------

#: a valid record of each model, to change one field at a time
BASE: dict[type[BaseModel], dict[str, Any]] = {
    Contact: {"name": "Ada", "created": "2026-01-01"},
    Activity: {"at": "2026-01-01T10:00:00+00:00", "kind": "message", "cost": 1},
    ActivityKind: {"name": "message", "cost": 1},
    CheckIn: {"day": "2026-01-01", "energy": 3, "mood": 3},
    JournalEntry: {"day": "2026-01-01"},
    WeeklyReview: {"week": "2026-W01"},
    Settings: {},
    Meta: {},
}

_LENGTHS = sorted({41, 51, 61, 65, 81, 201, 1001, MAX_NOTE + 1})
_BAD: tuple[Any, ...] = (
    -(10**6),
    10**6,
    "abc",
    "",
    "   ",
    *("x" * n for n in _LENGTHS),
    ["x@" + "y" * 200],
    ["nope"],
    ["x" * 61],
    ["t" * 51],
    [f"t{i}" for i in range(51)],
    [f"c-{i}" for i in range(201)],
    [7, 7, 7, 7, 7, 7, 7],
    {1: 9.0, 2: 0.6, 3: 0.8, 4: 1.0, 5: 1.0},
    {1: 1.0},
    "2026-13-45",
    "2026-01-01T10:00:00",
)


@dataclass(frozen=True)
class Case:
    model: type[BaseModel]
    field: str
    value: Any
    kind: str  # the pydantic error type

    @property
    def id(self) -> str:
        return f"{self.model.__name__}.{self.field}:{self.kind}"


def _errors(model: type[BaseModel], field: str, value: Any) -> list[Any]:
    try:
        model.model_validate({**BASE[model], field: value})
    except ValidationError as exc:
        return [e for e in exc.errors() if e["loc"][:1] == (field,)]
    return []


def constraint_cases() -> list[Case]:
    """One bad value per (model, field, error type) the models can raise."""
    seen: dict[tuple[type[BaseModel], str, str], Case] = {}
    for model in BASE:
        for field in model.model_fields:
            for value in _BAD:
                for err in _errors(model, field, value):
                    key = (model, field, err["type"])
                    seen.setdefault(key, Case(model, field, value, err["type"]))
    return list(seen.values())


CASES = constraint_cases()


def test_the_probe_finds_the_constraints_we_know() -> None:
    found = {c.id for c in CASES}
    for known in (
        "Contact.name:string_too_short",
        "Contact.name:string_too_long",
        "Contact.cadence_days:greater_than_equal",
        "Contact.cadence_days:less_than_equal",
        "Contact.tags:too_long",
        "Contact.emails:value_error",
        "Contact.phones:string_too_long",
        "Activity.contact_ids:too_long",
        "Activity.cost:less_than_equal",
        "Activity.at:timestamp_without_offset",
        "Activity.override_reason:string_too_long",
        "CheckIn.energy:greater_than_equal",
        "Settings.weekly_budget:less_than_equal",
        "Settings.energy_scale:value_error",
        "Settings.rest_weekdays:value_error",
        "WeeklyReview.week:value_error",
    ):
        assert known in found
    assert len(CASES) > 100


# -- the surfaces a user meets them on -------------------------------------------------


@dataclass
class Surface:
    """Where a user types a value: ``covers(case)`` if a field is reachable there,
    ``submit(case, tmp_path)`` -> the message the user is shown."""

    covers: Callable[[Case], bool]
    submit: Callable[[Case, Path], str]


def _argv_value(flag: str | None, value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    out: list[str] = []
    for v in values:
        out += [str(v)] if flag is None else [flag, str(v)]
    return out


#: (model, field) -> (command, the flag for the value, or None for a positional argument)
CLI_FIELDS: dict[tuple[type[BaseModel], str], tuple[list[str], str | None]] = {
    **{
        (Contact, field): (["contacts", "add", "Ada"], flag)
        for field, flag in (
            ("organisation", "--org"),
            ("role", "--role"),
            ("met", "--met"),
            ("emails", "--email"),
            ("phones", "--phone"),
            ("linkedin_url", "--linkedin"),
            ("tags", "--tag"),
            ("priority", "--priority"),
            ("cadence_days", "--cadence"),
            ("notes", "--notes"),
        )
    },
    (Contact, "name"): (["contacts", "add"], None),
    (Activity, "contact_ids"): (["log", "message"], None),
    (Activity, "cost"): (["log", "message"], "--cost"),
    (Activity, "note"): (["log", "message"], "--note"),
    (Activity, "override_reason"): (["log", "message", "--cost", "20"], "--override"),
    (CheckIn, "energy"): (["checkin", "--mood", "3"], "--energy"),
    (CheckIn, "mood"): (["checkin", "--energy", "3"], "--mood"),
    (CheckIn, "note"): (["checkin", "--energy", "3", "--mood", "3"], "--note"),
    **{
        (JournalEntry, field): (["journal", "add", "text"], flag)
        for field, flag in (
            ("value_offered", "--value-offered"),
            ("was_mutual", "--was-mutual"),
            ("learned", "--learned"),
            ("follow_up_plan", "--follow-up-plan"),
            ("tags", "--tag"),
            ("contact_ids", "--contact"),
        )
    },
    (JournalEntry, "text"): (["journal", "add"], None),
}


def _cli_data(tmp_path: Path) -> Path:
    """A folder with 201 contacts (ids c-0 … c-200), for the 200-contact limits."""
    folder = tmp_path / "data"
    contacts = [
        Contact(id=f"c-{i}", name=f"Person {i}", created=date(2026, 1, 1)) for i in range(201)
    ]
    Store(folder, FixedClock(DEMO_NOW)).save(State(contacts=contacts))
    return folder


def _cli_submit(case: Case, tmp_path: Path) -> str:
    command, flag = CLI_FIELDS[(case.model, case.field)]
    argv = ["--data-dir", str(_cli_data(tmp_path)), *command, *_argv_value(flag, case.value)]
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, clock=FixedClock(DEMO_NOW), stdout=out, stderr=err)
    assert code == 2, (argv[:6], out.getvalue(), err.getvalue())
    return err.getvalue().strip().splitlines()[-1]  # after argparse's usage, if any


#: errors of a value's Python type, which text typed on a command line cannot cause
_TYPE_ONLY = {"string_type", "list_type", "dict_type", "bool_type", "int_type", "float_type"}


def _cli_covers(case: Case) -> bool:
    return (case.model, case.field) in CLI_FIELDS and case.kind not in _TYPE_ONLY


# -- the app's forms -------------------------------------------------------------------

#: (model, field) -> the form it is typed in, and that form's field. The rest of a
#: model's fields are not typed in a form (ids, timestamps, flags, the check-in's levels
#: which are keys 1–5, a review's week and summary).
FORM_FIELDS: dict[tuple[type[BaseModel], str], tuple[str, str]] = {
    **{
        (Contact, field): ("contact", field)
        for field in (
            "name",
            "organisation",
            "role",
            "met",
            "emails",
            "phones",
            "linkedin_url",
            "tags",
            "priority",
            "cadence_days",
            "stage",
            "they_need",
            "i_can_offer",
            "they_offer",
            "notes",
        )
    },
    (Activity, "cost"): ("log", "cost"),
    (Activity, "note"): ("log", "note"),
    (Activity, "follow_up"): ("log", "follow"),
    (Activity, "override_reason"): ("log", "override"),
    (ActivityKind, "name"): ("kind", "name"),
    (ActivityKind, "cost"): ("kind", "cost"),
    (CheckIn, "note"): ("checkin", "note"),
    **{
        (JournalEntry, field): ("journal", "contacts" if field == "contact_ids" else field)
        for field in (
            "day",
            "text",
            "value_offered",
            "was_mutual",
            "learned",
            "follow_up_plan",
            "tags",
            "contact_ids",
        )
    },
    **{
        (WeeklyReview, field): ("review", field)
        for field in ("reflection", "intention", "next_daily_target", "next_daily_cap")
    },
}


def _forms_covers(case: Case) -> bool:
    return (case.model, case.field) in FORM_FIELDS and case.kind not in _TYPE_ONLY


def _typed(case: Case) -> str:
    """The value as it is typed in a form (a list: comma-separated; a contact id: the
    contact's name, as the journal's People field takes names)."""
    values = case.value if isinstance(case.value, list) else [case.value]
    if case.field == "contact_ids":
        values = [f"Person {str(v).removeprefix('c-')}" for v in values]
    return ", ".join(str(v) for v in values)


def _forms_data(tmp_path: Path) -> Path:
    """The command line's folder, set up (no welcome): 201 contacts to link."""
    folder = _cli_data(tmp_path)
    state = Store(folder, FixedClock(DEMO_NOW)).load()
    settings = state.settings.model_copy(update={"onboarded": True})
    Store(folder, FixedClock(DEMO_NOW)).save(state.model_copy(update={"settings": settings}))
    return folder


def _forms_submit(case: Case, tmp_path: Path) -> str:
    return asyncio.run(_in_form(case, _forms_data(tmp_path)))


async def _in_form(case: Case, folder: Path) -> str:
    """Open the field's form, type the value in, submit: the message beside the field."""
    from apphelpers import wait_ready
    from textual.widgets import Input, TextArea

    from habitnet.app import create_app
    from habitnet.screens.forms.checkin import CheckInScreen
    from habitnet.screens.forms.contact import ContactForm
    from habitnet.screens.forms.journal_entry import JournalEntryForm
    from habitnet.screens.forms.kind import KindScreen
    from habitnet.screens.forms.log_activity import LogActivityScreen
    from habitnet.screens.forms.review import ReviewForm

    form_name, field = FORM_FIELDS[(case.model, case.field)]
    text = _typed(case)
    app = create_app(folder, FixedClock(DEMO_NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        session = app.session
        assert session is not None
        forms = {
            "contact": lambda: ContactForm(None, 30),
            "journal": lambda: JournalEntryForm(None, DEMO_NOW.date()),
            "review": lambda: ReviewForm("2026-W47", None, session.state.settings),
            "kind": lambda: KindScreen(None),
            "log": lambda: LogActivityScreen(),
            "checkin": lambda: CheckInScreen(),
        }
        form = forms[form_name]()
        await app.push_screen(form)
        await pilot.pause()

        def put(selector: str, value: str) -> None:
            widget = form.query_one(selector)
            if isinstance(widget, TextArea):
                widget.text = value
            else:
                assert isinstance(widget, Input)
                widget.value = value

        if form_name == "kind":
            put("#kind-name", "good name" if field == "cost" else text)
            put("#kind-cost", text if field == "cost" else "1")
        elif form_name == "log":
            if field == "override":
                put("#cost", "20")  # over today's budget: a reason is asked for
                await pilot.pause()
            put(f"#{field}", text)
        elif form_name == "checkin":
            await pilot.press("3", "3")
            put("#note", text)
        else:
            if form_name == "journal" and field != "text":
                put("#f-text", "something happened")
            if form_name == "review" and field not in ("reflection", "intention"):
                put("#f-reflection", "a good week")
            put(f"#f-{field}", text)
        await pilot.pause()
        await form.run_action("submit")
        await pilot.pause()
        assert app.screen is form, f"the form took {text[:40]!r} for {case.id}"
        if form_name in ("contact", "journal", "review"):
            return form.errors.get(field, "")
        error = {"kind": f"#{field}-error", "log": f"#{field}-error", "checkin": "#checkin-error"}
        return str(form.query_one(error[form_name]).render())


#: errors of text typed into a number, which Settings and the welcome parse themselves
#: (their own words) before the settings are checked
_PARSED_FIRST = {"int_parsing", "float_parsing"}


def _settings_covers(case: Case) -> bool:
    return (
        case.model is Settings
        and case.field != "onboarded"  # (not a setting a person types)
        and case.kind not in _TYPE_ONLY | _PARSED_FIRST | {"model_type"}
    )


def _settings_submit(case: Case, tmp_path: Path) -> str:
    """What Settings and the welcome show beside a setting (both check a change with
    ``settings_problems``)."""
    from habitnet.screens.settings import settings_problems

    errors = settings_problems(Settings().model_dump(), {case.field: case.value})
    return errors.get(case.field) or errors.get("_form", "")


SURFACES: dict[str, Surface] = {
    "cli": Surface(_cli_covers, _cli_submit),
    "forms": Surface(_forms_covers, _forms_submit),
    "settings": Surface(_settings_covers, _settings_submit),
}


def _reachable() -> Iterator[Any]:
    for name, surface in SURFACES.items():
        for case in CASES:
            if surface.covers(case):
                yield pytest.param(name, case, id=f"{name}-{case.id}")


@pytest.mark.parametrize(("surface", "case"), list(_reachable()))
def test_every_reachable_constraint_speaks_the_users_words(
    surface: str, case: Case, tmp_path: Path
) -> None:
    message = SURFACES[surface].submit(case, tmp_path)
    assert message.startswith("habitnet") if surface == "cli" else message.strip()
    assert not PYDANTIC.search(message), message


def test_every_form_field_is_covered() -> None:
    reached = {(c.model, c.field) for c in CASES if SURFACES["forms"].covers(c)}
    assert reached == set(FORM_FIELDS)  # every mapped field has a constraint to trigger


def test_every_command_line_field_is_covered() -> None:
    reached = {(c.model, c.field) for c in CASES if SURFACES["cli"].covers(c)}
    assert reached == set(CLI_FIELDS)  # every mapped field has a constraint to trigger


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_constraint_has_a_sentence_without_pydantic_words(case: Case) -> None:
    """With no label map at all (a surface that names nothing), the field's plain name."""
    with pytest.raises(ValidationError) as info:
        case.model.model_validate({**BASE[case.model], case.field: case.value})
    for message in user_messages(info.value, {}):
        assert not PYDANTIC.search(message), message


# -- the sentences themselves ----------------------------------------------------------


def _message(model: type[BaseModel], labels: dict[str, Label | str], **fields: Any) -> str:
    with pytest.raises(ValidationError) as info:
        model.model_validate({**BASE[model], **fields})
    return user_message(info.value, labels)


def test_the_issues_examples() -> None:
    assert _message(Contact, cli.CONTACT_LABELS, cadence_days=-3) == (
        "--cadence must be at least 1 day"
    )
    assert _message(Contact, cli.CONTACT_LABELS, name="") == "Name can't be empty"
    labels = {"weekly_budget": "Weekly budget"}
    assert _message(Settings, labels, weekly_budget=800) == "Weekly budget must be at most 700"
    assert _message(Activity, cli.ACTIVITY_LABELS, contact_ids=[f"c-{i}" for i in range(500)]) == (
        "CONTACT can have at most 200 people (this has 500)"
    )


def test_units_and_plain_names() -> None:
    assert _message(Contact, {}, cadence_days=4000) == "Cadence days must be at most 3650"
    assert _message(Contact, {"cadence_days": Label("Follow up every", "day")}, cadence_days=0) == (
        "Follow up every must be at least 1 day"
    )
    assert _message(CheckIn, {"energy": "Energy"}, energy="lots") == "Energy must be a whole number"
    assert (
        _message(Contact, {}, stage="gone") == "Stage must be one of: new, active, close or dormant"
    )
    assert _message(Contact, {}, created="soon") == "Created must be a date like 2026-11-20"
    assert _message(Settings, {}, daily_target=6, daily_cap=5) == (
        "Daily cap (5) must be at least the daily target (6)"
    )


def test_limits_for_hints_come_from_the_models() -> None:
    assert field_bounds(Contact, "cadence_days") == (1, 3650)
    assert range_text(Contact, "cadence_days", Label("", "day")) == "1–3650 days"
    assert range_text(Activity, "cost") == "0–20"


def test_the_sessions_own_errors_name_the_flag() -> None:
    err = ValueError("contact_ids: no contact with id 'c-x'")
    assert user_message(err, {"contact_ids": "--contact"}) == "--contact: no contact with id 'c-x'"
    assert user_message(ValueError("plain words"), {}) == "Plain words"
