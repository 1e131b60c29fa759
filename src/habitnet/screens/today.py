"""Today (home): quota, energy left, risk, today's plan and today's log.

With a current glance file (what Today showed at the last save, see
:mod:`habitnet.sidecar`) the first frame shows the panels with those numbers. Without one,
the first frame shows only the status line, a "Loading your data…" line and the key bar;
the panels and lists are mounted when the data arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from ..widgets.keybar import KeyBar
from ..widgets.plain import plain
from ..widgets.statusline import StatusLine
from .base import HabitnetScreen

if TYPE_CHECKING:
    from textual.widgets import OptionList


NARROW = 80  # columns below which the panels share the width differently


class TodayScreen(HabitnetScreen[None]):
    """The home screen."""

    CSS_PATH = "today.tcss"

    BINDINGS = [
        Binding("l", "log", "Log"),
        Binding("c", "checkin", "Check in"),
        Binding("u", "undo", "Undo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[int, Any, bool] | None = None
        self._plan: list[Any] = []
        self._panels = False  # mounted?
        self._mounting = False
        self._glance_waits = False  # the glance panels wait for show_glance (first frame out)
        self._then: Callable[[], None] | None = None  # called once the panels are shown

    def compose(self) -> ComposeResult:
        # The first frame is light: the status line, a loading line and the key bar.
        # With a current glance file (Today's numbers from the last save), the app
        # calls show_glance once that frame is out: the panels follow at once, with the
        # glance's numbers, before the data has loaded.
        yield StatusLine()
        yield Static("Loading your data…", id="loading")
        yield KeyBar()

    def _panel_widgets(self) -> list[Widget]:
        from textual.containers import Horizontal, Vertical
        from textual.widgets import Label, OptionList

        from ..widgets.meter import Meter

        def line(wid: str, classes: str = "panel-line") -> Label:
            return Label("", id=wid, classes=classes, markup=False)

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
            # Names and notes are data: never markup (and see plain()).
            OptionList(id="plan", markup=False),
            Label("Today's log", classes="list-title", id="log-title"),
            OptionList(id="log", markup=False),
        ]

    async def _mount_panels(self) -> None:
        await self.mount_all(self._panel_widgets(), after="#loading")
        if not self.is_attached or not self.query("#quota-panel"):
            return  # the app is closing
        self._panels_mounted()

    def _panels_mounted(self) -> None:
        self.query_one("#quota-panel").border_title = "Outreach"
        self.query_one("#energy-panel").border_title = "Energy left"
        self.query_one("#risk-panel").border_title = "Burnout risk"
        self._panels = True
        self._mounting = False
        self.refresh_data()
        if self.focused is None:
            self.query_one("#plan").focus()
        then, self._then = self._then, None
        if then is not None:
            self.call_after_refresh(then)

    def on_resize(self) -> None:
        # Below 80 columns the risk panel gives up width to the other two, whose lines
        # ("target 3 · cap 5", "week 39/45 spent") would be cut (today.tcss).
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self._data_changed, init=False)
        # With a glance, the panels wait for show_glance (after the first frame).
        self._glance_waits = self.app.start_glance is not None
        self.refresh_data()

    def show_glance(self, then: Callable[[], None]) -> bool:
        """The first frame is out: mount the panels with the glance's numbers, then call
        ``then`` once they are on screen. False (and ``then`` not called) when there is
        nothing to show this way."""
        if not self._glance_waits:
            return False
        self._glance_waits = False
        self._then = then
        self.refresh_data()
        return self._mounting

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def _data_changed(self, _version: int) -> None:
        self._glance_waits = False  # the data is here: show it in any case
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
        app = self.app
        try:
            # The data's glance, or before the data has loaded the one saved with it.
            glance = app.glance()
        except Exception as exc:  # never a traceback on screen
            self._set_loaded(False)
            self.query_one("#loading", Static).update(plain(f"Cannot compute today: {exc}"))
            return
        if glance is None:
            self._set_loaded(False)
            return
        if not self._panels:
            if not self._mounting and not self._glance_waits:
                self._mounting = True
                self.call_later(self._mount_panels)
            return
        stamp = (app.data_version, app.day, app.session is None)
        if self._shown == stamp:
            return
        self._set_loaded(True)
        self._shown = stamp
        self._fill_panels(glance)
        self._fill_plan(glance)
        self._fill_log(glance)

    def _fill_panels(self, g: dict[str, Any]) -> None:
        from ..widgets.meter import Meter

        q, e, r = g["quota"], g["energy"], g["risk"]
        self.query_one("#quota-meter", Meter).set(q["value"], q["max"], q["label"], q["state"])
        self.query_one("#quota-detail", Static).update(q["detail"])
        self.query_one("#consistency", Static).update(g["consistency"])
        self.query_one("#energy-meter", Meter).set(e["value"], e["max"], e["label"], e["state"])
        self.query_one("#energy-detail", Static).update(e["detail"])
        self.query_one("#energy-week", Static).update(e["week"])
        panel = self.query_one("#risk-panel")
        for level in ("green", "amber", "red"):
            panel.set_class(r["level"] == level, f"-{level}")
        self.query_one("#risk-level", Static).update(r["text"])
        self.query_one("#risk-detail", Static).update(r["detail"])
        self.query_one("#checkin-line", Static).update(g["checkin"])

    def _fill_plan(self, g: dict[str, Any]) -> None:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        plan = self.query_one("#plan", OptionList)
        self._plan = list(g["plan"])
        highlighted = plan.highlighted
        plan.clear_options()
        if not self._plan:
            plan.add_option(Option(g["plan_empty"], id="none", disabled=True))
            return
        for i, item in enumerate(self._plan):
            plan.add_option(Option(plain(item["text"]), id=f"p{i}"))
        plan.highlighted = min(highlighted or 0, len(self._plan) - 1)

    def _fill_log(self, g: dict[str, Any]) -> None:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        log = self.query_one("#log", OptionList)
        log.clear_options()
        if not g["log"]:
            log.add_option(Option(g["log_empty"], disabled=True))
            return
        for text in g["log"]:
            log.add_option(Option(plain(text), disabled=False))

    # -- actions -----------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "plan":
            return
        oid = event.option.id or ""
        if not oid.startswith("p"):
            return
        item = self._plan[int(oid[1:])]
        self.open_log(
            kind=item["kind"],
            contact_ids=[item["contact_id"]],
            title=f"Log: {item['kind']} with {item['name']}",
        )

    def open_log(self, **kwargs: Any) -> None:
        from .forms.log_activity import log_form

        app = self.app
        if app.writable("log an activity"):
            app.push_screen(log_form(app, **kwargs))

    def action_log(self) -> None:
        self.open_log()

    def action_checkin(self) -> None:
        from .forms.checkin import checkin_form

        app = self.app
        if app.writable("check in"):
            app.push_screen(checkin_form(app))

    def action_undo(self) -> None:
        app = self.app
        if app.session is None or not app.writable("undo"):
            return
        label = app.session.undo()
        if label is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        self.notify(f"Undone: {label}", title="Undo", timeout=5)
