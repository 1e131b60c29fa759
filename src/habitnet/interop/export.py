"""Exports that need no engine: the full JSON document and spreadsheet CSVs.

CSV choices (documented in ``docs/CLI.md``): a header row, ISO dates (``2026-11-21``)
and ISO timestamps with their offset, several values in one cell joined by ``"; "``,
CRLF line ends (RFC 4180), UTF-8 *with* a byte-order mark so Excel reads accents and
emoji correctly. A text cell starting with ``= + - @`` (or a tab / carriage return)
gets a leading apostrophe so a spreadsheet shows it instead of running it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from habitnet.models import Contact, State

BOM = "\ufeff"

ACTIVITY_COLUMNS = (
    "id",
    "date",
    "time",
    "timestamp",
    "kind",
    "contacts",
    "contact_ids",
    "direction",
    "cost",
    "note",
    "follow_up",
    "override_reason",
)

#: Every contact field, in the model's order: a new field reaches the CSV by itself.
CONTACT_COLUMNS: tuple[str, ...] = tuple(Contact.model_fields)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Text that a spreadsheet shows as text, never evaluates as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def export_json(state: State) -> str:
    """The whole state; importing it into an empty folder gives the same state back."""
    return state.model_dump_json(indent=1) + "\n"


def _csv(columns: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(list(columns))
    for row in rows:
        writer.writerow(
            [safe_cell(v) if isinstance(v, str) else ("" if v is None else v) for v in row]
        )
    return BOM + buf.getvalue()


def activities_csv(state: State) -> str:
    names = {c.id: c.name for c in state.contacts}
    rows = []
    for a in sorted(state.activities, key=lambda a: a.at):
        rows.append(
            (
                a.id,
                a.at.date().isoformat(),
                a.at.strftime("%H:%M"),
                a.at.isoformat(timespec="seconds"),
                a.kind,
                "; ".join(names.get(cid, cid) for cid in a.contact_ids),
                "; ".join(a.contact_ids),
                a.direction_text,
                a.cost,
                a.note,
                a.follow_up.isoformat() if a.follow_up else "",
                a.override_reason or "",
            )
        )
    return _csv(ACTIVITY_COLUMNS, rows)


def contacts_csv(state: State) -> str:
    rows = []
    for c in sorted(state.contacts, key=lambda c: (c.name.casefold(), c.id)):
        rows.append(
            (
                c.id,
                c.name,
                c.organisation,
                c.role,
                c.met,
                "; ".join(c.emails),
                "; ".join(c.phones),
                c.linkedin_url,
                "; ".join(c.tags),
                c.priority,
                c.cadence_days,
                c.stage.value,
                c.they_need,
                c.i_can_offer,
                c.they_offer,
                c.notes,
                c.created.isoformat(),
                "yes" if c.archived else "no",
            )
        )
    return _csv(CONTACT_COLUMNS, rows)
