"""Energy: today's budget, spend item by item, debt, a 14-day chart, the risk and its factors."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Static

from .. import engine
from ..widgets.chart import Bar, BarChart
from ..widgets.keybar import KeyBar
from ..widgets.meter import Meter
from ..widgets.plain import plain, shown
from ..widgets.statusline import StatusLine
from .base import HabitnetScreen

if TYPE_CHECKING:
    from ..engine import DayBudget, Overview, Risk

HISTORY_DAYS = 14
LEGEND = "bars: points spent · ─ the day's budget · red: over budget · R rest day"


def debt_text(debt_in: int, overspent: int, debt_out: int) -> str:
    """The debt line: "Debt: none", or what came in, the overspend and what carries on."""
    parts = []
    if debt_in:
        parts.append(f"{debt_in} points carried in")
    if overspent:
        parts.append(f"over by {overspent}")
    if debt_out:
        parts.append(f"{debt_out} carried into tomorrow")
    return "Debt: " + (" · ".join(parts) if parts else "none")


class EnergyScreen(HabitnetScreen[None]):
    """Where the energy went, and how strained the last two weeks were."""

    CSS_PATH = "energy.tcss"

    BINDINGS = [
        Binding("c", "checkin", "Check in"),
        Binding("l", "log", "Log"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[int, date] | None = None

    def compose(self) -> ComposeResult:
        yield StatusLine()
        # Every line below may quote data (kinds, names, reasons): text, never markup.
        yield Static("Loading your data…", id="loading", markup=False)
        with VerticalScroll(id="energy-body"):
            with Horizontal(id="energy-top"):
                with Vertical(id="budget-box", classes="panel"):
                    yield Meter("", id="budget-meter")
                    yield Static("", id="budget-explain", markup=False)
                    yield Label("", id="budget-debt", classes="muted", markup=False)
                with Vertical(id="risk-box", classes="panel"):
                    yield Label("", id="risk-head", markup=False)
                    yield Static("", id="risk-factors", markup=False)
            with Vertical(id="spend-box", classes="panel"):
                yield Static("", id="spend-list", markup=False)
            with Vertical(id="chart-box", classes="panel"):
                yield BarChart(rows=6, id="chart")
                yield Label(LEGEND, id="chart-legend", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#budget-box").border_title = "Today's budget"
        self.query_one("#risk-box").border_title = "Burnout risk"
        self.query_one("#spend-box").border_title = "Spent today"
        self.query_one("#chart-box").border_title = f"Last {HISTORY_DAYS} days"
        self.watch(self.app, "data_version", self._data_changed, init=False)
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def _data_changed(self, _version: int) -> None:
        if self.is_current:
            self.refresh_data()
        else:
            self._shown = None

    def refresh_data(self) -> None:
        app = self.app
        loading = self.query_one("#loading", Static)
        body = self.query_one("#energy-body")
        if app.session is None:
            loading.display, body.display = True, False
            return
        stamp = (app.data_version, app.day)
        if self._shown == stamp:
            return
        try:
            ov = app.result(engine.today_overview, app.day)
            history = app.result(engine.budget_history, app.day, HISTORY_DAYS)
        except Exception as exc:
            loading.update(plain(f"Cannot compute the energy picture: {exc}"))
            loading.display, body.display = True, False
            return
        loading.display, body.display = False, True
        self._shown = stamp
        self._fill_budget(ov.budget)
        self._fill_risk(ov.risk)
        self._fill_spend(ov)
        self._fill_chart(history)

    def _fill_budget(self, b: DayBudget) -> None:
        frac = b.remaining / b.budget if b.budget else 0.0
        state = "good" if frac > 0.4 else ("warn" if b.remaining > 0 else "bad")
        self.query_one("#budget-meter", Meter).set(
            b.remaining, max(b.budget, 1), f"{b.remaining}/{b.budget} left", state
        )
        self.query_one("#budget-explain", Static).update(
            plain("\n".join(b.explanation), multiline=True)
        )
        self.query_one("#budget-debt", Label).update(debt_text(b.debt_in, b.overspent, b.debt_out))

    def _fill_risk(self, r: Risk) -> None:
        box = self.query_one("#risk-box")
        for level in ("green", "amber", "red"):
            box.set_class(r.level == level, f"-{level}")
        head = f"{r.score}/100 · {r.level.upper()}"
        if r.recovery and r.recovery_until:
            head += f" · recovery until {r.recovery_until:%a %d %b}"
        self.query_one("#risk-head", Label).update(head)
        lines = []
        for f in r.factors:
            lines.append(f"• {f.name} {f.points:.0f}/{f.max_points:.0f} — {f.detail}")
        lines.extend(r.reasons)
        self.query_one("#risk-factors", Static).update(plain("\n".join(lines), multiline=True))

    def _fill_spend(self, ov: Overview) -> None:
        session = self.app.session
        assert session is not None
        names = self.app.cached("contact-names", session.state.contact_map)
        acts = sorted(ov.activities, key=lambda a: a.at)
        if not acts:
            text = "Nothing spent yet today."
        else:
            rows = []
            total = 0
            for a in acts:
                total += a.cost
                who = ", ".join(names[c].name if c in names else c for c in a.contact_ids)
                row = f"{a.at:%H:%M}  {a.cost:>2} pt  {a.kind}" + (f" with {who}" if who else "")
                if a.override_reason:
                    row += f"  (override: {a.override_reason})"
                rows.append(shown(row))  # one line each: a line break in data shows as ↵
            b = ov.budget
            rows.append(f"       {total:>2} pt  in all, of {b.budget} budgeted")
            text = "\n".join(rows)
        self.query_one("#spend-list", Static).update(plain(text, multiline=True))

    def _fill_chart(self, history: list[DayBudget]) -> None:
        """The last days' spend against their budgets; days before day one (nothing
        counted yet: no budget, no rest) stay blank, and the legend says why."""
        session = self.app.session
        assert session is not None
        rest = set(session.state.settings.rest_weekdays)
        bars = [
            Bar(
                label=f"{d.day:%d}" + ("R" if d.day.weekday() in rest else ""),
                value=d.spent,
                limit=d.budget,
            )
            if d.counted
            else Bar(label=f"{d.day:%d}", value=0, limit=None)
            for d in history
        ]
        self.query_one("#chart", BarChart).set_bars(bars)
        legend = LEGEND
        if not all(d.counted for d in history):
            legend += " · blank: before your first day"
        self.query_one("#chart-legend", Label).update(legend)

    def action_checkin(self) -> None:
        from .forms.checkin import checkin_form

        app = self.app
        if app.writable("check in"):
            app.push_screen(checkin_form(app))

    def action_log(self) -> None:
        from .forms.log_activity import log_form

        app = self.app
        if app.writable("log an activity"):
            app.push_screen(log_form(app))
