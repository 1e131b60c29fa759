"""Atomic saves: the order of the system calls, readable JSON, and failures at every step."""

from __future__ import annotations

import difflib
import errno
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest

from habitnet.clock import FixedClock
from habitnet.models import SCHEMA_VERSION, Contact, State
from habitnet.session import Session
from habitnet.store import ChangedOnDiskError, FileOps, SaveError, Store, UnreadableFileError

STEPS = ("open", "write", "flush", "fsync", "replace", "fsync_dir")
ERRORS = {
    "open": errno.EACCES,
    "write": errno.ENOSPC,
    "flush": errno.EIO,
    "fsync": errno.EIO,
    "replace": errno.EROFS,
    "fsync_dir": errno.EIO,
}


class RecordingOps(FileOps):
    """Real file operations, recorded; one step can be made to fail for the data file."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.fail_step: str | None = None
        self._data_fds: set[int] = set()

    def _maybe_fail(self, step: str, is_data_file: bool) -> None:
        if step == self.fail_step and is_data_file:
            code = ERRORS[step]
            raise OSError(code, os.strerror(code))

    def open_tmp(self, path: Path) -> int:
        is_data = path.name.startswith(".habitnet.json.")
        self._maybe_fail("open", is_data)
        fd = super().open_tmp(path)
        if is_data:
            self._data_fds.add(fd)
        self.calls.append(("open", str(path)))
        return fd

    def write(self, fd: int, data: bytes) -> None:
        if self.fail_step == "write" and fd in self._data_fds:
            # A real disk-full write gets part of the data out first.
            super().write(fd, data[: len(data) // 2])
            self._maybe_fail("write", True)
        super().write(fd, data)
        self.calls.append(("write", str(fd)))

    def flush(self, fd: int) -> None:
        self._maybe_fail("flush", fd in self._data_fds)
        self.calls.append(("flush", str(fd)))

    def fsync(self, fd: int) -> None:
        self._maybe_fail("fsync", fd in self._data_fds)
        super().fsync(fd)
        self._data_fds.discard(fd)
        self.calls.append(("fsync", str(fd)))

    def replace(self, src: Path, dst: Path) -> None:
        self._maybe_fail("replace", dst.name == "habitnet.json")
        super().replace(src, dst)
        self.calls.append(("replace", f"{src} -> {dst}"))

    def fsync_dir(self, path: Path) -> None:
        self._maybe_fail("fsync_dir", (path / "habitnet.json").exists() and path.name != "backups")
        super().fsync_dir(path)
        self.calls.append(("fsync_dir", str(path)))


def _contact(name: str, clock: FixedClock) -> Contact:
    return Contact(name=name, created=clock.today())


def test_save_goes_through_a_synced_temp_file_in_the_same_folder(
    empty_dir: Path, clock: FixedClock
) -> None:
    ops = RecordingOps()
    store = Store(empty_dir, clock, ops=ops)
    store.save(State(contacts=[_contact("Ada", clock)]))
    steps = [c[0] for c in ops.calls]
    assert steps == ["open", "write", "flush", "fsync", "replace", "fsync_dir"]
    tmp = Path(ops.calls[0][1])
    assert tmp.parent == empty_dir and tmp.name.startswith(".habitnet.json.")
    assert ops.calls[4][1] == f"{tmp} -> {empty_dir / 'habitnet.json'}"
    assert ops.calls[5][1] == str(empty_dir)
    assert not tmp.exists()
    assert store.load().contacts[0].name == "Ada"


def test_saved_file_is_indented_deterministic_json_that_diffs_small(
    empty_dir: Path, demo_state: State, clock: FixedClock
) -> None:
    store = Store(empty_dir, clock)
    store.save(demo_state)
    first = store.path.read_text(encoding="utf-8")
    assert json.loads(first) == demo_state.model_dump(mode="json")
    assert first.startswith(f'{{\n "schema_version": {SCHEMA_VERSION},\n')
    # one record per line: a person can read it and a change is a one-line diff
    assert len(first.splitlines()) > len(demo_state.activities) + len(demo_state.contacts)
    assert max(len(line) for line in first.splitlines()) < 25_000
    store.save(demo_state)
    assert store.path.read_text(encoding="utf-8") == first
    demo_state.contacts[3] = demo_state.contacts[3].model_copy(update={"role": "Head of Things"})
    store.save(demo_state)
    diff = [
        line
        for line in difflib.unified_diff(
            first.splitlines(), store.path.read_text(encoding="utf-8").splitlines(), n=0
        )
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert len(diff) == 2, diff
    assert store.load() == demo_state


def test_save_creates_a_missing_folder(tmp_path: Path, clock: FixedClock) -> None:
    store = Store(tmp_path / "a" / "b", clock)
    store.save(State())
    assert store.load() == State()


@pytest.mark.parametrize("step", STEPS)
def test_failure_at_each_step_keeps_the_old_file_and_the_session_state(
    step: str, empty_dir: Path, clock: FixedClock
) -> None:
    ops = RecordingOps()
    session = Session.open(empty_dir, clock)
    session.store.ops = ops
    try:
        session.add_contact(name="Ada")
        session.save()
        old = session.store.path.read_bytes()
        clock.advance(timedelta(hours=1))
        session.add_contact(name="Grace")
        assert session.dirty
        version = session.version

        ops.fail_step = step
        with pytest.raises(SaveError) as err:
            session.save()
        message = str(err.value)
        assert str(session.store.path) in message
        assert os.strerror(ERRORS[step]) in message
        assert "changes are kept in memory" in message
        on_disk = session.store.path.read_bytes()
        if step == "fsync_dir":
            # The rename happened; only its durability is unconfirmed, and the message
            # says so rather than claiming the old file is intact.
            assert err.value.replaced
            assert "could not confirm it is safely on disk" in message
            assert State.model_validate_json(on_disk) == session.state
        else:
            assert not err.value.replaced
            assert "The previous file is intact" in message
            assert on_disk == old
        assert session.store.stale_temp_files() == []
        assert session.dirty and session.version == version
        assert [c.name for c in session.state.contacts] == ["Ada", "Grace"]

        ops.fail_step = None
        session.save()
        assert not session.dirty
        assert Store(empty_dir, clock).load() == session.state
    finally:
        session.close()


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root ignores file permissions; the injected failures cover it"
)
def test_real_permission_denied_keeps_the_old_file(empty_dir: Path, clock: FixedClock) -> None:
    session = Session.open(empty_dir, clock)
    try:
        session.add_contact(name="Ada")
        session.save()
        old = session.store.path.read_bytes()
        session.add_contact(name="Grace")
        empty_dir.chmod(0o500)
        try:
            with pytest.raises(SaveError, match="Permission denied"):
                session.save()
            assert session.store.path.read_bytes() == old
            assert session.dirty
        finally:
            empty_dir.chmod(0o755)
        session.save()
        assert Store(empty_dir, clock).load() == session.state
    finally:
        session.close()


def test_a_failing_backup_does_not_stop_the_save(empty_dir: Path, clock: FixedClock) -> None:
    class NoBackups(FileOps):
        def open_tmp(self, path: Path) -> int:
            if path.parent.name == "backups":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return super().open_tmp(path)

    store = Store(empty_dir, clock, ops=NoBackups())
    store.save(State())
    clock.advance(timedelta(days=1))
    state = State(contacts=[_contact("Ada", clock)])
    store.save(state)  # the daily backup fails; the save must not
    assert store.load() == state
    assert store.backups() == []


def test_a_file_changed_behind_the_stores_back_is_not_overwritten(
    empty_dir: Path, clock: FixedClock
) -> None:
    store = Store(empty_dir, clock)
    store.save(State(contacts=[_contact("Ada", clock)]))
    store.load()
    # Someone edits the file by hand while habitnet runs and breaks it.
    broken = store.path.read_bytes().replace(b'"name":"Ada"', b'"name":42', 1)
    store.path.write_bytes(broken)
    with pytest.raises(ChangedOnDiskError, match="changed on disk"):
        store.save(State())
    assert store.path.read_bytes() == broken
    with pytest.raises(UnreadableFileError):
        store.load()


def test_a_session_never_overwrites_an_outside_version_it_cannot_read(
    empty_dir: Path, clock: FixedClock
) -> None:
    session = Session.open(empty_dir, clock)
    try:
        session.add_contact(name="Ada")
        session.save()
        session.add_contact(name="Grace")
        broken = session.store.path.read_bytes().replace(b'"name":"Ada"', b'"name":42', 1)
        session.store.path.write_bytes(broken)
        with pytest.raises(SaveError, match="cannot read the new version") as err:
            session.save()
        assert "changes are kept in memory" in str(err.value)
        assert session.store.path.read_bytes() == broken
        assert session.dirty and [c.name for c in session.state.contacts] == ["Ada", "Grace"]
    finally:
        session.close()
