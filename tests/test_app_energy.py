"""Pilot tests of the Energy screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from apphelpers import wait_ready

from habitnet import engine
from habitnet.app import create_app
from habitnet.clock import FixedClock


async def test_energy_shows_budget_spend_chart_and_risk(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("e")
        await pilot.pause()
        screen: Any = app.screen
        assert type(screen).__name__ == "EnergyScreen"
        state = app.session.state
        b = engine.day_budget(state, clock.today())
        r = engine.burnout_risk(state, clock.today())
        explain = str(screen.query_one("#budget-explain").render())
        for line in b.explanation:
            assert line in explain
        factors = str(screen.query_one("#risk-factors").render())
        for f in r.factors:
            assert f.name in factors
        assert f"{r.score}/100" in str(screen.query_one("#risk-head").render())
        chart = screen.query_one("#chart")
        history = engine.budget_history(state, clock.today(), 14)
        assert [bar.value for bar in chart.bars] == [d.spent for d in history]
        spend = str(screen.query_one("#spend-list").render())
        today = [a for a in state.activities if a.day == clock.today()]
        assert f"{sum(a.cost for a in today):>2} pt  in all" in spend


async def test_energy_follows_a_new_log(demo_dir: Path, clock: FixedClock) -> None:
    app = create_app(demo_dir, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        app.screen.query_one("#kind").value = "call"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen: Any = app.screen
        assert type(screen).__name__ == "EnergyScreen"
        b = engine.day_budget(app.session.state, clock.today())
        assert f"{b.remaining}/{b.budget} left" in str(screen.query_one("#budget-meter").render())
        assert "call" in str(screen.query_one("#spend-list").render())


def test_debt_line_reads_as_words() -> None:
    from habitnet.screens.energy import debt_text

    assert debt_text(0, 0, 0) == "Debt: none"
    assert debt_text(3, 0, 0) == "Debt: 3 points carried in"
    assert debt_text(0, 2, 2) == "Debt: over by 2 · 2 carried into tomorrow"
