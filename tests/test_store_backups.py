"""Rotating backups: one snapshot a day, the last N kept, only of files that validated."""

from __future__ import annotations

import errno
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from habitnet.clock import FixedClock
from habitnet.models import Contact, Settings, State
from habitnet.session import Session
from habitnet.store import FileOps, SaveError, Store, UnreadableFileError


def _state(n: int, clock: FixedClock, keep: int = 14) -> State:
    """A state whose one contact's notes say which save it is."""
    return State(
        settings=Settings(backups_keep=keep),
        contacts=[Contact(id="c-1", name="Ada", notes=f"save {n}", created=date(2026, 1, 1))],
    )


def _notes(path: Path) -> str:
    return State.model_validate_json(path.read_bytes()).contacts[0].notes


def test_one_backup_a_day_holding_the_file_as_it_was(empty_dir: Path, clock: FixedClock) -> None:
    store = Store(empty_dir, clock)
    store.save(_state(1, clock))
    assert store.backups() == []  # there was nothing to back up
    store.save(_state(2, clock))
    clock.advance(timedelta(hours=5))
    store.save(_state(3, clock))
    (only,) = store.backups()
    assert only.name == "habitnet-2026-11-21.json"
    assert _notes(only.path) == "save 1"  # taken before the day's second save

    clock.advance(timedelta(days=1))
    store.save(_state(4, clock))
    store.save(_state(5, clock))
    names = [b.name for b in store.backups()]
    assert names == ["habitnet-2026-11-22.json", "habitnet-2026-11-21.json"]
    assert _notes(store.backup_dir / names[0]) == "save 3"  # the last state of the day before
    assert _notes(store.path) == "save 5"


def test_backups_are_pruned_to_the_setting(empty_dir: Path, clock: FixedClock) -> None:
    store = Store(empty_dir, clock)
    for day in range(20):
        store.save(_state(day, clock, keep=5))
        clock.advance(timedelta(days=1))
    infos = store.backups()
    assert [b.name for b in infos] == [
        f"habitnet-{(date(2026, 12, 10) - timedelta(days=i)).isoformat()}.json" for i in range(5)
    ]
    assert all(b.valid and b.problem is None for b in infos)
    assert _notes(infos[0].path) == "save 18"
    # Lowering the setting prunes at the next save.
    store.save(_state(100, clock, keep=2))
    assert len(store.backups()) == 2


def test_session_applies_backups_keep_from_its_settings(empty_dir: Path, clock: FixedClock) -> None:
    session = Session.open(empty_dir, clock)
    try:
        session.update_settings(backups_keep=3)
        for _ in range(6):
            session.add_contact(name="Someone")
            session.save()
            clock.advance(timedelta(days=1))
        assert len(session.store.backups()) == 3
    finally:
        session.close()


def test_create_backup_and_listing(empty_dir: Path, clock: FixedClock) -> None:
    store = Store(empty_dir, clock)
    store.save(_state(1, clock))
    clock.advance(timedelta(minutes=1))
    manual = store.create_backup()
    assert manual.name == "habitnet-2026-11-21T093100.json"
    assert manual.read_bytes() == store.path.read_bytes()
    store.save(_state(2, clock))  # the daily one
    broken = store.backup_dir / "habitnet-2026-11-19.json"
    broken.write_bytes(b'{"schema_version": 1, "contacts": "nope"}')
    written = manual.stat().st_mtime_ns - 2 * 86_400 * 10**9  # two days before the others
    os.utime(broken, ns=(written, written))
    infos = store.backups()
    # newest first: the order they were written in (the daily one came last)
    assert [b.name for b in infos] == [
        "habitnet-2026-11-21.json",
        "habitnet-2026-11-21T093100.json",
        "habitnet-2026-11-19.json",
    ]
    assert [b.valid for b in infos] == [True, True, False]
    assert infos[2].problem is not None and "contacts" in infos[2].problem
    assert all(b.created.tzinfo is not None for b in infos)
    # the version the last save replaced comes first; then the newest good dated one
    assert store.newest_good_backup() == store.backup_dir / "habitnet-previous.json"
    (store.backup_dir / "habitnet-previous.json").unlink()
    assert store.newest_good_backup() == store.backup_dir / "habitnet-2026-11-21.json"
    (store.backup_dir / "habitnet-2026-11-21.json").unlink()
    assert store.newest_good_backup() == manual
    # Pre-migration copies and other files are not rotating backups.
    (store.backup_dir / "pre-migration-v0-20260101T000000.json").write_text("{}")
    (store.backup_dir / "notes.txt").write_text("mine")
    assert len(store.backups()) == 2


def test_no_backup_is_ever_taken_of_an_invalid_file(empty_dir: Path, clock: FixedClock) -> None:
    store = Store(empty_dir, clock)
    store.save(_state(1, clock))
    store.path.write_bytes(b'{"schema_version": 1, "contacts": [{"name": ""}]}')
    with pytest.raises(UnreadableFileError):
        store.create_backup()
    clock.advance(timedelta(days=1))
    with pytest.raises(SaveError):
        store.save(_state(2, clock))
    fresh = Store(empty_dir, clock)
    with pytest.raises(SaveError):
        fresh.save(_state(3, clock))
    assert not store.backup_dir.exists() or list(store.backup_dir.iterdir()) == []


def test_create_backup_in_read_only_mode_is_refused(empty_dir: Path, clock: FixedClock) -> None:
    Store(empty_dir, clock).save(_state(1, clock))
    with pytest.raises(SaveError, match="read-only"):
        Store(empty_dir, clock, read_only=True).create_backup()
    assert not (empty_dir / "backups").exists()


