"""What ``habitnet sync …`` does: init, a sync run, status, doctor's checks, forget.

Each function returns the lines to print and raises :class:`SyncError` (one line: what
happened and what to do) when it cannot do its job. Nothing here prints.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..clock import Clock
from ..models import SCHEMA_VERSION
from ..store import LockedError, Store, StoreError
from ..store.files import make_private_dir
from ..store.paths import DATA_FILE
from . import enabled, git, local, logfile, quick, sync_dir
from .folder import FileInfo, SyncFolder, data_file_copies
from .git import GitError
from .hlc import wall_ms
from .link import Link
from .migrate import base_replica, join_ops
from .quick import file_sig
from .view import ViewInfo

if TYPE_CHECKING:
    from ..session import Session

#: A device whose newest clock is this far ahead of this machine's is named.
SKEW_WARN_MS = 5 * 60 * 1000


class SyncError(Exception):
    """A sync command failed; the text says what to do."""


@dataclass
class RunReport:
    lines: list[str] = field(default_factory=list)


def _now_stamp(clock: Clock) -> str:
    return clock.now().strftime("%Y%m%dT%H%M%S")


def _open_session(data_dir: Path, clock: Clock) -> Session:
    from ..session import Session

    return Session.open(data_dir, clock)


# -- init ------------------------------------------------------------------------------------


def init(
    data_dir: Path,
    clock: Clock,
    *,
    remote: str | None = None,
    folder: Path | None = None,
    name: str | None = None,
) -> list[str]:
    """Make the data folder sync: through git (``remote``), through a folder a sync
    tool shares (``folder``: ``sync/`` becomes a link to it), or in place (the data
    folder itself is in a synced folder). The data there becomes this device's first
    operations; the original file is kept in ``backups/``."""
    out: list[str] = []
    sdir = sync_dir(data_dir)
    make_private_dir(data_dir)
    store = Store(data_dir, clock)
    try:
        store.lock()
    except LockedError as exc:
        raise SyncError(f"{exc} Close it, then run habitnet sync init again.") from None
    except StoreError as exc:
        raise SyncError(str(exc)) from None
    try:
        if folder is not None:
            _link_folder(sdir, folder)
            out.append(f"sync/ is {folder} (a link): share that folder with your sync tool.")
        if remote is not None:
            fresh = not sdir.exists()
            try:
                git.init(sdir, remote)
            except GitError as exc:
                if fresh:
                    shutil.rmtree(sdir, ignore_errors=True)  # as it was before
                raise SyncError(str(exc)) from None
        make_private_dir(sdir / logfile.DEVICES)
        ident = local.load_identity(data_dir)
        if ident is None:
            ident = local.make_identity(data_dir, name, clock.now())
        elif name and name != ident.name:
            ident.name = name
            local.save_identity(data_dir, ident)
        if git.is_repo(sdir):
            git.configure(sdir, ident.name, ident.id)  # commits need no identity of the user's
        link = Link(data_dir, clock, read_only=False)
        replica = link.replica()
        mine = SyncFolder(sdir).own_dir(ident.id)
        data = store.path.read_bytes() if store.path.is_file() else None
        if data is not None and not mine.exists():
            try:
                state = store.load()
            except StoreError as exc:
                raise SyncError(str(exc)) from None
            kept = store.backup_dir / f"pre-sync-{_now_stamp(clock)}.json"
            local.write_file(kept, data)
            if len(replica) == 0:
                base = base_replica(state, ident.id, link.hlc)
                SyncFolder(sdir).write_snapshot(
                    ident.id, 1, base.to_bytes(ident.id, SCHEMA_VERSION)
                )
                out.append(
                    f"Your data is this device's base ({len(state.contacts)} contacts, "
                    f"{len(state.activities)} activities); the original is kept as "
                    f"{kept.relative_to(data_dir)}."
                )
            else:
                added = join_ops(state, replica)
                link.append_ops(added)
                out.append(
                    f"Your data joined the synced data ({len(added)} change(s) added); the "
                    f"original is kept as {kept.relative_to(data_dir)}."
                )
        link = Link(data_dir, clock, read_only=False)
        link.write_device(hashlib.sha256(data).hexdigest() if data is not None else None)
        local.forget_local(data_dir)
    finally:
        store.unlock()
    session = _open_session(data_dir, clock)
    try:
        session.save()
    finally:
        session.close()
    out.insert(0, f"This device is {ident.name!r} ({ident.id}).")
    if remote is not None:
        out += run(data_dir, clock).lines
    else:
        out.append(
            "Done. Other devices: run habitnet sync init on each (see habitnet sync status)."
        )
    return out


def _link_folder(sdir: Path, folder: Path) -> None:
    folder = folder.expanduser().absolute()
    if sdir.is_symlink():
        if Path(os.path.realpath(sdir)) == Path(os.path.realpath(folder)):
            return
        raise SyncError(f"{sdir} already links to {os.readlink(sdir)}")
    if sdir.exists():
        if any(sdir.iterdir()):
            raise SyncError(
                f"{sdir} exists and is not empty; move its contents into {folder}, remove "
                "it, and run habitnet sync init --folder again"
            )
        sdir.rmdir()
    make_private_dir(folder)
    os.symlink(folder, sdir)


# -- a sync run ------------------------------------------------------------------------------


def _needs_merge(data_dir: Path, link: Link) -> bool:
    if data_file_copies(data_dir):
        return True
    if link.stamp.file is None or file_sig(data_dir / DATA_FILE) != link.stamp.file:
        return True
    return SyncFolder.signature(link.folder.listing()) != link.files_seen


def _merge(data_dir: Path, clock: Clock, report: RunReport) -> bool:
    """Merge what the sync folder holds into the data file. False when the app has the
    folder open (it merges by itself within seconds)."""
    from ..session import Session

    try:
        session = Session.open(data_dir, clock)
    except LockedError:
        report.lines.append("The open habitnet app merges the new changes by itself.")
        return False
    except StoreError as exc:
        raise SyncError(str(exc)) from None
    try:
        if session.sync_notice:
            report.lines.append(session.sync_notice)
        try:
            session.save()
        except StoreError as exc:
            raise SyncError(str(exc)) from None
    finally:
        session.close()
    return True


def run(data_dir: Path, clock: Clock) -> RunReport:
    """``habitnet sync``: with git, commit this device's files, fetch, put them after
    the remote's, merge, push; with a synced folder, merge what has arrived."""
    report = RunReport()
    if not enabled(data_dir):
        raise SyncError(
            f"{data_dir} does not sync yet; run habitnet sync init REMOTE (git) or "
            "habitnet sync init --folder DIR (a synced folder)"
        )
    sdir = sync_dir(data_dir)
    link = Link(data_dir, clock, read_only=True)
    if link.identity is None or not git.is_repo(sdir):
        if _needs_merge(data_dir, link) or link.identity is None:
            _merge(data_dir, clock, report)
        if not git.is_repo(sdir):
            report.lines.append("Up to date." if not report.lines else "Merged.")
            return report
        link = Link(data_dir, clock, read_only=True)
    assert link.identity is not None
    me = link.identity
    try:
        if not git.configured(sdir):  # (a repository from before habitnet configured it)
            git.configure(sdir, me.name, me.id)
        committed = git.commit_own(sdir, me.id, f"{me.name}: changes")
        for _try in range(git.PUSH_TRIES):
            git.fetch(sdir)
            git.integrate(sdir)
            if _needs_merge(data_dir, Link(data_dir, clock, read_only=True)) and _merge(
                data_dir, clock, report
            ):
                committed = git.commit_own(sdir, me.id, f"{me.name}: merged") or committed
            if git.ahead(sdir) == 0:
                break
            if git.push(sdir) == "ok":
                report.lines.append("Pushed this device's changes.")
                break
        else:
            raise SyncError(
                "the remote kept changing while habitnet synced; run habitnet sync again"
            )
    except GitError as exc:
        raise SyncError(str(exc)) from None
    local.save_json(data_dir, local.GIT_FILE, quick.git_record(data_dir, me.id))
    if not report.lines:
        report.lines.append("Up to date." if not committed else "Pushed this device's changes.")
    return report


