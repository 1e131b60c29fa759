"""Data files whose every text field holds hostile text: markup, or control characters.

Text from strangers (a LinkedIn export, a vCard, an old file) may hold Rich/Textual markup
or terminal escape sequences; the models take both (an old file was written before the
app refused them). :func:`every_text_state` puts one such text in every text field of
every kind of record, for the screens' tests.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from habitnet.clock import DEMO_NOW
from habitnet.interop.clean import text_values
from habitnet.models import (
    Activity,
    ActivityKind,
    CheckIn,
    Contact,
    JournalEntry,
    Meta,
    Record,
    Settings,
    State,
    WeeklyReview,
)

#: Markup that would crash (``[/]`` closes nothing), style, link, and run an action.
MARKUP = "[/] [bold]x [link=https://x.example]y [@click=app.quit]z"
#: The fragments that must show as typed.
MARKUP_PARTS = ("[/]", "[bold]x", "[link=https://x.example]y", "[@click=app.quit]z")
#: Retitle the window (OSC 0), write the clipboard (OSC 52), wipe the screen (CSI 2J),
#: ring (BEL), back up (BS), a one-byte C1 CSI, reset (ESC c).
CONTROLS = "\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J\x07\x08\x9b31mX\x1bc"

TODAY = DEMO_NOW.date()
#: The week before DEMO_NOW's: its review is written.
REVIEWED_WEEK = "2026-W46"


def every_text_state(text: str) -> State:
    """A small data file (three contacts, activities, check-ins, a journal entry, this
    week's and last week's reviews, a kind of one's own) whose every text field holds
    ``text``. Today has an activity (with Ann 1) and a check-in; Ann 2 was last seen two
    months ago (on today's plan); Ann 3 was never in touch."""

    def h(head: str, limit: int | None = None) -> str:
        value = f"{head} {text}"
        return value[:limit] if limit else value

    kind = ActivityKind(name=h("chat", 40), cost=1)
    contacts = [
        Contact(
            id=f"c-{i}",
            name=h(f"Ann {i}"),
            organisation=h("Org"),
            role=h("Role"),
            met=h("Met"),
            emails=[f"ann{i}{text}@example.com"],
            phones=[h("+1 555", 60)],
            linkedin_url=h("https://www.linkedin.com/in/ann"),
            tags=[h("tag", 50)],
            they_need=h("need\nsecond line"),
            i_can_offer=h("offer"),
            they_offer=h("they offer"),
            notes=h("notes\r\nline"),
            created=date(2026, 1, 5),
            priority=1,
        )
        for i in (1, 2, 3)
    ]
    at = datetime(2026, 11, 18, 10, tzinfo=DEMO_NOW.tzinfo)
    today = datetime.combine(TODAY, datetime.min.time(), DEMO_NOW.tzinfo).replace(hour=8)
    with_everything: dict[str, Any] = {
        "kind": kind.name,
        "contact_ids": ["c-1"],
        "direction": "gave",
        "cost": 1,
        "note": h("note"),
        "override_reason": h("why"),
    }
    activities = [
        Activity(id="a-1", at=at, follow_up=TODAY, **with_everything),
        Activity(id="a-2", at=at - timedelta(days=60), kind="coffee", contact_ids=["c-2"], cost=3),
        Activity(id="a-3", at=today, **with_everything),
    ]
    return State(
        meta=Meta(started=date(2026, 1, 5)),
        settings=Settings(activity_kinds=[*Settings().activity_kinds, kind], theme=h("theme", 80)),
        contacts=contacts,
        activities=activities,
        checkins=[
            CheckIn(day=TODAY - timedelta(days=3), energy=3, mood=3, note=h("tired")),
            CheckIn(day=TODAY, energy=3, mood=3, note=h("rested")),
        ],
        journal=[
            JournalEntry(
                id="j-1",
                day=TODAY - timedelta(days=3),
                text=h("findme journal"),
                value_offered=h("value"),
                was_mutual=h("mutual"),
                learned=h("learned"),
                follow_up_plan=h("plan"),
                tags=[h("jtag", 50)],
                contact_ids=["c-1"],
            )
        ],
        reviews=[
            WeeklyReview(
                week=week,
                summary={"note": h("summary")},
                reflection=h("reflection"),
                intention=h("intention"),
            )
            for week in ("2026-W47", REVIEWED_WEEK)
        ],
    )


def text_fields_without(state: State, text: str) -> list[str]:
    """The text fields of ``state`` that do not hold ``text`` (none, for a fixture that
    covers every field): ``["Contact.role", …]``."""
    records: list[Record] = [
        state.settings,
        *state.settings.activity_kinds[-1:],
        *state.contacts,
        state.activities[0],
        *state.checkins,
        *state.journal,
        *state.reviews,
    ]
    missing = []
    for record in records:
        model = type(record)
        for name, value, _multi in text_values(model, dict(record)):
            if text[:8].lower() not in value.lower():
                missing.append(f"{model.__name__}.{name}")
    return missing
