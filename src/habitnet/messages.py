"""Validation errors in the user's words.

The models say what is wrong in pydantic's terms (``cadence_days: Input should be
greater than or equal to 1``). People meet a field as a flag (``--cadence``) or a form
label (``Follow up every``), so each surface passes a map from field name to the
:class:`Label` it shows, and :func:`user_messages` turns each error into a sentence
naming that label: ``--cadence must be at least 1 day``, ``Name can't be empty``.

The limits in the sentences are the models' own (the error's context; for help texts
and hints, :func:`range_text` reads a field's ``ge``/``le``): never typed twice. No Textual here:
the command line and the forms share this module.

:data:`FORM_LABELS` is the one map of the app's forms: each field as its form labels it.
The forms name their fields from it, and the session names them from it when it refuses
what was typed (a control character), so the message beside a field names that field as
the user sees it. :func:`messages_by_field` gives a form one sentence per field, to show
beside each; :func:`file_messages` says what is wrong in a hand-edited data file, naming
each place the way a JSON editor shows it (``contacts[0].name``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError

from .models import JOURNAL_PROMPTS


@dataclass(frozen=True)
class Label:
    """How a field is named where the user meets it, and the unit of its number."""

    text: str
    unit: str = ""  # "day": "at least 1 day", "at most 3650 days"
    plural: str = ""  # when not unit + "s"

    def amount(self, n: Any) -> str:
        if not self.unit:
            return str(n)
        word = self.unit if n == 1 else (self.plural or self.unit + "s")
        return f"{n} {word}"


Labels = Mapping[str, "Label | str"]

#: Every field a person types in the app's forms, as its form labels it (see the module
#: docstring). A form that labels a field otherwise overrides it (the log form's "With").
FORM_LABELS: dict[str, Label | str] = {
    # a contact
    "name": "Name",
    "organisation": "Organisation",
    "role": "Role",
    "met": "Where / how met",
    "emails": Label("Email(s)", "address", "addresses"),
    "phones": Label("Phone(s)", "number"),
    "linkedin_url": "LinkedIn URL",
    "tags": Label("Tags", "tag"),
    "priority": "Priority",
    "cadence_days": Label("Follow up every", "day"),
    "stage": "Stage",
    "they_need": "What they need",
    "i_can_offer": "What I can offer",
    "they_offer": "What they offer",
    "notes": "Notes",
    # an activity
    "kind": "Kind",
    "contact_ids": Label("People", "person", "people"),
    "direction": "Direction",
    "cost": Label("Cost", "point"),
    "note": "Note",
    "follow_up": "Follow up",
    "override_reason": "Override",
    # a check-in
    "energy": "Energy",
    "mood": "Mood",
    # a journal entry
    "day": "Date",
    "text": "Entry",
    **dict(JOURNAL_PROMPTS),
    # a week's review
    "reflection": "What went well, what was hard?",
    "intention": "Next week's intention",
    "next_daily_target": "Daily target next week",
    "next_daily_cap": "Daily cap next week",
    # the settings' text (their numbers: the Settings screen's labels, screens/settings.py)
    "theme": "Theme",
    "activity_kinds": Label("Activity kinds", "kind"),
}

_DATE = "a date like 2026-11-20"
_DATETIME = "a date and time with its UTC offset, like 2026-11-21T09:30:00+01:00"
_KIND_OF_VALUE = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_parsing": "yes or no",
    "bool_type": "yes or no",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a table of values",
    "date_parsing": _DATE,
    "date_type": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "date_past": _DATE,
    "datetime_parsing": _DATETIME,
    "datetime_type": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
}


def label_of(name: str, labels: Labels = FORM_LABELS) -> str:
    """Field ``name`` as ``labels`` name it (its plain name when they do not)."""
    found = labels.get(name)
    if found is None:
        return humanize(name)
    return found.text if isinstance(found, Label) else found


def humanize(field: str) -> str:
    """``cadence_days`` -> ``Cadence days`` (for a field no label map names)."""
    words = field.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "This value"


def field_bounds(model: type[BaseModel], field: str) -> tuple[Any, Any]:
    """(lowest, highest) allowed value of a number field from its constraints."""
    info = model.model_fields.get(field)
    lo: Any = None
    hi: Any = None
    if info is None:
        return lo, hi
    for m in info.metadata:
        if isinstance(m, Ge):
            lo = m.ge
        elif isinstance(m, Gt):
            lo = m.gt
        elif isinstance(m, Le):
            hi = m.le
        elif isinstance(m, Lt):
            hi = m.lt
    return lo, hi


def range_text(model: type[BaseModel], field: str, label: Label | None = None) -> str:
    """``1–3650 days`` from the field's own limits (for help texts and form hints)."""
    lo, hi = field_bounds(model, field)
    lab = label or Label("")
    if lo is not None and hi is not None:
        return f"{lo}–{lab.amount(hi)}"
    if lo is not None:
        return f"at least {lab.amount(lo)}"
    if hi is not None:
        return f"at most {lab.amount(hi)}"
    return ""


def _label(labels: Labels, loc: tuple[Any, ...]) -> Label:
    names = [p for p in loc if isinstance(p, str) and not p.startswith("[")]  # not "[key]"
    for key in (".".join(names), names[-1] if names else ""):
        found = labels.get(key) if key else None
        if found is not None:
            return found if isinstance(found, Label) else Label(found)
    return Label(humanize(names[-1]) if names else "This value")


def _choices(expected: str) -> str:
    """``'new', 'active' or 'dormant'`` -> ``new, active or dormant``."""
    return expected.replace("'", "")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


