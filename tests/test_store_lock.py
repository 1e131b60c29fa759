"""One writer at a time: the flock on habitnet.lock, across threads of code and processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from habitnet.clock import FixedClock
from habitnet.models import State
from habitnet.store import LockedError, SaveError, Store

PROBE = Path(__file__).parent / "helpers" / "lock_probe.py"


def _try_lock(data_dir: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, str(PROBE), "try", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


@pytest.fixture
def holder(empty_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of ``empty_dir``."""
    proc = subprocess.Popen(
        [sys.executable, str(PROBE), "hold", str(empty_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line == f"locked {proc.pid}", line
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


def test_second_process_is_refused_naming_the_holder_then_takes_over_a_dead_ones_lock(
    empty_dir: Path, holder: subprocess.Popen[str]
) -> None:
    loser = _try_lock(empty_dir)
    assert loser["ok"] is False
    assert loser["error"] == "LockedError"
    message = str(loser["message"])
    assert f"pid {holder.pid}" in message
    assert str(empty_dir) in message
    assert "Only one habitnet may write at a time" in message
    assert f"pid {holder.pid}" in str(loser["holder"])

    # The holder dies without releasing anything; its text stays in the lock file.
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert f"pid {holder.pid}" in (empty_dir / "habitnet.lock").read_text()

    winner = _try_lock(empty_dir)
    assert winner["ok"] is True, winner
    assert f"pid {winner['pid']} " in str(winner["lock_text"])
    assert f"pid {holder.pid}" not in str(winner["lock_text"])


def test_this_process_is_refused_while_another_holds_the_lock(
    empty_dir: Path, holder: subprocess.Popen[str], clock: FixedClock
) -> None:
    store = Store(empty_dir, clock)
    with pytest.raises(LockedError) as err:
        store.lock()
    assert f"pid {holder.pid}" in str(err.value)
    assert not store.locked_by_me
    holder_text = store.lock_holder()
    assert holder_text is not None and f"pid {holder.pid}" in holder_text
    # A clean exit releases the lock too.
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=10)
    store.lock()
    assert store.locked_by_me
    assert store.lock_holder() == "this process"
    store.unlock()


def test_two_stores_in_one_process_exclude_each_other(empty_dir: Path, clock: FixedClock) -> None:
    a, b = Store(empty_dir, clock), Store(empty_dir, clock)
    a.lock()
    a.lock()  # taking it twice is harmless
    with pytest.raises(LockedError) as err:
        b.lock()
    assert f"pid {os.getpid()}" in str(err.value)
    a.unlock()
    assert a.lock_holder() is None
    with b.locked():
        assert b.locked_by_me
        with pytest.raises(LockedError):
            a.lock()
    assert not b.locked_by_me
    a.lock()
    a.unlock()
    # Once released the file no longer names anybody.
    assert (empty_dir / "habitnet.lock").read_text() == ""


def test_lock_holder_of_an_unused_folder_creates_nothing(tmp_path: Path, clock: FixedClock) -> None:
    d = tmp_path / "fresh"
    d.mkdir()
    assert Store(d, clock).lock_holder() is None
    assert list(d.iterdir()) == []


def test_read_only_store_takes_no_lock_and_refuses_to_write(
    empty_dir: Path, holder: subprocess.Popen[str], clock: FixedClock
) -> None:
    ro = Store(empty_dir, clock, read_only=True)
    ro.lock()  # no error although another process holds the lock
    assert not ro.locked_by_me
    with pytest.raises(SaveError, match="read-only"):
        ro.save(State())
    assert not (empty_dir / "habitnet.json").exists()


def test_taking_the_lock_removes_stale_temp_files_only(empty_dir: Path, clock: FixedClock) -> None:
    store = Store(empty_dir, clock)
    store.save(State())
    store.create_backup()
    stale = [
        empty_dir / ".habitnet.json.4242.139872.tmp",
        empty_dir / ".habitnet.json.1.2.tmp",
        empty_dir / "backups" / ".habitnet-2026-11-20.json.tmp-4242",
        empty_dir / "backups" / ".pre-migration-v0-20261121T093000.json.tmp-4242",
    ]
    keep = [
        empty_dir / "habitnet.json.bad-20261120T101010",
        empty_dir / "notes.tmp",
        empty_dir / "habitnet.json.tmp",
        empty_dir / "backups" / "my-notes.txt",
    ]
    for p in stale + keep:
        p.write_bytes(b'{"half": ')
    before_keep = {p: p.read_bytes() for p in keep}
    listed = Store(empty_dir, clock).stale_temp_files()
    assert sorted(listed) == sorted(stale)

    store2 = Store(empty_dir, clock)
    store2.lock()
    try:
        assert [p for p in stale if p.exists()] == []
        assert {p: p.read_bytes() for p in keep} == before_keep
        assert store2.stale_temp_files() == []
        assert store2.load() == State()
    finally:
        store2.unlock()
