"""The merge rules, case by case (docs/SYNC.md, "Merge rules"): what two devices that
changed the same records while apart show once each has the other's changes."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from synchelpers import load, ok, session, state_home, synced_pair  # noqa: F401
from test_sync_property import Device, deliver

from habitnet import engine
from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.models import State
from habitnet.sync.hlc import HybridClock
from habitnet.sync.view import materialize


def devices(n: int = 2) -> list[Device]:
    out = []
    for i in range(n):
        clock = FixedClock(datetime(2026, 11, 21, 9, 30, tzinfo=DEMO_NOW.tzinfo))
        out.append(Device(f"d{i}", clock, HybridClock(f"d{i}", clock)))
    return out


def exchange(*devs: Device) -> State:
    """Every device gets every other's log; all show the same state, returned."""
    for to in devs:
        deliver(to, [d.outbox for d in devs if d is not to])
    for d in devs[1:]:
        assert d.state == devs[0].state
    assert devs[0].state == materialize(devs[0].replica)[0]
    return devs[0].state


def put(collection: str, record: dict[str, Any]) -> dict[str, Any]:
    return {"op": "put", "collection": collection, "record": record}


def patch(collection: str, key: str, **fields: Any) -> dict[str, Any]:
    return {"op": "patch", "collection": collection, "key": key, "fields": fields}


def delete(collection: str, key: str) -> dict[str, Any]:
    return {"op": "delete", "collection": collection, "key": key}


def contact(cid: str, name: str, **more: Any) -> dict[str, Any]:
    return {"id": cid, "name": name, "created": "2026-11-01", **more}


def activity(aid: str, *contacts: str, cost: int = 1, device: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": aid,
        "at": DEMO_NOW.isoformat(),
        "kind": "message",
        "contact_ids": list(contacts),
        "cost": cost,
    }
    if device:
        data["device"] = device
    return data


def test_a_contact_deleted_on_one_device_stays_while_the_other_names_it() -> None:
    a, b = devices()
    a.write(put("contacts", contact("c-1", "Ada")))
    exchange(a, b)
    a.write(delete("contacts", "c-1"))  # the laptop had not seen the desk's activity
    b.write(put("activities", activity("a-1", "c-1")))
    state = exchange(a, b)
    assert [c.id for c in state.contacts] == ["c-1"]
    assert state.activities[0].contact_ids == ["c-1"]
    # once the activity is gone, the delete has its way
    b.write(delete("activities", "a-1"))
    state = exchange(a, b)
    assert state.contacts == [] and state.activities == []


def test_a_record_naming_a_contact_not_arrived_yet_waits_for_it() -> None:
    a, b, c = devices(3)
    a.write(put("contacts", contact("c-1", "Ada")))
    deliver(b, [a.outbox])
    b.write(put("activities", activity("a-1", "c-1")))
    deliver(c, [b.outbox])  # the desk's log reached the phone before the laptop's
    assert c.state.activities[0].contact_ids == [] and c.state.contacts == []
    deliver(c, [a.outbox])
    assert c.state.activities[0].contact_ids == ["c-1"]
    assert c.state == materialize(c.replica)[0]


def test_the_same_person_added_on_two_devices_is_one_contact() -> None:
    a, b = devices()
    a.write(
        put(
            "contacts",
            contact(
                "c-a",
                "Ada Lovelace",
                emails=["ada@example.com"],
                notes="From the laptop.",
                organisation="Engines",
            ),
        )
    )
    b.clock.advance(timedelta(minutes=1))
    b.write(
        put(
            "contacts",
            contact(
                "c-b",
                "Ada L.",
                emails=["ADA@example.com", "ada@home.example"],
                tags=["math"],
                notes="From the desk.",
                organisation="Analytical Engines",
            ),
        )
    )
    b.write(put("activities", activity("a-1", "c-b")))
    state = exchange(a, b)
    (ada,) = state.contacts
    assert ada.id == "c-a" and ada.name == "Ada Lovelace"  # the oldest keeps id and name
    assert ada.emails == ["ada@example.com", "ada@home.example"]
    assert ada.tags == ["math"]
    assert "From the laptop." in ada.notes and "From the desk." in ada.notes
    assert ada.organisation == "Analytical Engines"  # the most recently written
    assert state.activities[0].contact_ids == ["c-a"]
    # an edit of the merged contact does not repeat the joined notes
    a.write(patch("contacts", "c-a", notes=ada.notes + "\nMore."))
    (ada,) = exchange(a, b).contacts
    assert ada.notes.count("From the desk.") == 1


