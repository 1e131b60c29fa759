"""Exports: the full JSON document and spreadsheet CSVs (no engine needed), and
:func:`export_all`, every format at once (the app's Export, ``habitnet export --format all``).

CSV choices (documented in ``docs/CLI.md``): a header row, ISO dates (``2026-11-21``)
and ISO timestamps with their offset, several values in one cell joined by ``"; "``,
CRLF line ends (RFC 4180), UTF-8 *with* a byte-order mark so Excel reads accents and
emoji correctly. A text cell starting with ``= + - @`` (or a tab / carriage return)
gets a leading apostrophe so a spreadsheet shows it instead of running it as a formula.
Control characters an old file holds are shown as visible stand-ins (``␛``) in the CSV
and Markdown exports, and escaped in the JSON one: no export carries a raw one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path

from habitnet.models import Contact, State
from habitnet.safetext import escape_json, visible

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
    """The whole state; importing it into an empty folder gives the same state back.
    Control characters in its text stay in the data, escaped (``\\u001b``), never raw."""
    return escape_json(state.model_dump_json(indent=1)) + "\n"


def _csv(columns: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(list(columns))
    for row in rows:
        writer.writerow(
            [
                safe_cell(visible(v, multiline=True))
                if isinstance(v, str)
                else ("" if v is None else v)
                for v in row
            ]
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


# -- everything at once ------------------------------------------------------------------

#: The files :func:`export_all` writes, in the order it writes them.
EXPORT_FILES = (
    "habitnet.json",
    "activities.csv",
    "contacts.csv",
    "journal.md",
    "reviews.md",
    "followups.ics",
)


def journal_markdown(state: State) -> str:
    """Every journal entry, newest first, as Markdown (for a notes app): the text, the
    prompts answered, tags and the people it names."""
    from habitnet.models import JOURNAL_PROMPTS

    names = {c.id: c.name for c in state.contacts}
    out = ["# Journal", ""]
    for e in sorted(state.journal, key=lambda e: (e.day, e.id), reverse=True):
        out += [f"## {e.day:%A %d %B %Y}", ""]
        if e.text.strip():
            out += [e.text.strip(), ""]
        for key, prompt in JOURNAL_PROMPTS:
            answer = getattr(e, key).strip()
            if answer:
                out += [f"**{prompt}** {answer}", ""]
        if e.tags:
            out += ["Tags: " + ", ".join(f"#{t}" for t in e.tags), ""]
        if e.contact_ids:
            out += ["People: " + ", ".join(names.get(c, c) for c in e.contact_ids), ""]
    if len(out) == 2:
        out += ["No entries yet.", ""]
    return visible("\n".join(out), multiline=True)


def reviews_markdown(state: State, today: date) -> str:
    """Every written weekly review, newest first, each as ``habitnet export --format md``
    writes one week (the engine's numbers for the week up to ``today``, then the review)."""
    from habitnet import engine
    from habitnet.interop.review import review_markdown

    reviews = sorted(state.reviews, key=lambda r: r.week, reverse=True)
    if not reviews:
        return "# Weekly reviews\n\nNo reviews written yet.\n"
    return "\n".join(
        review_markdown(engine.weekly_summary(state, r.week, today), r) for r in reviews
    )


def export_all(state: State, folder: Path, now: datetime) -> list[Path]:
    """Write every export format into ``folder`` (made if missing): the JSON document,
    both CSV tables, the journal and the weekly reviews as Markdown and the follow-ups
    due within 30 days as iCalendar (:data:`EXPORT_FILES`), private like the data (a new
    folder 0700, the files 0600). Serves the app's Export and ``habitnet export --format
    all``. Returns the files written."""
    from habitnet.interop.ical import followups_ics
    from habitnet.store.files import make_private_dir, write_private

    writers: dict[str, Callable[[], str]] = {
        "habitnet.json": lambda: export_json(state),
        "activities.csv": lambda: activities_csv(state),
        "contacts.csv": lambda: contacts_csv(state),
        "journal.md": lambda: journal_markdown(state),
        "reviews.md": lambda: reviews_markdown(state, now.date()),
        "followups.ics": lambda: followups_ics(state, now.date(), now),
    }
    assert tuple(writers) == EXPORT_FILES
    make_private_dir(folder)  # exports are private like the data: 0700, files 0600
    written = []
    for name, write in writers.items():
        path = folder / name
        write_private(path, write().encode("utf-8"))
        written.append(path)
    return written
