"""Store.doctor(): says plainly what is wrong and never writes anything."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from habitnet.clock import FixedClock
from habitnet.models import SCHEMA_VERSION, Contact, State
from habitnet.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "habitnet-v0.json"

Listing = dict[str, tuple[bool, bytes, int, int]]


def _listing(root: Path) -> Listing:
    """Every path under ``root`` (and root itself): kind, contents, mtime, mode."""
    out: Listing = {}
    for p in [root, *sorted(root.rglob("*"))]:
        st = p.lstat()
        data = b"" if p.is_dir() else p.read_bytes()
        out[str(p.relative_to(root.parent))] = (p.is_dir(), data, st.st_mtime_ns, st.st_mode)
    return out


def _state(clock: FixedClock) -> State:
    return State(contacts=[Contact(name="Ada", created=clock.today())])


@pytest.fixture
def used_dir(empty_dir: Path, clock: FixedClock) -> Path:
    """A folder after normal use: data file, two daily backups, a released lock file."""
    store = Store(empty_dir, clock)
    with store.locked():
        store.save(_state(clock))
        store.save(_state(clock))
        clock.advance(timedelta(days=1))
        store.save(_state(clock))
    assert (empty_dir / "habitnet.lock").exists()
    return empty_dir


def _doctor(data_dir: Path, clock: FixedClock) -> tuple[bool, list[str]]:
    before = _listing(data_dir)
    report = Store(data_dir, clock).doctor()
    assert _listing(data_dir) == before, "doctor wrote to the folder"
    return report.ok, report.lines


def test_sound_folder(used_dir: Path, clock: FixedClock) -> None:
    ok, lines = _doctor(used_dir, clock)
    assert ok
    text = "\n".join(lines)
    assert f"habitnet.json is valid (schema {SCHEMA_VERSION}): 1 contacts" in text
    assert "ok    backup habitnet-2026-11-22.json" in text
    assert "ok    backup habitnet-2026-11-21.json" in text
    assert not any(line.startswith("FAIL") for line in lines)


def test_unreadable_data_file(used_dir: Path, clock: FixedClock) -> None:
    (used_dir / "habitnet.json").write_bytes(b'{"schema_version": 1, "contacts": [')
    ok, lines = _doctor(used_dir, clock)
    assert not ok
    text = "\n".join(lines)
    assert f"FAIL  {used_dir / 'habitnet.json'} cannot be read: not valid JSON" in text
    assert "restore the newest good backup (habitnet-previous.json)" in text
    assert "ok    backup habitnet-previous.json" in text
    assert f"habitnet --data-dir {used_dir} backup restore" in text


def test_bad_backup_stale_temp_and_holder_are_reported(used_dir: Path, clock: FixedClock) -> None:
    (used_dir / "backups" / "habitnet-2026-11-20.json").write_bytes(b"\x00\x00")
    holder = Store(used_dir, clock)
    holder.lock()
    (used_dir / ".habitnet.json.999.1.tmp").write_bytes(b"{")
    try:
        ok, lines = _doctor(used_dir, clock)
    finally:
        holder.unlock()
    assert not ok
    text = "\n".join(lines)
    assert "FAIL  backup habitnet-2026-11-20.json is unreadable: " in text and "NUL" in text
    assert "1 temp file(s) left by an interrupted save" in text
    assert f"in use by pid {os.getpid()} " in text


def test_missing_file_and_missing_folder_are_no_data_yet(tmp_path: Path, clock: FixedClock) -> None:
    d = tmp_path / "d"
    d.mkdir()
    ok, lines = _doctor(d, clock)
    assert ok and any(
        line.startswith("note  no data yet") and "habitnet.json does not exist" in line
        for line in lines
    )
    gone = tmp_path / "nowhere"
    report = Store(gone, clock).doctor()
    assert report.ok and any("no data yet" in line for line in report.lines)
    assert not gone.exists()


def test_a_missing_data_file_with_backups_is_a_problem(used_dir: Path, clock: FixedClock) -> None:
    (used_dir / "habitnet.json").unlink()
    ok, lines = _doctor(used_dir, clock)
    assert not ok
    assert any(
        "does not exist, but backups do" in line and "backup restore" in line for line in lines
    )


def test_old_schema_is_noted_and_not_migrated(empty_dir: Path, clock: FixedClock) -> None:
    shutil.copy(FIXTURE, empty_dir / "habitnet.json")
    ok, lines = _doctor(empty_dir, clock)
    assert ok
    assert any("older schema 0" in line for line in lines)
    assert not (empty_dir / "backups").exists()


def test_the_lock_file_left_by_a_normal_session_is_not_touched(
    used_dir: Path, clock: FixedClock
) -> None:
    lock = used_dir / "habitnet.lock"
    lock.write_text("pid 1 (habitnet) on elsewhere since 2026-11-20 08:00")
    old = lock.stat().st_mtime_ns - 10_000_000_000
    os.utime(lock, ns=(old, old))
    _doctor(used_dir, clock)
    assert lock.stat().st_mtime_ns == old
