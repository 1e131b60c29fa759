"""The ``habitnet`` command: the app with no subcommand, quick commands for scripts.

Every command shares the store, the session and the engine with the app, so a command
and the app always agree. Exit codes: 0 done; 1 refused by a limit (with the reason);
2 an error: bad input or usage, a data file or folder habitnet cannot read or write,
problems ``doctor`` found. Errors go to standard error as a message (never a
traceback), and nothing is written when a command fails. Textual is imported only when
the app itself is opened.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any, NoReturn, cast

from habitnet import __version__
from habitnet.clock import Clock, SystemClock
from habitnet.exits import EXIT_ERROR, EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from habitnet.messages import Label, field_bounds, range_text, user_message
from habitnet.models import (
    Activity,
    CheckIn,
    CheckInKind,
    Contact,
    JournalEntry,
    Stage,
    State,
    parse_iso_week,
)


class CliError(Exception):
    """A command failed; ``str(e)`` is the message, ``code`` the exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


class _ParserExit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse that writes to the injected streams and raises instead of exiting."""

    out: IO[str] = sys.stdout
    err: IO[str] = sys.stderr

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self.err if file is sys.stderr else self.out).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self.err.write(message)
        raise _ParserExit(status)

    def error(self, message: str) -> NoReturn:
        self.err.write(self.format_usage())
        raise CliError(f"{self.prog}: {message}", EXIT_USAGE)


@dataclass
class Ctx:
    args: argparse.Namespace
    clock: Clock
    out: IO[str]
    err: IO[str]

    @property
    def data_dir(self) -> Path:
        from habitnet.store import resolve_data_dir

        return resolve_data_dir(self.args.data_dir)

    def print(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def warn(self, text: str) -> None:
        self.err.write(text + "\n")

    @property
    def fancy(self) -> bool:
        """May we print ✓ and ·? Not with --plain or on a non-UTF-8 stream."""
        from habitnet.status import fancy

        return fancy(self.out, self.args.plain)


# -- shared helpers ----------------------------------------------------------------------


@contextmanager
def _session(ctx: Ctx, *, write: bool, create: bool = True) -> Iterator[Any]:
    """Open the data folder; writers take the lock. Store errors become CliErrors."""
    from habitnet.session import Session
    from habitnet.store import StoreError

    _check_folder(ctx)
    try:
        session = Session.open(
            ctx.data_dir, ctx.clock, read_only=not write, create=create, lock=write
        )
    except FileNotFoundError:
        raise CliError(
            f"there is no habitnet data in {ctx.data_dir} yet; open the app once "
            f"(habitnet --data-dir {ctx.data_dir}), import contacts, or try habitnet demo"
        ) from None
    except StoreError as exc:
        raise CliError(exc.one_line()) from None
    try:
        yield session
    finally:
        session.close()


def _check_folder(ctx: Ctx) -> None:
    """A data folder that is something else (a file) is an error, never "no data yet"."""
    folder = ctx.data_dir
    if os.path.lexists(folder) and not folder.is_dir():
        raise CliError(
            f"{folder} is not a folder, so it cannot hold habitnet's data; give "
            "--data-dir (or HABITNET_HOME) a folder"
        )


def _save(ctx: Ctx, session: Any) -> None:
    """Save, in the command line's words: the process ends here, so nothing is "kept in
    memory" — a failed save means the command changed nothing and can be run again."""
    from habitnet.store import SaveError, StoreError

    try:
        notice = session.save()
    except SaveError as exc:
        if exc.replaced:
            raise CliError(
                f"saved {exc.path}, but could not confirm it is safely on disk "
                f"({exc.reason}); check the disk, then run habitnet doctor"
            ) from None
        raise CliError(
            f"could not save {exc.path}: {exc.reason}. Nothing was changed (the file on "
            "disk is as it was); fix that, then run the command again"
        ) from None
    except StoreError as exc:
        raise CliError(exc.one_line()) from None
    if notice is not None:
        ctx.warn(f"habitnet: {notice.message}")


def parse_day(text: str, today: date, what: str = "date") -> date:
    """``2026-11-20``, ``today``, ``yesterday``, ``tomorrow``, ``+N`` / ``Nd`` (days from
    today) or ``-N`` (days ago)."""
    t = text.strip().lower()
    named = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if t in named:
        return today + timedelta(days=named[t])
    raw = t[:-1] if t.endswith("d") else t
    if raw[:1] in "+-" and raw[1:].isdigit() and len(raw) < 6:
        return today + timedelta(days=int(raw))
    if raw.isdigit() and len(raw) < 5 and t.endswith("d"):
        return today + timedelta(days=int(raw))
    try:
        return date.fromisoformat(t)
    except ValueError:
        raise CliError(
            f"{what}: {text!r} is not a date; use 2026-11-20, today, yesterday, "
            "tomorrow, +7 (days from today) or -2 (days ago)"
        ) from None


# How each command names the model fields it fills: the flag or argument the user typed
# (see habitnet.messages: errors are said in these words, with the models' own limits).
CONTACT_LABELS: dict[str, Label | str] = {
    "name": "Name",
    "organisation": "--org",
    "role": "--role",
    "met": "--met",
    "emails": "--email",
    "phones": "--phone",
    "linkedin_url": "--linkedin",
    "tags": Label("--tag", "tag"),
    "priority": "--priority",
    "cadence_days": Label("--cadence", "day"),
    "notes": "--notes",
}
ACTIVITY_LABELS: dict[str, Label | str] = {
    "kind": "KIND",
    "contact_ids": Label("CONTACT", "person", "people"),
    "direction": "--gave/--asked/--mutual",
    "cost": Label("--cost", "point"),
    "note": "--note",
    "follow_up": "--follow-up",
    "override_reason": "--override",
    "at": "--date",
}
CHECKIN_LABELS: dict[str, Label | str] = {
    "energy": "--energy",
    "mood": "--mood",
    "note": "--note",
    "day": "--date",
    "kind": "--evening",
}
JOURNAL_LABELS: dict[str, Label | str] = {
    "text": "TEXT",
    "value_offered": "--value-offered",
    "was_mutual": "--was-mutual",
    "learned": "--learned",
    "follow_up_plan": "--follow-up-plan",
    "tags": Label("--tag", "tag"),
    "contact_ids": Label("--contact", "person", "people"),
    "day": "--date",
}


def _check_day(ctx: Ctx, state: State, day: date, today: date, flag: str = "--date") -> None:
    """A day something happened: never in the future; far back only with --backdate
    (it would become the user's first day: see engine.backdate_problem)."""
    from habitnet import engine

    if day > today:
        raise CliError(
            f"{flag} {day.isoformat()} is in the future; record what happened, on the day "
            "it happened"
        )
    problem = None if ctx.args.backdate else engine.backdate_problem(state, day, today)
    if problem:
        raise CliError(f"{flag} {problem} If you mean it, add --backdate.")


def _check_follow_up(follow_up: date, day: date) -> None:
    """A follow-up comes on or after the activity, within the longest cadence."""
    if follow_up < day:
        raise CliError(
            f"--follow-up {follow_up.isoformat()} is before the activity ({day.isoformat()}); "
            "a follow-up comes after it"
        )
    _, longest = field_bounds(Contact, "cadence_days")
    if (follow_up - day).days > longest:
        raise CliError(
            f"--follow-up {follow_up.isoformat()} is more than {longest} days after the "
            "activity (the longest follow-up cadence)"
        )


