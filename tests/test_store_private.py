"""Private by default (issue #13, point 4): folders 0700, files 0600 whatever the umask;
wider ones tightened by the next save; a symbolic link saved through to its target; a
read-only data file refused, never replaced."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from apphelpers import wait_ready

from habitnet.app import create_app
from habitnet.cli import main
from habitnet.clock import FixedClock
from habitnet.interop.export import export_all
from habitnet.models import Contact, State
from habitnet.session import Session
from habitnet.store import ReadOnlyFileError, SaveError, Store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _state(clock: FixedClock) -> State:
    return State(contacts=[Contact(name="Ada", created=clock.today())])


def _not_private(root: Path) -> dict[str, str]:
    """Every path under ``root`` (and ``root``) that is not 0700 (folders) / 0600."""
    return {
        str(p): oct(mode(p))
        for p in [root, *root.rglob("*")]
        if not p.is_symlink() and mode(p) != (0o700 if p.is_dir() else 0o600)
    }


def test_everything_habitnet_writes_is_private_whatever_the_umask(
    tmp_path: Path, clock: FixedClock, umask_022: None
) -> None:
    data = tmp_path / "new" / "data"
    session = Session.open(data, clock)
    try:
        session.add_contact(name="Ada")
        session.save((session.version, {clock.today().isoformat(): {"day": "x"}}))
        clock.advance(timedelta(days=1))
        session.add_contact(name="Grace")
        session.save()  # a daily backup and the previous-version link
        session.store.create_backup()
        session.store.write_conflict_copy(b"{}")
        export_all(session.state, data / "exports" / "20261121-093000", clock.now())
    finally:
        session.close()
    names = {p.name for p in data.rglob("*")}
    assert {"habitnet.json", "habitnet.lock", "habitnet.glance.json", "backups"} <= names
    assert "habitnet-previous.json" in names and "followups.ics" in names
    assert _not_private(data) == {}
    assert mode(tmp_path / "new") == 0o700  # a folder habitnet made on the way


def test_wider_files_and_folders_are_tightened_by_the_next_save(
    empty_dir: Path, clock: FixedClock, umask_022: None
) -> None:
    store = Store(empty_dir, clock)
    store.save(_state(clock))
    store.create_backup()
    (empty_dir / "exports" / "20261121-093000").mkdir(parents=True)
    (empty_dir / "exports" / "20261121-093000" / "contacts.csv").write_text("id\n")
    for p in [empty_dir, *empty_dir.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    report = Store(empty_dir, clock).doctor()
    (line,) = [x for x in report.lines if "readable by others" in x]
    assert "habitnet.json (0644)" in line and "backups (0755)" in line
    assert "contacts.csv (0644)" in line and "the next save makes them private" in line
    assert report.ok  # a note, not a failure

    session = Session.open(empty_dir, clock)
    try:
        session.add_contact(name="Grace")
        session.save()
    finally:
        session.close()
    assert _not_private(empty_dir) == {}
    assert not any("readable by others" in x for x in Store(empty_dir, clock).doctor().lines)


def test_a_shared_data_folder_is_left_as_it_is_and_doctor_says_how(
    empty_dir: Path, clock: FixedClock, umask_022: None
) -> None:
    (empty_dir / "my-notes.txt").write_text("mine")
    empty_dir.chmod(0o755)
    Store(empty_dir, clock).save(_state(clock))
    assert mode(empty_dir) == 0o755
    assert mode(empty_dir / "my-notes.txt") == 0o644
    lines = Store(empty_dir, clock).doctor().lines
    assert any("holds files that are not habitnet's" in x and "chmod 700" in x for x in lines)


def test_a_symlinked_data_file_is_saved_through_to_its_target(
    tmp_path: Path, clock: FixedClock, umask_022: None
) -> None:
    synced = tmp_path / "Sync"
    synced.mkdir()
    target = synced / "habitnet-data.json"
    Store(synced / "x", clock).save(_state(clock))
    os.replace(synced / "x" / "habitnet.json", target)
    data = tmp_path / "data"
    data.mkdir()
    link = data / "habitnet.json"
    link.symlink_to(target)

    session = Session.open(data, clock)
    try:
        session.add_contact(name="Grace")
        session.save()
        session.add_contact(name="Alan")
        session.save()
    finally:
        session.close()
    assert link.is_symlink() and Path(os.readlink(link)) == target
    saved = State.model_validate_json(target.read_bytes())
    assert [c.name for c in saved.contacts] == ["Ada", "Grace", "Alan"]
    assert mode(target) == 0o600
    assert sorted(p.name for p in synced.iterdir()) == ["habitnet-data.json", "x"]
    previous = State.model_validate_json((data / "backups" / "habitnet-previous.json").read_bytes())
    assert [c.name for c in previous.contacts] == ["Ada", "Grace"]
    # A broken link (the synced folder is not there) is an error, never "no data yet".
    target.unlink()
    assert Store(data, clock).exists()
    out, err = io.StringIO(), io.StringIO()
    assert main(["--data-dir", str(data), "status"], clock=clock, stdout=out, stderr=err) == 2
    assert "symbolic link to" in err.getvalue() and "does not exist" in err.getvalue()
    assert link.is_symlink()


def _cli(data: Path, clock: FixedClock, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data), *args], clock=clock, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_a_read_only_data_file_is_refused_never_replaced(
    empty_dir: Path, clock: FixedClock
) -> None:
    Store(empty_dir, clock).save(_state(clock))
    path = empty_dir / "habitnet.json"
    path.chmod(0o444)
    before = path.read_bytes()
    ino = path.stat().st_ino

    code, _out, err = _cli(empty_dir, clock, "contacts", "add", "Grace")
    assert code == 2
    assert "read-only (mode 0444)" in err and f"chmod u+w {path}" in err
    assert "Traceback" not in err
    with pytest.raises(ReadOnlyFileError):
        Session.open(empty_dir, clock)
    # A session that was open when the file became read-only does not replace it either.
    path.chmod(0o644)
    session = Session.open(empty_dir, clock)
    try:
        path.chmod(0o444)
        session.add_contact(name="Grace")
        with pytest.raises(SaveError, match="read-only"):
            session.save()
    finally:
        session.close()
    assert path.read_bytes() == before and path.stat().st_ino == ino and mode(path) == 0o444
    assert any("read-only" in x for x in Store(empty_dir, clock).doctor().lines)
    # Reading still works.
    assert _cli(empty_dir, clock, "contacts", "list")[0] == 0


async def test_the_app_opens_a_read_only_file_read_only_and_says_why(
    demo_dir: Path, clock: FixedClock
) -> None:
    path = demo_dir / "habitnet.json"
    path.chmod(0o444)
    before = path.read_bytes()
    app = create_app(demo_dir, clock)
    notes: list[str] = []
    real = app.notify

    def notify(message: str, **kw: Any) -> None:
        notes.append(message)
        real(message, **kw)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        assert app.session is not None and app.read_only
        assert any("Opened read-only" in n and "read-only (mode 0444)" in n for n in notes)
        assert not app.writable("check in")
        assert "chmod u+w" in notes[-1]
    assert path.read_bytes() == before
