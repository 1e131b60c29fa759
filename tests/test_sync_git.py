"""git as the sync engine: a local bare repository and two clones as two devices, on the
local disk (no network). Edits on both while apart — the same contact edited on both,
an activity logged on each, a journal entry deleted on one and edited on the other —
then ``habitnet sync`` on each: both end identical, with nothing lost. And the failures:
no remote, a push rejected because the other device pushed first, a remote with an
unrelated history — each a one-line message, nothing local lost."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from synchelpers import bare_repo, cli, git, load, ok, session, state_home  # noqa: F401

from habitnet.clock import FixedClock
from habitnet.sync import git as gitsync

pytestmark = pytest.mark.usefixtures("state_home")


def seeded(data_dir: Path, clock: FixedClock) -> dict[str, str]:
    """A device with a little data: two contacts, an activity, a journal entry."""
    with session(data_dir, clock) as s:
        ada = s.add_contact(name="Ada Lovelace", emails=["ada@example.com"], role="Engineer")
        grace = s.add_contact(name="Grace Hopper", organisation="Navy")
        s.log_activity(s.propose_activity("message", [ada.id]))
        entry = s.add_journal(text="Wrote to Ada about her engine.", contact_ids=[ada.id])
    return {"ada": ada.id, "grace": grace.id, "entry": entry.id}


@pytest.fixture
def pair(tmp_path: Path, clock: FixedClock) -> tuple[Path, Path, Path, dict[str, str]]:
    remote = bare_repo(tmp_path / "remote.git")
    a, b = tmp_path / "laptop", tmp_path / "desk"
    ids = seeded(a, clock)
    out = ok(a, clock, "sync", "init", str(remote), "--name", "laptop")
    assert "base" in out
    ok(b, clock, "sync", "init", str(remote), "--name", "desk")
    assert load(b) == load(a)
    return remote, a, b, ids


def test_edits_on_two_clones_while_apart_converge_with_nothing_lost(
    pair: tuple[Path, Path, Path, dict[str, str]], clock: FixedClock
) -> None:
    _remote, a, b, ids = pair
    clock.advance(timedelta(hours=1))
    with session(a, clock) as s:  # the laptop, offline
        s.update_contact(ids["ada"], role="CTO")
        s.log_activity(s.propose_activity("call", [ids["ada"]]), "test")
        s.delete_journal(ids["entry"])
    with session(b, clock) as s:  # the desk, offline
        s.update_contact(ids["ada"], notes="Met at PyCon; loves Babbage.")
        s.log_activity(s.propose_activity("coffee", [ids["grace"]]), "test")
        s.update_journal(ids["entry"], text="Edited on the desk: she wrote back!")

    ok(a, clock, "sync")
    out = ok(b, clock, "sync")
    assert "Merged" in out and "laptop" in out
    out = ok(a, clock, "sync")
    assert "desk" in out

    sa, sb = load(a), load(b)
    assert sa == sb
    assert (a / "habitnet.json").read_bytes() == (b / "habitnet.json").read_bytes()
    ada = next(c for c in sa.contacts if c.id == ids["ada"])
    assert ada.role == "CTO" and ada.notes == "Met at PyCon; loves Babbage."
    assert sorted(x.kind for x in sa.activities) == ["call", "coffee", "message"]
    assert {x.device for x in sa.activities if x.kind != "message"} == {"laptop", "desk"}
    # deleted on one, edited on the other: the edit the laptop never saw keeps it
    (entry,) = sa.journal
    assert entry.id == ids["entry"] and entry.text == "Edited on the desk: she wrote back!"

    # and nothing is left to do
    assert ok(a, clock, "sync").strip() == "Up to date."
    status = ok(a, clock, "sync", "status")
    assert "laptop (this device)" in status and "desk" in status
    assert "Pending: nothing." in status


def test_a_delete_made_after_seeing_every_edit_removes_the_record(
    pair: tuple[Path, Path, Path, dict[str, str]], clock: FixedClock
) -> None:
    _remote, a, b, ids = pair
    with session(b, clock) as s:
        s.update_journal(ids["entry"], text="edited first")
    ok(b, clock, "sync")
    ok(a, clock, "sync")
    with session(a, clock) as s:
        assert s.journal_entry(ids["entry"]).text == "edited first"
        s.delete_journal(ids["entry"])
    ok(a, clock, "sync")
    ok(b, clock, "sync")
    assert load(a).journal == load(b).journal == []


def test_the_same_field_edited_on_both_keeps_the_later_edit(
    pair: tuple[Path, Path, Path, dict[str, str]], clock: FixedClock
) -> None:
    _remote, a, b, ids = pair
    with session(a, clock) as s:
        s.update_contact(ids["ada"], role="Chief Scientist")
    clock.advance(timedelta(minutes=5))
    with session(b, clock) as s:
        s.update_contact(ids["ada"], role="Countess")
    for d in (a, b, a):
        ok(d, clock, "sync")
    assert load(a) == load(b)
    assert next(c for c in load(a).contacts if c.id == ids["ada"]).role == "Countess"


def test_no_remote_is_one_line_and_nothing_local_is_lost(
    pair: tuple[Path, Path, Path, dict[str, str]], clock: FixedClock, tmp_path: Path
) -> None:
    remote, a, _b, ids = pair
    with session(a, clock) as s:
        s.update_contact(ids["grace"], role="Rear Admiral")
    before = (a / "habitnet.json").read_bytes()
    shutil.move(remote, tmp_path / "elsewhere.git")
    r = cli(a, clock, "sync")
    assert r.code == 2
    assert r.err.count("\n") == 1 and "cannot reach" in r.err
    assert "kept here" in r.err
    assert (a / "habitnet.json").read_bytes() == before
    assert gitsync.ahead(a / "sync") >= 1  # committed locally, waiting to be pushed
    shutil.move(tmp_path / "elsewhere.git", remote)
    assert "Pushed" in ok(a, clock, "sync")


def test_a_rejected_push_is_retried_after_a_pull(
    pair: tuple[Path, Path, Path, dict[str, str]],
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _remote, a, b, ids = pair
    with session(a, clock) as s:
        s.update_contact(ids["ada"], role="CTO")
    with session(b, clock) as s:
        s.update_contact(ids["grace"], role="Rear Admiral")
    real = gitsync.integrate
    raced: list[bool] = []

    def integrate_then_the_desk_pushes(sync_dir: Path) -> bool:
        done = real(sync_dir)
        if not raced and sync_dir == a / "sync":
            raced.append(True)
            ok(b, clock, "sync")  # the desk pushes between the laptop's fetch and push
        return done

    monkeypatch.setattr(gitsync, "integrate", integrate_then_the_desk_pushes)
    pushes: list[str] = []
    real_push = gitsync.push

    def counting_push(sync_dir: Path) -> str:
        answer = real_push(sync_dir)
        if sync_dir == a / "sync":
            pushes.append(answer)
        return answer

    monkeypatch.setattr(gitsync, "push", counting_push)
    ok(a, clock, "sync")
    assert raced and pushes[0] == "rejected" and pushes[-1] == "ok"
    monkeypatch.undo()
    ok(b, clock, "sync")
    assert load(a) == load(b)
    roles = {c.id: c.role for c in load(a).contacts}
    assert roles[ids["ada"]] == "CTO" and roles[ids["grace"]] == "Rear Admiral"


def test_a_remote_with_an_unrelated_history_is_refused_with_what_to_do(
    pair: tuple[Path, Path, Path, dict[str, str]], clock: FixedClock, tmp_path: Path
) -> None:
    remote, a, _b, _ids = pair
    before = load(a)
    shutil.rmtree(remote)
    bare_repo(remote)
    other = tmp_path / "other-device"
    ok(other, clock, "sync", "init", str(remote), "--name", "stranger")  # a new history
    r = cli(a, clock, "sync")
    assert r.code == 2 and r.err.count("\n") == 1
    assert "unrelated" in r.err and "sync init" in r.err
    assert load(a) == before


def test_a_repository_of_something_else_is_refused(tmp_path: Path, clock: FixedClock) -> None:
    remote = bare_repo(tmp_path / "dotfiles.git")
    work = tmp_path / "work"
    git("clone", "-q", str(remote), str(work))
    (work / "README.md").write_text("my dotfiles\n")
    git("add", "README.md", cwd=work)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x", cwd=work)
    git("push", "-q", "origin", "HEAD:main", cwd=work)
    data = tmp_path / "data"
    seeded(data, clock)
    before = (data / "habitnet.json").read_bytes()
    r = cli(data, clock, "sync", "init", str(remote))
    assert r.code == 2 and "README.md" in r.err and "empty repository" in r.err
    assert (data / "habitnet.json").read_bytes() == before
    assert not (data / "sync").exists()


def test_sync_before_init_says_how_to_start(tmp_path: Path, clock: FixedClock) -> None:
    r = cli(tmp_path / "data", clock, "sync")
    assert r.code == 2 and "sync init" in r.err


def test_sync_with_nothing_to_do_answers_without_loading_the_data(
    pair: tuple[Path, Path, Path, dict[str, str]], clock: FixedClock
) -> None:
    """The fast path of ``habitnet sync`` (habitnet.entry): it says "Up to date." only
    when the full command would find nothing to do, and steps aside otherwise."""
    import io

    from habitnet.entry import main as entry_main
    from habitnet.sync import quick

    _remote, a, b, ids = pair
    ok(a, clock, "sync")
    assert quick.idle(a)
    out = io.StringIO()
    assert entry_main(["--data-dir", str(a), "sync"], clock=clock, stdout=out) == 0
    assert out.getvalue() == "Up to date.\n"
    # a change here, or one on the other device, and it steps aside
    with session(a, clock) as s:
        s.update_contact(ids["ada"], role="CTO")
    assert not quick.idle(a)
    ok(a, clock, "sync")
    assert quick.idle(a)
    with session(b, clock) as s:
        s.update_contact(ids["grace"], role="Rear Admiral")
    ok(b, clock, "sync")
    assert not quick.idle(a)  # the fetch brought the desk's commit
    assert "Merged" in ok(a, clock, "sync")
    assert quick.idle(a)


def test_sync_while_the_app_has_the_folder_open_leaves_the_merge_to_it(
    pair: tuple[Path, Path, Path, dict[str, str]], clock: FixedClock
) -> None:
    """The app holds the writer lock: habitnet sync still commits, pulls and pushes."""
    from habitnet.session import Session

    _remote, a, b, ids = pair
    with session(b, clock) as s:
        s.update_contact(ids["grace"], role="Rear Admiral")
    ok(b, clock, "sync")
    app = Session.open(a, clock)  # as the open app does
    try:
        app.update_contact(ids["ada"], role="CTO")
        app.save()
        out = ok(a, clock, "sync")
        assert "open habitnet app merges" in out and "Pushed" in out
        merged = app.sync.poll(app)  # type: ignore[union-attr]
        assert merged is not None and "desk" in merged.describe()
        app.save()
    finally:
        app.close()
    ok(b, clock, "sync")
    assert load(a) == load(b)
    roles = {c.id: c.role for c in load(b).contacts}
    assert roles[ids["ada"]] == "CTO" and roles[ids["grace"]] == "Rear Admiral"


def test_sync_needs_no_git_identity_or_signing_of_the_users(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A machine where git has no user identity (and would not guess one), or signs
    every commit: habitnet's own commits and rebases still go through (the repository
    gets its own settings), on both devices."""
    config = tmp_path / "gitconfig"
    config.write_text(
        "[user]\n\tuseConfigOnly = true\n[commit]\n\tgpgsign = true\n[gpg]\n\tprogram = false\n"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    remote = bare_repo(tmp_path / "remote.git")
    a, b = tmp_path / "laptop", tmp_path / "desk"
    seeded(a, clock)
    ok(a, clock, "sync", "init", str(remote), "--name", "laptop")
    ok(b, clock, "sync", "init", str(remote), "--name", "desk")
    with session(b, clock) as s:
        s.add_contact(name="Barbara Liskov")
    with session(a, clock) as s:
        s.add_contact(name="Edsger Dijkstra")
    ok(a, clock, "sync")
    ok(b, clock, "sync")  # its commit goes after the laptop's: a rebase
    ok(a, clock, "sync")
    assert load(a) == load(b)
    assert {c.name for c in load(a).contacts} >= {"Barbara Liskov", "Edsger Dijkstra"}


def test_no_git_command_of_habitnets_lets_ssh_ask_on_the_terminal(
    pair: tuple[Path, Path, Path, dict[str, str]],
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An ssh remote whose key wants a passphrase (or whose host key is new) must fail
    at once, never wait on the terminal: the quick "nothing to do" check of ``habitnet
    sync`` runs ssh in batch mode, as the full sync does."""
    from habitnet.sync import quick

    _remote, a, _b, _ids = pair
    ok(a, clock, "sync")  # leaves the record the quick check compares with
    calls = tmp_path / "ssh-calls"
    fake = tmp_path / "bin" / "ssh"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexit 255\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    monkeypatch.delenv("GIT_SSH_COMMAND", raising=False)
    monkeypatch.delenv("GIT_SSH", raising=False)
    git("remote", "set-url", "origin", "ssh://git@example.invalid/me/sync.git", cwd=a / "sync")
    assert quick.idle(a) is False  # the fetch failed: the full command says why
    r = cli(a, clock, "sync")
    assert r.code == 2 and "cannot reach" in r.err
    lines = calls.read_text().splitlines()
    assert len(lines) == 2  # the quick check's fetch, then the full sync's
    assert all("BatchMode=yes" in line for line in lines), lines
