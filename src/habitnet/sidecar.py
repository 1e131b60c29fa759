"""The glance file: a few kilobytes beside the data file that let Today draw its real
numbers before the data file has been read.

``habitnet.glance.json`` holds what Today and the status line show for a day or two (see
:mod:`habitnet.glance`), stamped with the identity of the data file it was computed
from: inode, size and modification time in nanoseconds. Every save replaces the data
file (a new inode and time), so a glance whose stamp differs from the data file on disk
is stale — the file was saved since, restored, edited by hand or changed by the command
line — and is ignored: Today then waits for the full load, as without a glance.

The glance is never the data: nothing is ever read back from it into the state, and
losing or corrupting it costs only a slower start. Standard library only (and the
data file's name, :mod:`habitnet.locations`), because the app reads it before its first
frame, before pydantic is imported.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from .locations import DATA_FILE

GLANCE_FILE = "habitnet.glance.json"
#: 2: each day's glance says whether the data is the demo (``demo``).
FORMAT = 2

Stamp = tuple[int, int, int]


def file_stamp(path: Path) -> Stamp | None:
    """(inode, size, mtime_ns) of ``path``; None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def encode(stamp: Stamp, days: dict[str, Any]) -> bytes:
    """The glance file's bytes for ``days`` (ISO date → glance) of the file ``stamp``."""
    doc = {"format": FORMAT, "data_file": list(stamp), "days": days}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def _days(data_dir: Path) -> dict[str, Any]:
    """The glance file's days when it is for the data file now on disk, else none.

    Empty whenever anything is off (no file, unreadable, another format, another data
    file): the caller then waits for the data, as it would anyway.
    """
    stamp = file_stamp(data_dir / DATA_FILE)
    if stamp is None:
        return {}
    try:
        doc = json.loads((data_dir / GLANCE_FILE).read_bytes())
        if doc.get("format") != FORMAT or tuple(doc.get("data_file") or ()) != stamp:
            return {}
        days = doc["days"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return days if isinstance(days, dict) else {}


def read(data_dir: Path, day: date) -> dict[str, Any] | None:
    """The glance for ``day`` if ``data_dir`` has one that matches its data file."""
    glance = _days(data_dir).get(day.isoformat())
    return glance if isinstance(glance, dict) else None


def days_in(data_dir: Path) -> set[str]:
    """The days the current glance file covers for the current data file (maybe none)."""
    return set(_days(data_dir))