def _fold(text: str) -> str:
    """Case- and accent-insensitive, spaces collapsed: ``Zoe`` finds ``Zoë``, ``lukasz``
    finds ``Łukasz``."""
    from habitnet.folding import fold

    return fold(" ".join(text.split()))


def find_contact(state: State, query: str) -> Contact:
    """By id, else by name (case-insensitive), else by a unique name prefix."""
    contacts = state.contacts
    for c in contacts:
        if c.id == query:
            return c
    q = _fold(query)
    if not q:
        raise CliError("a contact name cannot be empty")
    live = [c for c in contacts if not c.archived]
    for pool in (live, contacts):
        exact = [c for c in pool if _fold(c.name) == q]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise CliError(_ambiguous(query, exact))
    for pool in (live, contacts):
        starts = [c for c in pool if _fold(c.name).startswith(q)]
        if not starts:
            starts = [c for c in pool if any(w.startswith(q) for w in _fold(c.name).split())]
        if len(starts) == 1:
            return starts[0]
        if len(starts) > 1:
            raise CliError(_ambiguous(query, starts))
    raise CliError(
        f"no contact matches {query!r}; see habitnet contacts list, or add one with "
        f"habitnet contacts add {query!r}"
    )


def _ambiguous(query: str, found: list[Contact]) -> str:
    lines = [f"{query!r} matches {len(found)} contacts; use more of the name or the id:"]
    for c in found[:15]:
        org = f" ({c.organisation})" if c.organisation else ""
        lines.append(f"  {c.id}  {c.name}{org}")
    if len(found) > 15:
        lines.append(f"  … and {len(found) - 15} more")
    return "\n".join(lines)


def find_kind(state: State, query: str) -> str:
    kinds = [k.name for k in state.settings.activity_kinds]
    q = query.strip().lower()
    squash = "".join(ch for ch in q if ch.isalnum())
    for name in kinds:
        if name.lower() == q or "".join(ch for ch in name.lower() if ch.isalnum()) == squash:
            return name
    starts = [n for n in kinds if n.lower().startswith(q)] if q else []
    if len(starts) == 1:
        return starts[0]
    known = ", ".join(kinds)
    if len(starts) > 1:
        raise CliError(f"activity kind {query!r} is ambiguous: {', '.join(starts)}")
    raise CliError(f"unknown activity kind {query!r}; known kinds: {known}")


