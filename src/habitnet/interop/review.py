"""The weekly review as Markdown (for notes apps) and as plain text (for the terminal)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from habitnet.models import WeeklyReview
from habitnet.safetext import visible

if TYPE_CHECKING:
    from habitnet.engine import DaySummary, WeeklySummary


def _pct(value: float) -> str:
    return f"{round(value * 100)} %"


def _md_escape(text: str) -> str:
    """Keep user text from turning into Markdown structure inside a table cell or line."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _trend(trend: tuple[tuple[date, int], ...]) -> str:
    """The risk score at the end of each day: ``12 → 15 → 14``."""
    return " → ".join(str(score) for _day, score in trend)


def _facts(s: WeeklySummary) -> list[tuple[str, str]]:
    return [
        ("Outreach", f"{s.total_count} of {s.total_target} target"),
        ("Energy", f"{s.energy_spent} of {s.energy_budget} points"),
        ("Rest days", str(s.rest_days)),
        ("Consistency", _pct(s.consistency)),
        ("Follow-ups", f"{s.followups_done} done, {s.followups_overdue} overdue"),
        ("New contacts", str(s.new_contacts)),
        ("Give / ask", f"gave {s.gave} · asked {s.asked} · mutual {s.mutual}"),
        ("Burnout risk", _trend(s.risk_trend)),
    ]


def _day_name(d: date) -> str:
    return d.strftime("%a %d %b")


def _mark(s: WeeklySummary, d: DaySummary, done: str) -> str:
    """A day's note: a day that does not count says why (the engine's ``counted``)."""
    if not d.counted:
        counted = [x.day for x in s.days if x.counted]
        return "to come" if counted and d.day > counted[-1] else "before your first day"
    return "rest" if d.rest_day else (done if d.done else "")


def review_markdown(summary: WeeklySummary, review: WeeklyReview | None = None) -> str:
    s = summary
    out = [f"# Weekly review {s.week}", "", f"{s.start.isoformat()} – {s.end.isoformat()}", ""]
    out += ["| | |", "|---|---|"]
    out += [f"| {k} | {_md_escape(v)} |" for k, v in _facts(s) if v]
    out += ["", "## Days", "", "| Day | Outreach | Energy | |", "|---|---|---|---|"]
    for d in s.days:
        mark = _mark(s, d, "done ✓")
        out.append(f"| {_day_name(d.day)} | {d.count}/{d.target} | {d.spent}/{d.budget} | {mark} |")
    bursts = [b.reason for b in s.bursts]
    if bursts:
        out += ["", "## Bursts", ""] + [f"- {_md_escape(b)}" for b in bursts]
    if s.overrides:
        out += ["", "## Overrides", ""]
        for day, kind, reason in s.overrides:
            out.append(f"- {day.isoformat()} {_md_escape(kind)}: {_md_escape(reason or '')}")
    if s.journal_excerpts:
        out += ["", "## Journal", ""]
        for day, text in s.journal_excerpts:
            out.append(f"- **{day.isoformat()}** {_md_escape(text)}")
    if review is not None:
        if review.reflection:
            out += ["", "## Reflection", "", review.reflection.strip()]
        if review.intention:
            out += ["", "## Next week", "", review.intention.strip()]
        adjust = []
        if review.next_daily_target is not None:
            adjust.append(f"daily target {review.next_daily_target}")
        if review.next_daily_cap is not None:
            adjust.append(f"daily cap {review.next_daily_cap}")
        if adjust:
            out += ["", "Quota for next week: " + ", ".join(adjust) + "."]
    return visible("\n".join(out), multiline=True) + "\n"


def review_text(summary: WeeklySummary, review: WeeklyReview | None = None) -> str:
    s = summary
    out = [f"Week {s.week}  ({s.start.isoformat()} – {s.end.isoformat()})", ""]
    width = max(len(k) for k, _ in _facts(s))
    out += [f"  {k:<{width}}  {v}" for k, v in _facts(s) if v]
    out += [""]
    for d in s.days:
        mark = _mark(s, d, "done")
        bar = "#" * min(d.count, 20)
        out.append(
            f"  {_day_name(d.day)}  {d.count:>2}/{d.target:<2} {bar:<8} "
            f"energy {d.spent:>2}/{d.budget:<2} {mark}".rstrip()
        )
    for burst in s.bursts:
        out.append(f"\n  Burst: {burst.reason}")
    if s.overrides:
        out += ["", "  Overrides:"]
        out += [f"    {d.isoformat()} {k}: {r or ''}" for d, k, r in s.overrides]
    if s.journal_excerpts:
        out += ["", "  Journal:"]
        out += [f"    {d.isoformat()} {' '.join(t.split())}" for d, t in s.journal_excerpts]
    if review is not None:
        if review.reflection:
            out += ["", "  Reflection:", *("    " + x for x in review.reflection.splitlines())]
        if review.intention:
            out += ["", "  Next week:", *("    " + x for x in review.intention.splitlines())]
    else:
        out += ["", "  Not reviewed yet: write the review in the app (w)."]
    return visible("\n".join(out), multiline=True) + "\n"