def _one(err: Any, labels: Labels, kinds: Mapping[str, str] = _KIND_OF_VALUE) -> str:
    loc: tuple[Any, ...] = tuple(err.get("loc", ()))
    return _said(err, _label(labels, loc) if loc else None, kinds)


def _said(err: Any, lab: Label | None, kinds: Mapping[str, str] = _KIND_OF_VALUE) -> str:
    """One error as a sentence naming ``lab`` (None: a problem of the whole record)."""
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    value = err.get("input")
    if kind == "value_error" or kind == "assertion_error":
        text = str(ctx.get("error", err.get("msg", ""))).removeprefix("Value error, ")
        if lab is None:
            return _sentence(text)
        return f"{lab.text}: {text}"
    lab = lab or Label("This value")
    name = lab.text
    if kind == "missing":
        return f"{name} is needed"
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return f"{name} can't be empty" if n == 1 else f"{name} needs at least {n} characters"
    if kind == "string_too_long":
        n = ctx.get("max_length")
        has = f" (this one has {len(value)})" if isinstance(value, str) else ""
        return f"{name} can be at most {n} characters{has}"
    if kind in ("too_short", "too_long"):
        n = ctx.get("min_length" if kind == "too_short" else "max_length")
        actual = ctx.get("actual_length")
        word = "at least" if kind == "too_short" else "at most"
        count = lab.amount(n) if lab.unit else f"{n} item{'s' if n != 1 else ''}"
        tail = f" (this has {actual})" if actual is not None else ""
        return f"{name} can have {word} {count}{tail}"
    if kind == "greater_than_equal":
        return f"{name} must be at least {lab.amount(ctx['ge'])}"
    if kind == "greater_than":
        return f"{name} must be more than {lab.amount(ctx['gt'])}"
    if kind == "less_than_equal":
        return f"{name} must be at most {lab.amount(ctx['le'])}"
    if kind == "less_than":
        return f"{name} must be less than {lab.amount(ctx['lt'])}"
    if kind in ("enum", "literal_error"):
        return f"{name} must be one of: {_choices(str(ctx.get('expected', '')))}"
    if kind == "timestamp_without_offset":  # the models' own message
        return f"{name}: {err['msg']}"
    if kind == "extra_forbidden":
        return f"{name} is not something this record has"
    if kind in kinds:
        return f"{name} must be {kinds[kind]}"
    return f"{name} is not valid"


_FIELD_PREFIX = re.compile(r"^([a-z][a-z0-9_]*): ")


def user_messages(exc: Exception, labels: Labels) -> list[str]:
    """One sentence per problem, naming each field by its label in ``labels``.

    ``exc`` is a pydantic ``ValidationError``, or a ``ValueError`` of the session's own
    (``field: message``).
    """
    if isinstance(exc, ValidationError):
        return [_one(err, labels) for err in exc.errors()]
    text = str(exc)
    found = _FIELD_PREFIX.match(text)
    if found:
        text = f"{_label(labels, (found.group(1),)).text}: {text[found.end() :]}"
    return [_sentence(text)]


def user_message(exc: Exception, labels: Labels) -> str:
    """:func:`user_messages` joined, one per line."""
    return "\n".join(user_messages(exc, labels))


def messages_by_field(exc: Exception, labels: Labels) -> dict[str, str]:
    """For a form: ``{field: sentence}``, the first problem of each top-level field
    (``""`` for a problem of the whole record), each naming its label in ``labels``.

    ``exc`` is a pydantic ``ValidationError``, or a ``ValueError`` of the session's own:
    ``field: message`` (the message already says what is wrong with the field, e.g. the
    refusal of a control character) or a plain message.
    """
    if isinstance(exc, ValidationError):
        out: dict[str, str] = {}
        for err in exc.errors():
            loc = tuple(err.get("loc", ()))
            out.setdefault(str(loc[0]) if loc else "", _one(err, labels))
        return out
    text = str(exc)
    found = _FIELD_PREFIX.match(text)
    if found:
        return {found.group(1): _sentence(text[found.end() :])}
    return {"": _sentence(text)}


#: What a hand-edited file needs, in the words of the JSON it is written in.
_KIND_IN_FILE = {
    **_KIND_OF_VALUE,
    "string_type": "text in quotes",
    "list_type": "a list [ … ]",
    "dict_type": "an object { … }",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
}


def file_place(loc: tuple[Any, ...]) -> str:
    """Where in the file, as a JSON path: ``contacts[0].name``, ``settings.energy_scale``.
    (pydantic names a model or union it tried, like ``function-after[…]``: left out.)"""
    place = ""
    for part in loc:
        if isinstance(part, int):
            place += f"[{part}]"
        elif isinstance(part, str) and not ("[" in part or "(" in part):
            place += f".{part}" if place else part
    return place or "the file"


def file_messages(exc: ValidationError) -> list[str]:
    """What is wrong in a data file (``habitnet.json`` edited by hand), one sentence per
    problem, each naming its place in the file: ``contacts[0] must be an object { … }``."""
    out = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        if not loc:  # the file's own rules (ids used twice…): they name their places
            out.append(str(err.get("msg", "")).removeprefix("Value error, "))
            continue
        model_kind = err["type"] in ("model_type", "model_attributes_type")
        # "an object" for a record: "contacts[0] must be an object { … }"
        kind_err = {**err, "type": "dict_type"} if model_kind else err
        out.append(_said(kind_err, Label(file_place(loc)), _KIND_IN_FILE))
    return list(dict.fromkeys(out))
