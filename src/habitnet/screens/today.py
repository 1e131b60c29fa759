"""Today (home): quota, energy left, risk, today's plan and today's log."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.keybar import KeyBar
from ..widgets.meter import Meter
from ..widgets.statusline import StatusLine


class TodayScreen(Screen[None]):
    """The home screen."""

    CSS_PATH = "today.tcss"

    BINDINGS = [
        Binding("l", "log", "Log"),
        Binding("c", "checkin", "Check in"),
        Binding("u", "undo", "Undo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[int, Any] | None = None
        self._plan: list[Any] = []

    def compose(self) -> ComposeResult:
        yield StatusLine()
        yield Static("Loading your data…", id="loading")
        with Horizontal(id="panels"):
            with Vertical(id="quota-panel", classes="panel"):
                yield Meter("", id="quota-meter")
                yield Label("", id="quota-detail", classes="panel-line")
                yield Label("", id="consistency", classes="panel-line")
            with Vertical(id="energy-panel", classes="panel"):
                yield Meter("", id="energy-meter")
                yield Label("", id="energy-detail", classes="panel-line")
                yield Label("", id="energy-week", classes="panel-line")
            with Vertical(id="risk-panel", classes="panel"):
                yield Label("", id="risk-level")
                yield Label("", id="risk-detail", classes="panel-line")
                yield Label("", id="checkin-line", classes="panel-line")
        yield Label("Today's plan — enter logs a suggestion", classes="list-title", id="plan-title")
        yield OptionList(id="plan")
        yield Label("Today's log", classes="list-title", id="log-title")
        yield OptionList(id="log")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#quota-panel").border_title = "Outreach"
        self.query_one("#energy-panel").border_title = "Energy left"
        self.query_one("#risk-panel").border_title = "Burnout risk"
        self.watch(self.app, "data_version", self._data_changed, init=False)
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def _data_changed(self, _version: int) -> None:
        if self.is_current:
            self.refresh_data()
        else:
            self._shown = None  # refresh when shown again

    # -- filling in ------------------------------------------------------------------

    def _set_loaded(self, loaded: bool) -> None:
        self.query_one("#loading").display = not loaded
        for wid in ("#panels", "#plan-title", "#plan", "#log-title", "#log"):
            self.query_one(wid).display = loaded

    def refresh_data(self) -> None:
        app: Any = self.app
        if app.session is None:
            self._set_loaded(False)
            return
        stamp = (app.data_version, app.day)
        if self._shown == stamp:
            return
        try:
            ov = app.engine_result("today_overview", app.day)
        except Exception as exc:  # never a traceback on screen
            self._set_loaded(False)
            self.query_one("#loading", Static).update(f"Cannot compute today: {exc}")
            return
        self._set_loaded(True)
        self._shown = stamp
        self._fill_panels(ov)
        self._fill_plan(ov)
        self._fill_log(ov)

    def _fill_panels(self, ov: Any) -> None:
        q, b, r = ov.quota, ov.budget, ov.risk
        qm = self.query_one("#quota-meter", Meter)
        if q.rest_day:
            qm.set(q.count, max(q.cap, 1), f"{q.count} · rest", "good" if q.count == 0 else "warn")
            detail = q.rest_reason or "Rest day"
        else:
            state = "good" if q.done else "warn"
            if q.count >= q.cap:
                state = "bad"
            tick = " ✓" if q.done else ""
            qm.set(q.count, max(q.target, 1), f"{q.count}/{q.target}{tick}", state)
            detail = f"target {q.target} · cap {q.cap}" + (" · recovery" if q.recovery else "")
        self.query_one("#quota-detail", Label).update(detail)
        self.query_one("#consistency", Label).update(f"consistency {ov.consistency * 100:.0f} %")
        em = self.query_one("#energy-meter", Meter)
        frac = b.remaining / b.budget if b.budget else 0.0
        state = "good" if frac > 0.4 else ("warn" if b.remaining > 0 else "bad")
        em.set(b.remaining, max(b.budget, 1), f"{b.remaining}/{b.budget}", state)
        debt = f" · debt {b.debt_in}" if b.debt_in else ""
        over = f" · over {b.overspent}" if b.overspent else ""
        self.query_one("#energy-detail", Label).update(f"spent {b.spent}{debt}{over}")
        self.query_one("#energy-week", Label).update(f"week {b.week_spent}/{b.week_budget} spent")
        panel = self.query_one("#risk-panel")
        for level in ("green", "amber", "red"):
            panel.set_class(r.level == level, f"-{level}")
        self.query_one("#risk-level", Label).update(f"{r.level.upper()} · {r.score}/100")
        top = max(r.factors, key=lambda f: f.points, default=None)
        if r.recovery and r.recovery_until:
            risk_detail = f"recovery until {r.recovery_until:%a %d %b}"
        elif top is not None and top.points > 0:
            risk_detail = f"top: {top.name}"
        else:
            risk_detail = "no strain factors"
        self.query_one("#risk-detail", Label).update(risk_detail)
        ch = b.checkin_energy
        self.query_one("#checkin-line", Label).update(
            f"checked in: energy {ch}" if ch is not None else "no check-in yet (c)"
        )

    def _fill_plan(self, ov: Any) -> None:
        plan = self.query_one("#plan", OptionList)
        self._plan = list(ov.plan)
        highlighted = plan.highlighted
        plan.clear_options()
        if not self._plan:
            q = ov.quota
            why = (
                "rest day — nothing planned"
                if q.rest_day
                else "target met — well done"
                if q.done
                else "no follow-ups fit today's energy; l logs anything"
            )
            plan.add_option(Option(f"({why})", id="none", disabled=True))
            return
        for i, item in enumerate(self._plan):
            plan.add_option(
                Option(f"{item.kind} · {item.name} · {item.cost} pt — {item.why}", id=f"p{i}")
            )
        plan.highlighted = min(highlighted or 0, len(self._plan) - 1)

    def _fill_log(self, ov: Any) -> None:
        app: Any = self.app
        log = self.query_one("#log", OptionList)
        log.clear_options()
        acts = sorted(ov.activities, key=lambda a: a.at)
        if not acts:
            log.add_option(Option("(nothing logged yet today — l logs an activity)", disabled=True))
            return
        names = app.cached("contact-names", lambda: app.session.state.contact_map())
        for a in acts:
            who = ", ".join(names[c].name if c in names else c for c in a.contact_ids)
            text = f"{a.at:%H:%M}  {a.kind}" + (f" with {who}" if who else "")
            text += f" · {a.direction.value} · {a.cost} pt"
            if a.override_reason:
                text += f" · override: {a.override_reason}"
            if a.note:
                text += f" — {a.note}"
            log.add_option(Option(text, disabled=False))

    # -- actions -----------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#plan")
    def _plan_selected(self, event: OptionList.OptionSelected) -> None:
        oid = event.option.id or ""
        if not oid.startswith("p"):
            return
        item = self._plan[int(oid[1:])]
        self.open_log(
            kind=item.kind,
            contact_ids=[item.contact_id],
            title=f"Log: {item.kind} with {item.name}",
        )

    def open_log(self, **kwargs: Any) -> None:
        from .forms.log_activity import LogActivityScreen

        app: Any = self.app
        if not app.writable("log an activity"):
            return
        app.push_screen(LogActivityScreen(**kwargs))

    def action_log(self) -> None:
        self.open_log()

    def action_checkin(self) -> None:
        from .forms.checkin import CheckInScreen

        app: Any = self.app
        if not app.writable("check in"):
            return
        app.push_screen(CheckInScreen())

    def action_undo(self) -> None:
        app: Any = self.app
        if not app.writable("undo"):
            return
        label = app.session.undo()
        if label is None:
            app.notify("Nothing to undo.", timeout=3)
            return
        app.changed()
        app.notify(f"Undone: {label}", title="Undo", timeout=5)
