"""Due follow-ups as an iCalendar file (RFC 5545) that calendar apps accept.

CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character), every text
value escaped (``\\ ; , newline``, control characters as visible stand-ins) and the URL
checked (an ``http(s)`` address, anything that could end the line percent-encoded), so
no value can start a property of its own; one all-day VEVENT per contact with a stable UID
(``followup-<contact id>@habitnet``) so importing a newer export moves the event
instead of duplicating it, DTSTAMP in UTC and a SEQUENCE that grows with the due day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

from habitnet import engine
from habitnet.models import Stage, State
from habitnet.safetext import visible

PRODID = "-//habitnet//habitnet follow-ups//EN"


@dataclass(frozen=True)
class Event:
    uid: str
    day: date
    summary: str
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks
    escaped; any other control character shown as a visible stand-in."""
    value = visible(value.replace("\r\n", "\n").replace("\r", "\n"), multiline=True)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


#: What may stay as it is in a URI (RFC 3986's reserved and unreserved characters, and
#: ``%`` of the escapes already there); the rest (spaces, controls, quotes, ``\\``…) is
#: percent-encoded.
_URI_SAFE = ":/?#[]@!$&'()*+,;=-._~%"


def uri_value(url: str) -> str | None:
    """``url`` as a URI value that cannot break its line, or None when it is not a web
    address (then it is left out: only ``http`` and ``https`` links go in)."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return None
    return quote(url, safe=_URI_SAFE)


def fold(line: str, limit: int = 75) -> str:
    """Fold one content line to at most ``limit`` octets per physical line."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    parts: list[str] = []
    start = 0
    width = limit
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # inside a UTF-8 sequence
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
        width = limit - 1  # continuation lines begin with one space
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: list[Event], now: datetime, name: str = "habitnet follow-ups") -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    stamp = _stamp(now)
    for ev in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(ev.uid)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{ev.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(ev.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SEQUENCE:{ev.day.toordinal() - date(2020, 1, 1).toordinal()}",
            f"SUMMARY:{escape_text(ev.summary)}",
        ]
        if ev.description:
            lines.append(f"DESCRIPTION:{escape_text(ev.description)}")
        url = uri_value(ev.url) if ev.url else None
        if url:
            lines.append(f"URL:{url}")
        if ev.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in ev.categories))
        lines += ["TRANSP:TRANSPARENT", "STATUS:CONFIRMED", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def followup_events(state: State, day: date, horizon_days: int = 30) -> list[Event]:
    """One event per contact whose follow-up is due by ``day + horizon_days``.

    Whatever the engine lists as due today (overdue follow-ups, thank-yous before their
    deadline) is placed on ``day`` so it shows where it is seen; the rest on their ideal
    follow-up day.
    """
    last = day + timedelta(days=horizon_days)
    events: list[Event] = []
    due_now = {h.contact_id for h in engine.due_followups(state, day)}
    health_of = engine.health_getter(state, day)  # the index looked up once, not per contact
    for contact in state.contacts:
        if contact.archived:
            continue
        health = health_of(contact)
        thank = health.thank_you_due is not None
        if contact.id in due_now:
            when: date | None = day  # overdue or due today: shown today, where it is seen
        elif contact.stage != Stage.DORMANT and health.follow_up_pending:
            when = health.ideal_due
        else:
            continue
        if when is None or when > last:
            continue
        what = (
            "Say thank you to"
            if thank
            else "Say hello to"
            if health.next_step == "hello"
            else "Follow up with"
        )
        who = contact.name + (f" ({contact.organisation})" if contact.organisation else "")
        detail = [*health.reasons]
        if health.last_interaction:
            detail.append(f"Last interaction: {health.last_interaction.isoformat()}")
        if health.latest_due:
            detail.append(f"Latest day: {health.latest_due.isoformat()}")
        if contact.emails:
            detail.append("Email: " + ", ".join(contact.emails))
        events.append(
            Event(
                uid=f"followup-{contact.id}@habitnet",
                day=when,
                summary=f"{what} {who}",
                description="\n".join(detail),
                url=contact.linkedin_url,
                categories=("habitnet", "follow-up"),
            )
        )
    events.sort(key=lambda e: (e.day, e.summary.casefold()))
    return events


def followups_ics(state: State, day: date, now: datetime, horizon_days: int = 30) -> str:
    return calendar(followup_events(state, day, horizon_days), now)
