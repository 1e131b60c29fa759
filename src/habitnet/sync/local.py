"""What a device keeps for itself, outside the (maybe shared) data folder.

``$HABITNET_STATE`` (else the platform's user state folder) ``/sync/<slug>/`` holds, for
the data folder whose real path hashes to ``<slug>``:

- ``identity.json``: this device's id and name, and the machine and data folder they
  were made for. An identity that finds itself on another machine or beside another
  folder (a restored or synced home folder, a moved data folder) is not used: the
  device gets a new id, so two devices never share one.
- ``stamp.json``: what ``habitnet.json`` holds (see :class:`Stamp`).
- ``replica.jsonl``: the merge state (a cache; rebuilt from the logs when missing).
- ``git.json``: this device's folder, HEAD and the remote's branch as the last
  ``habitnet sync`` left them (so one with nothing to do answers at once).

Reading needs the standard library and platformdirs only (:mod:`habitnet.sync.quick`).
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

STATE_ENV = "HABITNET_STATE"
IDENTITY_FILE = "identity.json"
GIT_FILE = "git.json"
STAMP_FILE = "stamp.json"
REPLICA_FILE = "replica.jsonl"


def local_root() -> Path:
    env = os.environ.get(STATE_ENV)
    if env:
        return Path(env).expanduser() / "sync"
    import platformdirs  # only here: a fast path finds its answer without it

    return Path(platformdirs.user_state_dir("habitnet", appauthor=False)) / "sync"


def folder_key(data_dir: Path) -> str:
    return os.path.realpath(data_dir)


def local_dir(data_dir: Path) -> Path:
    slug = hashlib.sha256(folder_key(data_dir).encode()).hexdigest()[:16]
    return local_root() / slug


def machine_id() -> str:
    """This machine, as a short hash (of ``/etc/machine-id`` where there is one)."""
    import platform
    import uuid

    for p in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        with suppress(OSError):
            text = Path(p).read_text().strip()
            if text:
                return hashlib.sha256(text.encode()).hexdigest()[:16]
    raw = f"{platform.node()}|{uuid.getnode()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def write_file(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically (0600); with ``durable``, fsynced."""
    from ..store.files import make_private_dir, open_private

    make_private_dir(path.parent)
    tmp = path.parent / f".{path.name}.tmp-{os.getpid()}"
    fd = open_private(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        with suppress(OSError):
            tmp.unlink()
        raise
    os.close(fd)
    os.replace(tmp, path)
    if durable:
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def new_device_id() -> str:
    import uuid

    return "d" + uuid.uuid4().hex[:16]


@dataclass
class Identity:
    id: str
    name: str
    machine: str
    folder: str
    created: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "machine": self.machine,
            "folder": self.folder,
            "created": self.created,
        }


def load_identity(data_dir: Path) -> Identity | None:
    """This device's identity for ``data_dir``; None when there is none yet, or the one
    there was made on another machine or for another folder (a copy)."""
    path = local_dir(data_dir) / IDENTITY_FILE
    try:
        doc = json.loads(path.read_bytes())
        ident = Identity(
            str(doc["id"]),
            str(doc["name"]),
            str(doc["machine"]),
            str(doc["folder"]),
            str(doc["created"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if ident.machine != machine_id() or ident.folder != folder_key(data_dir):
        return None
    return ident


def default_name() -> str:
    import platform

    return platform.node().split(".")[0] or "this computer"


def make_identity(data_dir: Path, name: str | None, now: datetime) -> Identity:
    ident = Identity(
        new_device_id(),
        name or default_name(),
        machine_id(),
        folder_key(data_dir),
        now.isoformat(timespec="seconds"),
    )
    save_identity(data_dir, ident)
    return ident


def save_identity(data_dir: Path, ident: Identity) -> None:
    data = json.dumps(ident.to_json(), indent=1).encode() + b"\n"
    write_file(local_dir(data_dir) / IDENTITY_FILE, data)


@dataclass
class Stamp:
    """What ``habitnet.json`` holds, for the fast path of opening.

    ``file``: the data file's (inode, size, mtime_ns) as last written or checked;
    ``vector``: the operations it holds; ``files``: every file of ``sync/devices/`` as
    last read in full (path relative to ``sync/`` -> [size, mtime_ns]) — when the folder
    still lists exactly these, there is nothing new to merge; ``view``: what the view
    keeps between refreshes (:class:`~habitnet.sync.view.ViewInfo`); ``replica``: the
    vector of ``replica.jsonl``; ``sha256``: the data file's hash."""

    device: str = ""
    file: list[int] | None = None
    vector: dict[str, int] = field(default_factory=dict)
    files: dict[str, list[int]] = field(default_factory=dict)
    view: dict[str, Any] = field(default_factory=dict)
    replica: dict[str, int] = field(default_factory=dict)
    #: the data file's SHA-256 (a file touched, or copied back, with the same content is
    #: still the one stamped)
    sha256: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "device": self.device,
            "file": self.file,
            "vector": self.vector,
            "files": self.files,
            "view": self.view,
            "replica": self.replica,
            "sha256": self.sha256,
        }


def load_stamp(data_dir: Path) -> Stamp | None:
    try:
        doc = json.loads((local_dir(data_dir) / STAMP_FILE).read_bytes())
        return Stamp(
            str(doc["device"]),
            list(doc["file"]) if doc.get("file") is not None else None,
            {str(k): int(v) for k, v in dict(doc["vector"]).items()},
            {str(k): list(v) for k, v in dict(doc["files"]).items()},
            dict(doc.get("view") or {}),
            {str(k): int(v) for k, v in dict(doc.get("replica") or {}).items()},
            doc.get("sha256"),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_stamp(data_dir: Path, stamp: Stamp) -> None:
    data = json.dumps(stamp.to_json(), separators=(",", ":")).encode()
    write_file(local_dir(data_dir) / STAMP_FILE, data)


def forget_local(data_dir: Path) -> None:
    """Drop the stamp and the replica cache (they are rebuilt from the logs)."""
    for name in (STAMP_FILE, REPLICA_FILE):
        with suppress(OSError):
            (local_dir(data_dir) / name).unlink()


def load_json(data_dir: Path, name: str) -> dict[str, Any] | None:
    try:
        doc = json.loads((local_dir(data_dir) / name).read_bytes())
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def save_json(data_dir: Path, name: str, doc: dict[str, Any]) -> None:
    write_file(local_dir(data_dir) / name, json.dumps(doc).encode(), durable=False)