def _write_output(ctx: Ctx, text: str, output: str | None, *, bom_ok: bool = False) -> None:
    """To standard output, or atomically to a file (nothing half-written on failure)."""
    if not output or output == "-":
        ctx.out.write(text.removeprefix("\ufeff") if not bom_ok else text)
        return
    dest = Path(output).expanduser()
    if dest.is_dir():
        raise CliError(f"--output {dest} is a folder; give a file name")
    if not dest.parent.exists():
        raise CliError(f"--output: the folder {dest.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CliError(f"cannot write {dest}: {exc.strerror or exc}") from None


def _contact_label(c: Contact) -> str:
    return c.name + (f" ({c.organisation})" if c.organisation else "")


def _points(n: int) -> str:
    return f"{n} point" + ("" if n == 1 else "s")


def _json(ctx: Ctx, data: Any) -> None:
    from habitnet.safetext import escape_json

    ctx.print(escape_json(json.dumps(data, indent=2, ensure_ascii=False, default=str)))


# -- status --------------------------------------------------------------------------


def cmd_status(ctx: Ctx) -> int:
    """The full path of ``habitnet status``: load the data, answer, refresh the glance
    file (``habitnet.entry`` answers from it when it is current; see
    :mod:`habitnet.status`)."""
    from habitnet import engine, sidecar, status
    from habitnet.glance import status_numbers
    from habitnet.store import Store

    _check_folder(ctx)
    store = Store(ctx.data_dir, ctx.clock, read_only=True)
    if not store.exists():
        if ctx.args.json:
            _json(ctx, {"data": False, "data_dir": str(ctx.data_dir)})
        else:
            ctx.print("habitnet: no data yet")
        return EXIT_OK
    stamp = sidecar.file_stamp(ctx.data_dir / sidecar.DATA_FILE)
    with _session(ctx, write=False) as session:
        state = session.state
        today = ctx.clock.today()
        overview = engine.today_overview(state, today)
    ctx.print(
        status.render(status_numbers(overview), today, as_json=ctx.args.json, fancy=ctx.fancy)
    )
    status.refresh_glance(ctx.data_dir, stamp, state, overview)
    return EXIT_OK


# -- log ---------------------------------------------------------------------------


def cmd_log(ctx: Ctx) -> int:
    from habitnet import engine

    a = ctx.args
    with _session(ctx, write=True) as session:
        today = session.today()
        state = session.state
        kind = find_kind(state, a.kind)
        contacts = [find_contact(state, q) for q in a.contacts]
        if a.direction and not contacts:
            raise CliError(
                f"--{a.direction} needs a contact: the direction says who gave and who "
                f"asked, so it belongs to a person. Name one (habitnet log {kind} NAME "
                f"--{a.direction}), or leave --{a.direction} out"
            )
        day = parse_day(a.date, today, "--date") if a.date else today
        _check_day(ctx, state, day, today)
        follow_up = parse_day(a.follow_up, today, "--follow-up") if a.follow_up else None
        if follow_up is not None:
            _check_follow_up(follow_up, day)
        try:
            activity: Activity = session.propose_activity(
                kind,
                [c.id for c in contacts],
                direction=a.direction,
                cost=a.cost,
                note=a.note or "",
                follow_up=follow_up,
                at=session.at_on(day),
            )
        except ValueError as exc:
            raise CliError(user_message(exc, ACTIVITY_LABELS)) from None
        try:
            decision = session.log_activity(activity, override_reason=a.override)
        except ValueError as exc:
            raise CliError(user_message(exc, ACTIVITY_LABELS)) from None
        if not decision.ok:
            ctx.warn(f"Refused: {activity.kind} ({_points(activity.cost)}) on {day}.")
            for reason in decision.reasons:
                ctx.warn(f"  - {reason}")
            ctx.warn(
                'To go ahead anyway, say why: --override "REASON" (the overspend '
                "becomes debt that lowers the next days' budgets)."
            )
            return EXIT_REFUSED
        _save(ctx, session)
        who = f" with {', '.join(c.name for c in contacts)}" if contacts else ""
        when = "" if day == today else f" on {day.isoformat()}"
        how = f", {activity.direction_text}" if activity.direction_text else ""
        ctx.print(f"Logged {activity.kind}{who} ({_points(activity.cost)}{how}){when}.")
        if decision.outcome == "override":
            ctx.print(f"Override recorded: {a.override.strip()}")
            for reason in decision.reasons:
                ctx.print(f"  - {reason}")
        for note in decision.notes:
            ctx.print(f"  {note}")
        quota = engine.quota_status(session.state, day)
        budget = engine.day_budget(session.state, day)
        label = "Today" if day == today else day.isoformat()
        done = " — done for the day" if quota.done else ""
        ctx.print(
            f"{label}: {quota.count}/{quota.target} outreach{done}; "
            f"energy {budget.remaining}/{budget.budget} left"
        )
        if follow_up:
            ctx.print(f"Follow-up on {follow_up.isoformat()}.")
    return EXIT_OK


# -- checkin -----------------------------------------------------------------------


def cmd_checkin(ctx: Ctx) -> int:
    from habitnet import engine
    from habitnet.session import CheckInExistsError

    a = ctx.args
    with _session(ctx, write=True) as session:
        today = session.today()
        day = parse_day(a.date, today, "--date") if a.date else today
        _check_day(ctx, session.state, day, today)
        kind = CheckInKind.EVENING if a.evening else CheckInKind.MORNING
        try:
            ch = session.checkin(
                a.energy, a.mood, note=a.note or "", day=day, kind=kind, replace=a.replace
            )
        except CheckInExistsError as exc:
            # (without the session's "day: ", which names no flag)
            recorded = str(exc).removeprefix("day: ")
            raise CliError(f"{recorded}; pass --replace to replace it") from None
        except ValueError as exc:
            raise CliError(user_message(exc, CHECKIN_LABELS)) from None
        _save(ctx, session)
        when = "today" if day == today else day.isoformat()
        ctx.print(
            f"{kind.value.capitalize()} check-in {when}: energy {ch.energy}/5, mood {ch.mood}/5."
        )
        if kind == CheckInKind.MORNING:
            budget = engine.day_budget(session.state, day)
            ctx.print(f"Energy budget {budget.budget} points ({budget.remaining} left).")
    return EXIT_OK


# -- journal -----------------------------------------------------------------------


def _journal_line(entry: JournalEntry, names: dict[str, str]) -> str:
    text = " ".join(entry.text.split()) or " ".join(entry.learned.split()) or "(no text)"
    if len(text) > 70:
        text = text[:69] + "…"
    extra = ""
    if entry.tags:
        extra += "  #" + " #".join(entry.tags)
    if entry.contact_ids:
        extra += "  @" + ", ".join(names.get(c, c) for c in entry.contact_ids)
    return f"{entry.day.isoformat()}  {entry.id}  {text}{extra}"


def cmd_journal(ctx: Ctx) -> int:
    a = ctx.args
    if a.journal_cmd == "add":
        text = sys.stdin.read() if a.text == "-" else a.text
        if a.text == "-":
            from habitnet.safetext import control_problem

            problem = control_problem(text, "TEXT (standard input)", multiline=True)
            if problem is not None:
                raise CliError(problem)
        with _session(ctx, write=True) as session:
            today = session.today()
            day = parse_day(a.date, today, "--date") if a.date else today
            _check_day(ctx, session.state, day, today)
            ids = [find_contact(session.state, q).id for q in a.contact or []]
            try:
                entry = session.add_journal(
                    day=day,
                    text=text,
                    value_offered=a.value_offered or "",
                    was_mutual=a.was_mutual or "",
                    learned=a.learned or "",
                    follow_up_plan=a.follow_up_plan or "",
                    tags=a.tag or [],
                    contact_ids=ids,
                )
            except ValueError as exc:
                raise CliError(user_message(exc, JOURNAL_LABELS)) from None
            _save(ctx, session)
            ctx.print(f"Journal entry {entry.id} saved for {entry.day.isoformat()}.")
        return EXIT_OK
    if a.limit < 0:
        raise CliError(f"--limit must be 0 (all entries) or more, not {a.limit}")
    with _session(ctx, write=False) as session:
        state = session.state
        entries = sorted(state.journal, key=lambda e: (e.day, e.id), reverse=True)
        if a.journal_cmd == "search":
            words = [w.lower() for w in a.query.split()]
            if not words:
                raise CliError("search: give a word to look for")
            entries = [e for e in entries if all(w in e.search_text() for w in words)]
        if a.tag:
            tag = a.tag.strip().lower()
            entries = [e for e in entries if tag in e.tags]
        if a.contact:
            cid = find_contact(state, a.contact).id
            entries = [e for e in entries if cid in e.contact_ids]
        limit = a.limit
        shown = entries[:limit] if limit else entries
        if a.json:
            _json(ctx, [e.model_dump(mode="json") for e in shown])
            return EXIT_OK
        names = {c.id: c.name for c in state.contacts}
        if not shown:
            ctx.print("No journal entries" + (" match." if a.journal_cmd == "search" else "."))
        for e in shown:
            ctx.print(_journal_line(e, names))
        if len(entries) > len(shown):
            ctx.print(f"… {len(entries) - len(shown)} older; use --limit 0 to see all.")
    return EXIT_OK


# -- contacts ----------------------------------------------------------------------


def cmd_contacts(ctx: Ctx) -> int:
    a = ctx.args
    if a.contacts_cmd == "add":
        with _session(ctx, write=True) as session:
            state = session.state
            fields: dict[str, Any] = {
                "name": a.name,
                "organisation": a.org or "",
                "role": a.role or "",
                "met": a.met or "",
                "emails": a.email or [],
                "phones": a.phone or [],
                "linkedin_url": a.linkedin or "",
                "tags": a.tag or [],
                "notes": a.notes or "",
            }
            if a.priority is not None:
                fields["priority"] = a.priority
            if a.cadence is not None:
                fields["cadence_days"] = a.cadence
            q = (_fold(a.name), _fold(a.org or ""))
            same = [c for c in state.contacts if (_fold(c.name), _fold(c.organisation)) == q]
            if same and not a.allow_duplicate:
                raise CliError(
                    f"{_contact_label(same[0])} exists already ({same[0].id}); "
                    "pass --allow-duplicate to add another"
                )
            try:
                contact = session.add_contact(**fields)
            except ValueError as exc:
                raise CliError(user_message(exc, CONTACT_LABELS)) from None
            _save(ctx, session)
            ctx.print(f"Added {_contact_label(contact)} ({contact.id}).")
        return EXIT_OK
    from habitnet import engine

    with _session(ctx, write=False) as session:
        state = session.state
        today = session.today()
        if a.contacts_cmd == "show":
            c = find_contact(state, a.contact)
            health = engine.contact_health(state, c.id, today)
            history = sorted(
                (x for x in state.activities if c.id in x.contact_ids),
                key=lambda x: x.at,
                reverse=True,
            )
            if a.json:
                data = c.model_dump(mode="json")
                data["health"] = _health_dict(health)
                data["activities"] = [x.model_dump(mode="json") for x in history]
                _json(ctx, data)
                return EXIT_OK
            _show_contact(ctx, c, health, history)
            return EXIT_OK
        contacts = [c for c in state.contacts if a.archived or not c.archived]
        if a.tag:
            tag = a.tag.strip().lower()
            contacts = [c for c in contacts if tag in c.tags]
        if a.search:
            needle = _fold(a.search)
            contacts = [
                c
                for c in contacts
                if needle in _fold(" ".join((c.name, c.organisation, c.role, " ".join(c.emails))))
            ]
        due_ids: dict[str, Any] = {}
        if a.due:
            due_ids = {h.contact_id: h for h in engine.due_followups(state, today)}
            contacts = [c for c in contacts if c.id in due_ids]
        contacts.sort(key=lambda c: (c.priority, c.name.casefold()))
        if a.json:
            _json(ctx, [c.model_dump(mode="json") for c in contacts])
            return EXIT_OK
        if not contacts:
            ctx.print("No contacts" + (" match." if (a.tag or a.search or a.due) else " yet."))
            return EXIT_OK
        for c in contacts:
            tags = ("  #" + " #".join(c.tags)) if c.tags else ""
            arch = "  [archived]" if c.archived else ""
            ctx.print(f"{c.id}  P{c.priority}  {_contact_label(c)}{tags}{arch}")
        ctx.print(f"{len(contacts)} contact{'' if len(contacts) == 1 else 's'}.")
    return EXIT_OK


def _health_dict(health: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in (
        "last_interaction",
        "ideal_due",
        "latest_due",
        "days_overdue",
        "thank_you_due",
        "gave",
        "asked",
        "mutual",
        "one_sided",
        "reconnect",
        "next_step",
        "reasons",
    ):
        value = getattr(health, key)
        out[key] = value.isoformat() if isinstance(value, date) else value
    if isinstance(out.get("reasons"), tuple):
        out["reasons"] = list(out["reasons"])
    return out


def _show_contact(ctx: Ctx, c: Contact, health: Any, history: list[Activity]) -> None:
    ctx.print(_contact_label(c) + ("  [archived]" if c.archived else ""))
    ctx.print(f"  id        {c.id}")
    rows = [
        ("role", c.role),
        ("met", c.met),
        ("email", ", ".join(c.emails)),
        ("phone", ", ".join(c.phones)),
        ("linkedin", c.linkedin_url),
        ("tags", ", ".join(c.tags)),
        ("priority", str(c.priority)),
        ("cadence", f"every {c.cadence_days} days"),
        ("stage", c.stage.value if isinstance(c.stage, Stage) else str(c.stage)),
        ("added", c.created.isoformat()),
        ("they need", c.they_need),
        ("I offer", c.i_can_offer),
        ("they offer", c.they_offer),
    ]
    for label, value in rows:
        if value:
            ctx.print(f"  {label:<9} {' '.join(value.split())}")
    ctx.print(
        f"  balance   gave {health.gave} · asked {health.asked} · mutual {health.mutual}"
        + ("  (one-sided)" if health.one_sided else "")
    )
    if health.last_interaction:
        ctx.print(f"  last      {health.last_interaction.isoformat()}")
    if health.ideal_due and health.follow_up_pending:
        if health.next_step == "hello":
            due = f"  say hello {health.ideal_due.isoformat()}"
        else:
            due = f"  follow up {health.ideal_due.isoformat()}"
        if health.latest_due:
            due += f" (at the latest {health.latest_due.isoformat()})"
        ctx.print(due)
    for reason in health.reasons:
        ctx.print(f"  · {reason}")
    if c.notes:
        ctx.print("  notes:")
        for line in c.notes.splitlines():
            ctx.print(f"    {line}")
    if history:
        ctx.print(f"  history ({len(history)}):")
        for x in history[:10]:
            note = f" — {' '.join(x.note.split())[:50]}" if x.note else ""
            how = f" ({x.direction_text})" if x.direction_text else ""
            ctx.print(f"    {x.at.date().isoformat()}  {x.kind}{how}{note}")


# -- review ------------------------------------------------------------------------


def cmd_review(ctx: Ctx) -> int:
    from habitnet import engine
    from habitnet.interop.review import review_markdown, review_text

    a = ctx.args
    with _session(ctx, write=False) as session:
        today = session.today()
        week = _week(a.week, today, session.state.settings.week_start)
        summary = engine.weekly_summary(session.state, week, today)
        saved = session.state.review(week)
    if a.format == "json":
        data = {"week": week, "summary": summary.to_dict()}
        if saved is not None:
            data["review"] = saved.model_dump(mode="json", exclude={"summary"})
        _json(ctx, data)
    elif a.format == "md":
        ctx.out.write(review_markdown(summary, saved))
    else:
        ctx.out.write(review_text(summary, saved))
    return EXIT_OK


def _week(value: str | None, today: date, week_start: int) -> str:
    """The week ``--week`` names: this week (none given), last week, or an ISO label;
    this and last week's labels follow the week start in Settings."""
    from habitnet.engine import week_label

    if not value:
        return week_label(today, week_start)
    if value.strip().lower() in ("last", "previous"):
        return week_label(today - timedelta(days=7), week_start)
    try:
        y, w = parse_iso_week(value)
    except ValueError as exc:
        raise CliError(f"--week: {exc}") from None
    return f"{y}-W{w:02d}"


# -- import / export ---------------------------------------------------------------


def _is_empty(state: State) -> bool:
    return not (
        state.contacts or state.activities or state.checkins or state.journal or state.reviews
    )


def cmd_import(ctx: Ctx) -> int:
    from habitnet import interop

    a = ctx.args
    path = Path(a.file).expanduser()
    try:
        data = interop.read_import_file(path)
    except interop.ImportReadError as exc:
        raise CliError(str(exc)) from None
    try:
        fmt = a.format or interop.detect_format(data)
    except interop.ImportFormatError as exc:
        raise CliError(f"{path}: {exc}") from None
    if fmt == "json":
        return _import_json(ctx, path, data)
    try:
        parsed = interop.parse_contacts(data, fmt)
    except interop.ImportFormatError as exc:
        raise CliError(f"{path}: {exc}") from None
    label = {"linkedin": "LinkedIn", "vcard": "vCard"}[fmt]
    with _session(ctx, write=not a.dry_run) as session:
        plan = interop.plan_import(session.state, parsed, session.today())
        if a.json:
            report = plan.to_dict()
            report["dry_run"] = bool(a.dry_run)
            report["file"] = str(path)
        if a.dry_run:
            if not a.json:
                ctx.print(f"Dry run: importing {path.name} ({label}) would make these changes:")
                for change in plan.added + plan.updated:
                    ctx.print("  " + change.describe())
        elif plan.changes_anything:
            new_state = interop.apply_plan(session.state, plan)
            session.replace_state(new_state, label=f"Reverted the import of {path.name}")
            _save(ctx, session)
    if a.json:
        _json(ctx, report)
        return EXIT_OK
    verb = "would be" if a.dry_run else "were"
    ctx.print(
        f"{label} import of {path.name}: {plan.summary()}" + (" (dry run)" if a.dry_run else ".")
    )
    if plan.skipped:
        ctx.print(f"Skipped rows {verb} left out:")
        for s in plan.skipped:
            ctx.print(f"  {s}")
    if plan.warnings:
        ctx.print("Warnings:")
        for w in plan.warnings[:50]:
            ctx.print(f"  {w}")
        if len(plan.warnings) > 50:
            ctx.print(f"  … and {len(plan.warnings) - 50} more")
    if a.dry_run:
        ctx.print("Nothing was written (dry run).")
    return EXIT_OK


def _import_json(ctx: Ctx, path: Path, data: bytes) -> int:
    from habitnet.store import NewerSchemaError, parse_state

    a = ctx.args
    from habitnet.interop.clean import clean_state
    from habitnet.interop.merge import cleaned_text

    try:
        incoming, _version = parse_state(data, path)
        # Text from another machine's file: no control character comes in with it.
        incoming, cleaned = clean_state(incoming)
    except NewerSchemaError as exc:
        raise CliError(str(exc)) from None
    except ValueError as exc:
        problems = "; ".join(line for line in str(exc).splitlines() if line.strip())
        raise CliError(f"{path} is not a habitnet JSON export: {problems}") from None
    counts = (
        f"{len(incoming.contacts)} contacts, {len(incoming.activities)} activities, "
        f"{len(incoming.checkins)} check-ins, {len(incoming.journal)} journal entries, "
        f"{len(incoming.reviews)} weekly reviews{cleaned_text(cleaned)}"
    )
    with _session(ctx, write=not a.dry_run) as session:
        current = session.state
        if current == incoming:
            ctx.print(f"{ctx.data_dir} already holds exactly this data; nothing to do.")
            return EXIT_OK
        if not _is_empty(current) and not a.replace:
            raise CliError(
                f"{ctx.data_dir} already holds data ({len(current.contacts)} contacts, "
                f"{len(current.activities)} activities). A JSON import replaces everything: "
                "pass --replace to do it (a backup of the current file is taken first), "
                "or import into an empty --data-dir"
            )
        if a.dry_run:
            ctx.print(
                f"Dry run: {path.name} would replace the data in {ctx.data_dir} with {counts}."
            )
            ctx.print("Nothing was written (dry run).")
            return EXIT_OK
        from habitnet.store import StoreError

        backup = None
        if session.store.exists():
            try:
                backup = session.store.create_backup()
            except (StoreError, OSError) as exc:
                raise CliError(f"cannot back up the current data first: {exc}") from None
        session.replace_state(incoming, label=f"Reverted the import of {path.name}")
        _save(ctx, session)
    ctx.print(f"Imported {path.name} into {ctx.data_dir}: {counts}.")
    if backup is not None:
        ctx.print(f"The previous data is kept as {backup}.")
    return EXIT_OK


def cmd_export(ctx: Ctx) -> int:
    from habitnet.interop import export

    a = ctx.args
    if a.format == "all":
        return _export_all(ctx)
    with _session(ctx, write=False, create=False) as session:
        state = session.state
        today = session.today()
        if a.format == "json":
            text = export.export_json(state)
        elif a.format == "csv":
            text = (
                export.contacts_csv(state) if a.what == "contacts" else export.activities_csv(state)
            )
        elif a.format == "md":
            from habitnet import engine
            from habitnet.interop.review import review_markdown

            week = _week(a.week, today, state.settings.week_start)
            text = review_markdown(engine.weekly_summary(state, week, today), state.review(week))
        else:
            from habitnet.interop.ical import followups_ics

            if a.days < 0 or a.days > 3650:
                raise CliError("--days must be between 0 and 3650")
            text = followups_ics(state, today, ctx.clock.now(), horizon_days=a.days)
    _write_output(ctx, text, a.output, bom_ok=False)
    if a.output and a.output != "-":
        ctx.err.write(f"Wrote {a.output}.\n")
    return EXIT_OK


def _export_all(ctx: Ctx) -> int:
    """``export --format all --output DIR``: every format into DIR, as the app's Export."""
    from habitnet.interop.export import export_all

    output = ctx.args.output
    if not output or output == "-":
        raise CliError("--format all writes several files: give a folder with --output DIR")
    folder = Path(output).expanduser()
    if folder.exists() and not folder.is_dir():
        raise CliError(f"--output {folder} is a file; give a folder for --format all")
    with _session(ctx, write=False, create=False) as session:
        try:
            files = export_all(session.state, folder, ctx.clock.now())
        except OSError as exc:
            raise CliError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    ctx.err.write(f"Wrote {', '.join(f.name for f in files)} into {folder}.\n")
    return EXIT_OK


# -- backup / doctor / demo --------------------------------------------------------


def cmd_backup(ctx: Ctx) -> int:
    from habitnet.store import Store, StoreError

    a = ctx.args
    store = Store(ctx.data_dir, ctx.clock, read_only=a.backup_cmd == "list")
    try:
        if a.backup_cmd == "list":
            backups = store.backups()
            prev = store.previous()
            if prev is not None:
                backups = [prev, *backups]
            if not backups:
                ctx.print(f"No backups in {store.backup_dir} yet.")
                return EXIT_OK
            for b in backups:
                state = "ok" if b.valid else f"UNREADABLE: {b.problem}"
                what = "  (the version the last save replaced)" if b is prev else ""
                ctx.print(f"{b.name}  {b.created:%Y-%m-%d %H:%M}  {state}{what}")
            return EXIT_OK
        if not store.exists() and a.backup_cmd == "create":
            raise CliError(f"there is no data file in {ctx.data_dir} to back up")
        if a.backup_cmd == "restore" and _syncs(ctx):
            return _restore_synced(ctx, store, a.name)
        with store.locked():
            if a.backup_cmd == "create":
                path = store.create_backup()
                ctx.print(f"Backup written: {path}")
            else:
                src = store.restore_backup(a.name)
                ctx.print(f"Restored {src.name} into {store.path}.")
                ctx.print("The file it replaced (if any) is kept beside it as habitnet.json.bad-*.")
    except StoreError as exc:
        raise CliError(exc.one_line()) from None
    except OSError as exc:
        raise CliError(f"{exc.filename or store.data_dir}: {exc.strerror or exc}") from None
    return EXIT_OK


def _syncs(ctx: Ctx) -> bool:
    from habitnet.sync import enabled

    return enabled(ctx.data_dir)


def _restore_synced(ctx: Ctx, store: Any, name: str | None) -> int:
    """Restore a backup in a data folder that syncs: as this device's changes (the
    operations from the current data to the backup's), so every device gets them."""
    from habitnet.store import parse_state

    if name:
        src = store.backup_dir / name
        src = src if src.exists() else Path(name)
        if not src.exists():
            raise CliError(f"No backup named {name!r} in {store.backup_dir}.")
    else:
        src = store.newest_good_backup()
        if src is None:
            raise CliError(f"No good backup in {store.backup_dir} to restore.")
    try:
        state, _version = parse_state(src.read_bytes(), src)
    except (ValueError, OSError) as exc:
        raise CliError(f"Backup {src} is not readable: {exc}") from None
    with _session(ctx, write=True) as session:
        session.replace_state(state, "Reverted the restore")
        _save(ctx, session)
    ctx.print(f"Restored {src.name}: as this device's changes, so every synced device gets them.")
    return EXIT_OK


def cmd_doctor(ctx: Ctx) -> int:
    from habitnet.store import Store

    report = Store(ctx.data_dir, ctx.clock, read_only=True).doctor()
    if _syncs(ctx):
        from habitnet.sync.commands import doctor as sync_doctor

        for kind, text in sync_doctor(ctx.data_dir, ctx.clock):
            {"ok": report.good, "note": report.note, "bad": report.bad}[kind](text)
    for line in report.lines:
        ctx.print(line)
    ctx.print("All good." if report.ok else "Problems found (see FAIL lines).")
    return EXIT_OK if report.ok else EXIT_ERROR


def cmd_sync(ctx: Ctx) -> int:
    from habitnet.sync import commands

    a = ctx.args
    action = a.sync_cmd
    try:
        if action == "init":
            folder = Path(a.folder).expanduser() if a.folder else None
            if folder is not None and a.remote:
                raise CliError("give a REMOTE (git) or --folder DIR, not both")
            lines = commands.init(
                ctx.data_dir, ctx.clock, remote=a.remote, folder=folder, name=a.name
            )
        elif action == "status":
            lines = commands.status(ctx.data_dir, ctx.clock)
        elif action == "forget":
            lines = commands.forget(ctx.data_dir, ctx.clock, a.device)
        else:
            lines = commands.run(ctx.data_dir, ctx.clock).lines
    except commands.SyncError as exc:
        raise CliError(f"sync: {exc}") from None
    for line in lines:
        ctx.print(line)
    return EXIT_OK


def cmd_demo(ctx: Ctx) -> int:
    from habitnet.demo_folder import DemoFolderError, holds_demo, write_demo
    from habitnet.store import Store, default_demo_dir

    a = ctx.args
    target = Path(a.data_dir).expanduser() if a.data_dir else default_demo_dir()
    if a.years < 1 or a.years > 10:
        raise CliError("--years must be between 1 and 10")
    store = Store(target, ctx.clock)
    if store.exists() and not a.force:
        raise CliError(
            f"{store.path} exists already; pass --force to replace it with a fresh demo "
            "(the demo never replaces your own data)"
        )
    from habitnet.demo import generate

    try:
        # Demo data never mixes with real data: --force replaces only an earlier demo.
        holds_demo(target, ctx.clock)
    except DemoFolderError as exc:
        raise CliError(f"{exc}, even with --force. Choose another --data-dir") from None
    state = generate(years=a.years, seed=a.seed, end=ctx.clock.now())
    try:
        path = write_demo(target, state, ctx.clock)
    except DemoFolderError as exc:
        raise CliError(str(exc)) from None
    ctx.print(
        f"Demo data ({a.years} year{'s' if a.years != 1 else ''}, seed {a.seed}): "
        f"{len(state.contacts)} contacts, {len(state.activities)} activities, written to "
        f"{path}"
    )
    ctx.print(f"Open it with: habitnet --data-dir {_shell_quote(str(target))}")
    return EXIT_OK


def _shell_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


# -- the app -----------------------------------------------------------------------


def cmd_app(ctx: Ctx) -> int:
    import habitnet.app  # lazy: Textual loads only for the app

    result = habitnet.app.run_app(ctx.data_dir, ctx.clock)
    return result if isinstance(result, int) else EXIT_OK


# -- the parser --------------------------------------------------------------------

EPILOG = """\
examples:
  habitnet                          open the app
  habitnet status --plain           one line for a tmux status bar
  habitnet log coffee "Ada" --gave --note "talked about her move"
  habitnet checkin --energy 4 --mood 3
  habitnet import ~/Downloads/Connections.csv --dry-run
  habitnet export --format ics --output ~/followups.ics

exit codes: 0 done, 1 refused by a limit (the reason is printed), 2 an error (bad
input or usage, data habitnet cannot read or write, problems doctor found).
The data folder is --data-dir, else $HABITNET_HOME, else the platform's data folder.
"""


def whole_number(text: str) -> int:
    """argparse ``type`` for a whole number, refused in plain words."""
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None


def _add_backdate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backdate",
        action="store_true",
        help="take a --date from before your first day, more than a week back (it "
        "becomes your first day, and the figures count from it)",
    )


def build_parser(out: IO[str], err: IO[str]) -> argparse.ArgumentParser:
    parser_class = type("Parser", (_Parser,), {"out": out, "err": err})
    fmt = argparse.RawDescriptionHelpFormatter

    common = parser_class(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="data folder (default: $HABITNET_HOME or the platform's user data folder)",
    )

    p = parser_class(
        prog="habitnet",
        description="A terminal coach for networking as a small, sustainable daily habit.",
        epilog=EPILOG,
        formatter_class=fmt,
    )
    p.add_argument("--version", action="version", version=f"habitnet {__version__}")
    p.add_argument("--data-dir", metavar="DIR", default=None, help="data folder")
    p.set_defaults(func=None)  # no subcommand: the app (each subcommand sets its own)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)

    def add(name: str, help: str, examples: str, **kw: Any) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help,
            description=help,
            epilog="examples:\n" + examples,
            formatter_class=fmt,
            parents=[common],
            **kw,
        )

    s = add(
        "status",
        "one line: quota, energy, risk and follow-ups due (for a shell prompt or tmux)",
        "  habitnet status\n  habitnet status --plain      # ASCII only\n"
        "  habitnet status --json\n\nWith no data file yet it prints 'habitnet: no data yet' "
        "and exits 0.",
    )
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.add_argument("--plain", action="store_true", help="ASCII only, for status bars")
    s.set_defaults(func=cmd_status)

    s = add(
        "log",
        "log an outreach activity (the engine may refuse it; --override says why)",
        '  habitnet log message ada\n  habitnet log coffee "Ada Lovelace" --gave --note "CV tips"\n'
        "  habitnet log call grace --asked --follow-up +7\n"
        '  habitnet log event --date yesterday --override "conference I paid for"\n\n'
        "KIND is an activity kind (or a unique beginning of one: info -> informational\n"
        "interview). CONTACT is an id, a name (any case) or a unique beginning of a name.\n"
        "Dates: 2026-11-20, today, yesterday, tomorrow, +N (days ahead), -N (days ago).\n"
        "Exit 1 when a limit refuses the activity (the reasons are printed).",
    )
    s.add_argument("kind", metavar="KIND")
    s.add_argument("contacts", metavar="CONTACT", nargs="*")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--gave", dest="direction", action="store_const", const="gave", help="you gave")
    g.add_argument(
        "--asked", dest="direction", action="store_const", const="asked", help="you asked"
    )
    g.add_argument(
        "--mutual",
        dest="direction",
        action="store_const",
        const="mutual",
        help="both (the default with a contact; a direction needs a contact)",
    )
    s.set_defaults(direction=None)
    s.add_argument(
        "--cost",
        type=whole_number,
        metavar="N",
        help=f"energy cost, {range_text(Activity, 'cost')} points (default: the kind's)",
    )
    s.add_argument("--note", metavar="TEXT")
    s.add_argument("--follow-up", metavar="DATE", help="when to follow up")
    s.add_argument("--date", metavar="DATE", help="the day it happened (default today)")
    _add_backdate(s)
    s.add_argument("--override", metavar="REASON", help="go over a limit, saying why")
    s.set_defaults(func=cmd_log)

    lo, hi = field_bounds(CheckIn, "energy")
    s = add(
        "checkin",
        f"record how you feel: energy and mood, {lo}-{hi} (a morning check-in scales the budget)",
        "  habitnet checkin --energy 4 --mood 3\n"
        '  habitnet checkin --energy 2 --mood 2 --note "slept badly"\n'
        "  habitnet checkin --evening --energy 3 --mood 4\n"
        "  habitnet checkin --energy 3 --mood 3 --date yesterday\n"
        "  habitnet checkin --energy 4 --mood 4 --replace   # correct today's check-in\n\n"
        "One check-in of each kind a day: a second one needs --replace.",
    )
    lo, hi = field_bounds(CheckIn, "energy")
    s.add_argument(
        "--energy", type=whole_number, required=True, metavar="N", help=f"{lo} (empty) to {hi}"
    )
    lo, hi = field_bounds(CheckIn, "mood")
    s.add_argument(
        "--mood", type=whole_number, required=True, metavar="N", help=f"{lo} (low) to {hi}"
    )
    s.add_argument("--note", metavar="TEXT")
    s.add_argument("--date", metavar="DATE")
    _add_backdate(s)
    s.add_argument("--evening", action="store_true", help="an evening check-in")
    s.add_argument("--replace", action="store_true", help="replace the day's check-in of that kind")
    s.set_defaults(func=cmd_checkin)

    j = add(
        "journal",
        "write, list and search journal entries",
        '  habitnet journal add "Coffee with Ada went well" --tag coffee --contact ada\n'
        "  echo 'long text' | habitnet journal add -\n"
        "  habitnet journal list --limit 5\n  habitnet journal search mentor",
    )
    jsub = j.add_subparsers(dest="journal_cmd", metavar="ACTION", required=True)
    ja = jsub.add_parser("add", help="a new entry", parents=[common])
    ja.add_argument("text", metavar="TEXT", help="the entry ('-' reads standard input)")
    ja.add_argument("--date", metavar="DATE")
    _add_backdate(ja)
    ja.add_argument("--tag", action="append", metavar="TAG")
    ja.add_argument("--contact", action="append", metavar="CONTACT")
    ja.add_argument("--value-offered", metavar="TEXT", help="What value did I offer?")
    ja.add_argument("--was-mutual", metavar="TEXT", help="Was it mutual?")
    ja.add_argument("--learned", metavar="TEXT", help="What did I learn?")
    ja.add_argument("--follow-up-plan", metavar="TEXT", help="Who do I follow up with, when?")
    for name, helptext in (("list", "newest first"), ("search", "entries with every word")):
        jp = jsub.add_parser(name, help=helptext, parents=[common])
        if name == "search":
            jp.add_argument("query", metavar="WORDS")
        jp.add_argument("--tag", metavar="TAG")
        jp.add_argument("--contact", metavar="CONTACT")
        jp.add_argument("--limit", type=whole_number, default=20, help="0 = all (default 20)")
        jp.add_argument("--json", action="store_true")
    j.set_defaults(func=cmd_journal)

    c = add(
        "contacts",
        "add, list and show contacts",
        '  habitnet contacts add "Ada Lovelace" --org "Engines Ltd" --email ada@example.com\n'
        "  habitnet contacts list --tag python\n  habitnet contacts list --due\n"
        "  habitnet contacts show ada",
    )
    csub = c.add_subparsers(dest="contacts_cmd", metavar="ACTION", required=True)
    ca = csub.add_parser("add", help="a new contact", parents=[common])
    ca.add_argument("name", metavar="NAME")
    ca.add_argument("--org", metavar="ORGANISATION")
    ca.add_argument("--role")
    ca.add_argument("--met", metavar="TEXT", help="where / how you met")
    ca.add_argument("--email", action="append")
    ca.add_argument("--phone", action="append")
    ca.add_argument("--linkedin", metavar="URL")
    ca.add_argument("--tag", action="append")
    lo, hi = field_bounds(Contact, "priority")
    ca.add_argument(
        "--priority",
        type=whole_number,
        metavar="N",
        help=f"{lo} = highest … {hi} = lowest (default {Contact.model_fields['priority'].default})",
    )
    ca.add_argument(
        "--cadence",
        type=whole_number,
        metavar="DAYS",
        help=f"follow-up cadence, {range_text(Contact, 'cadence_days', Label('', 'day'))}",
    )
    ca.add_argument("--notes", metavar="TEXT")
    ca.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="add even if the same name and organisation exist",
    )
    cl = csub.add_parser("list", help="contacts by priority and name", parents=[common])
    cl.add_argument("--tag")
    cl.add_argument("--search", metavar="TEXT", help="in name, organisation, role, email")
    cl.add_argument("--due", action="store_true", help="only follow-ups due today")
    cl.add_argument("--archived", action="store_true", help="include archived contacts")
    cl.add_argument("--json", action="store_true")
    cs = csub.add_parser("show", help="one contact, with health and history", parents=[common])
    cs.add_argument("contact", metavar="CONTACT")
    cs.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_contacts)

    s = add(
        "review",
        "the weekly review: counts, energy, consistency, follow-ups, your reflection",
        "  habitnet review\n  habitnet review --week last\n"
        "  habitnet review --week 2026-W47 --format md > week47.md",
    )
    s.add_argument("--week", metavar="YYYY-Www", help="ISO week, or 'last' (default: this week)")
    s.add_argument("--format", choices=("text", "md", "json"), default="text")
    s.set_defaults(func=cmd_review)

    s = add(
        "import",
        "import contacts (LinkedIn Connections.csv, vCard) or a habitnet JSON export",
        "  habitnet import ~/Downloads/Connections.csv --dry-run\n"
        "  habitnet import contacts.vcf\n"
        "  habitnet --data-dir /tmp/copy import habitnet-export.json\n\n"
        "The format is detected from the content unless --format is given. Importing is\n"
        "idempotent: contacts match by LinkedIn URL, then email, then name and\n"
        "organisation, across formats; a match is updated, never duplicated. A bad row is\n"
        "skipped with its reason; a file that is not what it claims changes nothing.\n"
        "A JSON export replaces the whole data: it goes into an empty folder, or needs\n"
        "--replace (a backup of the current file is taken first).",
    )
    s.add_argument("file", metavar="FILE")
    s.add_argument("--format", choices=("linkedin", "vcard", "json"))
    s.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    s.add_argument("--replace", action="store_true", help="JSON: replace existing data")
    s.add_argument("--json", action="store_true", help="the summary as JSON")
    s.set_defaults(func=cmd_import)

    s = add(
        "export",
        "export data: json (everything), csv, md (weekly review), ics (follow-ups), all",
        "  habitnet export --format json --output backup.json\n"
        "  habitnet export --format csv --what contacts --output contacts.csv\n"
        "  habitnet export --format md --week 2026-W47\n"
        "  habitnet export --format ics --days 60 --output followups.ics\n\n"
        "json: the whole data; importing it into an empty folder gives the same state.\n"
        "csv: one table, --what activities (default) or contacts; a header row, ISO dates,\n"
        "     several values in a cell joined by '; ', CRLF line ends; UTF-8 with a BOM\n"
        "     when written to a file (so Excel reads accents), without it on stdout.\n"
        "md: the weekly review as Markdown (--week, default this week).\n"
        "ics: iCalendar, one all-day event per follow-up due within --days (default 30);\n"
        "     overdue ones are placed today. Stable UIDs: re-importing moves events.\n"
        "all: every format into the folder --output DIR (as the app's Export): habitnet.json,\n"
        "     activities.csv, contacts.csv, journal.md, reviews.md (every written review),\n"
        "     followups.ics.\n"
        "Written to standard output unless --output PATH.",
    )
    s.add_argument("--format", choices=("json", "csv", "md", "ics", "all"), required=True)
    s.add_argument("--output", "-o", metavar="PATH", help="a file (default: standard output)")
    s.add_argument(
        "--what", choices=("activities", "contacts"), default="activities", help="csv: which table"
    )
    s.add_argument("--week", metavar="YYYY-Www", help="md: which week (default this week)")
    s.add_argument("--days", type=int, default=30, help="ics: how far ahead (default 30)")
    s.set_defaults(func=cmd_export)

    b = add(
        "backup",
        "list, create or restore backups of the data file",
        "  habitnet backup list\n  habitnet backup create\n"
        "  habitnet backup restore                  # the newest good backup\n"
        "  habitnet backup restore habitnet-2026-11-20.json",
    )
    bsub = b.add_subparsers(dest="backup_cmd", metavar="ACTION", required=True)
    bsub.add_parser("list", help="newest first, each checked", parents=[common])
    bsub.add_parser("create", help="a snapshot now", parents=[common])
    br = bsub.add_parser(
        "restore", help="put a backup in place (the current file is kept aside)", parents=[common]
    )
    br.add_argument("name", nargs="?", metavar="NAME", help="default: the newest good backup")
    b.set_defaults(func=cmd_backup)

    s = add(
        "sync",
        "share this data between your machines, through git or a synced folder",
        "  habitnet sync init git@example.com:me/habitnet-sync.git   # git\n"
        "  habitnet sync init --folder ~/Sync/habitnet               # Syncthing, Dropbox…\n"
        "  habitnet sync                     # git: commit, pull, merge, push\n"
        "  habitnet sync status              # devices, when each wrote, what is pending\n"
        "  habitnet sync forget old-laptop   # drop a retired device's files\n\n"
        "Each device writes only its own change log under sync/; every device merges all\n"
        "of them the same way (see docs/SYNC.md). With a synced folder nothing needs\n"
        "running: habitnet merges what has arrived whenever it opens, and the app every\n"
        "few seconds. Run init on every machine (an empty git repository to start).",
    )
    ssub = s.add_subparsers(dest="sync_cmd", metavar="ACTION")
    si = ssub.add_parser(
        "init", help="start syncing (git REMOTE, or --folder DIR)", parents=[common]
    )
    si.add_argument("remote", nargs="?", metavar="REMOTE", help="a git repository (empty at first)")
    si.add_argument("--folder", metavar="DIR", help="a folder your sync tool shares")
    si.add_argument("--name", metavar="NAME", help="this device's name (default: host name)")
    ssub.add_parser("status", help="devices and what is pending", parents=[common])
    sf = ssub.add_parser("forget", help="drop a retired device's files", parents=[common])
    sf.add_argument("device", metavar="DEVICE", help="its name or id")
    s.set_defaults(func=cmd_sync)

    s = add(
        "doctor",
        "check the data file and its backups; never writes (exit 2 when problems)",
        "  habitnet doctor\n  habitnet --data-dir ~/elsewhere doctor",
    )
    s.set_defaults(func=cmd_doctor)

    s = add(
        "demo",
        "write a realistic generated dataset to a separate folder, to try the app",
        "  habitnet demo\n  habitnet demo --years 2 --seed 3 --data-dir /tmp/demo --force\n\n"
        "Folder: --data-dir if given, else $HABITNET_HOME/demo, else <user data dir>/demo:\n"
        "never your own data. An earlier demo there is kept unless --force; your own data\n"
        "is never replaced, even with --force. The dataset is marked as a demo.",
    )
    s.add_argument("--years", type=int, default=1)
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--force", action="store_true", help="replace an existing data file")
    s.set_defaults(func=cmd_demo)
    return p


