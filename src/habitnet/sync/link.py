"""A session's link to the sync folder: logging its changes, merging everyone's.

The :class:`~habitnet.session.Session` calls a :class:`Link` at four points, and only
when the data folder has a ``sync/`` folder (:func:`open_link` returns None otherwise):

- on opening, :meth:`Link.catch_up` merges what other devices wrote since
  ``habitnet.json`` was saved (with nothing new: a few ``stat`` calls);
- when it serialises the state to save it, :meth:`Link.flush` appends the changes made
  since to this device's log (durably, before the data file is written) and shows them
  as the merge does;
- after the save, :meth:`Link.saved` records what the file holds (the stamp), this
  device's ``device.json``, and now and then the replica cache and a snapshot;
- when the data file changed on disk, :meth:`Link.outside_change` takes the logs'
  version (the file is a cache of them).

The app also calls :meth:`Link.poll` every few seconds: new files from other devices
are read off the UI thread and merged under the session's lock.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import ops
from ..clock import Clock
from ..models import Meta, State
from ..store.paths import DATA_FILE
from . import enabled, local, logfile, sync_dir
from .folder import Incoming, Signature, SyncFolder
from .hlc import HybridClock
from .replica import Key, Replica, Vector
from .view import KIND_ORDER, SETTINGS_GROUPS, View, ViewInfo, materialize

if TYPE_CHECKING:
    from ..session import Session

#: Own operations after the last snapshot that start a new one (compaction).
COMPACT_OPS = 5000
#: Operations merged since the replica cache was written that make it worth rewriting.
CACHE_LAG = 256


@dataclass
class Merged:
    """What a merge brought: operations per device name, and what to tell the user."""

    ops: dict[str, int] = field(default_factory=dict)
    message: str | None = None

    @property
    def count(self) -> int:
        return sum(self.ops.values())

    def describe(self) -> str:
        if self.message:
            return self.message
        if not self.ops:
            return "Merged the changes found in the sync folder."
        parts = [f"{n} from {name}" for name, n in sorted(self.ops.items())]
        total = self.count
        return f"Merged {total} change{'' if total == 1 else 's'} ({', '.join(parts)})."


def _lag(newer: Vector, older: Vector) -> int:
    return sum(max(0, seq - older.get(dev, 0)) for dev, seq in newer.items())


def covers(a: Vector, b: Vector) -> bool:
    """Whether ``a`` holds every operation ``b`` names."""
    return all(a.get(dev, 0) >= seq for dev, seq in b.items())


def file_sig(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


class Link:
    def __init__(self, data_dir: Path, clock: Clock, *, read_only: bool) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.read_only = read_only
        self.folder = SyncFolder(sync_dir(data_dir))
        self.identity = local.load_identity(data_dir)
        self.stamp = local.load_stamp(data_dir) or local.Stamp()
        if self.identity is None or self.stamp.device != self.identity.id:
            self.stamp = local.Stamp()  # a stamp of another identity says nothing
        self.hlc = HybridClock(self.identity.id if self.identity else "", clock)
        self._replica: Replica | None = None
        self._view: View | None = None
        #: records changed in the replica and not shown in the session's state yet
        self._unshown: set[Key] = set()
        #: a snapshot was merged (the replica cache is then worth writing at once)
        self._merged_snapshot = False
        #: the session version up to which its changes are logged
        self.logged_version = 0
        self._seq: int | None = None
        self._repaired = False
        #: the change files as merged into the session's state
        self.files_seen: Signature = dict(self.stamp.files)
        #: the operations the session's state holds
        self.state_vector: Vector = dict(self.stamp.vector)
        #: what the last serialised state held (written to the stamp after the save)
        self._serialized: tuple[Vector, Signature, dict[str, Any]] | None = None
        #: what the last read of the files found (for status and doctor)
        self.last_read: Incoming | None = None
        self.device_names: dict[str, str] = {}

    # -- names ---------------------------------------------------------------------------

    @property
    def device_id(self) -> str | None:
        return self.identity.id if self.identity else None

    @property
    def device_name(self) -> str | None:
        return self.identity.name if self.identity else None

    def _names(self) -> dict[str, str]:
        if not self.device_names:
            for dev, doc in self.folder.devices_info().items():
                self.device_names[dev] = str(doc.get("name") or dev)
        return self.device_names

    def name_of(self, dev: str) -> str:
        if self.identity is not None and dev == self.identity.id:
            return self.identity.name
        return self._names().get(dev, dev)

    # -- the replica ---------------------------------------------------------------------

    def _load_cache(self) -> Replica:
        path = local.local_dir(self.data_dir) / local.REPLICA_FILE
        try:
            found = Replica.from_bytes(path.read_bytes())
        except OSError:
            found = None
        if found is None or not covers(self.stamp.vector, found.vector):
            return Replica()  # none, broken, or ahead of the data file: start over
        return found

    def _take(self, replica: Replica, got: Incoming) -> tuple[set[Key], dict[str, int]]:
        """Merge what was read into ``replica``: snapshots, then each device's operations
        in sequence order (a missing one stops that device until it arrives)."""
        touched: set[Key] = set()
        counts: dict[str, int] = {}
        for _f, snap in got.snapshots:
            self._merged_snapshot = True
            before = dict(replica.vector)
            touched |= replica.merge(snap)
            for dev, seq in replica.vector.items():
                n = seq - before.get(dev, 0)
                if n > 0:
                    counts[dev] = counts.get(dev, 0) + n
            if snap.hlc:
                self.hlc.observe(snap.hlc)
        for dev in sorted(got.lines):
            lines = got.lines[dev]
            seq = replica.vector.get(dev, 0) + 1
            while seq in lines:
                obj = lines[seq]
                hlc = str(obj["hlc"])
                key = replica.apply(dev, seq, hlc, obj["op"], obj.get("seen"))
                if key is not None:
                    touched.add(key)
                counts[dev] = counts.get(dev, 0) + 1
                self.hlc.observe(hlc)
                seq += 1
        self.last_read = got
        return touched, counts

    def replica(self) -> Replica:
        """The replica, loaded and brought up to date with the files the first time (the
        records that changed since the data file was saved wait in ``_unshown`` for
        :meth:`_show`)."""
        if self._replica is not None:
            return self._replica
        replica = self._load_cache()
        files = self.folder.listing()
        touched, _counts = self._take(replica, self.folder.read(files, replica.vector))
        if replica.hlc:
            self.hlc.observe(replica.hlc)
        self._replica = replica
        self._view = View(replica, ViewInfo.from_json(self.stamp.view))
        self.files_seen = SyncFolder.signature(files)
        self._unshown |= touched
        return replica

    def _show(self, session: Session, touched: set[Key] | None = None) -> bool:
        """Refresh the session's state for the records changed in the replica (with the
        session's lock held). True when it changed."""
        replica = self.replica()
        keys = self._unshown | (touched or set())
        self._unshown = set()
        changed = self.view.refresh(session.state, keys) if keys else False
        self.state_vector = dict(replica.vector)
        return changed

    @property
    def view(self) -> View:
        if self._view is None:
            self.replica()
        assert self._view is not None
        return self._view

    # -- opening -------------------------------------------------------------------------

    def _data_file_is_stamped(self) -> bool:
        return (
            self.stamp.file is not None and file_sig(self.data_dir / DATA_FILE) == self.stamp.file
        )

    def catch_up(self, session: Session) -> Merged | None:
        """Merge what other devices wrote since the data file was saved. Called once,
        as the session opens (nothing else sees it yet)."""
        if self.identity is None and not self.read_only:
            self.identity = local.make_identity(self.data_dir, None, self.clock.now())
            self.hlc = HybridClock(self.identity.id, self.clock, self.hlc.last)
        if session.device_name is None:
            session.device_name = self.device_name
        if self._data_file_is_stamped():
            files = self.folder.listing()
            if SyncFolder.signature(files) == self.files_seen:
                return None  # nothing new: the fast path
            replica = self.replica()
            counts = self._counts_since(replica)
            if self._show(session):
                session.version += 1
            return Merged({self.name_of(d): n for d, n in counts.items()}) if counts else None
        return self._rebuild(session)

    def _counts_since(self, replica: Replica) -> dict[str, int]:
        me = self.device_id
        return {
            dev: seq - self.state_vector.get(dev, 0)
            for dev, seq in replica.vector.items()
            if dev != me and seq > self.state_vector.get(dev, 0)
        }

    def known_caches(self) -> set[str]:
        """Hashes of the data files devices last wrote (their caches)."""
        found = set()
        for doc in self.folder.devices_info().values():
            h = doc.get("cache")
            if isinstance(h, str):
                found.add(h)
        return found

    def _rebuild(self, session: Session) -> Merged | None:
        """The data file is not the one the stamp names (or there is none): build the
        state from the logs; what only the file held is added as this device's."""
        replica = self.replica()
        state, info = materialize(replica)
        self._view = View(replica, info)
        self._unshown = set()
        path = self.data_dir / DATA_FILE
        loaded = session.state
        message = None
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        session.state = state
        session.version += 1
        self.state_vector = dict(replica.vector)
        if state.contacts or state.activities or state.journal or state.checkins:
            session.is_new = False
        if data is not None and hashlib.sha256(data).hexdigest() not in self.known_caches():
            own = self.unknown_records(loaded, replica)
            if own:
                own = session.record_sync_changes(
                    "Removed records found only in the data file", own
                )
            copy = None
            if not self.read_only and _differs(loaded, session.state):
                copy = session.store.write_conflict_copy(data)
            message = _outside_message(path.name, len(own), copy)
        return Merged(message=message) if message else None

    def unknown_records(self, loaded: State, replica: Replica) -> list[ops.Op]:
        """Puts of the records of ``loaded`` whose keys the logs never saw."""
        out: list[ops.Op] = []
        for name in ops.LISTS:
            for r in getattr(loaded, name):
                if replica.entry((name, ops.key_of(name, r))) is None:
                    out.append(ops.Put(name, r))
        # contacts first, so records naming them apply after them
        return out

    # -- logging this device's changes -----------------------------------------------------

    def _writer_ready(self) -> str:
        """This device's id, its folder made and its next sequence number known."""
        if self.identity is None:
            self.identity = local.make_identity(self.data_dir, None, self.clock.now())
            self.hlc = HybridClock(self.identity.id, self.clock, self.hlc.last)
        dev = self.identity.id
        replica = self.replica()
        if not self._repaired:
            self.folder.repair_tail(dev)
            self._repaired = True
        if self._seq is None:
            top = self.last_read.top.get(dev, 0) if self.last_read else 0
            self._seq = max(top, replica.vector.get(dev, 0))
        return dev

    def translate(self, op: ops.Op, state: State, replica: Replica) -> list[dict[str, Any]]:
        """The logged form of a session operation (see docs/SYNC.md)."""
        if op.collection == "kinds" and not any(True for _ in replica.collection("kinds")):
            # the kinds so far were the defaults, never logged: log them all first
            keys = [ops.key_of("kinds", k) for k in state.settings.activity_kinds]
            first = [
                {"op": "put", "collection": "kinds", "record": k.model_dump(mode="json")}
                for k in state.settings.activity_kinds
            ]
            order = {
                "op": "patch",
                "collection": "settings",
                "key": "",
                "fields": {KIND_ORDER: keys},
            }
            return [*first, order, *self._plain(op)]
        if isinstance(op, ops.Patch) and op.collection == "settings":
            fields = dict(op.fields)
            out: list[dict[str, Any]] = []
            kinds = fields.pop("activity_kinds", None)
            if kinds is not None:
                keys = [str(k["name"]).strip().lower() for k in kinds]
                out += [{"op": "put", "collection": "kinds", "record": k} for k in kinds]
                for key, entry in replica.collection("kinds"):
                    if entry.live and key not in keys:
                        out.append({"op": "delete", "collection": "kinds", "key": key})
                fields[KIND_ORDER] = keys
            for group in SETTINGS_GROUPS:
                if any(name in fields for name in group):
                    for name in group:
                        fields.setdefault(name, getattr(state.settings, name))
            if fields:
                out.insert(
                    0, {"op": "patch", "collection": "settings", "key": "", "fields": fields}
                )
            return out
        return self._plain(op)

    @staticmethod
    def _plain(op: ops.Op) -> list[dict[str, Any]]:
        out = ops.to_json(op)
        out.pop("before", None)
        out.pop("at", None)
        return [out]

    def append_ops(self, logged: list[dict[str, Any]]) -> set[Key]:
        """Append operations (in their logged form) to this device's log, durably, and
        merge them into the replica. Returns the records they changed."""
        dev = self._writer_ready()
        replica = self.replica()
        assert self._seq is not None
        first = self._seq + 1
        lines: list[bytes] = []
        touched: set[Key] = set()
        for op in logged:
            self._seq += 1
            hlc = self.hlc.now()
            obj: dict[str, Any] = {"seq": self._seq, "dev": dev, "hlc": hlc, "op": op}
            seen = None
            if op["op"] == "delete":
                seen = dict(replica.vector)
                obj["seen"] = seen
            lines.append(logfile.encode_line(obj))
            key = replica.apply(dev, self._seq, hlc, op, seen)
            if key is not None:
                touched.add(key)
        if lines:
            path = self.folder.append(dev, first, b"".join(lines))
            st = os.stat(path)
            self.files_seen[f"{logfile.DEVICES}/{dev}/{path.name}"] = [st.st_size, st.st_mtime_ns]
        return touched

    def flush(self, session: Session) -> None:
        """Log the session's changes not logged yet and show them as the merge does.
        Called with the session's lock held, just before it serialises the state."""
        if self.read_only:
            return
        pending = session.pending_since(self.logged_version)
        if pending:
            replica = self.replica()
            logged = [out for op in pending for out in self.translate(op, session.state, replica)]
            if replica.entry(("meta", "")) is None and session.state.meta != Meta():
                # a device that started without synced data: when its data was started
                meta = session.state.meta.model_dump(mode="json")
                logged.insert(0, {"op": "put", "collection": "meta", "record": meta})
            self._show(session, self.append_ops(logged))
        elif self._unshown:
            self._show(session)
        self.logged_version = session.version
        info = self._view.info.to_json() if self._view is not None else self.stamp.view
        self._serialized = (dict(self.state_vector), dict(self.files_seen), info)

    # -- after a save --------------------------------------------------------------------

    def saved(self, data: bytes) -> None:
        """The data file now holds what :meth:`flush` last serialised: stamp it, and
        write this device's device.json (and, now and then, caches and a snapshot)."""
        if self.read_only or self._serialized is None or self.identity is None:
            return
        vector, files, info = self._serialized
        cache = self.stamp.replica
        self.stamp = local.Stamp(
            self.identity.id,
            file_sig(self.data_dir / DATA_FILE),
            vector,
            files,
            info,
            cache,
        )
        dev = self.identity.id
        replica = self._replica
        if (
            replica is not None
            and replica.vector == vector
            and (_lag(vector, cache) >= CACHE_LAG or self._merged_snapshot)
        ):
            self.write_cache()
            self._merged_snapshot = False
        own = f"{logfile.DEVICES}/{dev}/"
        copies = [
            rel
            for rel in files
            if rel.startswith(own) and logfile.is_conflict_copy(rel[len(own) :])
        ]
        if copies and replica is not None and replica.vector == vector:
            # copies of this device's own files a sync tool made: merged, so removed
            self.folder.remove_own_copies(dev)
            for rel in copies:
                self.files_seen.pop(rel, None)
                self.stamp.files.pop(rel, None)
        local.save_stamp(self.data_dir, self.stamp)
        self._write_device(hashlib.sha256(data).hexdigest(), vector)
        if replica is not None and self._seq is not None:
            snaps = self.folder.snapshots_of(dev)
            last = snaps[-1][0] if snaps else 0
            if self._seq - last >= COMPACT_OPS and replica.vector.get(dev, 0) == self._seq:
                self.compact()
                self.stamp.files = dict(self.files_seen)
                local.save_stamp(self.data_dir, self.stamp)

    def write_device(self, cache: str | None, seen: Vector | None = None) -> None:
        """This device's device.json (``cache``: the hash of the data file it wrote)."""
        self._write_device(cache, self.state_vector if seen is None else seen)

    def _write_device(self, cache: str | None, seen: Vector) -> None:
        assert self.identity is not None
        last = self._replica.hlc if self._replica is not None else None
        doc = {
            "id": self.identity.id,
            "name": self.identity.name,
            "created": self.identity.created,
            "seq": self._seq
            if self._seq is not None
            else self.stamp.vector.get(self.identity.id, 0),
            "written": datetime.now(UTC).isoformat(timespec="seconds"),
            "clock": last,
            "seen": seen,
            "cache": cache,
        }
        self.folder.write_device(self.identity.id, doc)

    def write_cache(self) -> None:
        """Rewrite the local replica cache (when it matches the data file's vector)."""
        if self._replica is None or self.identity is None:
            return
        if self._replica.vector != self.stamp.vector:
            return
        path = local.local_dir(self.data_dir) / local.REPLICA_FILE
        local.write_file(path, self._replica.to_bytes(self.identity.id))
        self.stamp.replica = dict(self._replica.vector)
        local.save_stamp(self.data_dir, self.stamp)

    def compact(self) -> Path:
        """Write this device's snapshot (the whole replica, up to its newest operation)
        and remove the segments and older snapshot it replaces."""
        dev = self._writer_ready()
        replica = self.replica()
        assert self._seq is not None
        path = self.folder.write_snapshot(dev, self._seq, replica.to_bytes(dev))
        own = f"{logfile.DEVICES}/{dev}/"
        seen = {rel: sig for rel, sig in self.files_seen.items() if not rel.startswith(own)}
        mine = [f for f in self.folder.listing() if f.device_dir == dev]
        seen.update(SyncFolder.signature(mine))
        self.files_seen = seen
        return path

    # -- outside changes and polling ------------------------------------------------------

    def outside_change(self, session: Session) -> Merged | None:
        """The data file changed on disk since this session read or wrote it. Another
        device's cache (a synced data folder) is simply replaced; anything else is kept
        as a conflict copy, with the records only it held added as this device's."""
        path = self.data_dir / DATA_FILE
        outside = session.store.load()  # raises StoreError when it cannot be read
        data = path.read_bytes()
        message = None
        if hashlib.sha256(data).hexdigest() not in self.known_caches():
            own = self.unknown_records(outside, self.replica())
            if own:
                own = session.record_sync_changes(
                    "Removed records found only in the data file", own
                )
            copy = None
            if _differs(outside, session.state):
                copy = session.store.write_conflict_copy(data)
            message = _outside_message(path.name, len(own), copy)
        merged = self.poll(session)
        if message is None and merged is not None:
            message = merged.describe()
        return Merged(message=message) if message else None

    def poll(self, session: Session) -> Merged | None:
        """Merge new files from other devices into the session's state (any thread)."""
        files = self.folder.listing()
        signature = SyncFolder.signature(files)
        if signature == self.files_seen:
            return None
        with session.lock:
            before = dict(self.state_vector)
            replica = self.replica()
        got = self.folder.read(files, dict(replica.vector))
        with session.lock:
            self.flush(session)  # this device's changes are logged before others' merge
            touched, _counts = self._take(replica, got)
            changed = self._show(session, touched)
            self.files_seen = signature
            me = self.device_id
            counts = {
                dev: seq - before.get(dev, 0)
                for dev, seq in replica.vector.items()
                if dev != me and seq > before.get(dev, 0)
            }
            if changed or counts:
                session.note_merged()
        if not (changed or counts):
            return None
        return Merged({self.name_of(d): n for d, n in counts.items()})

    def close(self) -> None:
        if self.read_only or self._replica is None:
            return
        if _lag(self._replica.vector, self.stamp.replica) >= CACHE_LAG:
            self.write_cache()


def _outside_message(name: str, added: int, copy: Path | None) -> str | None:
    """What to say about a data file changed outside habitnet while the folder syncs."""
    if not added and copy is None:
        return None
    text = f"{name} was changed outside habitnet; with sync on, the change logs are the truth."
    if added:
        were = "record only it held was" if added == 1 else "records only it held were"
        text += f" {added} {were} added."
    if copy is not None:
        text += f" It is kept as {copy.name} for you to compare."
    return text


def _differs(a: State, b: State) -> bool:
    """Whether two states hold other records (list order aside)."""
    if a.settings != b.settings:
        return True
    for name in ops.LISTS:
        ka = {ops.key_of(name, r): r for r in getattr(a, name)}
        kb = {ops.key_of(name, r): r for r in getattr(b, name)}
        if ka != kb:
            return True
    return False


def open_link(data_dir: Path, clock: Clock, *, read_only: bool) -> Link | None:
    """The link of a data folder that syncs; None for one that does not."""
    if not enabled(data_dir):
        return None
    return Link(data_dir, clock, read_only=read_only)


__all__ = ["Link", "Merged", "enabled", "open_link", "sync_dir"]
