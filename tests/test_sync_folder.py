"""A synced folder as the sync engine: a simulated file-sync tool copies files between
two (or three) data folders' ``sync/`` folders in random order, delivers some only in
part first, and keeps replaced versions as conflict copies named as Syncthing names
them. Nothing needs running: each device merges what has arrived when it opens. Files
half-delivered are never damage; conflict copies are merged; the devices converge."""

from __future__ import annotations

import random
from datetime import date, timedelta
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
from habitnet.session import Session
from habitnet.sync import logfile

pytestmark = pytest.mark.usefixtures("state_home")


def change(data_dir: Path, clock: FixedClock, rng: random.Random, tag: str) -> str:
    """One random change a person would make on this device; returns what it made."""
    with session(data_dir, clock) as s:
        contacts = [c for c in s.state.contacts if not c.archived]
        roll = rng.randrange(6)
        if roll == 0 or not contacts:
            c = s.add_contact(name=f"{tag} person {rng.randrange(1000)}")
            return f"contact {c.id}"
        c = rng.choice(contacts)
        if roll == 1:
            s.update_contact(c.id, role=f"{tag} role {rng.randrange(100)}")
            return f"role of {c.id}"
        if roll == 2:
            a = s.propose_activity("message", [c.id], note=f"from {tag}")
            s.log_activity(a, "test")
            return f"activity {a.id}"
        if roll == 3:
            j = s.add_journal(text=f"{tag} wrote {rng.randrange(1000)}", contact_ids=[c.id])
            return f"journal {j.id}"
        if roll == 4 and s.state.journal:
            j = rng.choice(s.state.journal)
            if rng.random() < 0.5:
                s.delete_journal(j.id)
                return f"deleted {j.id}"
            s.update_journal(j.id, text=f"{tag} edited")
            return f"edited {j.id}"
        day = clock.today() - timedelta(days=rng.randrange(3))
        s.checkin(1 + rng.randrange(5), 1 + rng.randrange(5), day=day, replace=True)
        return f"checkin {day}"


def doctor_fails(data_dir: Path, clock: FixedClock) -> list[str]:
    r = cli(data_dir, clock, "doctor")
    return [line for line in r.out.splitlines() if line.startswith("FAIL")]


@pytest.mark.parametrize("seed", range(8))
def test_random_file_sync_with_conflict_copies_converges(
    tmp_path: Path, clock: FixedClock, seed: int
) -> None:
    rng = random.Random(seed)
    folders = [tmp_path / name for name in ("laptop", "desk", "phone")[: 2 + seed % 2]]
    first = folders[0]
    with session(first, clock) as s:
        ada = s.add_contact(name="Ada Lovelace", emails=["ada@example.com"])
        s.log_activity(s.propose_activity("coffee", [ada.id]), "test")
    ok(first, clock, "sync", "init", "--name", first.name)
    for other in folders[1:]:
        (other / "sync" / "devices").mkdir(parents=True)  # the tool made the folder
    engine = FileSyncEngine(folders, rng)
    for _round in range(12):
        clock.advance(timedelta(minutes=rng.randrange(1, 90)))
        for _ in range(rng.randrange(6)):
            engine.step()
        dev = rng.choice(folders)
        if rng.random() < 0.3:
            # a device opens (merging what has arrived, even half) and changes nothing
            Session.open(dev, clock).close()
        else:
            change(dev, clock, rng, dev.name)
        for d in folders:
            if (d / "habitnet.json").exists():
                assert doctor_fails(d, clock) == [], "half-delivered files are not damage"
    engine.settle()
    # each device opens once more (merging, and removing copies of its own files)
    for d in folders:
        ok(d, clock, "sync")
    engine.settle()
    for d in folders:
        ok(d, clock, "sync")
    states = [load(d) for d in folders]
    for s in states[1:]:
        assert s == states[0]
    assert any(c.name == "Ada Lovelace" for c in states[0].contacts)
    for d in folders:
        assert doctor_fails(d, clock) == []