def main(
    argv: Sequence[str] | None = None,
    *,
    clock: Clock | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line; returns the exit code (never calls ``sys.exit``)."""
    out = cast(IO[str], _Visible(stdout if stdout is not None else sys.stdout))
    err = cast(IO[str], _Visible(stderr if stderr is not None else sys.stderr))
    parser = build_parser(out, err)
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        _refuse_control_arguments(args)
        ctx = Ctx(args, clock or SystemClock(), out, err)
        func: Callable[[Ctx], int] | None = args.func
        if func is None:
            return cmd_app(ctx)
        return func(ctx)
    except _ParserExit as exc:
        return exc.code
    except CliError as exc:
        err.write(f"habitnet: {exc}\n" if not str(exc).startswith("habitnet") else f"{exc}\n")
        return exc.code
    except KeyboardInterrupt:
        err.write("habitnet: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        err.write(f"habitnet: {where}{exc.strerror or exc}\n")
        return EXIT_ERROR
    except Exception as exc:
        if not _is_store_error(exc):
            raise
        err.write(f"habitnet: {exc.one_line()}\n")  # type: ignore[attr-defined]
        return EXIT_ERROR


class _Visible:
    """Standard output or error as every command writes it: text from data (a name, a
    note, a file's own words) may hold control characters, and none of them may reach
    the terminal. Each is written as a visible stand-in (``␛``); newlines, tabs and the
    CR LF line ends of CSV and iCalendar pass. The one place output goes through."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from habitnet.safetext import visible_lines

        return self._stream.write(visible_lines(text))

    def __getattr__(self, name: str) -> Any:  # flush, encoding, isatty… of the stream
        return getattr(self._stream, name)


#: Arguments that may hold several lines (newlines and tabs pass; other controls not).
_MULTILINE_ARGS = frozenset(
    {"text", "note", "notes", "value_offered", "was_mutual", "learned", "follow_up_plan"}
)
#: Positional arguments, as the usage names them.
_POSITIONAL_ARGS = {
    "name": "NAME",
    "text": "TEXT",
    "kind": "KIND",
    "contacts": "CONTACT",
    "query": "WORDS",
    "file": "FILE",
}
#: Arguments that are not text for the data: paths (shown, never stored) and plumbing.
_UNCHECKED_ARGS = frozenset({"data_dir", "file", "output", "func", "command"})


def _argument_name(args: argparse.Namespace, dest: str) -> str:
    if dest == "contact" and args.command == "contacts" and args.contacts_cmd == "show":
        return "CONTACT"
    return _POSITIONAL_ARGS.get(dest, "--" + dest.replace("_", "-"))


def _refuse_control_arguments(args: argparse.Namespace) -> None:
    """Refuse an argument holding a control character (an escape sequence could retitle
    the terminal or wipe the screen wherever it is shown later), before anything is
    read or written: exit 2, naming the argument."""
    from habitnet.safetext import control_problem

    for dest, value in vars(args).items():
        if dest in _UNCHECKED_ARGS or dest.endswith("_cmd"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            problem = control_problem(
                item, _argument_name(args, dest), multiline=dest in _MULTILINE_ARGS
            )
            if problem is not None:
                raise CliError(problem)


def _is_store_error(exc: Exception) -> bool:
    """Whether ``exc`` is one of the store's errors (each a complete message). Looked
    up where it is loaded: a command that never opened the store cannot raise one, and
    the store (pydantic) stays unimported for those that need not."""
    errors = sys.modules.get("habitnet.store.errors")
    return errors is not None and isinstance(exc, errors.StoreError)
