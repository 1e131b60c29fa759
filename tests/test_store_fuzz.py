"""No traceback for any input (issue #13, points 5 and 6).

Each kind of broken data file or folder below, under ``status``, ``doctor``, ``log``,
``import`` and the app's start: no traceback, exit code 2 with a one-line message that
names the file (``doctor``: its report), the file left exactly as it was, and never
"no data yet" for a file that is there but cannot be read.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from apphelpers import wait_ready
from storehelpers import set_at

from habitnet.app import create_app
from habitnet.cli import main
from habitnet.clock import FixedClock
from habitnet.models import Activity, Contact, State
from habitnet.session import Session
from habitnet.store import LockUnavailableError, Store

DATA = "habitnet.json"


def _good() -> dict[str, Any]:
    state = State(
        contacts=[Contact(id="c-ada", name="Ada Lovelace", created="2026-01-05")],  # type: ignore[arg-type]
        activities=[
            Activity(
                id="a-1",
                at="2026-11-20T10:00:00+00:00",  # type: ignore[arg-type]
                kind="coffee",
                contact_ids=["c-ada"],
                cost=3,
            )
        ],
    )
    doc: dict[str, Any] = state.model_dump(mode="json")
    return doc


def _json(change: Callable[[dict[str, Any]], object]) -> Callable[[Path], None]:
    def make(d: Path) -> None:
        doc = _good()
        change(doc)
        (d / DATA).write_text(json.dumps(doc, indent=1))

    return make


def _old(change: Callable[[dict[str, Any]], object]) -> Callable[[Path], None]:
    """A pre-release (schema 0) file, which migrates before validation."""

    def make(d: Path) -> None:
        doc: dict[str, Any] = {"contacts": [], "checkins": [], "settings": {}}
        change(doc)
        (d / DATA).write_text(json.dumps(doc))

    return make


def _raw(data: bytes) -> Callable[[Path], None]:
    def make(d: Path) -> None:
        (d / DATA).write_bytes(data)

    return make


def _text(text: str) -> Callable[[Path], None]:
    return _raw(text.encode())


def _nested(depth: int, open_: str, close: str) -> str:
    return '{"schema_version": 1, "contacts": ' + open_ * depth + close * depth + "}"


def _deep_summary(depth: int, version: int) -> Callable[[Path], None]:
    def make(d: Path) -> None:
        summary = '{"x": ' * depth + "1" + "}" * depth
        (d / DATA).write_text(
            f'{{"schema_version": {version}, "reviews": '
            f'[{{"week": "2026-W40", "summary": {summary}}}]}}'
        )

    return make


def _with(make: Callable[[Path], None], *more: Callable[[Path], None]) -> Callable[[Path], None]:
    def both(d: Path) -> None:
        make(d)
        for m in more:
            m(d)

    return both


def _backups(d: Path) -> Path:
    (d / "backups").mkdir(exist_ok=True)
    return d / "backups"


CORRUPT = _raw(b'{"schema_version": 1, "contacts": [')

CASES: dict[str, Callable[[Path], None]] = {
    # bytes that are not a data file
    "empty": _raw(b""),
    "only whitespace": _raw(b" \n\t\n"),
    "truncated JSON": CORRUPT,
    "NUL-filled": _raw(b"\x00" * 4096),
    "half NUL": _raw(b'{"schema_version": 1, "con' + b"\x00" * 300),
    "not JSON": _text("contacts:\n  - name: Ada\n"),
    "not UTF-8": _raw(b'{"contacts": [{"name": "Jos\xe9"}]}'),
    "UTF-16": _raw('{"schema_version": 1}'.encode("utf-16")),
    "UTF-8 byte-order mark": _raw(b"\xef\xbb\xbf" + json.dumps(_good()).encode()),
    "top-level array": _text('[{"schema_version": 1}]'),
    "top-level string": _text('"habitnet"'),
    "top-level number": _text("42"),
    "top-level null": _text("null"),
    "lists 1,000 deep": _text(_nested(1000, "[", "]")),
    "objects 1,000 deep": _text(_nested(1000, '{"a":', "}")),
    "lists 100,000 deep": _text(_nested(100_000, "[", "]")),
    "lists 250 deep": _text(_nested(250, "[", "]")),
    "NaN": _text(json.dumps(_good()).replace('"daily_budget": 10', '"daily_budget": NaN')),
    "huge float": _text(json.dumps(_good()).replace('"cost": 3', '"cost": 1e400')),
    "lone surrogate": _text(json.dumps(_good()).replace("Ada Lovelace", "Ada \\ud800")),
    # old-format files that are not quite old-format
    "old: contacts [1, 2]": _old(set_at("contacts", [1, 2])),
    "old: contacts [null, text]": _old(set_at("contacts", [None, "Ada"])),
    "old: contacts an object": _old(set_at("contacts", {"name": "Ada"})),
    "old: check-ins text": _old(set_at("checkins", "nope")),
    "old: check-ins [3]": _old(set_at("checkins", [3])),
    "old: settings a number": _old(set_at("settings", 5)),
    "old: kinds [1]": _old(set_at("settings", {"activity_kinds": [1]})),
    "old: kinds text": _old(set_at("settings", {"activity_kinds": "abc"})),
    "old: email a number": _old(set_at("contacts", [{"name": "Ada", "email": 7, "emails": 3}])),
    "old: summary 300 deep": _deep_summary(300, 0),
    "old: summary 100 deep": _deep_summary(100, 0),
    # versions
    "schema_version text": _json(set_at("schema_version", "one")),
    "schema_version -1": _json(set_at("schema_version", -1)),
    "schema_version 1.5": _json(set_at("schema_version", 1.5)),
    "schema_version true": _json(set_at("schema_version", True)),
    "schema_version 99 (newer)": _json(set_at("schema_version", 99)),
    "schema_version 10**30 (newer)": _json(set_at("schema_version", 10**30)),
    # current format, invalid
    "contacts text": _json(set_at("contacts", "Ada")),
    "priority text": _json(set_at("contacts.0.priority", "high")),
    "cap 0": _json(set_at("settings.daily_cap", 0)),
    "energy scale missing a level": _json(set_at("settings.energy_scale", {"1": 0.5})),
    "reference to nobody": _json(set_at("activities.0.contact_ids", ["c-nobody"])),
    "duplicate ids": _json(lambda d: d["contacts"].append(dict(d["contacts"][0], name="Ada Two"))),
    "missing name": _json(lambda d: d["contacts"][0].pop("name")),
    "February 30": _json(set_at("contacts.0.created", "2026-02-30")),
    "no UTC offset": _json(set_at("activities.0.at", "2026-11-20T10:00:00")),
    "unknown field": _json(set_at("contcts", [])),
    "name too long": _json(set_at("contacts.0.name", "A" * 500)),
    "two morning check-ins": _json(
        set_at("checkins", [{"day": "2026-11-20", "energy": 3, "mood": 3}] * 2)
    ),
    "bad week": _json(set_at("reviews", [{"week": "2026-W60"}])),
    "summary 300 deep": _deep_summary(300, 1),
    # the file system
    "a folder": lambda d: (d / DATA).mkdir(),
    "a broken symbolic link": lambda d: (d / DATA).symlink_to(d / "gone" / DATA),
    "a symbolic link loop": lambda d: (d / DATA).symlink_to(DATA),
    "a link to a folder": lambda d: (d / DATA).symlink_to(d),
    "a named pipe": lambda d: os.mkfifo(d / DATA),
    "a link to /dev/null": lambda d: (d / DATA).symlink_to("/dev/null"),
    # a broken file with broken backups
    "+ a broken backup link": _with(
        CORRUPT, lambda d: (_backups(d) / "habitnet-2026-11-20.json").symlink_to("/nowhere")
    ),
    "+ backups a file": _with(CORRUPT, lambda d: (d / "backups").write_text("x")),
    "+ a backup that is a folder": _with(
        CORRUPT, lambda d: (_backups(d) / "habitnet-2026-11-20.json").mkdir()
    ),
    "+ previous a broken link": _with(
        CORRUPT, lambda d: (_backups(d) / "habitnet-previous.json").symlink_to("/nowhere")
    ),
    "+ a backup link loop": _with(
        CORRUPT,
        lambda d: (_backups(d) / "habitnet-2026-11-20.json").symlink_to("habitnet-2026-11-20.json"),
    ),
    "+ a backup that is a pipe": _with(
        CORRUPT, lambda d: os.mkfifo(_backups(d) / "habitnet-2026-11-20.json")
    ),
}


def test_there_are_at_least_fifty_kinds() -> None:
    assert len(CASES) >= 50


def _snapshot(d: Path) -> dict[str, object]:
    """Every entry of the folder (and backups/) as it is: content hashes, link targets."""
    out: dict[str, object] = {}
    for p in sorted(
        [*d.iterdir(), *(d / "backups").glob("*")] if (d / "backups").is_dir() else d.iterdir()
    ):
        if p.name in ("habitnet.lock", "habitnet.glance.json"):
            # A writer takes the lock before it finds the file unreadable; status
            # refreshes the glance (a cache of what Today shows, never data).
            continue
        if p.is_symlink():
            out[str(p.relative_to(d))] = ("link", os.readlink(p))
        elif p.is_dir():
            out[str(p.relative_to(d))] = ("folder", sorted(x.name for x in p.iterdir()))
        elif p.is_file():
            out[str(p.relative_to(d))] = ("file", hashlib.sha256(p.read_bytes()).hexdigest())
        else:
            out[str(p.relative_to(d))] = ("other", p.lstat().st_mode)
    return out


@pytest.fixture
def vcard(tmp_path: Path) -> Path:
    p = tmp_path / "one.vcf"
    p.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n")
    return p


def _run(d: Path, clock: FixedClock, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(d), *args], clock=clock, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("case", list(CASES))
def test_each_broken_folder_under_every_command(
    case: str, tmp_path: Path, clock: FixedClock, vcard: Path
) -> None:
    d = tmp_path / "data"
    d.mkdir()
    CASES[case](d)
    before = _snapshot(d)
    for args in (("status",), ("log", "message"), ("import", str(vcard))):
        code, out, err = _run(d, clock, *args)
        assert code == 2, (args, code, out, err)
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("habitnet: "), (args, err)
        assert str(d) in err, (args, err)
        assert "no data yet" not in out + err
        assert _snapshot(d) == before, args
    code, out, err = _run(d, clock, "doctor")
    assert code == 2 and "FAIL" in out and err == "", (out, err)
    assert "no data yet" not in out
    assert _snapshot(d) == before


@pytest.mark.parametrize("case", list(CASES))
def test_each_broken_file_imported_as_json(case: str, tmp_path: Path, clock: FixedClock) -> None:
    d = tmp_path / "data"
    d.mkdir()
    CASES[case](d)
    if (d / DATA).is_symlink() or not (d / DATA).is_file():
        return  # not a file to import
    export = tmp_path / "export.json"
    export.write_bytes((d / DATA).read_bytes())
    target = tmp_path / "fresh"
    for fmt in ((), ("--format", "json")):
        code, out, err = _run(target, clock, "import", str(export), *fmt)
        assert code == 2, (fmt, out, err)
        assert err.startswith("habitnet: ") and str(export) in err, err
    assert not target.exists() or not (target / DATA).exists()


@pytest.mark.parametrize("case", list(CASES))
async def test_each_broken_folder_at_app_start(
    case: str, tmp_path: Path, clock: FixedClock
) -> None:
    d = tmp_path / "data"
    d.mkdir()
    CASES[case](d)
    before = _snapshot(d)
    app = create_app(d, clock)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        assert app.session is None and app.load_error is not None
        assert type(app.screen).__name__ == "ErrorScreen", app.screen
        assert "unexpected problem" not in app.screen.query_one("#error-message").render()
    assert _snapshot(d) == before


# -- the lock, where the file system refuses ---------------------------------------------


def _refuse(code: int) -> Callable[..., int]:
    def open_private(path: Path, flags: int) -> int:
        raise OSError(code, os.strerror(code), str(path))

    return open_private


@pytest.mark.parametrize("code", [errno.EACCES, errno.ENOSPC, errno.EROFS])
def test_a_lock_that_cannot_be_made_is_a_message_and_the_app_opens_read_only(
    code: int, demo_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import habitnet.store.lock as lock

    monkeypatch.setattr(lock, "open_private", _refuse(code))
    before = _snapshot(demo_dir)
    c, out, err = _run(demo_dir, clock, "log", "message")
    assert c == 2 and len(err.splitlines()) == 1
    assert err.startswith("habitnet: the writer lock ") and "cannot be taken" in err
    assert os.strerror(code) in err
    assert str(demo_dir) in err
    with pytest.raises(LockUnavailableError):
        Session.open(demo_dir, clock)
    session = Session.open(demo_dir, clock, fallback_read_only=True)
    assert session.store.read_only and session.read_only_reason is not None
    assert os.strerror(code) in session.read_only_reason
    assert _run(demo_dir, clock, "status")[0] == 0  # reading needs no lock
    assert _snapshot(demo_dir) == before


async def test_the_app_opens_read_only_when_the_folder_refuses_the_lock(
    demo_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import habitnet.store.lock as lock

    monkeypatch.setattr(lock, "open_private", _refuse(errno.EACCES))
    app = create_app(demo_dir, clock)
    async with app.run_test() as pilot:
        await wait_ready(pilot)
        assert app.session is not None and app.read_only and app.load_error is None
        assert "Permission denied" in (app.session.read_only_reason or "")


def test_a_full_disk_while_naming_the_holder_keeps_the_lock(
    empty_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int, data: bytes, offset: int) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "pwrite", full)
    store = Store(empty_dir, clock)
    store.lock()
    try:
        assert store.locked_by_me
        other = Store(empty_dir, clock)
        with pytest.raises(Exception, match="in use by"):
            other.lock()
    finally:
        store.unlock()
    assert not store.locked_by_me
    fds = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0
    for _ in range(5):
        store.lock()
        store.unlock()
    if fds:
        assert len(os.listdir("/proc/self/fd")) == fds  # no handle leaks


def test_errors_looking_for_backups_are_their_own_error(
    empty_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A corrupt file whose backups cannot be looked in is still 'cannot read', never
    'no data', and says that the backups could not be looked for."""
    CORRUPT(empty_dir)
    _backups(empty_dir)
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path).name == "backups":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = _run(empty_dir, clock, "status")
    assert code == 2 and "cannot read" in err
    assert "No backup could be looked for either" in err and "Permission denied" in err
    code, out, _ = _run(empty_dir, clock, "doctor")
    assert code == 2 and "cannot look for backups" in out
