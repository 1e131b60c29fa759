"""The files under ``sync/devices/<id>/``: self-checking lines, segments, snapshots, and
the conflict copies sync tools make of them.

Every line of a change log is one JSON object ending in a checksum of what precedes it::

    {"seq":42,"dev":"d…","hlc":"…","op":{…},"sum":"5b0e…"}

A line that does not end in a newline, or whose sum does not match, has *not arrived
yet* (a file a sync tool has delivered half of, a line cut short by a crash): it is
never taken for damage and is read again once the file changes. Snapshots are the same
kind of lines, closed by an end line holding the number of lines and a hash of them all;
a snapshot without a matching end line is not complete yet and is not used.

Every line names its device and sequence number, so copies of a file (the conflict
copies Syncthing, Dropbox, Nextcloud and others make) are read like the file itself and
merged line by line: :func:`file_kind` recognises them by the name they start with.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

DEVICES = "devices"
DEVICE_FILE = "device.json"
SEGMENT_PREFIX = "ops-"
SNAPSHOT_PREFIX = "snapshot-"
SUFFIX = ".jsonl"

_SUM_KEY = b',"sum":"'
_SUM_LEN = 16
_CANONICAL = re.compile(r"^(ops|snapshot)-(\d{6,})\.jsonl$")
#: How sync tools name the copies they keep when a file changed in two places.
_CONFLICT_MARKS = (".sync-conflict-", "conflicted copy", ".conflict", "_conflict-", " (conflict")


def checksum(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:_SUM_LEN]


def dumps(obj: Any) -> bytes:
    """``obj`` as compact JSON text (UTF-8, keys in the order given): what
    ``json.dumps(obj, ensure_ascii=False, separators=(",", ":"))`` gives, five times
    faster (writing ten years of records is mostly this). Imported when first used:
    reading needs the standard library only."""
    from pydantic_core import to_json

    return to_json(obj)


def encode_line(obj: dict[str, Any]) -> bytes:
    """One self-checking line (with its newline). ``obj`` must not hold ``sum``."""
    body = dumps(obj)
    return body[:-1] + _SUM_KEY + checksum(body).encode() + b'"}\n'


def decode_line(line: bytes) -> dict[str, Any] | None:
    """The object of a complete, intact line (with or without its newline); None when
    it is cut short or does not match its checksum."""
    line = line.rstrip(b"\n")
    cut = line.rfind(_SUM_KEY)
    if cut < 0 or not line.endswith(b'"}'):
        return None
    body = line[:cut] + b"}"
    given = line[cut + len(_SUM_KEY) : -2]
    if given.decode("ascii", "replace") != checksum(body):
        return None
    try:
        obj = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return obj if isinstance(obj, dict) else None


def file_kind(name: str) -> str | None:
    """``"ops"``, ``"snapshot"`` or ``"device"`` for a device folder's file or a sync
    tool's copy of one; None for anything else (temporary files, strangers)."""
    if name.startswith("."):
        return None
    if name.startswith(SEGMENT_PREFIX):
        return "ops"
    if name.startswith(SNAPSHOT_PREFIX):
        return "snapshot"
    if name.startswith("device") and ".json" in name:
        return "device"
    return None


def is_conflict_copy(name: str) -> bool:
    """Whether ``name`` is a sync tool's conflict copy (or any copy not named as
    habitnet names its files)."""
    if _CANONICAL.match(name) or name == DEVICE_FILE:
        return False
    return any(mark in name for mark in _CONFLICT_MARKS) or file_kind(name) is not None


def canonical_number(name: str) -> int | None:
    """The number in ``ops-<n>.jsonl`` / ``snapshot-<n>.jsonl``; None for other names."""
    m = _CANONICAL.match(name)
    return int(m.group(2)) if m else None


def segment_name(first_seq: int) -> str:
    return f"{SEGMENT_PREFIX}{first_seq:06d}{SUFFIX}"


def snapshot_name(seq: int) -> str:
    return f"{SNAPSHOT_PREFIX}{seq:06d}{SUFFIX}"


# -- snapshots -----------------------------------------------------------------------


def snapshot_bytes(header: dict[str, Any], lines: Iterable[bytes]) -> bytes:
    """A complete snapshot: the header line, ``lines`` (each ending in a newline) and
    an end line with their count and hash."""
    head = encode_line(header)
    digest = hashlib.sha256(head)
    n = 1
    parts = [head]
    for line in lines:
        digest.update(line)
        parts.append(line)
        n += 1
    parts.append(encode_line({"end": n, "hash": digest.hexdigest()}))
    return b"".join(parts)


def split_snapshot(
    data: bytes, *, verify: bool = True
) -> tuple[dict[str, Any], list[bytes]] | None:
    """(header, body lines) of a complete snapshot; None when it is not complete (or
    not a snapshot). Without ``verify`` the hash of the lines is not checked (a file
    this device wrote atomically for itself: only their count)."""
    if not data.endswith(b"\n"):
        return None
    cut = data.rfind(b"\n", 0, len(data) - 1)
    end = decode_line(data[cut + 1 :])
    if end is None or "end" not in end:
        return None
    body = data[: cut + 1]
    if verify and hashlib.sha256(body).hexdigest() != end.get("hash"):
        return None
    lines = body.split(b"\n")
    lines.pop()
    if len(lines) != end["end"]:
        return None
    header = decode_line(lines[0])
    if header is None:
        return None
    return header, lines[1:]


def iter_device_dirs(sync_dir: Path) -> Iterator[Path]:
    root = sync_dir / DEVICES
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return
    for p in entries:
        if not p.name.startswith(".") and p.is_dir():
            yield p
