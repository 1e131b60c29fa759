"""What the import parsers produce: validated contact records and skipped rows.

A parser never raises anything but :class:`ImportFormatError` (the whole file is not
what it claims to be). A bad row or card becomes a :class:`Skipped` with a reason a
person can read; the rest of the file still imports.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from habitnet.models import (
    MAX_NAME,
    MAX_NOTE,
    MAX_TAGS,
    Contact,
    ContactSource,
    format_validation_error,
)
from habitnet.safetext import clean, visible

#: Used only to validate a record before the real creation day is known.
_PROBE_DAY = date(2000, 1, 1)


class ImportFormatError(ValueError):
    """The file as a whole cannot be read as the format it claims; nothing was imported."""


class ImportReadError(ValueError):
    """The file to import cannot be read at all (missing, a folder, no permission); the
    message says so in the user's words."""


@dataclass
class Skipped:
    where: str  # "line 12", "card 3 (line 40)"
    reason: str
    label: str = ""  # a name, when one was readable

    def __post_init__(self) -> None:
        # Quoted from the file: control characters shown as stand-ins, never sent raw.
        self.reason = visible(self.reason)
        self.label = visible(self.label)

    def __str__(self) -> str:
        who = f" ({self.label})" if self.label else ""
        return f"{self.where}{who}: {self.reason}"


@dataclass
class ContactRecord:
    """One contact read from a file, before it is matched against the data."""

    name: str
    where: str
    source: str  # "linkedin" | "vcard"
    organisation: str = ""
    role: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    linkedin_url: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    met: str = ""
    connected_on: date | None = None
    warnings: list[str] = field(default_factory=list)

    def contact_fields(self) -> dict[str, object]:
        return {
            "name": self.name,
            "organisation": self.organisation,
            "role": self.role,
            "emails": list(self.emails),
            "phones": list(self.phones),
            "linkedin_url": self.linkedin_url,
            "tags": list(self.tags),
            "notes": self.notes,
            "met": self.met,
        }

    def to_contact(self, created: date, cadence_days: int = 30) -> Contact:
        """A new contact, marked with the import it came from (imports are not outreach:
        the weekly review does not count them as new people)."""
        return Contact(
            created=created,
            cadence_days=cadence_days,
            source=ContactSource(self.source),
            imported_on=created,
            **self.contact_fields(),
        )


@dataclass
class ParseResult:
    format: str
    records: list[ContactRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: control characters and escape sequences taken out of the kept records
    cleaned: int = 0


def clip(value: str, limit: int, what: str, warnings: list[str]) -> str:
    value = " ".join(value.split()) if limit <= MAX_NAME else value.strip()
    if len(value) > limit:
        warnings.append(f"{what} shortened to {limit} characters")
        value = value[: limit - 1].rstrip() + "…"
    return value


def _clean(record: ContactRecord) -> int:
    """Take control characters and escape sequences out of every field (newlines and
    tabs stay in the notes); how many were taken out."""
    n = 0

    def c(text: str, multiline: bool = False) -> str:
        nonlocal n
        cleaned, k = clean(text, multiline=multiline)
        n += k
        return cleaned

    record.name = c(record.name)
    record.organisation = c(record.organisation)
    record.role = c(record.role)
    record.linkedin_url = c(record.linkedin_url)
    record.met = c(record.met)
    record.notes = c(record.notes, multiline=True)
    record.emails = [c(e) for e in record.emails]
    record.phones = [c(p) for p in record.phones]
    record.tags = [c(t) for t in record.tags]
    record.warnings = [visible(x) for x in record.warnings]
    return n


def finish(record: ContactRecord, result: ParseResult) -> None:
    """Clean a record's text, tidy its fields to the model's limits, validate it, keep
    it or skip it."""
    cleaned = _clean(record)
    w = record.warnings
    record.name = clip(record.name, MAX_NAME, "name", w)
    record.organisation = clip(record.organisation, MAX_NAME, "organisation", w)
    record.role = clip(record.role, MAX_NAME, "role", w)
    record.linkedin_url = clip(record.linkedin_url, MAX_NAME, "LinkedIn URL", w)
    record.met = clip(record.met, MAX_NAME, "met", w)
    record.notes = clip(record.notes, MAX_NOTE, "note", w)
    emails: list[str] = []
    for e in record.emails:
        e = e.strip().strip("<>").strip()
        if not e:
            continue
        if "@" not in e or e.startswith("@") or e.endswith("@") or len(e) > MAX_NAME:
            w.append(f"{e[:40]!r} is not an email address; left out")
            continue
        emails.append(e)
    record.emails = emails
    phones: list[str] = []
    for p in record.phones:
        p = " ".join(p.split())
        if not p:
            continue
        if len(p) > 60:
            w.append(f"phone {p[:20]!r}… is longer than 60 characters; left out")
            continue
        if p not in phones:
            phones.append(p)
    record.phones = phones
    tags: list[str] = []
    for t in record.tags:
        t = t.strip().lower()
        if not t or t in tags:
            continue
        if len(t) > 50:
            w.append(f"tag {t[:20]!r}… is longer than 50 characters; left out")
            continue
        tags.append(t)
    if len(tags) > MAX_TAGS:
        w.append(f"only the first {MAX_TAGS} tags kept")
        tags = tags[:MAX_TAGS]
    record.tags = tags
    if not record.name:
        result.skipped.append(Skipped(record.where, "no name"))
        return
    try:
        record.to_contact(_PROBE_DAY)
    except ValidationError as exc:
        reason = "; ".join(format_validation_error(exc).splitlines())
        result.skipped.append(Skipped(record.where, reason, record.name))
        return
    result.records.append(record)
    result.cleaned += cleaned


def fold_key(text: str) -> str:
    """A comparison key: Unicode-normalised, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def normalise_linkedin_url(url: str) -> str:
    """``https://www.LinkedIn.com/in/jane-doe/?x=1`` -> ``linkedin.com/in/jane-doe``."""
    u = url.strip().lower()
    for prefix in ("https://", "http://"):
        if u.startswith(prefix):
            u = u[len(prefix) :]
    u = u.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    for prefix in ("www.", "m."):
        if u.startswith(prefix):
            u = u[len(prefix) :]
    # country subdomains: uk.linkedin.com/in/x
    host, _, path = u.partition("/")
    if host.endswith(".linkedin.com"):
        host = "linkedin.com"
    return f"{host}/{path}" if path else host
