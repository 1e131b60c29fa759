"""Validation messages of the models: each names its field and the rule it broke.

The models validate ten years of records at start-up, so several checks run in
pydantic-core or as whole-list passes instead of one Python call per value; these tests
pin the messages and the order in which problems are reported.
"""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

import pytest
from pydantic import ValidationError

from habitnet.models import (
    Activity,
    ActivityKind,
    Contact,
    JournalEntry,
    State,
    WeeklyReview,
    format_validation_error,
)

CONTACT = {"name": "Ada", "created": "2026-01-01"}


def _problem(cls: Any, data: dict[str, Any], *, json_mode: bool = False) -> str:
    with pytest.raises(ValidationError) as info:
        if json_mode:
            cls.model_validate_json(json.dumps(data))
        else:
            cls.model_validate(data)
    return format_validation_error(info.value)


class _NoOffset(tzinfo):
    def utcoffset(self, dt: datetime | None) -> None:
        return None


@pytest.mark.parametrize("json_mode", [False, True])
@pytest.mark.parametrize("at", ["2026-11-21T09:30:00", datetime(2026, 11, 21, 9, 30)])
def test_a_timestamp_without_offset_is_refused(at: Any, json_mode: bool) -> None:
    if json_mode and isinstance(at, datetime):
        at = at.isoformat()
    msg = _problem(Activity, {"at": at, "kind": "call", "cost": 1}, json_mode=json_mode)
    assert msg == "at: timestamp must carry its UTC offset, e.g. 2026-11-21T09:30:00+01:00"


def test_a_tzinfo_without_an_offset_is_refused_and_a_bad_timestamp_says_why() -> None:
    odd = datetime(2026, 11, 21, 9, 30, tzinfo=_NoOffset())
    assert "UTC offset" in _problem(Activity, {"at": odd, "kind": "call", "cost": 1})
    bad = _problem(Activity, {"at": "garbage", "kind": "call", "cost": 1})
    assert bad.startswith("at: Input should be a valid datetime")
    review = _problem(WeeklyReview, {"week": "2026-W01", "written_at": "2026-01-05T10:00:00"})
    assert review.startswith("written_at: timestamp must carry its UTC offset")


def test_aware_timestamps_keep_their_offset_and_serialise_unchanged() -> None:
    a = Activity.model_validate_json('{"at": "2026-11-21T09:30:00+01:00", "kind": "m", "cost": 1}')
    assert a.at.utcoffset() is not None and a.at.utcoffset().total_seconds() == 3600
    assert '"at":"2026-11-21T09:30:00+01:00"' in a.model_dump_json()
    z = Activity.model_validate_json('{"at": "2026-11-21T09:30:00Z", "kind": "m", "cost": 1}')
    assert '"at":"2026-11-21T09:30:00Z"' in z.model_dump_json()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "name: String should have at least 1 character"),
        ("x" * 201, "name: String should have at most 200 characters"),
    ],
)
def test_contact_name_is_stripped_then_measured(name: str, message: str) -> None:
    assert _problem(Contact, {**CONTACT, "name": name}) == message
    ok = Contact.model_validate({**CONTACT, "name": "  " + "x" * 200 + "\n"})
    assert ok.name == "x" * 200


def test_kind_name_limits() -> None:
    assert _problem(ActivityKind, {"name": " ", "cost": 1}) == (
        "name: String should have at least 1 character"
    )
    assert _problem(ActivityKind, {"name": "x" * 41, "cost": 1}) == (
        "name: String should have at most 40 characters"
    )
    assert ActivityKind(name=" coffee ", cost=3).name == "coffee"


@pytest.mark.parametrize("cls", [Contact, JournalEntry])
def test_tags_are_cleaned_then_counted(cls: Any) -> None:
    base = CONTACT if cls is Contact else {"day": "2026-01-01"}
    ok = cls.model_validate({**base, "tags": [" A ", "a", "", "b"]})
    assert ok.tags == ["a", "b"]
    # 80 tags that clean to 50 are fine; 51 different ones are not
    assert len(cls.model_validate({**base, "tags": [f"T{i % 50}" for i in range(80)]}).tags) == 50
    assert _problem(cls, {**base, "tags": [f"t{i}" for i in range(51)]}) == (
        "tags: List should have at most 50 items after validation, not 51"
    )
    long_tag = _problem(cls, {**base, "tags": ["ok", "x" * 51]})
    assert long_tag == "tags: tag 'xxxxxxxxxxxxxxxxxxxx'… is longer than 50 characters"


