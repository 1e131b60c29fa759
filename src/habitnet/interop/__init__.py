"""Imports (LinkedIn ``Connections.csv``, vCard) and exports (JSON, CSV, Markdown, iCalendar).

Imports only :mod:`habitnet.models` and :mod:`habitnet.engine`; never Textual or the store.
"""

from __future__ import annotations

from habitnet.interop import linkedin, vcard
from habitnet.interop.merge import Change, MergePlan, apply_plan, plan_import
from habitnet.interop.records import ContactRecord, ImportFormatError, ParseResult, Skipped
from habitnet.interop.text import decode

FORMATS = ("linkedin", "vcard", "json")


def detect_format(data: bytes) -> str:
    """``linkedin``, ``vcard`` or ``json`` from the content; ImportFormatError otherwise."""
    head = data[:20_000]
    try:
        text = decode(head, "import", lenient=True)
    except ImportFormatError:
        text = head.decode("latin-1")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "json"
    if vcard.looks_like_vcard(text):
        return "vcard"
    if linkedin.looks_like_linkedin(text):
        return "linkedin"
    if not stripped:
        raise ImportFormatError("the file is empty")
    raise ImportFormatError(
        "cannot tell what this file is: it is not a habitnet JSON export (starts with '{'), "
        "a vCard (starts with BEGIN:VCARD) or a LinkedIn Connections.csv (has a "
        "'First Name,Last Name,…' header); pass --format to say which it should be"
    )


def parse_contacts(data: bytes, fmt: str) -> ParseResult:
    """Parse a LinkedIn or vCard file. Raises ImportFormatError only."""
    if fmt == "linkedin":
        return linkedin.parse(data)
    if fmt == "vcard":
        return vcard.parse(data)
    raise ImportFormatError(f"{fmt!r} is not a contacts format (linkedin or vcard)")


__all__ = [
    "FORMATS",
    "Change",
    "ContactRecord",
    "ImportFormatError",
    "MergePlan",
    "ParseResult",
    "Skipped",
    "apply_plan",
    "detect_format",
    "parse_contacts",
    "plan_import",
]