# -- status ----------------------------------------------------------------------------------


@dataclass
class DeviceFacts:
    id: str
    name: str
    top: int = 0  # its highest operation seen in the files
    last_clock: str | None = None
    merged: int = 0  # how many of its operations the data file holds
    seen_of_mine: int | None = None  # how many of this device's it has merged
    copies: int = 0


def _facts(data_dir: Path, clock: Clock) -> tuple[Link, list[FileInfo], dict[str, DeviceFacts]]:
    link = Link(data_dir, clock, read_only=True)
    files = link.folder.listing()
    got = link.folder.read(files, {})
    infos = link.folder.devices_info(files)
    facts: dict[str, DeviceFacts] = {}
    me = link.device_id
    for dev, doc in infos.items():
        f = facts[dev] = DeviceFacts(dev, str(doc.get("name") or dev))
        seen = doc.get("seen")
        if me is not None and isinstance(seen, dict):
            f.seen_of_mine = int(seen.get(me, 0))
    for dev, lines in got.lines.items():
        f = facts.setdefault(dev, DeviceFacts(dev, dev))
        if lines:
            last = lines[max(lines)]
            f.last_clock = str(last.get("hlc"))
    for dev, top in got.top.items():
        facts.setdefault(dev, DeviceFacts(dev, dev)).top = top
    for _f, snap in got.snapshots:
        for dev in snap.vector:
            f = facts.setdefault(dev, DeviceFacts(dev, dev))
            if f.last_clock is None and snap.hlc:
                f.last_clock = snap.hlc
    for fi in files:
        if fi.conflict_copy:
            facts.setdefault(fi.device_dir, DeviceFacts(fi.device_dir, fi.device_dir)).copies += 1
    for dev, f in facts.items():
        f.merged = link.stamp.vector.get(dev, 0) if link.identity else 0
    link.last_read = got
    return link, files, facts