def test_emails_are_stripped_deduplicated_and_checked() -> None:
    c = Contact.model_validate({**CONTACT, "emails": [" a@b.org ", "A@B.org", ""]})
    assert c.emails == ["a@b.org"]
    assert _problem(Contact, {**CONTACT, "emails": ["a@b.org", "nope"]}) == (
        "emails: 'nope' is not an email address"
    )


def _contact(cid: str) -> dict[str, Any]:
    return {**CONTACT, "id": cid}


def _act(aid: str, *cids: str) -> dict[str, Any]:
    return {"id": aid, "at": "2026-01-01T10:00:00Z", "kind": "call", "cost": 1, "contact_ids": cids}


def _entry(jid: str, *cids: str) -> dict[str, Any]:
    return {"id": jid, "day": "2026-01-01", "contact_ids": cids}


def _checkin(kind: str) -> dict[str, Any]:
    return {"day": "2026-01-01", "kind": kind, "energy": 3, "mood": 3}


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"contacts": [_contact("c-1"), _contact("c-1")]}, "contacts[1]: id 'c-1' is used twice"),
        (
            {"contacts": [_contact("c-1")], "activities": [_act("a-1", "c-1"), _act("a-1")]},
            "activities[1]: id 'a-1' is used twice",
        ),
        (
            {"activities": [_act("a-1"), _act("a-2", "c-9")], "journal": [_entry("j-1", "c-8")]},
            "activities[1] (a-2): contact 'c-9' does not exist",
        ),
        (
            {"contacts": [_contact("c-1")], "journal": [_entry("j-1", "c-1"), _entry("j-1")]},
            "journal[1]: id 'j-1' is used twice",
        ),
        ({"journal": [_entry("j-1"), _entry("j-2", "c-7")]}, "journal[1] (j-2): contact 'c-7'"),
        (
            {"checkins": [_checkin("evening"), _checkin("morning"), _checkin("evening")]},
            "checkins[2]: two evening check-ins on 2026-01-01",
        ),
        (
            {"reviews": [{"week": "2026-W01"}, {"week": " 2026-W01 "}]},
            "reviews[1]: week 2026-W01 is reviewed twice",
        ),
    ],
)
def test_reference_problems_name_the_first_record_in_file_order(
    state: dict[str, Any], message: str
) -> None:
    assert message in _problem(State, state, json_mode=True)
    assert message in _problem(State, state)


def test_a_consistent_state_passes_and_repeated_contacts_in_one_record_are_fine() -> None:
    s = State.model_validate(
        {
            "contacts": [_contact("c-1"), _contact("c-2")],
            "activities": [_act("a-1", "c-1", "c-1"), _act("a-2", "c-2")],
            "journal": [_entry("j-1", "c-1", "c-2")],
            "checkins": [_checkin("morning"), _checkin("evening")],
            "reviews": [{"week": "2026-W01"}, {"week": "2026-W02"}],
        }
    )
    assert len(s.activities) == 2 and s.activities[0].contact_ids == ["c-1", "c-1"]


def test_a_summary_too_deep_to_write_is_refused_when_it_is_made() -> None:
    """#13 point 5: a state that validates but cannot be written is refused when it is
    made (here, a review's free-form summary), not at every later save."""
    from habitnet.models import MAX_FREE_DEPTH, State, WeeklyReview

    def nested(depth: int) -> dict[str, Any]:
        node: dict[str, Any] = {}
        for _ in range(depth - 1):
            node = {"a": node}
        return node

    with pytest.raises(ValidationError, match=f"nested more than {MAX_FREE_DEPTH} levels deep"):
        WeeklyReview(week="2026-W47", summary=nested(300))
    ok = WeeklyReview(week="2026-W47", summary=nested(MAX_FREE_DEPTH))
    State(reviews=[ok]).model_dump_json()  # the deepest allowed is written