def test_two_different_linkedin_urls_never_merge() -> None:
    a, b = devices()
    a.write(
        put(
            "contacts",
            contact(
                "c-a",
                "Sam",
                emails=["sam@example.com"],
                linkedin_url="https://linkedin.com/in/sam-one",
            ),
        )
    )
    b.write(
        put(
            "contacts",
            contact(
                "c-b",
                "Sam",
                emails=["sam@example.com"],
                linkedin_url="https://www.linkedin.com/in/sam-two/",
            ),
        )
    )
    assert len(exchange(a, b).contacts) == 2


def test_settings_checked_together_are_written_together() -> None:
    """Target and cap are one register: a merge never shows a cap below the target."""
    a, b = devices()
    a.write(patch("settings", "", daily_target=6, daily_cap=8))
    b.clock.advance(timedelta(minutes=1))
    b.write(patch("settings", "", daily_target=3, daily_cap=4))
    settings = exchange(a, b).settings
    assert (settings.daily_target, settings.daily_cap) == (3, 4)


def test_kinds_added_on_both_are_both_kept_and_a_used_kind_stays() -> None:
    a, b = devices()
    a.write(put("kinds", {"name": "podcast", "cost": 2}))
    b.write(put("kinds", {"name": "meetup", "cost": 3}))
    names = [k.name for k in exchange(a, b).settings.activity_kinds]
    assert {"podcast", "meetup"} <= set(names)
    a.write(delete("kinds", "meetup"))
    b.write(put("activities", {**activity("a-1"), "kind": "meetup", "cost": 3}))
    names = [k.name for k in exchange(a, b).settings.activity_kinds]
    assert "meetup" in names


def test_lists_are_in_first_put_order_on_every_device() -> None:
    a, b = devices()
    for i in range(3):
        a.write(put("contacts", contact(f"c-a{i}", f"A{i}")))
        b.write(put("contacts", contact(f"c-b{i}", f"B{i}")))
        b.clock.advance(timedelta(milliseconds=1))
    state = exchange(a, b)
    clocks = [a.replica.entry(("contacts", c.id)).b for c in state.contacts]  # type: ignore[union-attr]
    assert clocks == sorted(clocks)


def test_a_record_that_does_not_validate_is_left_out_and_named() -> None:
    a, b = devices()
    a.write(put("contacts", contact("c-1", "Ada")))
    b.write(put("contacts", {**contact("c-2", "From the future"), "hologram": "yes"}))
    state = exchange(a, b)
    assert [c.id for c in state.contacts] == ["c-1"]
    state2, info = materialize(a.replica)
    assert ("contacts", "c-2") in info.problems and "hologram" in info.problems[("contacts", "c-2")]


@pytest.mark.usefixtures("state_home")
def test_two_devices_over_budget_while_apart_keep_every_record_and_name_both(
    tmp_path: Path, clock: FixedClock
) -> None:
    """#15 point 4: each device stayed within the day's budget on its own; merged, the
    day is over budget (debt), nothing is dropped, and the explanation names both."""
    a, b = tmp_path / "laptop", tmp_path / "desk"
    with session(a, clock) as s:
        s.add_contact(name="Ada")
        s.checkin(4, 4)
    sync = synced_pair(a, b, clock)
    day = clock.today()
    for folder, kinds in ((a, ["coffee", "call", "message"]), (b, ["coffee", "call", "follow-up"])):
        with session(folder, clock) as s:
            for kind in kinds:
                decision = s.log_activity(s.propose_activity(kind))
                assert decision.ok, decision.text  # within the budget on each device alone
    sync.settle()
    for folder in (a, b):
        ok(folder, clock, "sync")
    merged = load(a)
    assert merged == load(b)
    assert len([x for x in merged.activities if x.day == day]) == 6
    budget = engine.day_budget(merged, day)
    assert budget.spent == 12 and budget.overspent > 0
    text = "\n".join(budget.explanation)
    assert "Logged on 2 devices" in text and "laptop 6" in text and "desk 6" in text
    assert engine.day_budget(merged, day + timedelta(days=1)).debt_in > 0
