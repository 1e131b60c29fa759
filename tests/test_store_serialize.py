"""The cached, one-record-per-line serialiser equals pydantic's JSON after any change."""

from __future__ import annotations

import difflib
import json

from habitnet.clock import DEMO_NOW
from habitnet.models import Activity, CheckIn, State
from habitnet.store.serialize import Serializer


def _same(ser: Serializer, state: State) -> bytes:
    out = ser.dumps(state)
    assert json.loads(out) == json.loads(state.model_dump_json())
    assert State.model_validate_json(out) == state
    return out


def test_every_kind_of_change_is_serialised(demo_state: State) -> None:
    s = demo_state
    ser = Serializer()
    first = _same(ser, s)
    assert _same(ser, s) == first  # nothing changed: identical bytes
    s.activities.append(Activity(at=DEMO_NOW, kind="message", cost=1))  # append
    _same(ser, s)
    removed = s.activities.pop(10)  # removal in the middle
    _same(ser, s)
    s.activities.insert(10, removed)  # undo of the removal
    _same(ser, s)
    s.contacts[3] = s.contacts[3].model_copy(update={"name": "Renamed"})  # replace
    assert b'"name":"Renamed"' in _same(ser, s)
    s.settings = s.settings.model_copy(update={"daily_target": 4})
    _same(ser, s)
    s.checkins.clear()
    assert b'"checkins": []' in _same(ser, s)
    s.checkins.append(CheckIn(day=DEMO_NOW.date(), energy=2, mood=3))
    _same(ser, s)
    other = State.model_validate_json(first)  # a different state object, same serialiser
    assert _same(ser, other) == first


def test_one_record_per_line_and_a_change_is_a_one_line_diff(demo_state: State) -> None:
    ser = Serializer()
    before = ser.dumps(demo_state).decode().splitlines()
    lines = len(demo_state.contacts) + len(demo_state.activities) + len(demo_state.journal)
    assert len(before) > lines
    demo_state.journal[5] = demo_state.journal[5].model_copy(update={"text": "Edited."})
    after = ser.dumps(demo_state).decode().splitlines()
    changed = [
        d for d in difflib.unified_diff(before, after, n=0) if d[:1] in "+-" and d[:3] != "---"
    ]
    changed = [d for d in changed if not d.startswith("+++")]
    assert len(changed) == 2  # one line out, one line in
    assert '"text":"Edited."' in changed[1]
