"""The 365-day persona simulation: the guard prevents overspend days."""

from __future__ import annotations

import pytest

from habitnet.engine.simulate import PERSONAS, PersonaResult, run, table


@pytest.fixture(scope="module")
def results() -> list[PersonaResult]:
    return run(seed=7)


def test_steady_persona_never_meets_the_guard(results: list[PersonaResult]) -> None:
    steady = results[0]
    assert steady.persona.name == "steady"
    assert steady.guarded.refused == 0 and steady.guarded.overrides == 0
    assert steady.guarded.overspend_days == steady.unguarded.overspend_days == 0
    assert steady.guarded.consistency > 0.9


def test_guard_prevents_overspend_days(results: list[PersonaResult]) -> None:
    for r in results[1:]:
        g, u = r.guarded, r.unguarded
        assert g.refused > 0
        assert g.overspend_days < u.overspend_days
        assert g.overspent_points < u.overspent_points
        assert g.red_days < u.red_days
        # only deliberate overrides can overspend with the guard on
        assert g.overspend_days <= g.overrides


def test_table_has_a_row_per_persona(results: list[PersonaResult]) -> None:
    text = table(results)
    lines = text.strip().splitlines()
    assert len(lines) == 2 + len(PERSONAS)
    for r in results:
        row = next(line for line in lines if line.startswith(f"| {r.persona.name} |"))
        assert f"| {r.unguarded.overspend_days} | {r.guarded.overspend_days} |" in row
        assert f"| {r.prevented} |" in row