def _ago(ms: int, now_ms: int) -> str:
    s = max(0, (now_ms - ms) // 1000)
    if s < 90:
        return "just now" if s < 10 else f"{s} s ago"
    if s < 90 * 60:
        return f"{s // 60} min ago"
    if s < 36 * 3600:
        return f"{s // 3600} h ago"
    return f"{s // 86400} days ago"


def status(data_dir: Path, clock: Clock) -> list[str]:
    """``habitnet sync status``: the devices, when each last wrote, what is pending."""
    if not enabled(data_dir):
        return [
            f"{data_dir} does not sync. To start: habitnet sync init REMOTE (git), or "
            "habitnet sync init --folder DIR (a Syncthing, Dropbox or Nextcloud folder)."
        ]
    link, _files, facts = _facts(data_dir, clock)
    sdir = sync_dir(data_dir)
    out: list[str] = []
    if git.is_repo(sdir):
        out.append(f"Sync: git, with {git.remote_url(sdir) or '(no remote)'}")
    elif sdir.is_symlink():
        out.append(f"Sync: the folder {os.path.realpath(sdir)} (shared by your sync tool)")
    else:
        out.append(f"Sync: {sdir} (share the data folder or this folder with your sync tool)")
    me = link.device_id
    now_ms = int(clock.now().timestamp() * 1000)
    out.append("Devices:")
    pending: list[str] = []
    for dev in sorted(facts, key=lambda d: (d != me, facts[d].name)):
        f = facts[dev]
        who = f.name + (" (this device)" if dev == me else "")
        when = _ago(wall_ms(f.last_clock), now_ms) if f.last_clock else "nothing yet"
        line = f"  {who:<28} last wrote {when:<14} {f.top} change{'s' if f.top != 1 else ''}"
        if dev != me and f.top > f.merged:
            line += f", {f.top - f.merged} not merged here yet"
            pending.append(f"{f.top - f.merged} change(s) from {f.name} to merge (habitnet sync)")
        if f.copies:
            line += f", {f.copies} conflict cop{'ies' if f.copies != 1 else 'y'} (merged)"
        out.append(line)
        if f.last_clock and wall_ms(f.last_clock) - now_ms > SKEW_WARN_MS:
            ahead_min = (wall_ms(f.last_clock) - now_ms) // 60000
            out.append(
                f"  ! {f.name}'s clock is {ahead_min} min ahead of this machine's: its edits "
                "win ties until the others catch up; set that machine's time"
            )
    if me is not None and me in facts:
        mine = facts[me].top
        for dev, f in facts.items():
            if dev != me and f.seen_of_mine is not None and f.seen_of_mine < mine:
                pending.append(
                    f"{f.name} has not merged {mine - f.seen_of_mine} of this device's changes yet"
                )
    if git.is_repo(sdir) and me is not None:
        dirty = git.run(sdir, "status", "--porcelain", "--", f"{logfile.DEVICES}/{me}", check=False)
        n = git.ahead(sdir)
        if dirty.stdout.strip() or n:
            pending.append("this device's changes are not pushed yet (habitnet sync)")
    got = link.last_read
    if got is not None:
        for dev, lines in got.lines.items():
            missing = _first_gap(lines, link.stamp.vector.get(dev, 0))
            if missing is not None and dev in facts:
                pending.append(f"waiting for {facts[dev].name}'s change {missing} to arrive")
        if got.partial:
            pending.append(f"{len(got.partial)} file(s) still arriving")
    out.append("Pending: " + ("nothing." if not pending else ""))
    out += [f"  - {p}" for p in pending]
    return out


def _first_gap(present: Mapping[int, object], merged: int) -> int | None:
    """The first operation after ``merged`` missing while a later one is here."""
    later = [s for s in present if s > merged]
    if not later:
        return None
    for seq in range(merged + 1, max(later)):
        if seq not in present:
            return seq
    return None


# -- doctor ----------------------------------------------------------------------------------


def doctor(data_dir: Path, clock: Clock) -> list[tuple[str, str]]:
    """Checks of the sync folder, as (``"ok"`` | ``"note"`` | ``"bad"``, text)."""
    if not enabled(data_dir):
        return []
    link, files, facts = _facts(data_dir, clock)
    got = link.last_read
    assert got is not None
    out: list[tuple[str, str]] = []
    n_ops = sum(len(v) for v in got.lines.values())
    out.append(("ok", f"sync: {len(facts)} device(s), {n_ops} logged change(s) read"))
    if link.identity is None:
        out.append(
            ("note", "sync: this device has no identity yet; it gets one the next time it writes")
        )
    for rel, lines in got.damaged:
        out.append(
            (
                "bad",
                f"sync: {rel}: line(s) {', '.join(map(str, lines[:5]))} damaged "
                "(their changes are skipped)",
            )
        )
    for rel in got.partial:
        out.append(("note", f"sync: {rel} is still arriving (its last line is incomplete)"))
    for rel in got.incomplete:
        out.append(("note", f"sync: {rel} is not complete yet (a snapshot still arriving)"))
    for dev, seq in got.clashes:
        name = facts[dev].name if dev in facts else dev
        out.append(
            (
                "bad",
                f"sync: two different changes numbered {seq} from {name}: two devices share one id",
            )
        )
    for fi in files:
        if fi.conflict_copy:
            out.append(
                ("note", f"sync: {fi.rel} is a sync tool's conflict copy; its changes are merged")
            )
    for path in data_file_copies(data_dir):
        out.append(
            (
                "note",
                f"sync: {path.name} is a sync tool's conflict copy of the data file; records "
                "only it held are added when habitnet opens: compare it, then delete it",
            )
        )
    info = ViewInfo.from_json(link.stamp.view)
    for (coll, key), why in sorted(info.problems.items()):
        out.append(
            ("bad", f"sync: a merged record ({coll} {key}) is not valid and is not shown: {why}")
        )
    stamped = link.identity is not None and link.stamp.file is not None
    if stamped and file_sig(data_dir / DATA_FILE) != link.stamp.file:
        out.append(
            (
                "note",
                f"sync: {DATA_FILE} changed since habitnet merged; it is rebuilt from the "
                "logs when opened",
            )
        )
    return out


# -- forget ----------------------------------------------------------------------------------


def forget(data_dir: Path, clock: Clock, who: str) -> list[str]:
    """Remove a retired device's files, after this device's snapshot holds everything
    they held."""
    if not enabled(data_dir):
        raise SyncError(f"{data_dir} does not sync")
    link, _files, facts = _facts(data_dir, clock)
    found = [d for d, f in facts.items() if who in (d, f.name)]
    if not found:
        raise SyncError(f"no device named {who!r}; see habitnet sync status")
    if len(found) > 1:
        raise SyncError(f"{who!r} names {len(found)} devices; use its id (habitnet sync status)")
    dev = found[0]
    if dev == link.device_id:
        raise SyncError("this is this device; run habitnet sync forget on another one")
    if facts[dev].top > facts[dev].merged:
        raise SyncError(
            f"{facts[dev].name} has changes not merged here yet; run habitnet sync first"
        )
    session = _open_session(data_dir, clock)
    try:
        assert session.sync is not None
        session.save()
        session.sync.compact()
    finally:
        session.close()
    sdir = sync_dir(data_dir)
    target = sdir / logfile.DEVICES / dev
    if git.is_repo(sdir):
        git.run(sdir, "rm", "-r", "-q", "--ignore-unmatch", "--", f"{logfile.DEVICES}/{dev}")
        git.run(sdir, "commit", "-q", "--no-verify", "-m", f"forget {facts[dev].name}", check=False)
    shutil.rmtree(target, ignore_errors=True)
    return [f"Forgot {facts[dev].name}: this device's snapshot holds everything it wrote."]
