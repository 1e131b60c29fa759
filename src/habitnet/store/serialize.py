"""Fast, readable serialisation of the state.

The file is JSON with one record per line::

    {
     "schema_version": 1,
     "settings": {...},
     "contacts": [
      {...},
      {...}
     ],
     ...
    }

so a person can read it and a one-record change is a one-line diff. Records are frozen
(see ``models.Record``): a change puts a new object in the old one's place. That lets
:class:`Serializer` keep each record's JSON keyed by the object itself and, after a
change, serialise only the records that are new — a save of ten years of data costs
joining bytes, not re-encoding 25,000 records.
"""

from __future__ import annotations

import json
import threading

from pydantic import BaseModel

from ..models import State

_FIELDS = tuple(State.model_fields)


def _dump(record: BaseModel) -> bytes:
    return record.__pydantic_serializer__.to_json(record)


class _ListCache:
    """The last serialised copy of one list field: its records and their JSON."""

    __slots__ = ("records", "chunks", "body")

    def __init__(self) -> None:
        self.records: list[BaseModel] = []
        self.chunks: list[bytes] = []
        self.body = b"[]"


class Serializer:
    def __init__(self) -> None:
        self._items: dict[int, tuple[BaseModel, bytes]] = {}
        self._lists: dict[str, _ListCache] = {}
        self._mutex = threading.Lock()

    def _chunk(self, record: BaseModel) -> bytes:
        hit = self._items.get(id(record))
        if hit is None or hit[0] is not record:
            hit = (record, _dump(record))
            self._items[id(record)] = hit
        return hit[1]

    def _list(self, name: str, value: list[BaseModel]) -> bytes:
        cache = self._lists.setdefault(name, _ListCache())
        prev = cache.records
        n = len(prev)
        # List comparison checks identity first, so these run at C speed.
        if len(value) == n and value == prev:
            return cache.body
        if len(value) > n and value[:n] == prev:
            chunks = cache.chunks + [self._chunk(r) for r in value[n:]]
        else:
            chunks = [self._chunk(r) for r in value]
        cache.records = list(value)
        cache.chunks = chunks
        cache.body = b"[\n  " + b",\n  ".join(chunks) + b"\n ]" if chunks else b"[]"
        return cache.body

    def _prune(self) -> None:
        live = {id(r) for c in self._lists.values() for r in c.records}
        self._items = {k: v for k, v in self._items.items() if k in live}

    def dumps(self, state: State) -> bytes:
        """The state as JSON bytes, one record per line; equal to ``model_dump_json``
        in content."""
        with self._mutex:
            parts: list[bytes] = []
            for name in _FIELDS:
                value = getattr(state, name)
                head = b'\n "' + name.encode() + b'": '
                if isinstance(value, list):
                    parts.append(head + self._list(name, value))
                elif isinstance(value, BaseModel):
                    parts.append(head + _dump(value))
                else:
                    parts.append(head + json.dumps(value).encode())
            if len(self._items) > 2 * sum(len(c.records) for c in self._lists.values()) + 64:
                self._prune()
            return b"{" + b",".join(parts) + b"\n}\n"
