"""An outside change to the data file is never silently overwritten (issue #13, point 3).

A sync tool, a restore or the command line elsewhere may replace ``habitnet.json`` while
a session has it open. Before a save the session compares the file on disk with the one
it read or last wrote (inode, size, mtime_ns, and a content hash while a same-tick
rewrite could hide); when it changed, it reloads it and re-applies its own pending
changes on top, or, when they no longer apply, keeps the outside version and writes its
own beside it as ``habitnet.conflict-<time>.json``.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from apphelpers import wait_ready, wait_saved

from habitnet.app import create_app
from habitnet.clock import FixedClock
from habitnet.models import Contact, State
from habitnet.session import Session
from habitnet.store import Store

TODAY = date(2026, 11, 21)


def _base() -> State:
    return State(
        contacts=[
            Contact(id="c-ada", name="Ada Lovelace", role="Analyst", created=date(2026, 1, 5)),
            Contact(id="c-grace", name="Grace Hopper", created=date(2026, 2, 1)),
        ]
    )


def replace_outside(path: Path, change: Any) -> bytes:
    """Do what a sync tool does: write a changed, valid copy beside the file and rename
    it over the original (a new inode). Returns the new bytes."""
    doc = json.loads(path.read_bytes())
    change(doc)
    data = json.dumps(doc, indent=1).encode()
    tmp = path.with_name(".sync-tool.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return data


def add_outside_contact(doc: dict[str, Any]) -> None:
    doc["contacts"].append({"id": "c-outside", "name": "Olivia Outside", "created": "2026-11-20"})


def _names(state: State) -> list[str]:
    return sorted(c.name for c in state.contacts)


@pytest.fixture
def session(empty_dir: Path, clock: FixedClock) -> Any:
    Store(empty_dir, clock).save(_base())
    s = Session.open(empty_dir, clock)
    yield s
    s.close()


def test_an_outside_replace_is_kept_and_our_changes_go_on_top(
    session: Session, clock: FixedClock
) -> None:
    path = session.store.path
    replace_outside(path, add_outside_contact)
    session.checkin(3, 4)
    session.checkin(2, 2, kind="evening")
    notice = session.save()
    assert notice is not None and notice.reloaded and notice.conflict_copy is None
    assert "changed outside habitnet" in notice.message
    assert "your 2 changes were applied on top" in notice.message
    on_disk = Store(path.parent, clock).load()
    assert "Olivia Outside" in _names(on_disk)
    assert [(c.kind.value, c.energy) for c in on_disk.checkins] == [
        ("morning", 3),
        ("evening", 2),
    ]
    assert on_disk == session.state and not session.dirty
    # The version the save replaced (the outside one) is the previous-version link, and
    # the day's backup (the first save today) holds it too: nothing lost anywhere.
    previous = session.store.previous()
    assert previous is not None and previous.valid
    assert "Olivia Outside" in _names(State.model_validate_json(previous.path.read_bytes()))
    (daily,) = session.store.backups()
    assert "Olivia Outside" in _names(State.model_validate_json(daily.path.read_bytes()))
    # Later saves go on from the merged version without more notices.
    session.add_contact(name="Alan Turing")
    assert session.save() is None
    assert "Olivia Outside" in _names(Store(path.parent, clock).load())


def test_a_same_size_same_time_rewrite_is_caught_by_the_content_hash(
    session: Session, clock: FixedClock
) -> None:
    session.add_contact(name="Alan Turing")
    session.save()
    path = session.store.path
    st = path.stat()
    data = path.read_bytes()
    changed = data.replace(b"Grace Hopper", b"Grace Hoppen")
    assert len(changed) == len(data)
    with open(path, "r+b") as fh:  # in place: same inode, same size
        fh.write(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same time
    assert (path.stat().st_ino, path.stat().st_size, path.stat().st_mtime_ns) == (
        st.st_ino,
        st.st_size,
        st.st_mtime_ns,
    )
    session.update_contact("c-ada", role="Countess")
    notice = session.save()
    assert notice is not None and notice.reloaded
    names = _names(Store(path.parent, clock).load())
    assert "Grace Hoppen" in names and "Grace Hopper" not in names
    assert session.contact("c-ada").role == "Countess"


def test_changes_that_no_longer_fit_leave_the_outside_version_and_a_conflict_copy(
    session: Session, clock: FixedClock
) -> None:
    path = session.store.path

    def promote(doc: dict[str, Any]) -> None:
        doc["contacts"][0]["role"] = "Engineer"

    outside = replace_outside(path, promote)
    session.update_contact("c-ada", role="Countess")
    session.add_contact(name="Alan Turing")
    notice = session.save()
    assert notice is not None and notice.reloaded and notice.conflict_copy is not None
    copy = notice.conflict_copy
    assert copy.parent == path.parent and copy.name.startswith("habitnet.conflict-")
    assert "the contact Ada Lovelace was changed elsewhere (role)" in notice.message
    assert str(copy) in notice.message
    assert path.read_bytes() == outside  # the outside version, untouched
    mine = State.model_validate_json(copy.read_bytes())
    assert mine.contacts[0].role == "Countess" and "Alan Turing" in _names(mine)
    # The session now shows the outside version; nothing is pending, no undo across it.
    assert session.contact("c-ada").role == "Engineer" and not session.dirty
    assert session.undo() is None
    report = Store(path.parent, clock).doctor()
    assert any(copy.name in line and "could not merge" in line for line in report.lines)


def test_a_file_made_outside_after_a_fresh_start_is_merged(
    empty_dir: Path, clock: FixedClock
) -> None:
    session = Session.open(empty_dir, clock)
    try:
        assert session.is_new
        Store(empty_dir, clock).save(_base())  # e.g. `habitnet contacts add` elsewhere
        session.add_contact(name="Alan Turing")
        notice = session.save()
        assert notice is not None and notice.reloaded
        assert _names(Store(empty_dir, clock).load()) == [
            "Ada Lovelace",
            "Alan Turing",
            "Grace Hopper",
        ]
    finally:
        session.close()


def test_undo_after_a_merge_keeps_the_outside_change(session: Session, clock: FixedClock) -> None:
    replace_outside(session.store.path, add_outside_contact)
    session.update_contact("c-grace", role="Admiral")
    session.save()
    assert session.undo() == "Reverted changes to Grace Hopper"
    session.save()
    state = Store(session.store.path.parent, clock).load()
    assert "Olivia Outside" in _names(state)
    assert next(c for c in state.contacts if c.id == "c-grace").role == ""


def test_undo_of_an_import_after_a_merge_removes_only_the_import(
    session: Session, clock: FixedClock
) -> None:
    imported = session.state.model_copy(
        update={
            "contacts": [
                *session.state.contacts,
                Contact(id="c-new", name="New Person", created=TODAY),
            ]
        }
    )
    session.replace_state(imported, "Reverted the import")
    replace_outside(session.store.path, add_outside_contact)
    session.save()
    assert session.undo() == "Reverted the import"
    session.save()
    assert _names(Store(session.store.path.parent, clock).load()) == [
        "Ada Lovelace",
        "Grace Hopper",
        "Olivia Outside",
    ]


def test_a_file_removed_outside_is_written_again(session: Session, clock: FixedClock) -> None:
    session.store.path.unlink()
    session.add_contact(name="Alan Turing")
    assert session.save() is None
    assert "Alan Turing" in _names(Store(session.store.path.parent, clock).load())


async def test_the_app_keeps_an_outside_contact_and_both_check_ins(
    demo_dir: Path, clock: FixedClock
) -> None:
    """The issue's reproduction: the app open, the data file atomically replaced by a
    valid copy with one more contact, two check-ins in the app."""
    app = create_app(demo_dir, clock)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        real_notify = app.notify

        def notify(message: str, **kw: Any) -> None:
            notes.append(message)
            real_notify(message, **kw)

        app.notify = notify  # type: ignore[method-assign]
        path = demo_dir / "habitnet.json"
        replace_outside(path, add_outside_contact)
        app.session.checkin(2, 3, replace=True)
        await wait_saved(pilot)
        app.session.checkin(4, 3, kind="evening", replace=True)
        await wait_saved(pilot)
        assert any("changed outside habitnet" in n for n in notes), notes
        assert "Olivia Outside" in _names(app.session.state)
    state = Store(demo_dir, clock).load()
    assert "Olivia Outside" in _names(state)
    assert state.checkin(TODAY) is not None and state.checkin(TODAY).energy == 2  # type: ignore[union-attr]
    evening = state.checkin(TODAY, "evening")  # type: ignore[arg-type]
    assert evening is not None and evening.energy == 4
    store = Store(demo_dir, clock)
    previous = store.previous()
    assert previous is not None
    assert "Olivia Outside" in _names(State.model_validate_json(previous.path.read_bytes()))
    (daily,) = store.backups()
    assert daily.name == f"habitnet-{TODAY.isoformat()}.json"
    assert "Olivia Outside" in _names(State.model_validate_json(daily.path.read_bytes()))
