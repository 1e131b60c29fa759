"""The merge state behind the data: a state-based CRDT of every record.

A :class:`Replica` holds, for every record any device ever wrote (key: collection and
record key), an :class:`Entry`:

- ``p``: the clock of the newest *put* (a whole record), ``d``: the fields as merged,
  ``f``: the clocks of fields written after that put (by patches). A field's value is
  the one written with the highest clock: last writer wins, per field. A put writes
  every field, so a field missing from a put's record is unset by it.
- ``w``: per device, the highest sequence number of its writes to the record; ``x``:
  per device, the highest sequence number any delete had seen. The record is *live*
  while some device wrote more than the deletes covered — so a delete removes only the
  writes its device had seen, and an edit it never saw keeps the record.
- ``b``: the clock of the first put: the record's place in its list.

Merging two entries (:func:`join`) takes the maximum of each part, so merging is
commutative, associative and idempotent: any devices that merged the same operations,
in any order, any number of times, hold the same replica. An operation is a tiny
replica (:func:`entry_of`); applying it is merging it.

Entries are kept as their JSON line until needed (:meth:`Replica.entry`), so loading
ten years of records costs a split of lines, not a parse of each.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from . import logfile

Key = tuple[str, str]
Vector = dict[str, int]

_MISSING = object()


class Entry:
    """One record's merge state (see the module docstring)."""

    __slots__ = ("p", "d", "f", "w", "x", "b")

    def __init__(
        self,
        p: str | None = None,
        d: dict[str, Any] | None = None,
        f: dict[str, str] | None = None,
        w: Vector | None = None,
        x: Vector | None = None,
        b: str | None = None,
    ) -> None:
        self.p = p
        self.d = d if d is not None else {}
        self.f = f if f is not None else {}
        self.w = w if w is not None else {}
        self.x = x if x is not None else {}
        self.b = b

    @property
    def complete(self) -> bool:
        """Whether a whole record was ever put (patches alone make no record)."""
        return self.p is not None

    @property
    def live(self) -> bool:
        """Complete, and written more than every delete saw."""
        if self.p is None:
            return False
        x = self.x
        return any(seq > x.get(dev, 0) for dev, seq in self.w.items())

    def clock_of(self, name: str) -> str | None:
        """The clock of the write that set field ``name`` (or unset it)."""
        c = self.f.get(name)
        return c if c is not None else self.p

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__slots__:
            v = getattr(self, name)
            if v:
                out[name] = v
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        return cls(
            data.get("p"), data.get("d"), data.get("f"), data.get("w"), data.get("x"), data.get("b")
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entry) and self.to_json() == other.to_json()

    def __repr__(self) -> str:
        return f"Entry({self.to_json()!r})"