def test_conflict_copies_of_a_log_are_merged_line_by_line(
    tmp_path: Path, clock: FixedClock
) -> None:
    """A device's log reaches the other only as two Syncthing conflict copies, each with
    part of the lines: every change in them is merged."""
    a, b = tmp_path / "a", tmp_path / "b"
    with session(a, clock) as s:
        s.add_contact(name="Seed")
    ok(a, clock, "sync", "init", "--name", "a")
    names = []
    for i in range(6):
        with session(a, clock) as s:
            names.append(s.add_contact(name=f"Person {i}").name)
    ok(b, clock, "sync", "init", "--name", "b")  # b starts with nothing of a's
    mine = next((a / "sync" / "devices").iterdir())
    seg = next(mine.glob("ops-*.jsonl"))
    snap = next(mine.glob("snapshot-*.jsonl"))
    lines = seg.read_bytes().splitlines(keepends=True)
    dest = b / "sync" / "devices" / mine.name
    dest.mkdir(parents=True)
    (dest / snap.name).write_bytes(snap.read_bytes())
    stem = seg.name.removesuffix(".jsonl")
    (dest / f"{stem}.sync-conflict-20261121-093000-ABCDEFG.jsonl").write_bytes(b"".join(lines[:3]))
    (dest / f"{stem} (conflicted copy 2026-11-21).jsonl").write_bytes(
        b"".join(lines[2:]) + b'{"seq":99,"dev":"x","hlc'  # and a line cut short
    )
    (dest / "device.json").write_bytes((mine / "device.json").read_bytes())
    ok(b, clock, "sync")
    assert sorted(c.name for c in load(b).contacts) == sorted(["Seed", *names])
    assert doctor_fails(b, clock) == []
    out = ok(b, clock, "doctor")
    assert "conflict copy" in out


