"""Files that do not parse or validate are refused, never overwritten, and restorable."""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from storehelpers import delete_at, set_at

from habitnet.clock import FixedClock
from habitnet.models import Activity, Contact, State
from habitnet.session import Session
from habitnet.store import FileOps, SaveError, Store, StoreError, UnreadableFileError


def _good_state(clock: FixedClock) -> State:
    ada = Contact(id="c-ada", name="Ada Lovelace", created=clock.today())
    grace = Contact(id="c-grace", name="Grace Hopper", created=clock.today())
    coffee = Activity(id="a-1", at=clock.now(), kind="coffee", contact_ids=["c-ada"], cost=3)
    return State(contacts=[ada, grace], activities=[coffee])


def _doc(clock: FixedClock) -> dict[str, Any]:
    doc: dict[str, Any] = _good_state(clock).model_dump(mode="json")
    return doc


def _edit(change: Callable[[dict[str, Any]], None]) -> Callable[[FixedClock], bytes]:
    def make(clock: FixedClock) -> bytes:
        doc = _doc(clock)
        change(doc)
        return json.dumps(doc, indent=1).encode()

    return make


def _const(data: bytes) -> Callable[[FixedClock], bytes]:
    return lambda clock: data


def _truncated(clock: FixedClock) -> bytes:
    data = _good_state(clock).model_dump_json(indent=1).encode()
    return data[: len(data) * 3 // 5]


def _latin1(clock: FixedClock) -> bytes:
    return _good_state(clock).model_dump_json(indent=1).encode().replace(b"Ada", b"Ad\xe9", 1)


# name -> (bytes maker or None for "a folder", what the message must say)
CASES: dict[str, tuple[Callable[[FixedClock], bytes] | None, list[str]]] = {
    "empty": (_const(b""), ["empty"]),
    "truncated JSON": (_truncated, ["not valid JSON", "line", "column"]),
    "NUL-filled": (_const(b"\x00" * 4096), ["NUL"]),
    "half NUL": (lambda c: _truncated(c) + b"\x00" * 512, ["NUL", "byte"]),
    "not JSON": (_const(b"contacts:\n  - name: Ada\n"), ["not valid JSON", "line 1"]),
    "not UTF-8": (_const(b'{"contacts": [{"name": "Jos\xe9"}]}'), ["UTF-8"]),
    "not UTF-8 (current schema)": (_latin1, ["UTF-8"]),
    "top-level array": (_const(b'[{"schema_version": 1}]'), ["object"]),
    "top-level string": (_const(b'"habitnet"'), ["JSON object", "str"]),
    "wrong type: list": (_edit(set_at("contacts", "Ada")), ["contacts must be a list [ … ]"]),
    "wrong type: record": (
        _edit(set_at("contacts", [1, 2])),
        ["contacts[0] must be an object { … }", "contacts[1]"],
    ),
    "wrong type: record (old format)": (
        _const(b'{"contacts": [1, 2]}'),
        ["contacts[0] must be an object { … }"],
    ),
    "wrong type: field": (
        _edit(set_at("contacts.0.priority", "high")),
        ["contacts[0].priority must be a whole number"],
    ),
    "out of range": (_edit(set_at("settings.daily_cap", 0)), ["settings.daily_cap"]),
    "bad reference": (
        _edit(set_at("activities.0.contact_ids", ["c-nobody"])),
        ["activities[0]", "c-nobody", "does not exist"],
    ),
    "duplicate ids": (_edit(set_at("contacts.1.id", "c-ada")), ["contacts[1]", "used twice"]),
    "missing required field": (
        _edit(delete_at("contacts.1.name")),
        ["contacts[1].name is needed"],
    ),
    "invalid date": (
        _edit(set_at("contacts.0.created", "2026-02-30")),
        ["contacts[0].created must be a date like"],
    ),
    "timestamp without offset": (
        _edit(set_at("activities.0.at", "2026-11-21T09:30:00")),
        ["activities[0].at", "UTC offset"],
    ),
    "unknown field": (_edit(set_at("contcts", [])), ["contcts"]),
    "bad schema_version": (_edit(set_at("schema_version", "one")), ["schema_version"]),
    "a folder": (None, ["folder"]),
}


@pytest.fixture
def with_backup(empty_dir: Path, clock: FixedClock) -> tuple[Store, State, Path]:
    """A folder whose data file is good and has one good backup."""
    store = Store(empty_dir, clock)
    good = _good_state(clock)
    store.save(good)
    backup = store.create_backup()
    return store, good, backup


def _snapshot(path: Path) -> bytes | list[str]:
    return sorted(p.name for p in path.iterdir()) if path.is_dir() else path.read_bytes()


@pytest.mark.parametrize("case", list(CASES))
def test_unreadable_file_is_refused_untouched_and_restorable(
    case: str, with_backup: tuple[Store, State, Path], clock: FixedClock
) -> None:
    store, good, backup = with_backup
    make, expected = CASES[case]
    path = store.path
    path.unlink()
    if make is None:
        path.mkdir()
        (path / "inside.txt").write_text("not data")
    else:
        path.write_bytes(make(clock))
    before = _snapshot(path)

    fresh = Store(store.data_dir, clock)
    with pytest.raises(UnreadableFileError) as err:
        fresh.load()
    message = str(err.value)
    assert message.startswith(f"Cannot read {path}:")
    for words in expected:
        assert words in message, (words, message)
    # In the user's words (a hand-edited file's places as its JSON shows them), never
    # pydantic's ("Input should be a valid dictionary or instance of Contact").
    assert not re.search(r"Input should|valid dictionary|instance of|\w\.\d", message), message
    assert err.value.newest_backup == backup
    assert str(backup) in message and "backup restore" in message
    assert "has not been changed" in message

    with pytest.raises(SaveError) as save_err:
        fresh.save(good)
    assert str(path) in str(save_err.value)
    assert _snapshot(path) == before

    # Opening a session fails the same way and leaves the folder unlocked.
    with pytest.raises(UnreadableFileError):
        Session.open(store.data_dir, clock)
    assert fresh.lock_holder() is None
    assert _snapshot(path) == before

    assert fresh.restore_backup() == backup
    assert fresh.load() == good
    assert Store(store.data_dir, clock).load() == good
    (aside,) = store.data_dir.glob("habitnet.json.bad-*")
    assert _snapshot(aside) == before


def test_the_matrix_covers_at_least_eight_kinds() -> None:
    assert len(CASES) >= 8


def test_no_backup_means_advice_to_fix_by_hand(empty_dir: Path, clock: FixedClock) -> None:
    path = empty_dir / "habitnet.json"
    path.write_bytes(b"{")
    store = Store(empty_dir, clock)
    with pytest.raises(UnreadableFileError) as err:
        store.load()
    assert err.value.newest_backup is None
    assert "No good backup was found" in str(err.value)
    with pytest.raises(StoreError, match="No good backup"):
        store.restore_backup()
    assert path.read_bytes() == b"{"


def test_restore_skips_bad_backups_and_accepts_a_name(
    with_backup: tuple[Store, State, Path], clock: FixedClock
) -> None:
    store, good, first = with_backup
    clock.set(clock.now().replace(hour=11))
    newer_bad = store.backup_dir / "habitnet-2026-11-21T120000.json"
    newer_bad.write_bytes(b'{"schema_version": 1, "contacts": [')
    store.path.write_bytes(b"garbage")
    fresh = Store(store.data_dir, clock)
    with pytest.raises(UnreadableFileError) as err:
        fresh.load()
    assert err.value.newest_backup == first  # the newer, broken one is passed over
    with pytest.raises(StoreError, match="not readable either"):
        fresh.restore_backup(newer_bad.name)
    assert store.path.read_bytes() == b"garbage"
    with pytest.raises(StoreError, match="No backup named"):
        fresh.restore_backup("habitnet-1999-01-01.json")
    assert fresh.restore_backup(first.name) == first
    assert fresh.load() == good
    # Restoring twice keeps both set-aside files.
    fresh.restore_backup(first.name)
    assert len(list(store.data_dir.glob("habitnet.json.bad-*"))) == 2


def test_a_failed_restore_leaves_the_bad_file_in_place(
    with_backup: tuple[Store, State, Path], clock: FixedClock
) -> None:
    store, good, backup = with_backup
    store.path.write_bytes(b"\x00" * 100)

    class FullDisk(FileOps):
        fail = True

        def write(self, fd: int, data: bytes) -> None:
            if self.fail:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            super().write(fd, data)

    ops = FullDisk()
    fresh = Store(store.data_dir, clock, ops=ops)
    with pytest.raises(SaveError, match="No space left"):
        fresh.restore_backup()
    assert store.path.read_bytes() == b"\x00" * 100
    assert list(store.data_dir.glob("habitnet.json.bad-*")) == []
    assert fresh.stale_temp_files() == []
    ops.fail = False
    assert fresh.restore_backup() == backup
    assert fresh.load() == good
    (aside,) = store.data_dir.glob("habitnet.json.bad-*")
    assert aside.read_bytes() == b"\x00" * 100
