"""The first use of sync on a device that already has data.

- The first device of a sync group turns its data into its **base**: a snapshot in
  which every record is put by the device's first operation, clocked in list order
  (:func:`base_replica`).
- A device joining a group that already has data adds its own as operations
  (:func:`join_ops`): records the group does not have are put; records both have keep
  the group's values, with this device's list items (e-mails, tags, contacts named…)
  and long texts (notes, journal texts) added where they differ.

Either way the original data file is kept in ``backups/`` (see
:func:`habitnet.sync.commands.init`).
"""

from __future__ import annotations

from typing import Any

from annotated_types import MaxLen
from pydantic_core import to_jsonable_python

from .. import ops
from ..models import MAX_NOTE, Record, State
from .hlc import HybridClock
from .replica import Entry, Replica
from .view import KIND_ORDER, _text_join, materialize


def base_replica(state: State, device: str, hlc: HybridClock) -> Replica:
    """Every record of ``state`` put by ``device``'s operation 1."""
    replica = Replica()
    written = {device: 1}

    def put(collection: str, key: str, data: dict[str, Any]) -> None:
        clock = hlc.now()
        replica.merge_entry((collection, key), Entry(clock, data, None, dict(written), None, clock))

    put("meta", "", state.meta.model_dump(mode="json"))
    settings = state.settings.model_dump(mode="json")
    kinds = settings.pop("activity_kinds")
    settings[KIND_ORDER] = [str(k["name"]).strip().lower() for k in kinds]
    put("settings", "", settings)
    for k in kinds:
        put("kinds", str(k["name"]).strip().lower(), k)
    for name in ops.LISTS:
        for record in getattr(state, name):
            put(name, ops.key_of(name, record), record.model_dump(mode="json"))
    replica.vector = dict(written)
    replica.hlc = hlc.now()
    return replica


def _long_text(model: type[Record], name: str) -> bool:
    info = model.model_fields[name]
    return any(isinstance(m, MaxLen) and m.max_length == MAX_NOTE for m in info.metadata)


def added_fields(shown: Record, mine: Record) -> dict[str, Any]:
    """The fields to patch so ``shown`` (the group's) also holds what ``mine`` adds:
    list items it lacks, long texts it does not contain. Other fields stay the group's."""
    model = type(shown)
    out: dict[str, Any] = {}
    for name in model.model_fields:
        a, b = getattr(shown, name), getattr(mine, name)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            union = list(a) + [x for x in b if x not in a]
            if union != a:
                out[name] = to_jsonable_python(union)
        elif isinstance(a, str) and isinstance(b, str) and _long_text(model, name):
            joined = _text_join(a, b)
            if joined != a:
                out[name] = joined
    return out


def join_ops(local: State, replica: Replica) -> list[dict[str, Any]]:
    """The operations that add ``local``'s data to a group's ``replica`` (see the module
    docstring), in their logged form."""
    shown, _info = materialize(replica)
    out: list[dict[str, Any]] = []
    group_kinds = {key for key, _e in replica.collection("kinds")}
    if not group_kinds:
        # the group shows the default kinds, never logged: log them before adding
        for k in shown.settings.activity_kinds:
            out.append({"op": "put", "collection": "kinds", "record": k.model_dump(mode="json")})
            group_kinds.add(ops.key_of("kinds", k))
    for k in local.settings.activity_kinds:
        if ops.key_of("kinds", k) not in group_kinds:
            out.append({"op": "put", "collection": "kinds", "record": k.model_dump(mode="json")})
    started = local.meta.started
    if started is not None and (shown.meta.started is None or started < shown.meta.started):
        out.append(
            {
                "op": "patch",
                "collection": "meta",
                "key": "",
                "fields": {"started": started.isoformat()},
            }
        )
    if replica.entry(("settings", "")) is None:
        fields = {
            name: to_jsonable_python(getattr(local.settings, name))
            for name in type(local.settings).model_fields
            if name != "activity_kinds"
            and getattr(local.settings, name) != getattr(shown.settings, name)
        }
        if fields:
            out.append({"op": "patch", "collection": "settings", "key": "", "fields": fields})
    for name in ops.LISTS:
        shown_by_key = {ops.key_of(name, r): r for r in getattr(shown, name)}
        for r in getattr(local, name):
            key = ops.key_of(name, r)
            entry = replica.entry((name, key))
            data = r.model_dump(mode="json")
            if entry is None:
                out.append({"op": "put", "collection": name, "record": data})
            elif key in shown_by_key:
                fields = added_fields(shown_by_key[key], r)
                if fields:
                    out.append({"op": "patch", "collection": name, "key": key, "fields": fields})
            elif entry.complete and not entry.live and entry.d != data:
                # deleted in the group, held here with other content: kept (put again)
                out.append({"op": "put", "collection": name, "record": data})
    return out