def test_the_version_a_save_replaced_is_kept_so_a_restore_loses_one_change_at_most(
    empty_dir: Path, clock: FixedClock
) -> None:
    store = Store(empty_dir, clock)
    for n in range(1, 5):  # four saves on one day: the daily snapshot holds save 1
        store.save(_state(n, clock))
    prev = store.previous()
    assert prev is not None and prev.valid and _notes(prev.path) == "save 3"
    # a hard link to the replaced file, not a copy; the live file is another inode
    assert prev.path.stat().st_nlink == 1
    assert prev.path.stat().st_ino != store.path.stat().st_ino
    assert [b.name for b in store.backups()] == ["habitnet-2026-11-21.json"]  # not rotated
    store.path.write_bytes(b"\x00" * 64)  # the data file is damaged
    restored = store.restore_backup()
    assert restored.name == "habitnet-previous.json"
    assert _notes(store.path) == "save 3"  # the daily snapshot would have given "save 1"


def test_a_save_after_one_cut_short_past_the_previous_link_leaves_no_temp_file(
    empty_dir: Path, clock: FixedClock
) -> None:
    """Killed after linking the data file as habitnet-previous.json but before replacing
    it: the link already is the current file. Renaming another link of the same file
    over it does nothing, which used to leave the temp link behind at every save."""
    store = Store(empty_dir, clock)
    store.save(_state(1, clock))
    store.save(_state(2, clock))
    previous = store.backup_dir / "habitnet-previous.json"
    previous.unlink()
    os.link(store.path, previous)  # where the kill left it
    for n in (3, 4):
        store.save(_state(n, clock))
        assert store.stale_temp_files() == []
        assert sorted(p.name for p in store.backup_dir.iterdir()) == [
            "habitnet-2026-11-21.json",
            "habitnet-previous.json",
        ]
    assert _notes(previous) == "save 3"
    assert not any("temp file" in line for line in Store(empty_dir, clock).doctor().lines)


def _written(path: Path, when: datetime) -> None:
    ns = int(when.timestamp() * 10**9)
    os.utime(path, ns=(ns, ns))


def test_pruning_never_drops_the_newest_copy_when_the_clock_moves_back(
    empty_dir: Path, clock: FixedClock
) -> None:
    store = Store(empty_dir, clock)
    for day in range(4):  # backups of 2026-11-22 … 2026-11-24, written on those days
        store.save(_state(day, clock, keep=3))
        for b in store.backups():
            _written(b.path, datetime.fromisoformat(b.name[9:19] + "T23:00:00+00:00"))
        clock.advance(timedelta(days=1))
    assert [b.name for b in store.backups()] == [
        "habitnet-2026-11-24.json",
        "habitnet-2026-11-23.json",
        "habitnet-2026-11-22.json",
    ]
    # The clock is set back a month (and the system clock with it: the new backup's
    # modification time is the oldest of all). Its name is the oldest too.
    clock.set(clock.now() - timedelta(days=30))
    store.save(_state(10, clock, keep=3))
    newest = store.backup_dir / "habitnet-2026-10-26.json"
    _written(newest, datetime(2026, 10, 26, 9, tzinfo=UTC))
    store.save(_state(11, clock, keep=3))  # any later save prunes again
    names = [b.name for b in store.backups()]
    assert "habitnet-2026-10-26.json" in names, names
    assert _notes(newest) == "save 3"  # the last state before the clock moved
    assert len(names) == 3


def test_a_backup_named_for_an_earlier_day_after_travelling_west_is_kept(
    empty_dir: Path, clock: FixedClock
) -> None:
    """Names follow the local day; order follows when each was written."""
    store = Store(empty_dir, clock)
    for name, hours in (("2026-11-20", 0), ("2026-11-22", 30), ("2026-11-21", 40)):
        p = store.backup_dir / f"habitnet-{name}.json"
        store.backup_dir.mkdir(exist_ok=True)
        p.write_bytes(_state(hours, clock).model_dump_json().encode())
        _written(p, datetime(2026, 11, 20, tzinfo=UTC) + timedelta(hours=hours))
    store.keep_backups = 2
    store.prune_backups()
    assert [b.name for b in store.backups()] == [
        "habitnet-2026-11-21.json",  # written last (the local day went back a day)
        "habitnet-2026-11-22.json",
    ]


def test_a_failed_daily_backup_is_said_once_and_flagged_until_one_succeeds(
    empty_dir: Path, clock: FixedClock
) -> None:
    class FullBackups(FileOps):
        full = True

        def open_tmp(self, path: Path) -> int:
            if self.full and path.parent.name == "backups":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return super().open_tmp(path)

    Store(empty_dir, clock).save(_state(1, clock))
    clock.advance(timedelta(days=1))
    ops = FullBackups()
    session = Session.open(empty_dir, clock)
    session.store.ops = ops
    try:
        session.add_contact(name="Grace")
        notice = session.save()
        assert notice is not None and not notice.reloaded
        assert "The daily backup could not be written (No space left on device)" in (notice.message)
        assert "your data itself was saved" in notice.message
        assert "Grace" in [c.name for c in Store(empty_dir, clock).load().contacts]
        report = Store(empty_dir, clock).doctor()
        assert not report.ok
        assert any(
            line.startswith("FAIL  the daily backup of 2026-11-22 could not be written")
            and "No space left on device" in line
            for line in report.lines
        )
        session.add_contact(name="Alan")
        assert session.save() is None  # said once, not at every save
        ops.full = False
        session.add_contact(name="Ada 2")
        assert session.save() is None
    finally:
        session.close()
    assert [b.name for b in Store(empty_dir, clock).backups()] == ["habitnet-2026-11-22.json"]
    assert Store(empty_dir, clock).doctor().ok
