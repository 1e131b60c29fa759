"""Record-level changes to the state, as data: what a session changed, and can re-apply.

Every change a :class:`~habitnet.session.Session` makes is recorded as one or a few
*operations* on the records of a :class:`~habitnet.models.State`. When the data file
changed on disk behind the session's back (a sync tool, a restore, the command line
elsewhere), the session reloads it and re-applies its own operations on top; when they
no longer apply, it keeps the outside version and says so. Undo records the inverse
operations the same way. Sync (issue #15) will stamp these operations with a clock and a
device id and write them to per-device logs.

Three operations, each on one record of one *collection*:

- :class:`Put` — a whole record, new or in place of ``before``;
- :class:`Patch` — named fields of a record (only those that changed), with the values
  they replace in ``before``;
- :class:`Delete` — a record (a tombstone: the key, and the record as it was).

Collections and their keys (:func:`key_of`):

=============  ================  ==============================================
collection     record            key
=============  ================  ==============================================
``contacts``   Contact           its ``id``
``activities`` Activity          its ``id``
``checkins``   CheckIn           ``"<day>/<kind>"``, e.g. ``"2026-11-21/morning"``
``journal``    JournalEntry      its ``id``
``reviews``    WeeklyReview      its ``week``, e.g. ``"2026-W47"``
``settings``   Settings          ``""``: one record, patched only
``kinds``      ActivityKind      its name in lower case (inside the settings)
``meta``       Meta              ``""``: one record (about the data), patched only
=============  ================  ==============================================

:func:`apply` is pure (no I/O, models only) and deterministic. It raises
:class:`Conflict`, changing nothing, when an operation no longer applies: the record a
put replaces or a patch or delete touches was changed or removed since (``before`` no
longer matches), a record refers to a contact that is gone, a contact or kind still in
use would be removed, or the result does not validate. An operation that is already
applied (the record is already as the operation leaves it) applies as a no-op, so
applying twice is harmless. ``before`` may be ``None`` on a patch or delete: then it
applies whatever the record holds (last writer wins).

:func:`to_json` and :func:`from_json` turn operations into JSON-able dicts and back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import to_json as _to_json

from .models import (
    Activity,
    ActivityKind,
    CheckIn,
    Contact,
    JournalEntry,
    Meta,
    Record,
    Settings,
    State,
    WeeklyReview,
    format_validation_error,
)

#: The collections of records, in the order a whole-state diff puts them.
LISTS: tuple[str, ...] = ("contacts", "activities", "checkins", "journal", "reviews")
#: Collections of one record each, only ever patched.
SINGLES: tuple[str, ...] = ("settings", "meta")
COLLECTIONS: tuple[str, ...] = (*SINGLES, "kinds", *LISTS)

MODELS: dict[str, type[Record]] = {
    "contacts": Contact,
    "activities": Activity,
    "checkins": CheckIn,
    "journal": JournalEntry,
    "reviews": WeeklyReview,
    "settings": Settings,
    "meta": Meta,
    "kinds": ActivityKind,
}

#: Fields that make up the key: a patch may not change them (but a kind's name).
_KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "contacts": ("id",),
    "activities": ("id",),
    "journal": ("id",),
    "checkins": ("day", "kind"),
    "reviews": ("week",),
    "kinds": (),
    "settings": (),
    "meta": (),
}


class Conflict(ValueError):
    """An operation no longer applies to the state; the state is unchanged."""


def key_of(collection: str, record: Any) -> str:
    """The key of ``record`` in ``collection`` (see the table above)."""
    if collection in ("contacts", "activities", "journal"):
        return str(record.id)
    if collection == "checkins":
        return f"{record.day.isoformat()}/{record.kind.value}"
    if collection == "reviews":
        return str(record.week)
    if collection == "kinds":
        return str(record.name).strip().lower()
    if collection in SINGLES:
        return ""
    raise ValueError(f"unknown collection {collection!r}")


@dataclass(frozen=True)
class Put:
    """``record`` put in ``collection``: new (``before`` None) or in place of ``before``.

    ``at`` is where a new record goes in its list (undo puts a deleted record back where
    it was); None, or past the end, appends.
    """

    collection: str
    record: Record
    before: Record | None = None
    at: int | None = None

    @property
    def key(self) -> str:
        return key_of(self.collection, self.record)


@dataclass(frozen=True)
class Patch:
    """Fields of the record ``key`` set to ``fields``; ``before`` holds the values they
    replace (None: no check, last writer wins). Both hold values as JSON gives them
    (``"2026-11-21"`` for a date), whatever they were given as."""

    collection: str
    key: str
    fields: dict[str, Any]
    before: dict[str, Any] | None = None
    # The record the patch was made from and the one it made, so the session applying
    # its own patch keeps that very object (not serialised, not compared).
    base: Record | None = field(default=None, compare=False, repr=False)
    result: Record | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", _norm(self.fields))
        if self.before is not None:
            object.__setattr__(self, "before", _norm(self.before))
        touched = set(self.fields) & set(_KEY_FIELDS[self.collection])
        if touched:
            raise ValueError(f"a patch cannot change the key of a record: {sorted(touched)}")
        if self.before is not None and set(self.before) != set(self.fields):
            raise ValueError("a patch's before must name the same fields as its fields")


@dataclass(frozen=True)
class Delete:
    """The record ``key`` removed from ``collection``; ``before`` is the record as it
    was (None: removed whatever it holds)."""

    collection: str
    key: str
    before: Record | None = None


Op = Put | Patch | Delete


# -- building operations -------------------------------------------------------------


def _norm(value: Any) -> Any:
    """A value as JSON gives it back: the one form values are compared in."""
    return json.loads(_to_json(value))


def patch(collection: str, old: Record, new: Record) -> Patch | None:
    """The patch turning ``old`` into ``new`` (the fields that differ), or None."""
    fields = {
        name: getattr(new, name)
        for name in type(new).model_fields
        if getattr(new, name) != getattr(old, name)
    }
    if not fields:
        return None
    return Patch(
        collection,
        key_of(collection, old),
        fields,
        {name: getattr(old, name) for name in fields},
        base=old,
        result=new,
    )


def inverse(op: Op, at: int | None = None) -> Op:
    """The operation that undoes ``op`` (applied right after it). ``at``: where a
    deleted record was in its list, to put it back there."""
    if isinstance(op, Put):
        if op.before is None:
            return Delete(op.collection, op.key, op.record)
        return Put(op.collection, op.before, op.record)
    if isinstance(op, Patch):
        if op.before is None:
            raise ValueError("a patch without its before values cannot be undone")
        key = op.key
        if op.collection == "kinds" and "name" in op.fields:
            key = str(op.fields["name"]).strip().lower()
        return Patch(op.collection, key, dict(op.before), dict(op.fields))
    if op.before is None:
        raise ValueError("a delete without the record it removed cannot be undone")
    return Put(op.collection, op.before, None, at)


def diff_list(
    collection: str, old: Sequence[Record], new: Sequence[Record], *, keep_order: bool
) -> list[Op] | None:
    """Operations turning the list ``old`` into ``new``: deletes, then patches, then
    puts. With ``keep_order`` new records carry their position, and None is returned
    when the records both lists hold are in another order (no record-level operation
    says "move")."""
    old_by_key = {key_of(collection, r): r for r in old}
    new_keys = [key_of(collection, r) for r in new]
    new_set = set(new_keys)
    ops: list[Op] = [Delete(collection, k, r) for k, r in old_by_key.items() if k not in new_set]
    puts: list[Op] = []
    for i, (k, r) in enumerate(zip(new_keys, new, strict=True)):
        before = old_by_key.get(k)
        if before is None:
            puts.append(Put(collection, r, None, i if keep_order else None))
        elif before is not r and before != r:
            p = patch(collection, before, r)
            if p is not None:
                ops.append(p)
    if keep_order:
        kept_old = [k for k in old_by_key if k in new_set]
        kept_new = [k for k in new_keys if k in old_by_key]
        if kept_old != kept_new:
            return None
    return ops + puts


def settings_ops(old: Settings, new: Settings) -> list[Op]:
    """Operations turning ``old`` settings into ``new``: a patch of the plain fields and
    record-level operations on the activity kinds (a whole-list patch if they moved)."""
    ops: list[Op] = []
    kinds = diff_list("kinds", old.activity_kinds, new.activity_kinds, keep_order=True)
    plain = {
        name: getattr(new, name)
        for name in Settings.model_fields
        if name != "activity_kinds" and getattr(new, name) != getattr(old, name)
    }
    if kinds is None:
        plain["activity_kinds"] = list(new.activity_kinds)
        kinds = []
    if plain:
        ops.append(Patch("settings", "", plain, {name: getattr(old, name) for name in plain}))
    # Removed kinds go last: nothing else may still need them while the ops apply.
    return (
        ops
        + [op for op in kinds if not isinstance(op, Delete)]
        + [op for op in kinds if isinstance(op, Delete)]
    )


def diff(old: State, new: State) -> list[Op]:
    """Operations turning ``old`` into ``new``, in an order in which each applies:
    contacts first, then settings and kinds, the other records, and removals last
    (records that refer to a contact or kind before the contact or kind). The order
    of records inside a list is not kept (it carries no meaning there)."""
    per: dict[str, list[Op]] = {}
    for name in LISTS:
        found = diff_list(name, getattr(old, name), getattr(new, name), keep_order=False)
        assert found is not None  # keep_order=False always gives operations
        per[name] = found
    settings = settings_ops(old.settings, new.settings)
    meta = patch("meta", old.meta, new.meta)

    def keeps(ops: Iterable[Op]) -> list[Op]:
        return [op for op in ops if not isinstance(op, Delete)]

    def removes(ops: Iterable[Op]) -> list[Op]:
        return [op for op in ops if isinstance(op, Delete)]

    others = ("activities", "checkins", "journal", "reviews")
    return [
        *([meta] if meta is not None else []),
        *keeps(per["contacts"]),
        *keeps(settings),
        *(op for name in others for op in keeps(per[name])),
        *(op for name in others for op in removes(per[name])),
        *removes(settings),
        *removes(per["contacts"]),
    ]


# -- applying ------------------------------------------------------------------------


def describe(collection: str, record: Any | None, key: str) -> str:
    """The record in words, for a conflict message."""
    if record is None:
        what = {
            "contacts": "contact",
            "activities": "activity",
            "journal": "journal entry",
            "checkins": "check-in",
            "reviews": "weekly review",
            "kinds": "activity kind",
            "settings": "settings",
            "meta": "facts about the data",
        }[collection]
        return f"the {what} {key}" if key else f"the {what}"
    if collection == "contacts":
        return f"the contact {record.name}"
    if collection == "activities":
        return f"the {record.kind} of {record.day.isoformat()}"
    if collection == "checkins":
        return f"the {record.kind.value} check-in of {record.day.isoformat()}"
    if collection == "journal":
        return f"the journal entry of {record.day.isoformat()}"
    if collection == "reviews":
        return f"the review of {record.week}"
    if collection == "kinds":
        return f"the activity kind {record.name!r}"
    return "the settings"


def _find(collection: str, items: Sequence[Record], key: str) -> int | None:
    if collection in ("contacts", "activities", "journal"):
        for i, r in enumerate(items):
            if r.id == key:  # type: ignore[attr-defined]
                return i
        return None
    for i, r in enumerate(items):
        if key_of(collection, r) == key:
            return i
    return None


def position(state: State, collection: str, key: str) -> int | None:
    """Where the record ``key`` is in its list (None: not there, or the settings)."""
    if collection in SINGLES:
        return None
    items = state.settings.activity_kinds if collection == "kinds" else getattr(state, collection)
    return _find(collection, items, key)


def _validate(model: type[Record], data: dict[str, Any], what: str) -> Record:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problem = "; ".join(format_validation_error(exc).splitlines())
        raise Conflict(f"{what} would not be valid: {problem}") from None


_Keep = object()  # the record is already as the operation leaves it


def _resolve(op: Op, current: Record | None) -> Record | None | object:
    """The record ``op`` leaves (None: removed; ``_Keep``: nothing to do)."""
    what = describe(op.collection, current, op.key)
    if isinstance(op, Put):
        if current is None:
            if op.before is not None:
                raise Conflict(f"{what} was removed elsewhere")
            return op.record
        if current is op.record or current == op.record:
            return _Keep
        if op.before is not None and current == op.before:
            return op.record
        if op.before is None:
            raise Conflict(f"{what} was added elsewhere too, with other content")
        raise Conflict(f"{what} was changed elsewhere")
    if isinstance(op, Patch):
        if current is None:
            raise Conflict(f"{what} was removed elsewhere")
        if current is op.base and op.result is not None:
            return op.result
        now = {name: _norm(getattr(current, name, None)) for name in op.fields}
        if now == op.fields:
            return _Keep
        if op.before is not None:
            before = op.before
            changed = [
                name
                for name in op.fields
                if now[name] != before[name] and now[name] != op.fields[name]
            ]
            if changed:
                raise Conflict(f"{what} was changed elsewhere ({', '.join(changed)})")
        data = {**current.model_dump(), **op.fields}
        return _validate(MODELS[op.collection], data, what)
    if current is None:
        return _Keep
    if op.before is not None and current != op.before:
        raise Conflict(f"{what} was changed elsewhere since it was removed here")
    return None


def _check_list(state: State, collection: str, old: Any, new: Any) -> None:
    """References: a record may only name existing contacts; a contact still named may
    not go."""
    if collection in ("activities", "journal") and new is not None:
        wanted: list[str] = new.contact_ids
        if wanted:
            known = {c.id for c in state.contacts}
            missing = [cid for cid in wanted if cid not in known]
            if missing:
                raise Conflict(
                    f"{describe(collection, new, '')} names a contact removed elsewhere "
                    f"({', '.join(missing)})"
                )
    if collection == "contacts" and old is not None and new is None:
        cid = old.id
        if any(cid in a.contact_ids for a in state.activities) or any(
            cid in j.contact_ids for j in state.journal
        ):
            raise Conflict(f"{describe(collection, old, '')} is still named by a record")


def _check_kinds(state: State, settings: Settings) -> None:
    names = {k.name.lower() for k in settings.activity_kinds}
    used = {a.kind.lower() for a in state.activities}
    missing = sorted(used - names)
    if missing:
        raise Conflict(
            "activity kinds that logged activities use would be removed: " + ", ".join(missing)
        )


def _new_settings(state: State, op: Op) -> Settings:
    """The settings ``op`` (on ``settings`` or ``kinds``) leaves."""
    settings = state.settings
    if op.collection == "settings":
        if not isinstance(op, Patch):
            raise ValueError("the settings are one record: only patched")
        found = _resolve(op, settings)
        new = settings if found is _Keep else found
        assert isinstance(new, Settings)
    else:
        kinds = list(settings.activity_kinds)
        i = _find("kinds", kinds, op.key)
        found = _resolve(op, kinds[i] if i is not None else None)
        if found is _Keep:
            return settings
        if i is None:
            assert isinstance(found, ActivityKind) and isinstance(op, Put)
            kinds.insert(len(kinds) if op.at is None else op.at, found)
        elif found is None:
            del kinds[i]
        else:
            assert isinstance(found, ActivityKind)
            kinds[i] = found
        data = {**settings.model_dump(), "activity_kinds": kinds}
        made = _validate(Settings, data, "the settings")
        assert isinstance(made, Settings)
        new = made
    if new is not settings and new.activity_kinds != settings.activity_kinds:
        _check_kinds(state, new)
    return new


def apply(state: State, op: Op, *, in_place: bool = False) -> State:
    """The state with ``op`` applied. Raises :class:`Conflict` when it no longer
    applies; nothing is changed then.

    Pure: a new state sharing the lists ``op`` does not touch, unless ``in_place``
    (the session's own state: its lists are changed where they are, so the engine's
    index and the serialiser's cache see a small change).
    """
    if op.collection not in MODELS:
        raise ValueError(f"unknown collection {op.collection!r}")
    if op.collection == "meta":
        if not isinstance(op, Patch):
            raise ValueError("the meta record is one record: only patched")
        found = _resolve(op, state.meta)
        if found is _Keep:
            return state
        assert isinstance(found, Meta)
        out = state if in_place else state.model_copy()
        out.meta = found
        return out
    if op.collection in ("settings", "kinds"):
        settings = _new_settings(state, op)
        if settings is state.settings:
            return state
        out = state if in_place else state.model_copy()
        out.settings = settings
        return out
    items: list[Record] = getattr(state, op.collection)
    i = _find(op.collection, items, op.key)
    current = items[i] if i is not None else None
    found = _resolve(op, current)
    if found is _Keep:
        return state
    new = found if isinstance(found, Record) else None
    _check_list(state, op.collection, current, new)
    target = items if in_place else list(items)
    if i is None:
        assert new is not None
        at = op.at if isinstance(op, Put) and op.at is not None else len(target)
        target.insert(at, new)
    elif new is None:
        del target[i]
    else:
        target[i] = new
    if in_place:
        return state
    out = state.model_copy()
    setattr(out, op.collection, target)
    return out


def apply_all(state: State, ops: Iterable[Op], *, in_place: bool = False) -> State:
    """Every operation in turn; on a :class:`Conflict` nothing is changed (``in_place``
    applies to a copy first, then to ``state``)."""
    ops = list(ops)
    if not in_place:
        for op in ops:
            state = apply(state, op)
        return state
    probe = state
    for op in ops:
        probe = apply(probe, op)
    for op in ops:
        apply(state, op, in_place=True)
    return state


# -- JSON ----------------------------------------------------------------------------


def _dump(record: Record | None) -> dict[str, Any] | None:
    return None if record is None else record.model_dump(mode="json")


def to_json(op: Op) -> dict[str, Any]:
    """A JSON-able dict: ``{"op": "put" | "patch" | "delete", "collection", ...}``."""
    if isinstance(op, Put):
        out: dict[str, Any] = {"op": "put", "collection": op.collection, "record": _dump(op.record)}
        if op.before is not None:
            out["before"] = _dump(op.before)
        if op.at is not None:
            out["at"] = op.at
        return out
    if isinstance(op, Patch):
        out = {"op": "patch", "collection": op.collection, "key": op.key, "fields": op.fields}
        if op.before is not None:
            out["before"] = op.before
        return out
    out = {"op": "delete", "collection": op.collection, "key": op.key}
    if op.before is not None:
        out["before"] = _dump(op.before)
    return out


def from_json(data: dict[str, Any]) -> Op:
    """The operation :func:`to_json` gave; ValueError when ``data`` is not one."""
    try:
        kind = data["op"]
        collection = data["collection"]
        model = MODELS[collection]

        def load(d: Any) -> Record | None:
            return None if d is None else model.model_validate(d)

        if kind == "put":
            record = load(data["record"])
            assert record is not None
            return Put(collection, record, load(data.get("before")), data.get("at"))
        if kind == "patch":
            return Patch(collection, str(data["key"]), dict(data["fields"]), data.get("before"))
        if kind == "delete":
            return Delete(collection, str(data["key"]), load(data.get("before")))
    except (KeyError, TypeError, AssertionError, ValidationError) as exc:
        raise ValueError(f"not an operation: {exc}") from None
    raise ValueError(f"not an operation: op {kind!r}")
