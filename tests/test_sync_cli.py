"""The sync commands a person types: init (git, a shared folder, in place), status,
doctor's checks, restore, forget; identity; migration; and a user who never syncs."""

from __future__ import annotations

import json
import os
import random
from datetime import timedelta
from pathlib import Path

import pytest
from synchelpers import (  # noqa: F401
    FileSyncEngine,
    cli,
    load,
    ok,
    session,
    state_home,
    synced_pair,
)

from habitnet.clock import FixedClock
from habitnet.sync import link as synclink
from habitnet.sync import local

pytestmark = pytest.mark.usefixtures("state_home")


def seeded(data_dir: Path, clock: FixedClock, n: int = 3) -> None:
    with session(data_dir, clock) as s:
        for i in range(n):
            c = s.add_contact(name=f"Person {i}", emails=[f"p{i}@example.com"])
            s.log_activity(s.propose_activity("message", [c.id]), "test")


def test_init_keeps_the_original_and_changes_nothing_in_the_data(
    tmp_path: Path, clock: FixedClock
) -> None:
    a = tmp_path / "a"
    seeded(a, clock)
    before = load(a)
    original = (a / "habitnet.json").read_bytes()
    out = ok(a, clock, "sync", "init", "--name", "laptop")
    assert "laptop" in out and "base" in out
    (kept,) = (a / "backups").glob("pre-sync-*.json")
    assert kept.read_bytes() == original
    assert load(a) == before
    assert oct((a / "sync").stat().st_mode & 0o777) == "0o700"
    files = [p for p in (a / "sync").rglob("*") if p.is_file()]
    assert files and all(p.stat().st_mode & 0o077 == 0 for p in files)
    # again: nothing more happens
    assert "laptop" in ok(a, clock, "sync", "init")
    assert len(list((a / "backups").glob("pre-sync-*.json"))) == 1


