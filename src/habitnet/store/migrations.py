"""Ordered schema migrations, applied to the raw JSON before validation.

``MIGRATIONS[n]`` turns a version-``n`` document into a version-``n + 1`` one. Version 0
is the pre-release format: no ``schema_version`` key, a contact's single ``email``
string, check-ins keyed by ``date``, and activity kinds without the ``meeting`` flag.
Version 2 (see ``_v1_to_v2``) adds the day the data was started, where contacts came
from, and no direction on an activity with nobody.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ..models import SCHEMA_VERSION

Doc = dict[str, Any]

_MEETING_KINDS = {"call", "coffee", "informational interview", "event"}


def _v0_to_v1(doc: Doc) -> Doc:
    """Only what has the old shape is changed; anything else is left for validation
    to name (an old file with ``"contacts": [1, 2]`` is refused, not a crash)."""
    out = dict(doc)
    contacts = doc.get("contacts", [])
    if isinstance(contacts, list):
        out["contacts"] = [_v0_contact(c) if isinstance(c, dict) else c for c in contacts]
    checkins = doc.get("checkins", [])
    if isinstance(checkins, list):
        out["checkins"] = [_v0_checkin(ch) if isinstance(ch, dict) else ch for ch in checkins]
    settings = doc.get("settings", {})
    if isinstance(settings, dict):
        settings = dict(settings)
        kinds = settings.get("activity_kinds")
        if isinstance(kinds, list):
            settings["activity_kinds"] = [_v0_kind(k) if isinstance(k, dict) else k for k in kinds]
    out["settings"] = settings
    out["schema_version"] = 1
    return out


def _v0_contact(c: Doc) -> Doc:
    c = dict(c)
    if "email" in c:
        email = c.pop("email")
        emails = c.get("emails", [])
        emails = list(emails) if isinstance(emails, list) else [emails]
        if isinstance(email, str) and email.strip():
            emails.insert(0, email)
        c["emails"] = emails
    return c


def _v0_checkin(ch: Doc) -> Doc:
    ch = dict(ch)
    if "date" in ch and "day" not in ch:
        ch["day"] = ch.pop("date")
    return ch


def _v0_kind(k: Doc) -> Doc:
    k = dict(k)
    k.setdefault("meeting", str(k.get("name", "")).lower() in _MEETING_KINDS)
    return k


# -- version 1 -> 2 (issue #14: a real user's first weeks) ------------------------------
#
# * ``meta.started``: the day the data was started, from the earliest record (an
#   activity's day, a check-in, a journal entry, a review written, a contact added);
#   a LinkedIn connection's "connected on" date is not a record and never counts.
# * A contact's ``source``: contacts a LinkedIn import made (their "met" reads
#   ``LinkedIn`` or ``LinkedIn, connected YYYY-MM-DD``, as the importer wrote it) are
#   marked ``linkedin``, imported on the day they were added; all others ``manual``.
# * An activity's direction belongs to a person: without contacts it goes; with
#   contacts, a missing one is spelled out as ``mutual`` (version 1's default).
# Values of the wrong type are left alone for validation to report.

_LINKEDIN_MET = re.compile(r"^LinkedIn(, connected \d{4}-\d{2}-\d{2})?$")


def _iso_day(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a date or timestamp string (its own local day), else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _v1_to_v2(doc: Doc) -> Doc:
    out = dict(doc)
    days: list[str | None] = []

    def each(key: str, fix: Callable[[Doc], None]) -> None:
        items = doc.get(key)
        if isinstance(items, list):
            out[key] = [_fixed(x, fix) for x in items]

    def activity(a: Doc) -> None:
        days.append(_iso_day(a.get("at")))
        if a.get("contact_ids"):
            a.setdefault("direction", "mutual")
        else:
            a.pop("direction", None)

    def contact(c: Doc) -> None:
        days.append(_iso_day(c.get("created")))
        met = c.get("met")
        if "source" not in c and isinstance(met, str) and _LINKEDIN_MET.match(met):
            c["source"] = "linkedin"
            c.setdefault("imported_on", c.get("created"))

    each("activities", activity)
    each("contacts", contact)
    each("checkins", lambda ch: days.append(_iso_day(ch.get("day"))))
    each("journal", lambda j: days.append(_iso_day(j.get("day"))))
    each("reviews", lambda r: days.append(_iso_day(r.get("written_at"))))
    if "meta" not in out:
        known = [d for d in days if d]
        out["meta"] = {"started": min(known) if known else None}
    out["schema_version"] = 2
    return out


def _fixed(item: Any, fix: Callable[[Doc], None]) -> Any:
    if not isinstance(item, dict):
        return item
    item = dict(item)
    fix(item)
    return item


MIGRATIONS: dict[int, Callable[[Doc], Doc]] = {0: _v0_to_v1, 1: _v1_to_v2}


def version_of(doc: Doc) -> int:
    v = doc.get("schema_version", 0)
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        raise ValueError(f"schema_version must be a whole number ≥ 0, not {v!r}")
    return v


def migrate(doc: Doc) -> tuple[Doc, int]:
    """Return the document at the current version and the version it started at."""
    start = version_of(doc)
    v = start
    while v < SCHEMA_VERSION:
        doc = MIGRATIONS[v](doc)
        v += 1
    return doc, start
