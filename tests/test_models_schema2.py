"""Schema 2 (issue #14): day one, where contacts came from, direction only with a person.

The migration step from version 1 (``store.migrations._v1_to_v2``) and the models it
feeds. The store's own migration tests (ordering, backups, refusal of newer files) live
in test_store_migrations.py.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from habitnet.clock import FixedClock
from habitnet.engine import first_day
from habitnet.models import SCHEMA_VERSION, Activity, ContactSource, Direction, State
from habitnet.store import Store
from habitnet.store.migrations import MIGRATIONS, migrate


def _v1() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "contacts": [
            {"id": "c-ada", "name": "Ada", "created": "2026-03-02"},
            {
                "id": "c-li",
                "name": "Linked In",
                "created": "2026-05-10",
                "met": "LinkedIn, connected 2013-03-05",
            },
            {"id": "c-li2", "name": "Also Linked", "created": "2026-05-10", "met": "LinkedIn"},
            {"id": "c-met", "name": "Met Online", "created": "2026-05-11", "met": "LinkedIn group"},
        ],
        "activities": [
            # version 1's default direction was mutual: none written for this one
            {"id": "a-1", "at": "2026-04-01T10:00:00+02:00", "kind": "call", "cost": 2,
             "contact_ids": ["c-ada"]},
            {"id": "a-2", "at": "2026-04-02T10:00:00+02:00", "kind": "message", "cost": 1,
             "contact_ids": ["c-ada"], "direction": "asked"},
            {"id": "a-3", "at": "2026-04-03T10:00:00+02:00", "kind": "community post",
             "cost": 1, "direction": "mutual"},
            {"id": "a-4", "at": "2026-04-04T10:00:00+02:00", "kind": "message", "cost": 1,
             "contact_ids": [], "direction": "gave"},
        ],
        "checkins": [{"day": "2026-02-20", "energy": 3, "mood": 3}],
        "journal": [{"id": "j-1", "day": "2026-02-25", "text": "hi"}],
    }  # fmt: skip


def test_the_migration_is_registered_and_reaches_the_current_version() -> None:
    assert 1 in MIGRATIONS and SCHEMA_VERSION == 2
    doc, start = migrate(_v1())
    assert (start, doc["schema_version"]) == (1, 2)
    State.model_validate(doc)


def test_direction_goes_from_activities_with_nobody() -> None:
    state = State.model_validate(migrate(_v1())[0])
    by_id = {a.id: a for a in state.activities}
    assert by_id["a-1"].direction == Direction.MUTUAL  # spelled out, as version 1 meant
    assert by_id["a-2"].direction == Direction.ASKED
    assert by_id["a-3"].direction is None and by_id["a-4"].direction is None


def test_day_one_is_the_earliest_record() -> None:
    doc, _ = migrate(_v1())
    assert doc["meta"] == {"started": "2026-02-20"}  # the check-in
    assert first_day(State.model_validate(doc)) == date(2026, 2, 20)


def test_linkedin_imports_are_recognised_others_are_manual() -> None:
    state = State.model_validate(migrate(_v1())[0])
    source = {c.id: (c.source, c.imported_on) for c in state.contacts}
    assert source == {
        "c-ada": (ContactSource.MANUAL, None),
        "c-li": (ContactSource.LINKEDIN, date(2026, 5, 10)),
        "c-li2": (ContactSource.LINKEDIN, date(2026, 5, 10)),
        "c-met": (ContactSource.MANUAL, None),  # typed by hand: not the importer's words
    }


def test_an_empty_file_has_no_day_one_until_its_first_record() -> None:
    doc, _ = migrate({"schema_version": 1})
    assert doc["meta"] == {"started": None}
    assert first_day(State.model_validate(doc)) is None


@pytest.mark.parametrize(
    "doc",
    [
        {"schema_version": 1, "contacts": 5},
        {"schema_version": 1, "activities": ["nope", {"at": 3}]},
        {"schema_version": 1, "contacts": [{"created": "yesterday"}], "checkins": [7]},
    ],
)
def test_wrong_types_are_left_for_validation_to_report(doc: dict[str, Any]) -> None:
    out, _ = migrate(doc)  # never raises
    assert out["schema_version"] == 2
    with pytest.raises(ValueError):
        State.model_validate(out)


def test_a_version_1_file_opens_migrated(tmp_path: Path, clock: FixedClock) -> None:
    (tmp_path / "habitnet.json").write_text(json.dumps(_v1()), encoding="utf-8")
    store = Store(tmp_path, clock)
    state = store.load()
    assert store.migrated_from == 1
    assert state.meta.started == date(2026, 2, 20)
    assert not any(a.direction for a in state.activities if not a.contact_ids)


def test_the_engine_ignores_a_direction_given_without_a_contact() -> None:
    a = Activity(at="2026-04-03T10:00:00+02:00", kind="message", cost=1, direction="gave")  # type: ignore[arg-type]
    assert a.counted_direction is None and a.direction_text == ""


def test_the_session_gives_a_direction_only_with_a_contact(
    tmp_path: Path, clock: FixedClock
) -> None:
    from habitnet.session import Session

    session = Session.open(tmp_path, clock)
    try:
        ada = session.add_contact(name="Ada")
        assert session.propose_activity("message", [ada.id]).direction == Direction.MUTUAL
        assert session.propose_activity("message", [ada.id], "asked").direction == Direction.ASKED
        assert session.propose_activity("community post").direction is None
        with pytest.raises(ValueError, match="^direction: a direction needs a contact"):
            session.propose_activity("message", [], "gave")
    finally:
        session.close()
