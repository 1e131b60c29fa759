"""LinkedIn ``Connections.csv`` as LinkedIn exports it.

Quirks handled: a few ``Notes:`` preamble lines before the header (found, never
skipped by count); older exports without the ``URL`` column; dates like ``12 Mar 2024``;
mostly empty emails; UTF-8 with or without a byte-order mark; quoted fields with commas,
quotes, newlines, accents and emoji.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from habitnet.interop.records import (
    ContactRecord,
    ImportFormatError,
    ParseResult,
    Skipped,
    finish,
)
from habitnet.interop.text import decode

FORMAT = "linkedin"

#: header cell (lower case) -> record field
COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "e-mail address": "email",
    "company": "company",
    "position": "position",
    "connected on": "connected",
}
_OPTIONAL = {"url", "email", "company", "position", "connected"}
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y")


def parse_date(value: str) -> date | None:
    value = " ".join(value.split())
    if not value:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _header_map(cells: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = COLUMNS.get(" ".join(cell.strip().strip('"').lower().split()))
        if key and key not in found:
            found[key] = i
    if "first" in found and "last" in found and found.keys() & _OPTIONAL:
        return found
    return None


def find_header(text: str) -> tuple[int, dict[str, int]] | None:
    """The 0-based line number of the header row and its column map, or None."""
    for lineno, line in enumerate(text.splitlines()):
        if "name" not in line.lower():
            continue
        try:
            cells = next(csv.reader([line]))
        except (csv.Error, StopIteration):
            continue
        found = _header_map(cells)
        if found is not None:
            return lineno, found
    return None


def looks_like_linkedin(text: str) -> bool:
    return find_header(text[:20_000]) is not None


def parse(data: bytes | str) -> ParseResult:
    """Read a LinkedIn connections export. Raises :class:`ImportFormatError` only."""
    text = decode(data, "LinkedIn Connections.csv")
    header = find_header(text)
    if header is None:
        raise ImportFormatError(
            "this is not a LinkedIn Connections.csv: no header line "
            "'First Name,Last Name,…,Company,Position,Connected On' was found"
        )
    header_line, columns = header
    lines = text.splitlines(keepends=True)
    body = "".join(lines[header_line + 1 :])
    width = max(columns.values()) + 1
    result = ParseResult(FORMAT)
    reader = csv.reader(io.StringIO(body, newline=""), strict=False)
    previous_end = header_line + 1  # 1-based line of the header
    while True:
        where = f"line {previous_end + 1}"
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.skipped.append(Skipped(where, f"not readable as CSV ({exc})"))
            previous_end = header_line + 1 + reader.line_num
            continue
        previous_end = header_line + 1 + reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        _row(row, columns, width, where, result)
    return result


def _row(
    row: list[str], columns: dict[str, int], width: int, where: str, result: ParseResult
) -> None:
    def get(key: str) -> str:
        i = columns.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""

    label = " ".join(f"{get('first')} {get('last')}".split())
    if len(row) > width and any(c.strip() for c in row[width:]):
        result.skipped.append(
            Skipped(
                where,
                f"has {len(row)} fields but the header has {width}; a comma inside a value "
                "is probably missing its quotes",
                label,
            )
        )
        return
    record = ContactRecord(
        name=label,
        where=where,
        source=FORMAT,
        organisation=get("company"),
        role=get("position"),
        linkedin_url=get("url"),
        emails=[get("email")] if get("email") else [],
    )
    connected_raw = get("connected")
    connected = parse_date(connected_raw)
    if connected_raw and connected is None:
        record.warnings.append(f"'Connected On' date {connected_raw[:30]!r} not understood")
    record.connected_on = connected
    record.met = f"LinkedIn, connected {connected.isoformat()}" if connected else "LinkedIn"
    if record.linkedin_url and "linkedin." not in record.linkedin_url.lower():
        record.warnings.append(f"URL {record.linkedin_url[:40]!r} is not a LinkedIn address")
        record.linkedin_url = ""
    finish(record, result)


__all__ = ["FORMAT", "ImportFormatError", "looks_like_linkedin", "parse", "parse_date"]
