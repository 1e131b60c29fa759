"""Today (home): quota, energy left, risk, today's plan and today's log.

The first frame shows only the status line, a "Loading your data…" line and the key
bar; the panels and lists (and their widgets' stylesheets) are mounted when the data
arrives, so the first frame costs little more than a hello-world app's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from ..widgets.keybar import KeyBar
from ..widgets.statusline import StatusLine

if TYPE_CHECKING:
    from textual.widgets import OptionList


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
        self._panels = False  # mounted?
        self._mounting = False

    def compose(self) -> ComposeResult:
        yield StatusLine()
        yield Static("Loading your data…", id="loading")
        yield KeyBar()

    def _panel_widgets(self) -> list[Widget]:
        from textual.containers import Horizontal, Vertical
        from textual.widgets import Label, OptionList

        from ..widgets.meter import Meter

        def line(wid: str, classes: str = "panel-line") -> Label:
            return Label("", id=wid, classes=classes)

        panels = Horizontal(
            Vertical(
                Meter("", id="quota-meter"),
                line("quota-detail"),
                line("consistency"),
                id="quota-panel",
                classes="panel",
            ),
            Vertical(
                Meter("", id="energy-meter"),
                line("energy-detail"),
                line("energy-week"),
                id="energy-panel",
                classes="panel",
            ),
            Vertical(
                line("risk-level", ""),
                line("risk-detail"),
                line("checkin-line"),
                id="risk-panel",
                classes="panel",
            ),
            id="panels",
        )
        return [
            panels,
            Label("Today's plan — enter logs a suggestion", classes="list-title", id="plan-title"),
            OptionList(id="plan"),
            Label("Today's log", classes="list-title", id="log-title"),
            OptionList(id="log"),
        ]

    async def _mount_panels(self) -> None:
        await self.mount_all(self._panel_widgets(), after="#loading")
        self.query_one("#quota-panel").border_title = "Outreach"
        self.query_one("#energy-panel").border_title = "Energy left"
        self.query_one("#risk-panel").border_title = "Burnout risk"
        self._panels = True
        self._mounting = False
        self.refresh_data()
        if self.focused is None:
            self.query_one("#plan").focus()

    def on_mount(self) -> None:
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
        if not self._panels:
            return
        for wid in ("#panels", "#plan-title", "#plan", "#log-title", "#log"):
            self.query_one(wid).display = loaded

    def refresh_data(self) -> None:
        app: Any = self.app
        if app.session is None:
            self._set_loaded(False)
            return
        if not self._panels:
            if not self._mounting:
                self._mounting = True
                self.call_later(self._mount_panels)
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
        from ..widgets.meter import Meter

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
        self.query_one("#quota-detail", Static).update(detail)
        self.query_one("#consistency", Static).update(f"consistency {ov.consistency * 100:.0f} %")
        em = self.query_one("#energy-meter", Meter)
        frac = b.remaining / b.budget if b.budget else 0.0
        state = "good" if frac > 0.4 else ("warn" if b.remaining > 0 else "bad")
        em.set(b.remaining, max(b.budget, 1), f"{b.remaining}/{b.budget}", state)
        debt = f" · debt {b.debt_in}" if b.debt_in else ""
        over = f" · over {b.overspent}" if b.overspent else ""
        self.query_one("#energy-detail", Static).update(f"spent {b.spent}{debt}{over}")
        self.query_one("#energy-week", Static).update(f"week {b.week_spent}/{b.week_budget} spent")
        panel = self.query_one("#risk-panel")
        for level in ("green", "amber", "red"):
            panel.set_class(r.level == level, f"-{level}")
        self.query_one("#risk-level", Static).update(f"{r.level.upper()} · {r.score}/100")
        top = max(r.factors, key=lambda f: f.points, default=None)
        if r.recovery and r.recovery_until:
            risk_detail = f"recovery until {r.recovery_until:%a %d %b}"
        elif top is not None and top.points > 0:
            risk_detail = f"top: {top.name}"
        else:
            risk_detail = "no strain factors"
        self.query_one("#risk-detail", Static).update(risk_detail)
        ch = b.checkin_energy
        self.query_one("#checkin-line", Static).update(
            f"checked in: energy {ch}" if ch is not None else "no check-in yet (c)"
        )

    def _fill_plan(self, ov: Any) -> None:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

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
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

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

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "plan":
            return
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
        from .forms.log_activity import log_form

        app: Any = self.app
        if not app.writable("log an activity"):
            return
        app.push_screen(log_form(app, **kwargs))

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
