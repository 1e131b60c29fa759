"""A 365-day simulation of three personas, with and without the guard.

Each persona *intends* some outreach every day (a seeded random routine). In the guarded
world every intended activity goes through :func:`evaluate_activity`: allowed ones are
logged; a refused one is either dropped or, with the persona's override habit, logged
with a reason. In the unguarded world everything intended is logged (a broken limit is marked as an
override there too, so the risk score sees it). Both worlds are
then measured by the same rules: an *overspend day* is a day whose spending created
debt (over the day's budget or past the weekly budget).

Run ``python -m habitnet.engine.simulate`` to print the table in docs/COACHING.md.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from habitnet.engine.budget import day_budget
from habitnet.engine.burnout import burnout_risk
from habitnet.engine.consistency import consistency
from habitnet.engine.decide import evaluate_activity
from habitnet.engine.quota import quota_status
from habitnet.models import Activity, CheckIn, Direction, State

START = date(2025, 11, 24)  # a Monday
DAYS = 365


@dataclass(frozen=True)
class Persona:
    name: str
    override_rate: float
    description: str


PERSONAS = (
    Persona("steady", 0.0, "3 light touches on weekdays and Saturday, a coffee a week"),
    Persona(
        "bursty job-hunter",
        0.3,
        "almost nothing, then three 3-week job hunts of 6–9 activities a day",
    ),
    Persona("over-committer", 0.25, "5–7 activities every day, events and volunteering"),
)


def _intended(p: Persona, day: date, rng: random.Random) -> tuple[list[str], int]:
    """(kinds intended today, morning energy) for the persona."""
    wd = day.weekday()
    n_day = (day - START).days
    if p.name == "steady":
        energy = rng.choice((3, 4, 4, 5))
        if wd == 6:
            return [], energy
        kinds = ["message", "follow-up", "community post"]
        if wd == 2:
            kinds[2] = "call"
        if wd == 4:
            kinds[2] = "coffee"
        return kinds, energy
    if p.name == "bursty job-hunter":
        hunting = any(s <= n_day < s + 21 for s in (40, 180, 300))
        if not hunting:
            kinds = ["message"] if rng.random() < 0.1 else []
            return kinds, rng.choice((3, 4, 5))
        energy = rng.choice((2, 3, 3, 4))
        pool = ["message", "follow-up", "call", "coffee", "informational interview", "event"]
        return [rng.choice(pool) for _ in range(rng.randint(6, 9))], energy
    energy = rng.choice((2, 3, 3, 4))
    pool = ["message", "follow-up", "call", "coffee", "event", "volunteering", "introduction"]
    return [rng.choice(pool) for _ in range(rng.randint(5, 7))], energy


@dataclass(frozen=True)
class WorldResult:
    intended: int
    logged: int
    refused: int
    overrides: int
    overspend_days: int
    overspent_points: int
    red_days: int
    done_days: int
    consistency: float


@dataclass(frozen=True)
class PersonaResult:
    persona: Persona
    guarded: WorldResult
    unguarded: WorldResult

    @property
    def prevented(self) -> int:
        return self.unguarded.overspend_days - self.guarded.overspend_days


def _measure(state: State, intended: int, refused: int) -> WorldResult:
    over_days = over_pts = red = done = 0
    for i in range(DAYS):
        day = START + timedelta(days=i)
        b = day_budget(state, day)
        over = b.debt_out - max(0, b.debt_in - b.scaled)
        if over > 0:
            over_days += 1
            over_pts += over
        if burnout_risk(state, day).level == "red":
            red += 1
        q = quota_status(state, day)
        if not q.rest_day and q.done:
            done += 1
    return WorldResult(
        intended=intended,
        logged=len(state.activities),
        refused=refused,
        overrides=sum(1 for a in state.activities if a.override_reason),
        overspend_days=over_days,
        overspent_points=over_pts,
        red_days=red,
        done_days=done,
        consistency=round(consistency(state, START + timedelta(days=DAYS - 1)), 3),
    )


def simulate(p: Persona, seed: int = 7) -> PersonaResult:
    rng = random.Random(f"{p.name}-{seed}")
    guarded, free = State(), State()
    intended = refused = 0
    for i in range(DAYS):
        day = START + timedelta(days=i)
        kinds, energy = _intended(p, day, rng)
        for s in (guarded, free):
            s.checkins.append(CheckIn(day=day, energy=energy, mood=3))
        for j, kind in enumerate(kinds):
            intended += 1
            k = guarded.settings.kind(kind)
            assert k is not None
            at = datetime.combine(day, time(8 + j, 0), tzinfo=UTC)
            a = Activity(at=at, kind=kind, cost=k.cost, direction=Direction.MUTUAL)
            # without the guard everything is logged; a broken limit still counts as
            # an override for the risk score, as it would in the app
            if evaluate_activity(free, a).outcome == "allowed":
                free.activities.append(a)
            else:
                free.activities.append(a.model_copy(update={"override_reason": "(no guard)"}))
            d = evaluate_activity(guarded, a)
            if d.outcome == "allowed":
                guarded.activities.append(a)
            elif rng.random() < p.override_rate:
                reason = "it felt important"
                guarded.activities.append(a.model_copy(update={"override_reason": reason}))
            else:
                refused += 1
    return PersonaResult(p, _measure(guarded, intended, refused), _measure(free, intended, 0))


def run(seed: int = 7) -> list[PersonaResult]:
    return [simulate(p, seed) for p in PERSONAS]


def table(results: list[PersonaResult]) -> str:
    head = (
        "| persona | intended | logged (guard) | refused | overrides "
        "| overspend days without guard | with guard | prevented "
        "| red days without / with | consistency without / with |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    rows = []
    for r in results:
        g, u = r.guarded, r.unguarded
        rows.append(
            f"| {r.persona.name} | {g.intended} | {g.logged} | {g.refused} | {g.overrides} "
            f"| {u.overspend_days} | {g.overspend_days} | {r.prevented} "
            f"| {u.red_days} / {g.red_days} | {u.consistency:.2f} / {g.consistency:.2f} |"
        )
    return head + "\n".join(rows) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(table(run()))
