"""Control characters in records: which text fields hold several lines, cleaning what an
import brings (a whole state from a JSON export), and finding the first field that holds
one (the session refuses it in what a person types).

The rule of what counts is :mod:`habitnet.safetext`'s. A *multi-line* field (a note, a
journal text, a reflection) may hold newlines and tabs; every other text is one line.
Identifiers and references (ids, contact ids, an activity's kind) are not text a person
types: they are left to the models' own checks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import Enum
from typing import Any

from habitnet.models import (
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
)
from habitnet.safetext import clean, control_problem

#: The text fields that hold several lines, per record type.
MULTILINE: dict[type[Record], frozenset[str]] = {
    Contact: frozenset({"they_need", "i_can_offer", "they_offer", "notes"}),
    Activity: frozenset({"note"}),
    CheckIn: frozenset({"note"}),
    JournalEntry: frozenset({"text", "value_offered", "was_mutual", "learned", "follow_up_plan"}),
    WeeklyReview: frozenset({"reflection", "intention"}),
    ActivityKind: frozenset(),
    Settings: frozenset(),
    Meta: frozenset(),
}

#: Fields that are not text a person types (identifiers, computed data, a week label).
NOT_TEXT = frozenset({"id", "contact_ids", "summary", "week"})
#: An activity's kind names one of the settings' kinds: cleaned with them (so they still
#: match), not refused in an activity (the kind was named when it was made).
_ACTIVITY_REFS = frozenset({"kind"})


def _skip(model: type[Record], name: str) -> bool:
    return name in NOT_TEXT or (model is Activity and name in _ACTIVITY_REFS)


def text_values(model: type[Record], fields: Mapping[str, Any]) -> Iterator[tuple[str, str, bool]]:
    """``(field, text, multiline)`` for each piece of text in ``fields`` (of a ``model``
    record): strings, and the strings in lists (emails, tags)."""
    multi = MULTILINE[model]
    for name, value in fields.items():
        if _skip(model, name) or isinstance(value, Enum):
            continue
        if isinstance(value, str):
            yield name, value, name in multi
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    yield name, item, name in multi


def control_problem_in(
    model: type[Record], fields: Mapping[str, Any], labels: Mapping[str, str]
) -> tuple[str, str] | None:
    """The first field of ``fields`` holding a control character, and the message that
    refuses it naming the field by ``labels`` (else its name): ``("name", "Name can't
    contain an escape character (ESC): type plain text.")``; None when all is text."""
    for name, text, multiline in text_values(model, fields):
        problem = control_problem(text, labels.get(name, name), multiline=multiline)
        if problem is not None:
            return name, problem
    for name in ("activity_kinds",):  # the kinds inside the settings
        for kind in fields.get(name, ()) if model is Settings else ():
            if isinstance(kind, ActivityKind):
                kind_fields = {"name": kind.name}
            elif isinstance(kind, dict):
                kind_fields = {"name": kind.get("name", "")}
            else:
                continue
            found = control_problem_in(ActivityKind, kind_fields, labels)
            if found is not None:
                return name, found[1]
    return None


def _clean_value(value: Any, multiline: bool) -> tuple[Any, int]:
    if isinstance(value, Enum):
        return value, 0
    if isinstance(value, str):
        return clean(value, multiline=multiline)
    if isinstance(value, list):
        out, n = [], 0
        for item in value:
            cleaned, k = _clean_value(item, multiline)
            out.append(cleaned)
            n += k
        return (out, n) if n else (value, 0)
    if isinstance(value, dict):  # free-form JSON (a review's summary)
        d, n = {}, 0
        for key, item in value.items():
            cleaned, k = _clean_value(item, True)
            d[key] = cleaned
            n += k
        return (d, n) if n else (value, 0)
    return value, 0


def clean_record(record: Record) -> tuple[Record, int]:
    """``record`` without control characters in its text (a new record when any were
    taken out), and how many characters or escape sequences were."""
    model = type(record)
    update: dict[str, Any] = {}
    total = 0
    for name in model.model_fields:
        value = getattr(record, name)
        if name == "summary":
            cleaned, n = _clean_value(value, True)
        elif name in NOT_TEXT:
            continue
        elif name == "activity_kinds":
            kinds, n = [], 0
            for kind in value:
                new_kind, k = clean_record(kind)
                kinds.append(new_kind)
                n += k
            cleaned = kinds
        else:
            cleaned, n = _clean_value(value, name in MULTILINE[model])
        if n:
            update[name] = cleaned
            total += n
    if not total:
        return record, 0
    return model.model_validate({**record.model_dump(), **update}), total


def clean_state(state: State) -> tuple[State, int]:
    """``state`` with every text field cleaned (an import from a JSON export), and how
    many control characters or escape sequences were taken out."""
    total = 0
    update: dict[str, Any] = {}
    for name in ("settings", "meta"):
        record, n = clean_record(getattr(state, name))
        if n:
            update[name] = record
            total += n
    for name in ("contacts", "activities", "checkins", "journal", "reviews"):
        items = getattr(state, name)
        out = []
        changed = 0
        for item in items:
            new, n = clean_record(item)
            out.append(new)
            changed += n
        if changed:
            update[name] = out
            total += changed
    if not total:
        return state, 0
    return state.model_copy(update=update), total
