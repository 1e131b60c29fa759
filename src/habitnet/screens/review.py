"""Weekly review: the engine's summary of a week as charts and numbers, and the review.

Keys: ``[`` previous week, ``]`` next week (up to this week; on this week it says there
is no later one yet), ``.`` back to this week, ``r`` write (or rewrite) the week's
reflection and next week's intention. Summaries come from ``engine.weekly_summary``
(counted up to today) through the app's per-data-version cache, so moving between weeks
computes each week once.

Days that do not count — before the user's first day, or still to come — are shown
greyed with the reason, and left out of the week's figures (see ``engine.days``).
Everything from the data (journal excerpts, override reasons, the review) is text,
never markup, its control characters shown as stand-ins.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from .. import engine
from ..engine import WeeklySummary
from ..models import WeeklyReview, iso_week_of, parse_iso_week
from ..widgets.keybar import KeyBar
from ..widgets.plain import shown
from ..widgets.statusline import StatusLine
from ..widgets.text_pane import TextPane
from .base import HabitnetScreen

if TYPE_CHECKING:
    from ..session import Session

SPARKS = "▁▂▃▄▅▆▇█"
LEFT_WIDTH = 40  # cells of the day chart column
SIDE_BY_SIDE_MIN = 76  # terminal columns for the numbers beside the day chart
RULE_WIDTH = 60  # the line between the charts and the saved review, at most
PANE_CHROME = 3  # the page's padding (1 each side) and its scrollbar (1), in cells
NOTE_INDENT = 6  # journal excerpts and overrides wrap under their text, not at column 1
PREFETCH_AFTER = 0.08  # s after a week shows, compute the one before (so [ is instant)


def shift_week(week: str, weeks: int) -> str:
    y, w = parse_iso_week(week)
    return iso_week_of(date.fromisocalendar(y, w, 1) + timedelta(weeks=weeks))


def bar(value: int, total: int, width: int) -> tuple[str, str]:
    """A filled and an empty part of a bar of ``width`` cells for value/total."""
    full = min(width, round(width * value / total)) if total > 0 else (width if value else 0)
    return "█" * full, "░" * (width - full)


def sparkline(values: list[int], high: int = 100) -> str:
    out = []
    for v in values:
        i = 0 if high <= 0 else round((len(SPARKS) - 1) * max(0, min(v, high)) / high)
        out.append(SPARKS[i])
    return "".join(out)


class ReviewPane(TextPane, can_focus=True):
    """The review page; focusable so arrows and page keys scroll it."""


class ReviewScreen(HabitnetScreen[None]):
    """One week's summary and review."""

    CSS_PATH = "review.tcss"
    # Focused as the screen is first shown (Screen._update_auto_focus, at once), not
    # after the keys already queued, as a focus() call in on_mount would be.
    AUTO_FOCUS = "#review-body"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "prev_week", "Prev week", key_display="["),
        Binding("right_square_bracket", "next_week", "Next week", key_display="]"),
        Binding("full_stop", "open_week", "This week", key_display="."),
        Binding("r", "write", "Write review"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.week: str | None = None
        self.summary: WeeklySummary | None = None
        self._shown: tuple[str | None, int, date | None] = (None, -1, None)
        self._at_now: bool | None = None
        self._shown_layout: tuple[bool, int, int] | None = None

    def compose(self) -> ComposeResult:
        yield StatusLine()
        yield Static("Loading…", id="review-head")
        yield ReviewPane(id="review-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self.refresh_data)

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        week = self.week
        if week is None or self._shown[0] is None or not self.is_attached:
            return  # not shown yet: the first show lays the page out
        if self._layout() != self._shown_layout:
            self.show_week(week)

    def _layout(self) -> tuple[bool, int, int]:
        """How the page is laid out at the terminal's width: the numbers beside the day
        chart (or under it, when narrow), the width of the rule line, and the width the
        notes are wrapped to (so a wrapped excerpt stays indented under its day)."""
        width = self.app.size.width
        side_by_side = width >= SIDE_BY_SIDE_MIN
        return side_by_side, max(10, min(RULE_WIDTH, width - 4)), max(20, width - PANE_CHROME)

    # -- data ----------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self.app.session

    @property
    def today(self) -> date:
        return self.app.day

    @property
    def current_week(self) -> str:
        """This week's label, for the week start in Settings (once the data is here)."""
        session = self.session
        assert session is not None
        return engine.week_label(self.today, session.state.settings.week_start)

    def refresh_data(self, _version: object = None) -> None:
        if self.session is None:
            return
        if self.week is None:
            self.week = self.current_week
        if self.week > self.current_week:  # ISO labels sort like dates
            self.week = self.current_week
        stamp = (self.week, self.app.data_version, self.today)
        if stamp == self._shown:
            return
        try:
            if self.app.screen is not self:
                return  # redrawn when shown (on_screen_resume)
        except Exception:  # noqa: BLE001 - no active screen yet
            return
        self._shown = stamp
        self.show_week(self.week)

    def _summary(self, week: str) -> WeeklySummary:
        # Counted up to today: the days still to come are not "missed" yet.
        return self.app.result(engine.weekly_summary, week, self.today)

    def show_week(self, week: str) -> None:
        session = self.session
        assert session is not None
        s = self._summary(week)
        self.summary = s
        review: WeeklyReview | None = session.state.review(week)
        status = ""
        if week == self.current_week:
            status = " · this week, in progress"
        elif review is None:
            status = " · not reviewed yet"
        else:
            status = " · reviewed"
        # One line: the dates shorten before the status is cut (60 columns cut it to
        # 'this week,').
        room = self.app.size.width - 2 - len(f"Week {week}  ")
        dates = f"{s.start:%a %d %b} – {s.end:%a %d %b %Y}"
        if len(dates + status) > room:
            dates = f"{s.start:%d %b} – {s.end:%d %b}"
        head = Text()
        head.append(f"Week {week}", style="bold")
        head.append(f"  {dates}{status}")
        self.query_one("#review-head", Static).update(head, layout=False)
        version = self.app.data_version
        layout = self._shown_layout = self._layout()
        self.query_one("#review-body", TextPane).show(
            (week, version, self.today, layout), lambda: self.body(s, review, *layout)
        )
        at_now = week == self.current_week
        if at_now != self._at_now:  # the footer recomposes: only when ] / . change state
            self._at_now = at_now
            self.refresh_bindings()
        # Compute the previous week while the user reads this one, so [ is instant.
        self.set_timer(PREFETCH_AFTER, lambda: self._prefetch(shift_week(week, -1)))

    def _prefetch(self, week: str) -> None:
        if self.session is not None and self.is_attached:
            try:
                self._summary(week)
            except ValueError:
                pass

    # -- rendering -----------------------------------------------------------------

    def body(
        self,
        s: WeeklySummary,
        review: WeeklyReview | None,
        side_by_side: bool = True,
        rule: int = RULE_WIDTH,
        width: int = 80,
    ) -> Text:
        """The whole page as one Text: the day chart beside the numbers (under it on a
        narrow terminal), then the rest.

        One pre-wrapped pane (no nested auto-height widgets) keeps week changes cheap.
        """
        out = Text()
        if side_by_side:
            left = self.days_chart(s).split("\n")
            right = self.numbers(s).split("\n")
            for i in range(max(len(left), len(right))):
                line = left[i].copy() if i < len(left) else Text()
                line.set_length(LEFT_WIDTH)
                out.append_text(line)
                if i < len(right):
                    out.append_text(right[i])
                out.append("\n")
        else:
            out.append_text(self.days_chart(s))
            out.append("\n")
            out.append_text(self.numbers(s))
        notes = self.notes(s, width)
        if notes.plain.strip():
            out.append("\n")
            out.append_text(notes)
        out.append("\n" + "─" * rule + "\n", style="dim")
        out.append_text(self.saved(review))
        return out

    def days_chart(self, s: WeeklySummary) -> Text:
        t = Text()
        t.append("Day        outreach        energy\n", style="bold")
        top = max([d.target for d in s.days] + [d.count for d in s.days] + [1])
        for d in s.days:
            label = f"{d.day:%a %d}  "
            if not d.counted:  # greyed, with why: it is in none of the week's figures
                why = "to come" if d.day > self.today else "before your first day"
                t.append(f"{label}· {why}\n", style="dim")
                continue
            t.append(label)
            full, empty = bar(d.count, top, 6)
            t.append(full, style="green" if d.done else "yellow")
            t.append(empty, style="dim")
            mark = "rest" if d.rest_day and d.count == 0 else ("✓" if d.done else "")
            t.append(f" {d.count}/{d.target} {mark}".ljust(10))
            efull, eempty = bar(d.spent, d.budget, 6)
            t.append(efull, style="red" if d.spent > d.budget else "cyan")
            t.append(eempty, style="dim")
            t.append(f" {d.spent}/{d.budget}\n")
        return t

    def numbers(self, s: WeeklySummary) -> Text:
        t = Text()

        def line(label: str, value: str, style: str = "") -> None:
            t.append(f"{label:<18}", style="dim")
            t.append(value + "\n", style=style)

        line("Outreach", f"{s.total_count} of {s.total_target}")
        over = s.energy_spent > s.energy_budget
        line("Energy", f"{s.energy_spent} of {s.energy_budget}", "red" if over else "")
        line("Days rested", f"{s.rest_days} (nothing logged)")
        line("Consistency", f"{round(100 * s.consistency)} %")
        line("Follow-ups done", str(s.followups_done))
        line("Overdue at end", str(s.followups_overdue), "yellow" if s.followups_overdue else "")
        line("New contacts", str(s.new_contacts))
        line("Gave/asked/mutual", f"{s.gave} / {s.asked} / {s.mutual}")
        total = s.gave + s.asked + s.mutual
        if total:
            t.append(" " * 18)
            width = 18
            g = round(width * s.gave / total)
            a = round(width * s.asked / total)
            t.append("█" * g, style="green")
            t.append("█" * max(0, width - g - a), style="blue")
            t.append("█" * a, style="magenta")
            t.append("\n")
        risks = [r for d, r in s.risk_trend if d <= self.today]
        if risks:
            t.append(f"{'Burnout risk':<18}", style="dim")
            t.append(sparkline(risks))
            t.append(f" {risks[0]}→{risks[-1]}\n")
        return t

    def notes(self, s: WeeklySummary, width: int = 80) -> Text:
        """Bursts, overrides and journal excerpts: each item under its heading, wrapped
        to ``width`` with its continuation lines indented under its text."""
        t = Text()
        for b in s.bursts:
            t.append("Burst: ", style="bold yellow")
            t.append(f"{b.reason}\n")
        if s.overrides:
            t.append("Limits overridden\n", style="bold")
            for day, kind, reason in s.overrides:
                self._hanging(t, f"  {day:%a} ", f"{shown(kind)}: {shown(reason)}", width, "")
        if s.journal_excerpts:
            t.append("From the journal\n", style="bold")
            for day, text in s.journal_excerpts:
                self._hanging(t, f"  {day:%a} ", shown(text), width, "italic")
        return t

    def _hanging(self, t: Text, head: str, body: str, width: int, style: str) -> None:
        """``head`` (dim), then ``body`` wrapped to ``width`` with its next lines
        indented under its first (a hanging indent; Rich wraps to column 1)."""
        indent = max(len(head), NOTE_INDENT)
        t.append(head.ljust(indent), style="dim")
        lines = Text(body).wrap(self.app.console, max(10, width - indent))
        for i, line in enumerate(lines):
            if i:
                t.append(" " * indent)
            t.append(line.plain.rstrip() + "\n", style=style)

    def saved(self, review: WeeklyReview | None) -> Text:
        t = Text()
        if review is None:
            t.append("Not reviewed yet. ", style="bold")
            t.append("Press r to write what you noticed and next week's intention.")
            return t
        t.append("Your review", style="bold underline")
        if review.written_at is not None:
            t.append(f"  written {review.written_at:%a %d %b %Y %H:%M}", style="dim")
        t.append("\n")
        t.append("Reflection: ", style="bold")
        t.append(shown(review.reflection or "—", multiline=True) + "\n")
        t.append("Intention for next week: ", style="bold")
        t.append(shown(review.intention or "—", multiline=True) + "\n")
        adjust = []
        if review.next_daily_target is not None:
            adjust.append(f"daily target {review.next_daily_target}")
        if review.next_daily_cap is not None:
            adjust.append(f"daily cap {review.next_daily_cap}")
        if adjust:
            t.append("Next week: ", style="bold")
            t.append(", ".join(adjust) + "\n")
        t.append("r rewrites it", style="dim")
        return t

    # -- actions -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # ] stays live on this week, to say there is no later week (a key that does
        # nothing and says nothing looks broken).
        if action == "open_week" and self.week is not None and self.session is not None:
            return None if self.week == self.current_week else True
        return True

    def _go(self, week: str) -> None:
        if self.session is None:
            return
        self.week = min(week, self.current_week)
        self.refresh_data()

    def action_prev_week(self) -> None:
        if self.week is None or self.session is None:
            return
        # [ stops at the week of day one, and says so: a week wholly before the user's
        # first day has no figures to show (and no review to write).
        first = self.app.result(engine.first_day)
        start, _end = engine.week_range(self.week, self.session.state.settings.week_start)
        if first is None or start <= first:
            since = f" (day one: {first:%a %d %b %Y})" if first is not None else ""
            self.notify(f"This is your first week{since}: there is no earlier week.", timeout=3)
            return
        self._go(shift_week(self.week, -1))

    def action_next_week(self) -> None:
        if self.week is None or self.session is None:
            return
        if self.week >= self.current_week:
            self.notify("This is the current week: there is no later week yet.", timeout=3)
            return
        self._go(shift_week(self.week, 1))

    def action_open_week(self) -> None:
        if self.session is not None:
            self._go(self.current_week)

    def action_write(self) -> None:
        session = self.session
        if session is None or self.week is None or not self.app.writable("write a review"):
            return
        from .forms.review import ReviewForm

        week = self.week
        settings = session.state.settings

        def done(saved: str | None) -> None:
            if saved:
                self._shown = (None, -1, None)
                self.refresh_data()

        self.app.push_screen(ReviewForm(week, session.state.review(week), settings), done)
