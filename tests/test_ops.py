"""habitnet.ops: record-level operations, pure, and clear about when they no longer apply."""

from __future__ import annotations

import json
from datetime import date

import pytest

from habitnet import ops
from habitnet.models import (
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
from habitnet.ops import Conflict, Delete, Patch, Put

DAY = date(2026, 11, 21)


def _state() -> State:
    ada = Contact(id="c-ada", name="Ada Lovelace", role="Analyst", created=date(2026, 1, 5))
    grace = Contact(id="c-grace", name="Grace Hopper", created=date(2026, 2, 1))
    coffee = Activity(
        id="a-1",
        at="2026-11-18T10:00:00+00:00",  # type: ignore[arg-type]
        kind="coffee",
        contact_ids=["c-ada"],
        cost=3,
    )
    morning = CheckIn(day=date(2026, 11, 20), energy=3, mood=4)
    entry = JournalEntry(id="j-1", day=date(2026, 11, 18), text="Coffee", contact_ids=["c-ada"])
    review = WeeklyReview(week="2026-W46", reflection="fine")
    return State(
        contacts=[ada, grace],
        activities=[coffee],
        checkins=[morning],
        journal=[entry],
        reviews=[review],
    )


def _contact(state: State, cid: str) -> Contact:
    return next(c for c in state.contacts if c.id == cid)


def test_keys() -> None:
    s = _state()
    assert ops.key_of("contacts", s.contacts[0]) == "c-ada"
    assert ops.key_of("checkins", s.checkins[0]) == "2026-11-20/morning"
    assert ops.key_of("reviews", s.reviews[0]) == "2026-W46"
    assert ops.key_of("kinds", ActivityKind(name="Coffee Chat", cost=2)) == "coffee chat"
    assert ops.key_of("settings", s.settings) == ""


def test_apply_is_pure_and_shares_what_it_does_not_touch() -> None:
    s = _state()
    before = s.model_dump(mode="json")
    alan = Contact(id="c-alan", name="Alan Turing", created=DAY)
    out = ops.apply(s, Put("contacts", alan))
    assert s.model_dump(mode="json") == before
    assert [c.id for c in out.contacts] == ["c-ada", "c-grace", "c-alan"]
    assert out.activities is s.activities and out.contacts is not s.contacts
    same = ops.apply(s, Put("contacts", alan))
    assert ops.apply(same, Put("contacts", alan)) is same  # applied already: a no-op


def test_in_place_changes_the_lists_where_they_are() -> None:
    s = _state()
    contacts = s.contacts
    ada = s.contacts[0]
    new = ada.model_copy(update={"role": "Countess"})
    change = ops.patch("contacts", ada, new)
    assert change is not None and change.fields == {"role": "Countess"}
    assert change.before == {"role": "Analyst"}
    assert ops.apply(s, change, in_place=True) is s
    assert s.contacts is contacts and s.contacts[0] is new  # the very object the session made


def test_patches_of_different_fields_both_survive() -> None:
    s = _state()
    ada = s.contacts[0]
    mine = ops.patch("contacts", ada, ada.model_copy(update={"role": "Countess"}))
    elsewhere = ops.apply(s, Patch("contacts", "c-ada", {"notes": "met at the Royal Society"}))
    assert mine is not None
    out = ops.apply(elsewhere, mine)
    got = _contact(out, "c-ada")
    assert (got.role, got.notes) == ("Countess", "met at the Royal Society")


# name -> (change made elsewhere first, our operation, words the conflict says)
CONFLICTS: dict[str, tuple[ops.Op | None, ops.Op, list[str]]] = {
    "same field changed": (
        Patch("contacts", "c-ada", {"role": "Engineer"}),
        Patch("contacts", "c-ada", {"role": "Countess"}, {"role": "Analyst"}),
        ["the contact Ada Lovelace", "changed elsewhere", "role"],
    ),
    "patched record removed": (
        Delete("journal", "j-1"),
        Patch("journal", "j-1", {"text": "Tea"}, {"text": "Coffee"}),
        ["journal entry j-1", "removed elsewhere"],
    ),
    "replaced record changed": (
        Put(
            "checkins",
            CheckIn(day=date(2026, 11, 20), energy=1, mood=1),
            CheckIn(day=date(2026, 11, 20), energy=3, mood=4),
        ),
        Put(
            "checkins",
            CheckIn(day=date(2026, 11, 20), energy=5, mood=5),
            CheckIn(day=date(2026, 11, 20), energy=3, mood=4),
        ),
        ["morning check-in of 2026-11-20", "changed elsewhere"],
    ),
    "added elsewhere too": (
        Put("reviews", WeeklyReview(week="2026-W47", reflection="theirs")),
        Put("reviews", WeeklyReview(week="2026-W47", reflection="mine")),
        ["review of 2026-W47", "added elsewhere too"],
    ),
    "deleted record edited": (
        Patch("activities", "a-1", {"note": "it went well"}),
        Delete(
            "activities",
            "a-1",
            Activity(
                id="a-1",
                at="2026-11-18T10:00:00+00:00",  # type: ignore[arg-type]
                kind="coffee",
                contact_ids=["c-ada"],
                cost=3,
            ),
        ),
        ["the coffee of 2026-11-18", "changed elsewhere since it was removed here"],
    ),
    "names a removed contact": (
        Delete("contacts", "c-grace"),
        Put(
            "activities",
            Activity(
                id="a-2",
                at="2026-11-21T09:00:00+00:00",
                kind="call",
                contact_ids=["c-grace"],
                cost=2,
            ),  # type: ignore[arg-type]
        ),
        ["names a contact removed elsewhere", "c-grace"],
    ),
    "removes a contact still named": (
        None,
        Delete("contacts", "c-ada"),
        ["the contact Ada Lovelace", "still named"],
    ),
    "removes a kind still used": (
        None,
        Delete("kinds", "coffee"),
        ["activity kinds that logged activities use", "coffee"],
    ),
    "invalid result": (
        None,
        Patch("settings", "", {"daily_cap": 1}, {"daily_cap": 5}),
        ["the settings would not be valid", "daily cap (1) must be at least"],
    ),
}


@pytest.mark.parametrize("name", list(CONFLICTS))
def test_an_operation_that_no_longer_applies_says_why_and_changes_nothing(name: str) -> None:
    first, mine, words = CONFLICTS[name]
    s = _state()
    if first is not None:
        s = ops.apply(s, first)
    before = s.model_dump(mode="json")
    with pytest.raises(Conflict) as err:
        ops.apply(s, mine)
    for w in words:
        assert w in str(err.value), (w, str(err.value))
    with pytest.raises(Conflict):
        ops.apply(s, mine, in_place=True)
    assert s.model_dump(mode="json") == before


def test_apply_all_is_all_or_nothing_in_place() -> None:
    s = _state()
    before = s.model_dump(mode="json")
    alan = Contact(id="c-alan", name="Alan", created=DAY)
    with pytest.raises(Conflict):
        ops.apply_all(s, [Put("contacts", alan), Delete("contacts", "c-ada")], in_place=True)
    assert s.model_dump(mode="json") == before


def test_last_writer_wins_without_before() -> None:
    s = ops.apply(_state(), Patch("contacts", "c-ada", {"role": "Engineer"}))
    out = ops.apply(s, Patch("contacts", "c-ada", {"role": "Countess"}))
    assert _contact(out, "c-ada").role == "Countess"
    gone = ops.apply(out, Delete("activities", "a-1"))
    assert gone.activities == [] and ops.apply(gone, Delete("activities", "a-1")) is gone


def test_inverses_undo() -> None:
    s = _state()
    kinds = s.settings.activity_kinds
    podcast = ActivityKind(name="Podcast", cost=2)
    cases: list[ops.Op] = [
        Put("contacts", Contact(id="c-alan", name="Alan", created=DAY)),
        Put(
            "checkins",
            CheckIn(day=date(2026, 11, 20), energy=5, mood=5),
            s.checkins[0],
        ),
        Patch(
            "contacts",
            "c-ada",
            {"role": "Countess", "priority": 1},
            {"role": "Analyst", "priority": 2},
        ),
        Delete("journal", "j-1", s.journal[0]),
        Put("kinds", podcast, None, 3),
        Patch("kinds", "message", {"name": "Note", "cost": 2}, {"name": "message", "cost": 1}),
        Patch("settings", "", {"daily_budget": 12}, {"daily_budget": 10}),
    ]
    for op in cases:
        at = ops.position(s, op.collection, op.key)
        done = ops.apply(s, op)
        assert done.model_dump(mode="json") != s.model_dump(mode="json"), op
        back = ops.apply(done, ops.inverse(op, at))
        assert back.model_dump(mode="json") == s.model_dump(mode="json"), op
    added = ops.apply(s, Put("kinds", podcast, None, 3))
    assert [k.name for k in added.settings.activity_kinds][2:5] == [
        kinds[2].name,
        "Podcast",
        kinds[3].name,
    ]


def test_json_round_trip_of_every_kind_of_operation() -> None:
    s = _state()
    cases: list[ops.Op] = [
        Put("activities", s.activities[0]),
        Put("checkins", s.checkins[0], s.checkins[0].model_copy(update={"energy": 1}), 0),
        Patch("contacts", "c-ada", {"created": date(2026, 1, 6)}, {"created": date(2026, 1, 5)}),
        Patch("settings", "", {"energy_scale": {1: 0.5, 2: 0.6, 3: 0.8, 4: 1.0, 5: 1.0}}),
        Delete("reviews", "2026-W46", s.reviews[0]),
        Delete("kinds", "event"),
    ]
    for op in cases:
        data = json.loads(json.dumps(ops.to_json(op)))
        back = ops.from_json(data)
        assert back == op
        assert ops.apply(s, back).model_dump() == ops.apply(s, op).model_dump()
    assert ops.to_json(cases[2]) == {
        "op": "patch",
        "collection": "contacts",
        "key": "c-ada",
        "fields": {"created": "2026-01-06"},
        "before": {"created": "2026-01-05"},
    }
    with pytest.raises(ValueError, match="not an operation"):
        ops.from_json({"op": "move", "collection": "contacts"})
    with pytest.raises(ValueError, match="cannot change the key"):
        Patch("contacts", "c-ada", {"id": "c-other"})


def test_diff_turns_one_state_into_another() -> None:
    old = _state()
    new = old.model_copy(
        update={
            "meta": Meta(started=date(2026, 1, 5), demo=True),
            "settings": Settings(daily_budget=8, activity_kinds=old.settings.activity_kinds[:-1]),
            "contacts": [
                old.contacts[1].model_copy(update={"notes": "admiral"}),
                Contact(id="c-alan", name="Alan", created=DAY),
            ],
            "activities": [
                Activity(
                    id="a-9",
                    at="2026-11-21T08:00:00+00:00",  # type: ignore[arg-type]
                    kind="call",
                    contact_ids=["c-alan"],
                    cost=2,
                )
            ],
            "journal": [],
        }
    )
    done = ops.diff(old, new)
    assert done[0] == Patch(
        "meta", "", {"started": "2026-01-05", "demo": True}, {"started": None, "demo": False}
    )
    assert ops.apply_all(old, done).model_dump() == new.model_dump()
    assert ops.diff(new, new) == []
