"""Imports (LinkedIn ``Connections.csv``, vCard) and exports (JSON, CSV, Markdown, iCalendar).

Imports only :mod:`habitnet.models` and :mod:`habitnet.engine`; never Textual or the store.
"""

from __future__ import annotations

from pathlib import Path

from habitnet.interop import linkedin, vcard
from habitnet.interop.merge import Change, MergePlan, apply_plan, plan_import
from habitnet.interop.records import (
    ContactRecord,
    ImportFormatError,
    ImportReadError,
    ParseResult,
    Skipped,
)
from habitnet.interop.text import decode

FORMATS = ("linkedin", "vcard", "json")


def read_import_file(path: Path) -> bytes:
    """The bytes of a file to import (``habitnet import`` and the palette's import);
    ImportReadError, saying what is wrong, when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportReadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportReadError(f"{path} is a folder; give the file to import") from None
    except OSError as exc:
        raise ImportReadError(f"cannot read {path}: {exc.strerror or exc}") from None


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
    "ImportReadError",
    "MergePlan",
    "ParseResult",
    "Skipped",
    "apply_plan",
    "detect_format",
    "parse_contacts",
    "plan_import",
    "read_import_file",
]