def test_a_device_joining_with_its_own_data_adds_it_and_keeps_the_groups(
    tmp_path: Path, clock: FixedClock
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    with session(a, clock) as s:
        s.add_contact(name="Ada", emails=["ada@example.com"], notes="laptop notes")
    ok(a, clock, "sync", "init", "--name", "laptop")
    # the desk already had data of its own, including the same person
    with session(b, clock) as s:
        s.add_contact(name="Ada L.", emails=["ada@example.com"], notes="desk notes")
        s.add_contact(name="Only on the desk")
    FileSyncEngine([a, b], random.Random(0)).settle()
    out = ok(b, clock, "sync", "init", "--name", "desk")
    assert "joined" in out
    assert list((b / "backups").glob("pre-sync-*.json"))
    sync = FileSyncEngine([a, b], random.Random(1))
    sync.settle()
    ok(a, clock, "sync")
    assert load(a) == load(b)
    names = sorted(c.name for c in load(a).contacts)
    assert names == ["Ada", "Only on the desk"]
    ada = next(c for c in load(a).contacts if c.name == "Ada")
    assert "laptop notes" in ada.notes and "desk notes" in ada.notes


def test_init_with_a_shared_folder_links_sync_to_it(tmp_path: Path, clock: FixedClock) -> None:
    a = tmp_path / "a"
    shared = tmp_path / "Sync" / "habitnet"
    seeded(a, clock, 1)
    out = ok(a, clock, "sync", "init", "--folder", str(shared), "--name", "laptop")
    assert str(shared) in out
    assert (a / "sync").is_symlink() and (shared / "devices").is_dir()
    status = ok(a, clock, "sync", "status")
    assert "Sync: the folder" in status and "laptop (this device)" in status
    r = cli(a, clock, "sync", "init", "--folder", str(tmp_path / "elsewhere"))
    assert r.code == 2 and "already links" in r.err


def test_status_lists_devices_when_each_wrote_and_what_is_pending(
    tmp_path: Path, clock: FixedClock
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    seeded(a, clock, 1)
    engine = synced_pair(a, b, clock)
    clock.advance(timedelta(minutes=10))
    with session(b, clock) as s:
        s.add_contact(name="New on the desk")
    engine.settle()
    status = ok(a, clock, "sync", "status")
    assert "laptop (this device)" in status
    desk = next(line for line in status.splitlines() if line.strip().startswith("desk"))
    assert "just now" in desk and "1 not merged here yet" in desk
    assert "to merge" in status
    ok(a, clock, "sync")
    engine.settle()
    status = ok(a, clock, "sync", "status")
    assert "not merged" not in status
    clock.advance(timedelta(hours=3))
    assert "3 h ago" in ok(a, clock, "sync", "status")


def test_status_warns_of_a_clock_far_ahead(tmp_path: Path, clock: FixedClock) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    ok(a, clock, "sync", "init", "--name", "laptop")
    ok(b, clock, "sync", "init", "--name", "desk")
    ahead = FixedClock(clock.now() + timedelta(days=2))
    with session(b, ahead) as s:
        s.add_contact(name="From the future")
    FileSyncEngine([a, b], random.Random(0)).settle()
    status = ok(a, clock, "sync", "status")
    assert "desk's clock is" in status and "ahead" in status
    # its change is merged all the same, and this device's later edits still order after
    ok(a, clock, "sync")
    with session(a, clock) as s:
        c = next(x for x in s.state.contacts if x.name == "From the future")
        s.update_contact(c.id, role="edited on the laptop")
    FileSyncEngine([a, b], random.Random(0)).settle()
    ok(b, ahead, "sync")
    assert load(a) == load(b)
    assert next(x for x in load(b).contacts if x.name == "From the future").role == (
        "edited on the laptop"
    )


def test_a_copied_identity_is_not_used(tmp_path: Path, clock: FixedClock) -> None:
    a = tmp_path / "a"
    ok(a, clock, "sync", "init", "--name", "laptop")
    first = local.load_identity(a)
    assert first is not None
    path = local.local_dir(a) / local.IDENTITY_FILE
    doc = json.loads(path.read_text())
    doc["machine"] = "another-machine"
    path.write_text(json.dumps(doc))
    assert local.load_identity(a) is None
    with session(a, clock) as s:
        s.add_contact(name="After the copy")
    second = local.load_identity(a)
    assert second is not None and second.id != first.id
    assert {p.name for p in (a / "sync" / "devices").iterdir()} == {first.id, second.id}
    assert any(c.name == "After the copy" for c in load(a).contacts)


def test_restore_under_sync_reaches_every_device(tmp_path: Path, clock: FixedClock) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    seeded(a, clock, 2)
    engine = synced_pair(a, b, clock)
    clock.advance(timedelta(days=1))
    with session(a, clock) as s:
        s.add_contact(name="Regretted")
    (kept,) = (a / "backups").glob("pre-sync-*.json")
    out = ok(a, clock, "backup", "restore", kept.name)
    assert "every synced device" in out
    assert all(c.name != "Regretted" for c in load(a).contacts)
    engine.settle()
    ok(b, clock, "sync")
    assert load(a) == load(b)


def test_compaction_keeps_logs_small_and_loses_nothing(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(synclink, "COMPACT_OPS", 5)
    a, b = tmp_path / "a", tmp_path / "b"
    ok(a, clock, "sync", "init", "--name", "laptop")
    ok(b, clock, "sync", "init", "--name", "desk")
    for i in range(12):
        with session(a, clock) as s:
            s.add_contact(name=f"Person {i}")
    mine = next(
        p for p in (a / "sync" / "devices").iterdir() if p.name == local.load_identity(a).id
    )  # type: ignore[union-attr]
    snaps = sorted(p.name for p in mine.glob("snapshot-*.jsonl"))
    segs = sorted(p.name for p in mine.glob("ops-*.jsonl"))
    assert len(snaps) == 1 and len(segs) <= 1
    FileSyncEngine([a, b], random.Random(0)).settle()
    ok(b, clock, "sync")
    assert len(load(b).contacts) == 12
    assert load(a) == load(b)


def test_forget_drops_a_retired_devices_files_and_nothing_else(
    tmp_path: Path, clock: FixedClock
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    ok(a, clock, "sync", "init", "--name", "laptop")
    ok(b, clock, "sync", "init", "--name", "old-desk")
    with session(b, clock) as s:
        s.add_contact(name="Made on the old desk")
    engine = FileSyncEngine([a, b], random.Random(0))
    engine.settle()
    ok(a, clock, "sync")
    out = ok(a, clock, "sync", "forget", "old-desk")
    assert "Forgot old-desk" in out
    names = {p.name for p in (a / "sync" / "devices").iterdir()}
    assert names == {local.load_identity(a).id}  # type: ignore[union-attr]
    local.forget_local(a)  # rebuilt from what is left: this device's snapshot
    ok(a, clock, "sync")
    assert any(c.name == "Made on the old desk" for c in load(a).contacts)
    r = cli(a, clock, "sync", "forget", "laptop")
    assert r.code == 2 and "this device" in r.err


def test_doctor_checks_the_logs(tmp_path: Path, clock: FixedClock) -> None:
    a = tmp_path / "a"
    seeded(a, clock, 1)
    ok(a, clock, "sync", "init", "--name", "laptop")
    out = ok(a, clock, "doctor")
    assert "ok    sync: 1 device(s)" in out and out.strip().endswith("All good.")


def test_a_user_who_never_syncs_gets_no_new_files(tmp_path: Path, clock: FixedClock) -> None:
    a = tmp_path / "a"
    seeded(a, clock, 2)
    ok(a, clock, "status")
    ok(a, clock, "doctor")
    names = sorted(p.name for p in a.iterdir())
    assert "sync" not in names
    assert not (Path(os.environ["HABITNET_STATE"])).exists()
    data = json.loads((a / "habitnet.json").read_text())
    assert all("device" not in x for x in data["activities"])
    assert "does not sync" in ok(a, clock, "sync", "status")


def test_status_counts_the_other_devices_activities_once_they_arrive(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status line answers from its glance file only when nothing new has arrived
    from other devices: a day's outreach counts what every device logged."""
    import io

    from habitnet.entry import main as entry_main

    def status(folder: Path) -> str:
        out = io.StringIO()
        assert (
            entry_main(["--data-dir", str(folder), "status", "--plain"], clock=clock, stdout=out)
            == 0
        )
        return out.getvalue()

    import habitnet.cli

    a, b = tmp_path / "a", tmp_path / "b"
    seeded(a, clock, 1)
    engine = synced_pair(a, b, clock)
    before = status(a)

    def no_full_command(*args: object, **kw: object) -> int:
        raise AssertionError("nothing new arrived: the glance file answers")

    with monkeypatch.context() as m:
        m.setattr(habitnet.cli, "main", no_full_command)
        assert status(a) == before  # answered from the glance file
    with session(b, clock) as s:
        c = s.state.contacts[0]
        s.log_activity(s.propose_activity("message", [c.id]), "test")
    engine.settle()
    after = status(a)
    assert after != before
    assert after.split()[1] == "2/3"


def test_a_data_folder_that_syncs_is_still_made_private(tmp_path: Path, clock: FixedClock) -> None:
    """sync/ is habitnet's own: a data folder holding it is still tightened to 0700."""
    a = tmp_path / "a"
    seeded(a, clock, 1)
    ok(a, clock, "sync", "init", "--name", "laptop")
    a.chmod(0o755)
    with session(a, clock) as s:
        s.add_contact(name="Another")
    assert a.stat().st_mode & 0o777 == 0o700


def test_reading_commands_show_what_has_arrived_before_any_save(
    tmp_path: Path, clock: FixedClock
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    seeded(a, clock, 1)
    engine = synced_pair(a, b, clock)
    with session(b, clock) as s:
        s.add_contact(name="Grace Hopper")
    engine.settle()
    before = (a / "habitnet.json").read_bytes()
    assert "Grace Hopper" in ok(a, clock, "contacts", "list")  # merged in memory
    assert (a / "habitnet.json").read_bytes() == before  # a reading command writes nothing


def test_device_json_says_when_it_was_written_by_the_injected_clock(
    tmp_path: Path, clock: FixedClock
) -> None:
    """The one clock: device.json's ``written`` is the session's clock, not the
    machine's (the newest of a device.json's copies is picked by it)."""
    a = tmp_path / "a"
    seeded(a, clock, 1)
    ok(a, clock, "sync", "init", "--name", "laptop")
    clock.advance(timedelta(days=3))
    seeded(a, clock, 1)
    (doc,) = [json.loads(p.read_bytes()) for p in (a / "sync").rglob("device.json")]
    assert doc["written"] == clock.now().isoformat(timespec="seconds")
