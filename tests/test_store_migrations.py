"""schema_version: ordered migrations of older files, refusal of newer ones."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from habitnet.clock import FixedClock
from habitnet.models import SCHEMA_VERSION, State
from habitnet.session import Session
from habitnet.store import NewerSchemaError, SaveError, Store
from habitnet.store.migrations import MIGRATIONS, migrate

FIXTURE = Path(__file__).parent / "fixtures" / "habitnet-v0.json"


@pytest.fixture
def v0_dir(empty_dir: Path) -> Path:
    shutil.copy(FIXTURE, empty_dir / "habitnet.json")
    return empty_dir


def test_fixture_really_is_version_0() -> None:
    doc = json.loads(FIXTURE.read_text())
    assert "schema_version" not in doc
    assert all("email" in c for c in doc["contacts"])
    assert all("date" in ch and "day" not in ch for ch in doc["checkins"])
    assert all("meeting" not in k for k in doc["settings"]["activity_kinds"])


def test_every_version_has_a_migration_in_order() -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))
    doc, start = migrate(json.loads(FIXTURE.read_text()))
    assert (start, doc["schema_version"]) == (0, SCHEMA_VERSION)
    again, start2 = migrate(doc)
    assert (again, start2) == (doc, SCHEMA_VERSION)


def test_v0_file_migrates_keeping_the_original(v0_dir: Path, clock: FixedClock) -> None:
    session = Session.open(v0_dir, clock)
    try:
        state = session.state
        assert session.store.migrated_from == 0
        assert session.dirty  # the migrated file is written at the next save

        ada, grace, alan = state.contacts
        assert ada.emails == ["ada@example.org"]
        assert ada.tags == ["mentor", "math"]
        assert grace.emails == ["grace@example.org", "g.hopper@navy.example"]
        assert alan.emails == []
        assert [(ch.day, ch.kind.value, ch.energy) for ch in state.checkins] == [
            (date(2025, 3, 16), "morning", 4),
            (date(2025, 3, 16), "evening", 2),
            (date(2025, 3, 17), "morning", 5),
        ]
        kinds = {k.name: k for k in state.settings.activity_kinds}
        assert {n: k.meeting for n, k in kinds.items()} == {
            "message": False,
            "Coffee": True,
            "call": True,
            "volunteering": False,
            "event": True,
        }
        assert kinds["event"].counts_toward_quota is False
        assert state.settings.daily_target == 2
        assert session.store.keep_backups == 10
        assert [a.contact_ids for a in state.activities] == [["c-ada"], ["c-grace", "c-alan"]]
        assert state.journal[0].contact_ids == ["c-ada"]

        (copy,) = (v0_dir / "backups").glob("pre-migration-v0-*.json")
        assert copy.read_bytes() == FIXTURE.read_bytes()
        assert copy.name == "pre-migration-v0-20261121T093000.json"
        # Nothing else was written yet.
        assert (v0_dir / "habitnet.json").read_bytes() == FIXTURE.read_bytes()

        session.save()
        written = json.loads((v0_dir / "habitnet.json").read_text())
        assert written["schema_version"] == SCHEMA_VERSION
        assert "email" not in written["contacts"][0]
        assert "day" in written["checkins"][0] and "date" not in written["checkins"][0]
    finally:
        session.close()

    reopened = Store(v0_dir, clock)
    assert reopened.load() == state
    assert reopened.migrated_from is None
    # The original is still there, byte for byte.
    (copy,) = (v0_dir / "backups").glob("pre-migration-v0-*.json")
    assert copy.read_bytes() == FIXTURE.read_bytes()


def test_read_only_open_of_an_old_file_writes_nothing(v0_dir: Path, clock: FixedClock) -> None:
    session = Session.open(v0_dir, clock, read_only=True)
    assert session.state.contacts[0].emails == ["ada@example.org"]
    assert not session.dirty
    assert sorted(p.name for p in v0_dir.iterdir()) == ["habitnet.json"]
    assert (v0_dir / "habitnet.json").read_bytes() == FIXTURE.read_bytes()


@pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, 99])
def test_newer_schema_is_refused_untouched(
    version: int, empty_dir: Path, clock: FixedClock
) -> None:
    doc = State().model_dump(mode="json")
    doc["schema_version"] = version
    doc["hologram_contacts"] = [{"name": "from the future"}]
    path = empty_dir / "habitnet.json"
    data = json.dumps(doc, indent=1).encode()
    path.write_bytes(data)

    store = Store(empty_dir, clock)
    with pytest.raises(NewerSchemaError) as err:
        store.load()
    message = str(err.value)
    assert str(path) in message
    assert f"schema {version}" in message and f"up to {SCHEMA_VERSION}" in message
    assert "has not been changed" in message and "Upgrade habitnet" in message
    with pytest.raises(SaveError):
        store.save(State())
    with pytest.raises(NewerSchemaError):
        Session.open(empty_dir, clock)
    assert store.lock_holder() is None
    assert path.read_bytes() == data
    assert not (empty_dir / "backups").exists()
    report = store.doctor()
    assert not report.ok
    assert any(f"schema {version}" in line for line in report.lines)