def _max_clock(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a >= b else b


def _min_clock(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a <= b else b


def _max_vector(a: Vector, b: Vector) -> Vector:
    """Per device, the larger number (a device at 0 is a device not named)."""
    out = {k: v for k, v in a.items() if v > 0}
    for k, v in b.items():
        if v > out.get(k, 0):
            out[k] = v
    return out


def join(a: Entry, b: Entry) -> Entry:
    """The merge of two entries of one record (commutative, associative, idempotent)."""
    p = _max_clock(a.p, b.p)
    d: dict[str, Any] = {}
    f: dict[str, str] = {}
    for name in a.d.keys() | b.d.keys() | a.f.keys() | b.f.keys():
        ca, cb = a.clock_of(name), b.clock_of(name)
        if ca is None and cb is None:
            continue
        src = a if cb is None or (ca is not None and ca >= cb) else b
        clock = src.clock_of(name)
        value = src.d.get(name, _MISSING)
        if value is not _MISSING:
            d[name] = value
        if clock != p and clock is not None:
            f[name] = clock
    return Entry(p, d, f, _max_vector(a.w, b.w), _max_vector(a.x, b.x), _min_clock(a.b, b.b))


def entry_of(op: dict[str, Any], dev: str, seq: int, hlc: str, seen: Vector | None) -> Entry:
    """The entry one logged operation makes (before it is merged)."""
    kind = op["op"]
    if kind == "put":
        return Entry(hlc, dict(op["record"]), None, {dev: seq}, None, hlc)
    if kind == "patch":
        fields = dict(op["fields"])
        return Entry(None, fields, dict.fromkeys(fields, hlc), {dev: seq})
    if kind == "delete":
        covered = dict(seen or {})
        covered[dev] = max(covered.get(dev, 0), seq)
        return Entry(None, None, None, None, covered)
    raise ValueError(f"unknown operation {kind!r}")


def key_of_op(op: dict[str, Any]) -> Key:
    """(collection, key) of a logged operation."""
    collection = op["collection"]
    if op["op"] == "put":
        return collection, record_key(collection, op["record"])
    return collection, str(op["key"])


def record_key(collection: str, data: dict[str, Any]) -> str:
    """A record's key from its JSON data (as :func:`habitnet.ops.key_of` gives it)."""
    if collection in ("contacts", "activities", "journal"):
        return str(data["id"])
    if collection == "checkins":
        return f"{data['day']}/{data.get('kind', 'morning')}"
    if collection == "reviews":
        return str(data["week"])
    if collection == "kinds":
        return str(data["name"]).strip().lower()
    if collection in ("settings", "meta"):
        return ""
    raise ValueError(f"unknown collection {collection!r}")


def _line_key(line: bytes) -> Key:
    head = line[: line.index(b"\t")]
    if b"\\" not in head and head.count(b'"') == 4:
        # ["coll","key"] with nothing escaped: split it (a json.loads per line is most
        # of the cost of opening ten years of records)
        coll, key = head[2:-2].decode("utf-8").split('","')
        return coll, key
    coll, key = json.loads(head)
    return coll, key


class Replica:
    """Every record's :class:`Entry`, the version vector of the operations merged, and
    the newest clock seen."""

    def __init__(self) -> None:
        self._entries: dict[Key, Entry | bytes] = {}
        self.vector: Vector = {}
        self.hlc: str | None = None

    # -- reading -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> Iterable[Key]:
        return self._entries.keys()

    def entry(self, key: Key) -> Entry | None:
        found = self._entries.get(key)
        if found is None or isinstance(found, Entry):
            return found
        entry = Entry.from_json(json.loads(found[found.index(b"\t") + 1 :]))
        self._entries[key] = entry
        return entry

    def items(self) -> Iterator[tuple[Key, Entry]]:
        for key in list(self._entries):
            entry = self.entry(key)
            assert entry is not None
            yield key, entry

    def collection(self, name: str) -> Iterator[tuple[str, Entry]]:
        """The records of one collection (a scan of the keys: used for the few kinds)."""
        for key in sorted(k for c, k in self._entries if c == name):
            entry = self.entry((name, key))
            assert entry is not None
            yield key, entry

    # -- merging -----------------------------------------------------------------------

    def merge_entry(self, key: Key, delta: Entry) -> bool:
        """Merge ``delta`` into the record ``key``; True when that changed it."""
        current = self.entry(key)
        if current is None:
            self._entries[key] = delta
            return True
        merged = join(current, delta)
        if merged == current:
            return False
        self._entries[key] = merged
        return True

    def note_clock(self, hlc: str) -> None:
        if self.hlc is None or hlc > self.hlc:
            self.hlc = hlc

    def apply(
        self, dev: str, seq: int, hlc: str, op: dict[str, Any], seen: Vector | None = None
    ) -> Key | None:
        """Merge one logged operation. Returns the record it changed (None: it was
        already merged, or changed nothing). Operations of one device must come in
        ``seq`` order (the caller waits for a missing one)."""
        if seq <= self.vector.get(dev, 0):
            return None
        self.vector[dev] = seq
        self.note_clock(hlc)
        key = key_of_op(op)
        return key if self.merge_entry(key, entry_of(op, dev, seq, hlc, seen)) else None

    def merge(self, other: Replica) -> set[Key]:
        """Merge a whole replica (a snapshot); the records that changed."""
        changed: set[Key] = set()
        mine = self._entries
        for key, theirs in list(other._entries.items()):
            if key not in mine:
                mine[key] = theirs  # new here: taken as it is (a line stays unparsed)
                changed.add(key)
                continue
            entry = other.entry(key)
            assert entry is not None
            if self.merge_entry(key, entry):
                changed.add(key)
        self.vector = _max_vector(self.vector, other.vector)
        if other.hlc is not None:
            self.note_clock(other.hlc)
        return changed

    def covers(self, vector: Vector) -> bool:
        """Whether every operation ``vector`` names is merged here."""
        return all(self.vector.get(dev, 0) >= seq for dev, seq in vector.items())

    # -- files -------------------------------------------------------------------------

    def to_bytes(self, device: str, schema: int | None = None) -> bytes:
        """A snapshot: the header (``schema``: the version of the records in it, which
        a later habitnet may need to migrate them), a line per record, the end line."""
        header: dict[str, object] = {
            "replica": 1,
            "device": device,
            "vector": self.vector,
            "hlc": self.hlc,
        }
        if schema is not None:
            header["v"] = schema
        return logfile.snapshot_bytes(header, self._lines())

    def _lines(self) -> Iterator[bytes]:
        for key in sorted(self._entries):
            found = self._entries[key]
            if isinstance(found, bytes):
                yield found + b"\n"
            else:
                head = logfile.dumps(list(key))
                yield head + b"\t" + logfile.dumps(found.to_json()) + b"\n"

    @classmethod
    def from_bytes(cls, data: bytes, *, verify: bool = True) -> Replica | None:
        """The replica of a complete snapshot; None when it is not one (not complete,
        not a replica). ``verify``: see :func:`logfile.split_snapshot`."""
        found = logfile.split_snapshot(data, verify=verify)
        if found is None:
            return None
        header, lines = found
        if header.get("replica") != 1:
            return None
        replica = cls()
        replica.vector = {str(k): int(v) for k, v in dict(header.get("vector") or {}).items()}
        replica.hlc = header.get("hlc")
        entries = replica._entries
        for line in lines:
            entries[_line_key(line)] = line
        return replica
