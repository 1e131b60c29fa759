"""``habitnet status``: one line for a shell prompt or a tmux status bar.

A prompt or a status bar runs it every few seconds, so it answers from the glance file
(:mod:`habitnet.sidecar`) when that is current — written for today, for the data file
now on disk — with the standard library only. Not when the folder syncs and a device's
change log has arrived since the data file was merged (:mod:`habitnet.sync.quick`):
the data is then the data file merged with every device's logs, and the glance's stamp
cannot tell that a log has arrived. Otherwise the
command loads the data as every command does (``habitnet.cli.cmd_status``) and then
refreshes the glance file, so that the next call is fast again
(:func:`refresh_glance`). Both print with :func:`render`, from the same numbers:
:func:`habitnet.glance.status_numbers` of the engine's overview of the day, kept in
each day's glance under ``STATUS_KEY``.

Refreshing never takes the writer's lock, so it never makes a running app (or one that
is starting) wait or open read-only: the glance file is replaced in one step, stamped
with the data file as it was read, and only if that file has not changed since.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import sidecar
from .glance import STATUS_KEY

if TYPE_CHECKING:
    from .engine.plan import Overview
    from .models import State


def fancy(out: IO[str], plain: bool) -> bool:
    """May we print ✓ and ·? Not with --plain or on a non-UTF-8 stream."""
    if plain:
        return False
    encoding = getattr(out, "encoding", None) or "utf-8"
    return "utf" in encoding.lower()


def render(numbers: dict[str, Any], day: date, *, as_json: bool, fancy: bool) -> str:
    """What ``habitnet status`` prints for ``numbers`` (one line, or ``--json``)."""
    if as_json:
        doc = {"data": True, "day": day.isoformat(), **numbers}
        return json.dumps(doc, indent=2, ensure_ascii=False, default=str)
    quota, energy, risk = numbers["quota"], numbers["energy"], numbers["risk"]
    if quota["rest_day"] and quota["count"] == 0:
        q = "rest day"
    else:
        q = f"{quota['count']}/{quota['target']}"
        if quota["done"]:
            q += " ✓" if fancy else " ok"
    due = numbers["followups_due"]
    parts = [
        f"habitnet {q}",
        f"energy {energy['remaining']}/{energy['budget']}",
        f"risk {risk['level']} {risk['score']}" + (" (recovery)" if risk["recovery"] else ""),
        f"{due} follow-up{'' if due == 1 else 's'} due",
    ]
    return (" · " if fancy else " | ").join(parts)


def answer_from_glance(
    data_dir: Path, day: date, out: IO[str], *, as_json: bool, plain: bool
) -> int | None:
    """Print the status for ``day`` from a current glance file and return 0; None (and
    nothing printed) when there is none, so the full command answers."""
    glance = sidecar.read(data_dir, day)
    numbers = glance.get(STATUS_KEY) if glance is not None else None
    if not isinstance(numbers, dict):
        return None
    try:
        text = render(numbers, day, as_json=as_json, fancy=fancy(out, plain))
    except (KeyError, TypeError):  # a glance from another version: the full path answers
        return None
    out.write(text + "\n")
    return 0


def refresh_glance(
    data_dir: Path, stamp: sidecar.Stamp | None, state: State, today: Overview
) -> bool:
    """After a full load: write the glance file for ``today.day`` and the day after, from
    ``state`` — the data file read when its identity was ``stamp`` (taken before
    reading it). Nothing is written if the file has changed since: a glance is only ever
    stamped with the file it was computed from. False when nothing was written."""
    from .engine import today_overview
    from .glance import today_glance
    from .store.core import write_glance_file

    path = data_dir / sidecar.DATA_FILE
    if stamp is None or sidecar.file_stamp(path) != stamp:
        return False
    names = state.contact_map()
    tomorrow = today.day + timedelta(days=1)
    days = {
        today.day.isoformat(): today_glance(today, names, demo=state.meta.demo),
        tomorrow.isoformat(): today_glance(
            today_overview(state, tomorrow), names, demo=state.meta.demo
        ),
    }
    if sidecar.file_stamp(path) != stamp:
        return False
    return write_glance_file(data_dir, stamp, days)
