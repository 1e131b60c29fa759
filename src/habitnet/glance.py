"""Today at a glance: what Today and the status line show, as plain JSON-able data.

:func:`today_glance` turns the engine's :class:`~habitnet.engine.plan.Overview` into the
numbers and lines the two draw. It is the one place those texts are made: Today and the
status line render a glance whether it was computed a moment ago or read from the glance
file at start-up (:mod:`habitnet.sidecar`), so both show exactly the same thing. The
same goes for ``habitnet status`` (:mod:`habitnet.status`): its numbers are
:func:`status_numbers`, kept in each glance under :data:`STATUS_KEY`.
No Textual and no pydantic here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine.plan import Overview

Glance = dict[str, Any]

#: Where a day's glance keeps :func:`status_numbers` (``habitnet status`` reads them).
STATUS_KEY = "status_numbers"


def _state(value: int, limit: int, good: bool) -> str:
    if value >= limit:
        return "bad"
    return "good" if good else "warn"


def status_numbers(ov: Overview) -> dict[str, Any]:
    """What ``habitnet status`` says about ``ov.day`` (its ``--json``, less the day)."""
    q, b, r = ov.quota, ov.budget, ov.risk
    return {
        "quota": {
            "count": q.count,
            "target": q.target,
            "cap": q.cap,
            "done": q.done,
            "rest_day": q.rest_day,
            "recovery": q.recovery,
        },
        "energy": {
            "remaining": b.remaining,
            "budget": b.budget,
            "spent": b.spent,
            "week_remaining": b.week_remaining,
        },
        "risk": {"level": r.level, "score": r.score, "recovery": r.recovery},
        "followups_due": ov.due_count,
    }


def today_glance(ov: Overview, contacts: Mapping[str, Any], *, demo: bool = False) -> Glance:
    """What Today and the status line show for ``ov.day``.

    ``contacts`` maps contact ids to contacts (``State.contact_map()``), for the names in
    today's log; an unknown id shows as itself. ``demo``: the data is the demo dataset
    (``State.meta.demo``; the status line says ``DEMO``).
    """
    q, b, r = ov.quota, ov.budget, ov.risk
    if q.rest_day:
        quota = {
            "value": q.count,
            "max": max(q.cap, 1),
            "label": f"{q.count} · rest",
            "state": "good" if q.count == 0 else "warn",
            "detail": q.rest_reason or "Rest day",
        }
        status_q = f"Rest day · {q.count} logged"
    else:
        tick = " ✓" if q.done else ""
        quota = {
            "value": q.count,
            "max": max(q.target, 1),
            "label": f"{q.count}/{q.target}{tick}",
            "state": _state(q.count, q.cap, q.done),
            "detail": f"target {q.target} · cap {q.cap}" + (" · recovery" if q.recovery else ""),
        }
        status_q = f"Quota {q.count}/{q.target}{tick} (cap {q.cap})"
    if q.recovery:
        status_q += " · recovery"

    frac = b.remaining / b.budget if b.budget else 0.0
    debt = f" · debt {b.debt_in}" if b.debt_in else ""
    over = f" · over {b.overspent}" if b.overspent else ""
    energy = {
        "value": b.remaining,
        "max": max(b.budget, 1),
        "label": f"{b.remaining}/{b.budget}",
        "state": "good" if frac > 0.4 else ("warn" if b.remaining > 0 else "bad"),
        "detail": f"spent {b.spent}{debt}{over}",
        "week": f"week {b.week_spent}/{b.week_budget} spent",
    }

    top = max(r.factors, key=lambda f: f.points, default=None)
    if r.recovery and r.recovery_until:
        risk_detail = f"recovery until {r.recovery_until:%a %d %b}"
    elif top is not None and top.points > 0:
        risk_detail = f"top: {top.name}"
    else:
        risk_detail = "no strain factors"
    ch = b.checkin_energy

    if ov.plan:
        plan_empty = None
    elif q.rest_day:
        plan_empty = "(rest day — nothing planned)"
    elif q.done:
        plan_empty = "(target met — well done)"
    else:
        plan_empty = "(no follow-ups fit today's energy; l logs anything)"
    plan = [
        {
            "text": f"{p.kind} · {p.name} · {p.cost} pt — {p.why}",
            "kind": p.kind,
            "contact_id": p.contact_id,
            "name": p.name,
        }
        for p in ov.plan
    ]

    log = []
    for a in sorted(ov.activities, key=lambda a: a.at):
        who = ", ".join(contacts[c].name if c in contacts else c for c in a.contact_ids)
        text = f"{a.at:%H:%M}  {a.kind}" + (f" with {who}" if who else "")
        text += f" · {a.direction_text} · {a.cost} pt" if a.direction_text else f" · {a.cost} pt"
        if a.override_reason:
            text += f" · override: {a.override_reason}"
        if a.note:
            text += f" — {a.note}"
        log.append(text)

    return {
        "day": ov.day.isoformat(),
        "demo": demo,
        "quota": quota,
        "consistency": f"consistency {ov.consistency * 100:.0f} %",
        "energy": energy,
        "risk": {
            "level": r.level,
            "text": f"{r.level.upper()} · {r.score}/100",
            "detail": risk_detail,
        },
        "checkin": f"checked in: energy {ch}" if ch is not None else "no check-in yet (c)",
        "status": [status_q, f"Energy {b.remaining}/{b.budget}", f"Risk {r.score} {r.level}"],
        "plan": plan,
        "plan_empty": plan_empty,
        "log": log,
        "log_empty": "(nothing logged yet today — l logs an activity)",
        STATUS_KEY: status_numbers(ov),
    }
