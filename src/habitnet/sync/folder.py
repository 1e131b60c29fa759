"""Reading every device's files under ``sync/devices/`` and writing this device's own.

Reading never trusts a file's name beyond its kind: every change-log line names its
device and sequence number and checks itself, so segments, their conflict copies and
files a sync tool has delivered half of are all read the same way, and their lines are
merged by ``(device, seq)``. Reading needs the standard library only
(:mod:`habitnet.sync.quick`); writing imports the store's file helpers.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..sidecar import GLANCE_FILE
from . import logfile
from .local import write_file

if TYPE_CHECKING:
    from .replica import Replica, Vector

#: A segment is closed past this size (a sync tool then re-sends a small file).
SEGMENT_BYTES = 256 * 1024

_PREFIX = re.compile(rb'^\{"seq":(\d+),"dev":"([^"\\]+)"')

Signature = dict[str, list[int]]


@dataclass(frozen=True)
class FileInfo:
    rel: str  # relative to sync/: "devices/<id>/<name>"
    path: Path
    device_dir: str  # the folder's name (its owner's id)
    name: str
    kind: str  # "ops" | "snapshot" | "device"
    size: int
    mtime_ns: int

    @property
    def conflict_copy(self) -> bool:
        return logfile.is_conflict_copy(self.name)


@dataclass
class Incoming:
    """What the files hold beyond a version vector."""

    #: per device, per seq: the line's object
    lines: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)
    snapshots: list[tuple[FileInfo, Replica]] = field(default_factory=list)
    #: the highest seq of each device seen in any file (merged or not)
    top: dict[str, int] = field(default_factory=dict)
    #: (file, line numbers) of damaged lines
    damaged: list[tuple[str, list[int]]] = field(default_factory=list)
    #: files whose last line has not fully arrived
    partial: list[str] = field(default_factory=list)
    #: snapshots not complete yet
    incomplete: list[str] = field(default_factory=list)
    #: (device, seq) found with two different contents (two writers under one id)
    clashes: list[tuple[str, int]] = field(default_factory=list)


def parse_ops(
    data: bytes,
    rel: str,
    vector: Vector,
    got: Incoming,
    chosen: dict[tuple[str, int], bytes],
) -> None:
    """Add the operations beyond ``vector`` in a change log's bytes to ``got``.
    ``chosen``: the line taken for each (device, seq) so far, across files (a copy's
    line equal to it is the same operation; a different one is a clash, decided the
    same way on every device: the smaller line)."""
    lines = data.split(b"\n")
    tail = lines.pop()
    if tail.strip():
        got.partial.append(rel)
    bad: list[int] = []
    for n, line in enumerate(lines, 1):
        m = _PREFIX.match(line)
        if m is None:
            if line.strip():
                bad.append(n)
            continue
        seq = int(m.group(1))
        dev = m.group(2).decode("utf-8", "replace")
        if seq <= vector.get(dev, 0):
            # merged already (not checked again: a damaged copy of it changes nothing)
            bad = []
            continue
        obj = logfile.decode_line(line)
        if obj is None:
            bad.append(n)
            continue
        if bad:
            got.damaged.append((rel, bad))
            bad = []
        if seq > got.top.get(dev, 0):
            got.top[dev] = seq
        known = chosen.get((dev, seq))
        if known is not None:
            if known != line:
                got.clashes.append((dev, seq))
                if line < known:
                    chosen[(dev, seq)] = line
                    got.lines[dev][seq] = obj
            continue
        chosen[(dev, seq)] = line
        got.lines.setdefault(dev, {})[seq] = obj
    if bad and not tail.strip() and bad[-1] == len(lines):
        got.partial.append(rel)  # a last line still being written in place
    elif bad:
        got.damaged.append((rel, bad))


class SyncFolder:
    def __init__(self, sync_dir: Path) -> None:
        self.root = sync_dir
        self.devices = sync_dir / logfile.DEVICES

    # -- listing -------------------------------------------------------------------------

    def listing(self) -> list[FileInfo]:
        """Every device file (and copy of one), sorted by path."""
        out: list[FileInfo] = []
        for d in logfile.iter_device_dirs(self.root):
            try:
                with os.scandir(d) as it:
                    entries = list(it)
            except OSError:
                continue
            for e in entries:
                kind = logfile.file_kind(e.name)
                if kind is None:
                    continue
                try:
                    if not e.is_file():
                        continue
                    st = e.stat()
                except OSError:
                    continue
                rel = f"{logfile.DEVICES}/{d.name}/{e.name}"
                out.append(
                    FileInfo(rel, Path(e.path), d.name, e.name, kind, st.st_size, st.st_mtime_ns)
                )
        out.sort(key=lambda f: f.rel)
        return out

    @staticmethod
    def signature(files: Iterable[FileInfo]) -> Signature:
        """What the change files look like (device.json left out: it changes on every
        save, and a change of it alone brings no operation)."""
        return {f.rel: [f.size, f.mtime_ns] for f in files if f.kind != "device"}

    # -- reading -------------------------------------------------------------------------

    def read(self, files: list[FileInfo], vector: Vector) -> Incoming:
        """Every operation beyond ``vector`` in ``files``, and every snapshot that holds
        operations beyond it."""
        got = Incoming()
        chosen: dict[tuple[str, int], bytes] = {}
        for f in files:
            if f.kind == "ops":
                self._read_ops(f, vector, got, chosen)
            elif f.kind == "snapshot":
                self._read_snapshot(f, vector, got)
        return got

    def _read_ops(
        self,
        f: FileInfo,
        vector: Vector,
        got: Incoming,
        chosen: dict[tuple[str, int], bytes],
    ) -> None:
        try:
            data = f.path.read_bytes()
        except OSError:
            return
        parse_ops(data, f.rel, vector, got, chosen)

    def _read_snapshot(self, f: FileInfo, vector: Vector, got: Incoming) -> None:
        try:
            with f.path.open("rb") as fh:
                head = fh.readline()
        except OSError:
            return
        header = logfile.decode_line(head)
        if header is None:
            got.incomplete.append(f.rel)
            return
        wanted = {str(k): int(v) for k, v in dict(header.get("vector") or {}).items()}
        for dev, seq in wanted.items():
            if seq > got.top.get(dev, 0):
                got.top[dev] = seq
        if all(vector.get(dev, 0) >= seq for dev, seq in wanted.items()):
            return  # nothing in it that is not merged already
        from .replica import Replica

        try:
            replica = Replica.from_bytes(f.path.read_bytes())
        except OSError:
            return
        if replica is None:
            got.incomplete.append(f.rel)
            return
        got.snapshots.append((f, replica))

    @staticmethod
    def read_device(path: Path) -> dict[str, Any]:
        """A device.json (or a copy of one); {} when it cannot be read."""
        try:
            doc = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return {}
        return doc if isinstance(doc, dict) else {}

    def devices_info(self, files: list[FileInfo] | None = None) -> dict[str, dict[str, Any]]:
        """Every device folder's device.json (the newest of its copies), by folder name."""
        files = self.listing() if files is None else files
        out: dict[str, dict[str, Any]] = {}
        for f in files:
            if f.kind != "device":
                continue
            doc = self.read_device(f.path)
            if not doc:
                continue
            have = out.get(f.device_dir)
            if have is None or str(doc.get("written", "")) > str(have.get("written", "")):
                out[f.device_dir] = doc
        for d in logfile.iter_device_dirs(self.root):
            out.setdefault(d.name, {})
        return out

    # -- writing this device's files ------------------------------------------------------

    def own_dir(self, device: str) -> Path:
        return self.devices / device

    def ensure_own_dir(self, device: str) -> Path:
        from ..store.files import make_private_dir

        d = self.own_dir(device)
        make_private_dir(d)
        return d

    def segments(self, device: str) -> list[Path]:
        """This device's own segments (canonical names), oldest first."""
        d = self.own_dir(device)
        found = []
        with suppress(OSError):
            for p in d.iterdir():
                n = logfile.canonical_number(p.name)
                if n is not None and p.name.startswith(logfile.SEGMENT_PREFIX):
                    found.append((n, p))
        return [p for _n, p in sorted(found)]

    def snapshots_of(self, device: str) -> list[tuple[int, Path]]:
        d = self.own_dir(device)
        found = []
        with suppress(OSError):
            for p in d.iterdir():
                n = logfile.canonical_number(p.name)
                if n is not None and p.name.startswith(logfile.SNAPSHOT_PREFIX):
                    found.append((n, p))
        return sorted(found)

    def repair_tail(self, device: str) -> None:
        """Cut a last line a crash left half-written off this device's newest segment
        (only this device ever writes there, under the data folder's lock)."""
        segs = self.segments(device)
        if not segs:
            return
        path = segs[-1]
        try:
            data = path.read_bytes()
        except OSError:
            return
        if not data or data.endswith(b"\n"):
            return
        cut = data.rfind(b"\n") + 1
        from ..store.files import open_private

        fd = open_private(path, os.O_WRONLY)
        try:
            os.ftruncate(fd, cut)
            os.fsync(fd)
        finally:
            os.close(fd)

    def append(self, device: str, first_seq: int, data: bytes) -> Path:
        """Append ``data`` (whole lines) to this device's current segment, or a new one
        named by ``first_seq`` when there is none or it is full; durable on return."""
        d = self.ensure_own_dir(device)
        segs = self.segments(device)
        path = segs[-1] if segs else None
        if path is None or path.stat().st_size >= SEGMENT_BYTES:
            path = d / logfile.segment_name(first_seq)
        new = not path.exists()
        from ..store.files import open_private

        fd = open_private(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:
            dfd = os.open(d, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        return path

    def write_device(self, device: str, doc: dict[str, Any]) -> None:
        """This device's device.json (not fsynced: it is advice, rewritten each save)."""
        d = self.ensure_own_dir(device)
        data = json.dumps(doc, ensure_ascii=False, indent=1).encode() + b"\n"
        write_file(d / logfile.DEVICE_FILE, data, durable=False)

    def write_snapshot(self, device: str, seq: int, data: bytes) -> Path:
        """Write this device's snapshot up to ``seq``, then remove what it replaces: its
        older snapshots and segments, and copies of its files sync tools made."""
        d = self.ensure_own_dir(device)
        path = d / logfile.snapshot_name(seq)
        write_file(path, data)
        for p in list(d.iterdir()):
            if p == path or p.name == logfile.DEVICE_FILE:
                continue
            kind = logfile.file_kind(p.name)
            if kind in ("ops", "snapshot"):
                with suppress(OSError):
                    p.unlink()
        return path

    def remove_own_copies(self, device: str) -> list[Path]:
        """Remove conflict copies of this device's files (once merged)."""
        removed = []
        d = self.own_dir(device)
        with suppress(OSError):
            for p in list(d.iterdir()):
                if logfile.file_kind(p.name) is not None and logfile.is_conflict_copy(p.name):
                    with suppress(OSError):
                        p.unlink()
                        removed.append(p)
        return removed


def data_file_copies(data_dir: Path) -> list[Path]:
    """The conflict copies sync tools made of the data file or its glance file (not
    habitnet's own ``habitnet.conflict-*.json``)."""
    try:
        names = os.listdir(data_dir)
    except OSError:
        return []
    return [
        data_dir / name
        for name in sorted(names)
        if name.startswith("habitnet")
        and name.endswith(".json")
        and not name.startswith(("habitnet.conflict-", "habitnet.json"))
        and name != GLANCE_FILE
        and logfile.is_conflict_copy(name)
    ]