def test_a_half_delivered_snapshot_waits_and_is_used_when_complete(
    tmp_path: Path, clock: FixedClock
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    with session(a, clock) as s:
        for i in range(5):
            s.add_contact(name=f"Person {i}")
    ok(a, clock, "sync", "init", "--name", "a")
    ok(b, clock, "sync", "init", "--name", "b")
    mine = next((a / "sync" / "devices").iterdir())
    snap = next(mine.glob("snapshot-*.jsonl"))
    dest = b / "sync" / "devices" / mine.name
    dest.mkdir(parents=True)
    data = snap.read_bytes()
    (dest / snap.name).write_bytes(data[: len(data) // 2])
    ok(b, clock, "sync")
    assert load(b).contacts == []
    assert doctor_fails(b, clock) == []
    assert "still arriving" in ok(b, clock, "doctor") or "not complete" in ok(b, clock, "doctor")
    (dest / snap.name).write_bytes(data)
    ok(b, clock, "sync")
    assert len(load(b).contacts) == 5


def test_a_damaged_line_followed_by_good_ones_is_reported(
    tmp_path: Path, clock: FixedClock
) -> None:
    a = tmp_path / "a"
    ok(a, clock, "sync", "init", "--name", "a")
    for i in range(3):
        with session(a, clock) as s:
            s.add_contact(name=f"Person {i}")
    seg = next((a / "sync" / "devices").glob("*/ops-*.jsonl"))
    lines = seg.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b"Person", b"Parson")  # the checksum no longer matches
    seg.write_bytes(b"".join(lines))
    fails = doctor_fails(a, clock)
    assert len(fails) == 1 and "damaged" in fails[0] and "line(s) 2" in fails[0]


def test_whole_data_folder_synced_another_devices_data_file_is_a_cache(
    tmp_path: Path, clock: FixedClock
) -> None:
    """With the whole data folder in the synced folder, habitnet.json arrives from the
    other device too: it is that device's cache, and the logs decide."""
    a, b = tmp_path / "a", tmp_path / "b"
    with session(a, clock) as s:
        s.add_contact(name="Ada")
    engine = synced_pair(a, b, clock, ("a", "b"), seed=1)
    with session(b, clock) as s:
        s.add_contact(name="Made on b")
    with session(a, clock) as s:
        s.add_contact(name="Made on a")
    engine.settle()
    # a's data file (its cache) replaces b's, as a whole-folder sync would
    (b / "habitnet.json").write_bytes((a / "habitnet.json").read_bytes())
    out = ok(b, clock, "sync")
    assert "conflict" not in out
    engine.settle()
    ok(a, clock, "sync")
    assert load(a) == load(b)
    assert {c.name for c in load(b).contacts} == {"Ada", "Made on a", "Made on b"}
    assert not list(b.glob("habitnet.conflict-*.json"))


def test_a_data_file_changed_outside_under_sync_keeps_what_only_it_held(
    tmp_path: Path, clock: FixedClock
) -> None:
    from habitnet.models import Contact

    a = tmp_path / "a"
    with session(a, clock) as s:
        s.add_contact(name="Ada")
    ok(a, clock, "sync", "init", "--name", "a")
    edited = load(a)
    edited.contacts.append(Contact(name="Typed by hand", created=date(2026, 11, 1)))
    (a / "habitnet.json").write_text(edited.model_dump_json(indent=1))
    out = ok(a, clock, "sync")
    assert "1 record only it held was added" in out and "conflict" not in out
    assert {c.name for c in load(a).contacts} == {"Ada", "Typed by hand"}
    # the hand-made contact is now this device's change, in its log
    logs = b"".join(p.read_bytes() for p in (a / "sync" / logfile.DEVICES).glob("*/ops-*.jsonl"))
    assert b"Typed by hand" in logs

    # a change to a record the logs have: the logs decide, the file is kept to compare
    edited = load(a)
    edited.contacts[0] = edited.contacts[0].model_copy(update={"role": "Countess"})
    (a / "habitnet.json").write_text(edited.model_dump_json(indent=1))
    out = ok(a, clock, "sync")
    assert "kept as habitnet.conflict-" in out
    (copy,) = a.glob("habitnet.conflict-*.json")
    assert b"Countess" in copy.read_bytes()
    assert all(c.role != "Countess" for c in load(a).contacts)
    assert "habitnet.conflict-" in ok(a, clock, "doctor")


def test_a_data_file_touched_but_unchanged_is_not_rebuilt(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync tool or a copy that changes only the file's time: the same content is the
    same merged state (no rebuild from the logs, no conflict copy)."""
    import os

    from habitnet.sync import view

    a = tmp_path / "a"
    with session(a, clock) as s:
        s.add_contact(name="Ada")
    ok(a, clock, "sync", "init", "--name", "a")
    with session(a, clock) as s:
        s.add_contact(name="Grace")
    os.utime(a / "habitnet.json", ns=(1, 1))

    def no_rebuild(*_args: object) -> None:
        raise AssertionError("rebuilt from the logs")

    monkeypatch.setattr(view, "materialize", no_rebuild)
    with session(a, clock) as s:
        assert {c.name for c in s.state.contacts} == {"Ada", "Grace"}
    assert not list(a.glob("habitnet.conflict-*.json"))


def test_conflict_copies_of_the_data_file_are_merged_never_ignored(
    tmp_path: Path, clock: FixedClock
) -> None:
    """With the whole data folder shared, Syncthing may keep a conflict copy of
    habitnet.json: a device's cache is removed; what only another holds is added."""
    from habitnet.models import Contact

    a, b = tmp_path / "a", tmp_path / "b"
    with session(a, clock) as s:
        s.add_contact(name="Ada")
    synced_pair(a, b, clock, ("a", "b"))
    cache = (b / "habitnet.json").read_bytes()  # b's own cache: known by its hash
    (a / "habitnet.sync-conflict-20261121-093000-ABCDEFG.json").write_bytes(cache)
    (a / "habitnet.glance.sync-conflict-20261121-093000-ABCDEFG.json").write_text("{}")
    other = load(a)
    other.contacts.append(Contact(name="Only in the copy", created=date(2026, 11, 1)))
    copy = a / "habitnet (conflicted copy 2026-11-21).json"
    copy.write_text(other.model_dump_json(indent=1))
    out = ok(a, clock, "sync")
    assert "Only in the copy" in {c.name for c in load(a).contacts}
    assert "conflicted copy" in out and "1 record(s) only it held were added" in out
    assert not (a / "habitnet.sync-conflict-20261121-093000-ABCDEFG.json").exists()
    assert not (a / "habitnet.glance.sync-conflict-20261121-093000-ABCDEFG.json").exists()
    assert copy.exists()  # left to compare; doctor names it
    assert "conflicted copy" in ok(a, clock, "doctor")
