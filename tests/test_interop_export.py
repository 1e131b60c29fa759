"""Export formats: JSON round trip, CSV safety, iCalendar folding and escaping, review."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from habitnet import engine
from habitnet.interop import export, ical
from habitnet.interop.review import review_markdown, review_text
from habitnet.models import Contact, State, WeeklyReview


def test_json_export_round_trips(demo_state: State) -> None:
    text = export.export_json(demo_state)
    assert State.model_validate_json(text) == demo_state


def test_csv_cells_are_never_formulas() -> None:
    state = State(
        contacts=[
            Contact(name='=HYPERLINK("http://x")', notes="+1 234", created=date(2026, 1, 1)),
            Contact(name='Zoë, "the" 😀', role="-", created=date(2026, 1, 1)),
        ]
    )
    text = export.contacts_csv(state)
    assert text.startswith("\ufeffid,name,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    by_name = {r["name"]: r for r in rows}
    assert by_name['\'=HYPERLINK("http://x")']["notes"] == "'+1 234"
    assert by_name['Zoë, "the" 😀']["role"] == "'-"
    assert by_name['Zoë, "the" 😀']["priority"] == "2"


@given(st.text(max_size=300))
def test_fold_keeps_every_octet_and_limits_lines(text: str) -> None:
    line = "DESCRIPTION:" + ical.escape_text(text)
    folded = ical.fold(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line


def test_escape_text() -> None:
    assert ical.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_calendar_shape() -> None:
    ev = ical.Event(uid="u1@habitnet", day=date(2026, 11, 21), summary="Follow up, é" * 10)
    now = datetime.fromisoformat("2026-11-21T10:30:00+01:00")
    text = ical.calendar([ev], now)
    assert "\r\nDTSTAMP:20261121T093000Z\r\n" in text
    assert "\r\nDTSTART;VALUE=DATE:20261121\r\nDTEND;VALUE=DATE:20261122\r\n" in text
    assert "\r\nUID:u1@habitnet\r\n" in text
    assert all(len(x.encode()) <= 75 for x in text.split("\r\n"))
    assert text.replace("\r\n", "").count("\n") == 0


def test_followup_events_match_the_engine(demo_state: State) -> None:
    today = date(2026, 11, 21)
    events = ical.followup_events(demo_state, today, horizon_days=0)
    due = engine.due_followups(demo_state, today)
    assert {e.uid for e in events} == {f"followup-{h.contact_id}@habitnet" for h in due}
    assert all(e.day == today for e in events)


def test_review_markdown_and_text(demo_state: State) -> None:
    summary = engine.weekly_summary(demo_state, "2026-W46")
    review = WeeklyReview(
        week="2026-W46",
        reflection="Good | steady week",
        intention="Rest more",
        next_daily_target=2,
    )
    md = review_markdown(summary, review)
    assert md.startswith("# Weekly review 2026-W46\n")
    assert f"| Outreach | {summary.total_count} of {summary.total_target} target |" in md
    assert md.count("\n| Mon ") + md.count("\n| Tue ") == 2
    assert "## Reflection\n\nGood | steady week" in md
    assert "Quota for next week: daily target 2." in md
    text = review_text(summary, None)
    assert "Not reviewed yet" in text
    assert f"{summary.energy_spent} of {summary.energy_budget} points" in text
