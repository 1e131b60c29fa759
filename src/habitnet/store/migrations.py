"""Ordered schema migrations, applied to the raw JSON before validation.

``MIGRATIONS[n]`` turns a version-``n`` document into a version-``n + 1`` one. Version 0
is the pre-release format: no ``schema_version`` key, a contact's single ``email``
string, check-ins keyed by ``date``, and activity kinds without the ``meeting`` flag.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..models import SCHEMA_VERSION

Doc = dict[str, Any]

_MEETING_KINDS = {"call", "coffee", "informational interview", "event"}


def _v0_to_v1(doc: Doc) -> Doc:
    out = dict(doc)
    contacts = []
    for c in doc.get("contacts", []):
        c = dict(c)
        if "email" in c:
            email = c.pop("email")
            emails = list(c.get("emails", []))
            if isinstance(email, str) and email.strip():
                emails.insert(0, email)
            c["emails"] = emails
        contacts.append(c)
    out["contacts"] = contacts
    checkins = []
    for ch in doc.get("checkins", []):
        ch = dict(ch)
        if "date" in ch and "day" not in ch:
            ch["day"] = ch.pop("date")
        checkins.append(ch)
    out["checkins"] = checkins
    settings = dict(doc.get("settings", {}))
    if "activity_kinds" in settings:
        kinds = []
        for k in settings["activity_kinds"]:
            k = dict(k)
            k.setdefault("meeting", str(k.get("name", "")).lower() in _MEETING_KINDS)
            kinds.append(k)
        settings["activity_kinds"] = kinds
    out["settings"] = settings
    out["schema_version"] = 1
    return out


MIGRATIONS: dict[int, Callable[[Doc], Doc]] = {0: _v0_to_v1}


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
