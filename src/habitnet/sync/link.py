"""A session's link to the sync folder: logging its changes, merging everyone's.

The :class:`~habitnet.session.Session` calls a :class:`Link` at four points, and only
when the data folder has a ``sync/`` folder (a folder that does not sync costs a stat):

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
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import ops, sidecar
from ..clock import Clock
from ..models import SCHEMA_VERSION, Meta, State
from ..store import StoreError, parse_state
from ..store.paths import DATA_FILE
from . import enabled, local, logfile, sync_dir
from .folder import Incoming, Signature, SyncFolder, data_file_copies
from .hlc import HybridClock
from .quick import file_sig

if TYPE_CHECKING:
    from ..session import Session
    from .replica import Key, Replica, Vector
    from .view import View

# The replica and the view are imported when first needed: opening a folder with
# nothing new to merge (the common case) needs neither.

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
        #: conflict copies of the data file already merged (name, size)
        self._copies_done: set[tuple[str, int]] = set()
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
        from .replica import Replica

        path = local.local_dir(self.data_dir) / local.REPLICA_FILE
        try:
            found = Replica.from_bytes(path.read_bytes(), verify=False)
        except OSError:
            found = None
        if found is None or not covers(self.stamp.vector, found.vector):
            return Replica()  # none, broken, or ahead of the data file: start over
        return found

    def _take(
        self, replica: Replica, got: Incoming, shown: Vector | None = None
    ) -> tuple[set[Key], dict[str, int]]:
        """Merge what was read into ``replica``: snapshots, then each device's operations
        in sequence order (a missing one stops that device until it arrives). Returns the
        records changed — leaving out what ``shown`` (the operations the session's state
        holds already) covers — and the operations merged per device."""
        shown = shown or {}
        touched: set[Key] = set()
        counts: dict[str, int] = {}
        for _f, snap in got.snapshots:
            self._merged_snapshot = True
            before = dict(replica.vector)
            changed = replica.merge(snap)
            if not covers(shown, snap.vector):
                touched |= changed
            for dev, seq in replica.vector.items():
                n = seq - before.get(dev, 0)
                if n > 0:
                    counts[dev] = counts.get(dev, 0) + n
            if snap.hlc:
                self.hlc.observe(snap.hlc)
        for dev in sorted(got.lines):
            lines = got.lines[dev]
            seq = replica.vector.get(dev, 0) + 1
            old = shown.get(dev, 0)
            while seq in lines:
                obj = lines[seq]
                hlc = str(obj["hlc"])
                key = replica.apply(dev, seq, hlc, obj["op"], obj.get("seen"))
                if key is not None and seq > old:
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
        got = self.folder.read(files, replica.vector)
        touched, _counts = self._take(replica, got, self.state_vector)
        if replica.hlc:
            self.hlc.observe(replica.hlc)
        from .view import View, ViewInfo

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
        """Whether the data file is the one the stamp names: the same identity, or (a
        file touched, or copied back) the same content."""
        stamp = self.stamp
        if stamp.file is None:
            return False
        path = self.data_dir / DATA_FILE
        sig = file_sig(path)
        if sig == stamp.file:
            return True
        if sig is None or stamp.sha256 is None or sig[1] != stamp.file[1]:
            return False
        try:
            same = hashlib.sha256(path.read_bytes()).hexdigest() == stamp.sha256
        except OSError:
            return False
        if same:
            stamp.file = sig
        return same

    def catch_up(self, session: Session) -> Merged | None:
        """Merge what other devices wrote since the data file was saved. Called once,
        as the session opens (nothing else sees it yet)."""
        if self.identity is None and not self.read_only:
            self.identity = local.make_identity(self.data_dir, None, self.clock.now())
            self.hlc = HybridClock(self.identity.id, self.clock, self.hlc.last)
        if session.device_name is None:
            session.device_name = self.device_name
        if self._data_file_is_stamped():
            merged = None
            files = self.folder.listing()
            if SyncFolder.signature(files) != self.files_seen:
                replica = self.replica()
                counts = self._counts_since(replica)
                if self._show(session):
                    session.version += 1
                if counts:
                    merged = Merged({self.name_of(d): n for d, n in counts.items()})
        else:
            merged = self._rebuild(session)
        return _join(merged, self.data_file_copies(session))

    def data_file_copies(self, session: Session) -> Merged | None:
        """Conflict copies a sync tool made of ``habitnet.json`` (when the whole data
        folder is shared): one that is a device's cache is removed; records only another
        holds are added as this device's, and it is left for the user to compare (doctor
        lists it). A copy of the glance file is a cache: removed."""
        notes: list[str] = []
        for path in data_file_copies(self.data_dir):
            if path.name.startswith(sidecar.GLANCE_FILE.removesuffix(".json")):
                if not self.read_only:
                    path.unlink(missing_ok=True)
                continue
            try:
                data = path.read_bytes()
                state, _version = parse_state(data, path)
            except (OSError, ValueError, StoreError):
                continue  # half-delivered, or not ours: doctor names it
            if hashlib.sha256(data).hexdigest() in self.known_caches():
                if not self.read_only:
                    path.unlink(missing_ok=True)
                continue
            key = (path.name, len(data))
            if key in self._copies_done:
                continue
            self._copies_done.add(key)
            own = self.unknown_records(state, self.replica())
            if own:
                own = session.record_sync_changes("Removed records found in a conflict copy", own)
            if own:
                notes.append(
                    f"{path.name} (a sync tool's conflict copy of {DATA_FILE}): "
                    f"{len(own)} record(s) only it held were added; compare it, then delete it."
                )
        return Merged(message=" ".join(notes)) if notes else None

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
        from .view import View, materialize

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
        from .view import KIND_ORDER, SETTINGS_GROUPS

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
            obj: dict[str, Any] = {
                "seq": self._seq,
                "dev": dev,
                "hlc": hlc,
                "v": SCHEMA_VERSION,  # the schema its record is in (for later migrations)
                "op": op,
            }
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

    def saved(self, session: Session, data: bytes) -> None:
        """The data file now holds what :meth:`flush` last serialised: stamp it, and
        write this device's device.json (and, now and then, the replica cache and a
        snapshot). The replica is read under the session's lock (the app's poll may be
        merging); files are written outside it."""
        if self.read_only or self._serialized is None or self.identity is None:
            return
        digest = hashlib.sha256(data).hexdigest()
        dev = self.identity.id
        with session.lock:
            vector, files, info = self._serialized
            cache = self.stamp.replica
            self.stamp = local.Stamp(
                dev, file_sig(self.data_dir / DATA_FILE), vector, files, info, cache, digest
            )
            replica = self._replica
            current = replica is not None and replica.vector == vector
            snaps = self.folder.snapshots_of(dev)
            last = snaps[-1][0] if snaps else 0
            seq = self._seq
            compact = current and seq is not None and seq - last >= COMPACT_OPS
            write_cache = current and (_lag(vector, cache) >= CACHE_LAG or self._merged_snapshot)
            image = (
                replica.to_bytes(dev, SCHEMA_VERSION)
                if replica is not None and (compact or write_cache)
                else None
            )
            own = f"{logfile.DEVICES}/{dev}/"
            copies = [
                rel
                for rel in files
                if current and rel.startswith(own) and logfile.is_conflict_copy(rel[len(own) :])
            ]
            for rel in copies:
                self.files_seen.pop(rel, None)
                self.stamp.files.pop(rel, None)
        if copies:
            # copies of this device's own files a sync tool made: merged, so removed
            self.folder.remove_own_copies(dev)
        if write_cache and image is not None:
            local.write_file(local.local_dir(self.data_dir) / local.REPLICA_FILE, image)
            self.stamp.replica = dict(vector)
            self._merged_snapshot = False
        local.save_stamp(self.data_dir, self.stamp)
        self._write_device(digest, vector)
        if compact and image is not None and seq is not None:
            self.folder.write_snapshot(dev, seq, image)
            with session.lock:
                self._own_files_changed(dev)
                self.stamp.files = dict(self.files_seen)
            local.save_stamp(self.data_dir, self.stamp)

    def _own_files_changed(self, dev: str) -> None:
        """This device's files changed on disk by its own hand (a snapshot written, its
        segments removed): the listing it has merged says so."""
        own = f"{logfile.DEVICES}/{dev}/"
        seen = {rel: sig for rel, sig in self.files_seen.items() if not rel.startswith(own)}
        mine = [f for f in self.folder.listing() if f.device_dir == dev]
        seen.update(SyncFolder.signature(mine))
        self.files_seen = seen

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
            "written": self.clock.now().astimezone(UTC).isoformat(timespec="seconds"),
            "clock": last,
            "seen": seen,
            "cache": cache,
        }
        self.folder.write_device(self.identity.id, doc)

    def compact(self) -> Path:
        """Write this device's snapshot (the whole replica, up to its newest operation)
        and remove the segments and older snapshot it replaces (``habitnet sync forget``;
        a save compacts by itself past :data:`COMPACT_OPS`)."""
        dev = self._writer_ready()
        replica = self.replica()
        assert self._seq is not None
        path = self.folder.write_snapshot(dev, self._seq, replica.to_bytes(dev, SCHEMA_VERSION))
        self._own_files_changed(dev)
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
        copies = self.data_file_copies(session) if data_file_copies(self.data_dir) else None
        files = self.folder.listing()
        signature = SyncFolder.signature(files)
        with session.lock:
            if signature == self.files_seen:
                if self._replica is not None or self.read_only:
                    return copies
                # nothing new, and the replica not loaded yet: load it now, in this
                # worker, so that the first merge costs what later ones do
                self.replica()
                if not self._unshown:
                    return copies
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
            return copies
        return _join(Merged({self.name_of(d): n for d, n in counts.items()}), copies)

    def close(self) -> None:
        """Rewrite the replica cache when it lags far behind what the data file holds."""
        replica = self._replica
        if self.read_only or replica is None or self.identity is None:
            return
        if (
            replica.vector == self.stamp.vector
            and _lag(replica.vector, self.stamp.replica) >= CACHE_LAG
        ):
            path = local.local_dir(self.data_dir) / local.REPLICA_FILE
            local.write_file(path, replica.to_bytes(self.identity.id, SCHEMA_VERSION))
            self.stamp.replica = dict(replica.vector)
            local.save_stamp(self.data_dir, self.stamp)


def _join(a: Merged | None, b: Merged | None) -> Merged | None:
    if a is None or b is None:
        return a or b
    return Merged(dict(a.ops), f"{a.describe()} {b.describe()}")


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


__all__ = ["Link", "Merged", "enabled", "sync_dir"]
