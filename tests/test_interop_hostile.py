"""Text from strangers never drives the terminal (issue #13, points 2 and 7).

Imports (LinkedIn, vCard, JSON) take control characters and escape sequences out and say
how many; the session refuses them in what a person types, naming the field; the CLI
refuses them in arguments before anything is written, and every command that prints
data — run for real, on a data file full of ESC, OSC, CSI, BEL and BS in every text
field — writes no byte below 0x20 but newline and tab (and the CR LF line ends of CSV and
iCalendar). The iCalendar export escapes or checks every value: nothing can start a
property of its own.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hostilehelpers import CONTROLS, every_text_state, text_fields_without

from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.entry import main
from habitnet.interop import linkedin, plan_import, vcard
from habitnet.interop.clean import MULTILINE, clean_state
from habitnet.interop.ical import followups_ics
from habitnet.models import (
    MAX_NOTE,
    Activity,
    ActivityKind,
    Contact,
    State,
)
from habitnet.safetext import has_control
from habitnet.session import Session
from habitnet.store import Store

#: Retitle the window, write the clipboard (OSC 52), wipe the screen, ring, back up, C1 CSI.
HOSTILE = CONTROLS
TODAY = DEMO_NOW.date()


def hostile_state() -> State:
    """Every text field of every kind of record holds escape sequences and controls, as
    an old file (or one edited by hand) may: the models do not refuse them."""
    return every_text_state(HOSTILE)


def test_every_text_field_of_the_hostile_state_is_hostile() -> None:
    """The fixture really covers every text field a person or an import fills."""
    assert text_fields_without(hostile_state(), HOSTILE) == []


def test_multiline_fields_are_the_models_notes() -> None:
    """Every note-sized text field (MAX_NOTE) is multi-line, and only those."""
    for model, names in MULTILINE.items():
        notes = {
            name
            for name, info in model.model_fields.items()
            if any(getattr(m, "max_length", None) == MAX_NOTE for m in info.metadata)
        }
        assert names == notes, model.__name__


# -- the command line, for real ------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("hostile") / "data"
    d.mkdir()
    (d / "habitnet.json").write_text(hostile_state().model_dump_json(indent=1))
    return d


@pytest.fixture
def hostile_dir(tmp_path: Path, hostile_src: Path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(hostile_src, d)
    return d


def hostile_linkedin(tmp: Path) -> Path:
    p = tmp / "Connections.csv"
    rows = [
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        f'"Zed{HOSTILE}","Q{HOSTILE}",https://www.linkedin.com/in/zed{HOSTILE},'
        f'zed{HOSTILE}@example.com,"Co{HOSTILE}","CTO{HOSTILE}",12 Mar 2024',
    ]
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return p


def run_bytes(data_dir: Path, *args: str, stdin: str = "") -> tuple[int, bytes, bytes]:
    """The real entry point, writing to byte buffers as a terminal would receive them."""
    import sys

    out, err = io.BytesIO(), io.BytesIO()
    tout = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    terr = io.TextIOWrapper(err, encoding="utf-8", newline="", write_through=True)
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(
            ["--data-dir", str(data_dir), *args],
            clock=FixedClock(DEMO_NOW),
            stdout=tout,
            stderr=terr,
        )
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


_BAD_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


def assert_terminal_safe(data: bytes, *, crlf: bool = False) -> None:
    """No byte below 0x20 but newline and tab (CR only in CR LF when ``crlf``); no DEL
    and no C1 control (UTF-8 ``C2 80``–``C2 9F``)."""
    if crlf:
        data = data.replace(b"\r\n", b"\n")
    found = _BAD_BYTES.search(data)
    assert found is None, (found.group(), data[max(0, found.start() - 60) : found.end() + 20])


COMMANDS: list[tuple[tuple[str, ...], bool]] = [
    (("status",), False),
    (("status", "--json"), False),
    (("contacts", "list"), False),
    (("contacts", "list", "--archived", "--json"), False),
    (("contacts", "list", "--due"), False),
    (("contacts", "show", "c-1"), False),
    (("contacts", "show", "c-1", "--json"), False),
    (("journal", "list"), False),
    (("journal", "list", "--json"), False),
    (("journal", "search", "findme"), False),
    (("review", "--week", "2026-W47"), False),
    (("review", "--week", "2026-W47", "--format", "md"), False),
    (("review", "--week", "2026-W47", "--format", "json"), False),
    (("export", "--format", "json"), False),
    (("export", "--format", "csv"), True),
    (("export", "--format", "csv", "--what", "contacts"), True),
    (("export", "--format", "md", "--week", "2026-W47"), False),
    (("export", "--format", "ics", "--days", "400"), True),
    (("backup", "list"), False),
    (("doctor",), False),
    (("log", "message", "c-1", "--note", "hello"), False),
    (("log", "message", "ann"), False),  # ambiguous: the message lists both names
    (("contacts", "add", HOSTILE[-20:].replace("\x1bc", "")), False),  # refused
    (("checkin", "--energy", "3", "--mood", "3"), False),
    (("journal", "add", "a good day", "--contact", "c-1"), False),
    (("contacts", "show", "nobody-like-this"), False),
    (("status", "--plain"), False),
    (("review",), False),
    (("contacts", "list", "--search", "ann"), False),
    (("journal", "search", "findme", "--json"), False),
    (("backup", "create"), False),
    (("backup", "restore"), False),  # (after the one above: names what it replaced)
    (("sync", "status"), False),
    (("export", "--format", "all", "--output", "{tmp}/all"), False),
]


@pytest.mark.parametrize("args,crlf", COMMANDS, ids=[" ".join(a)[:40] for a, _ in COMMANDS])
def test_every_command_that_prints_data_prints_no_control_byte(
    args: tuple[str, ...], crlf: bool, hostile_dir: Path
) -> None:
    args = tuple(a.replace("{tmp}", str(hostile_dir.parent)) for a in args)
    if args[:2] == ("backup", "restore"):
        run_bytes(hostile_dir, "backup", "create")
    code, out, err = run_bytes(hostile_dir, *args)
    assert b"Traceback" not in err
    assert_terminal_safe(out, crlf=crlf)
    assert_terminal_safe(err)
    assert out or err
    shown = args[:2] in (("contacts", "list"), ("contacts", "show"))
    if shown and "--json" not in args and code == 0:
        assert "␛".encode() in out  # shown as a stand-in, not dropped silently


def test_imports_print_no_control_byte(hostile_dir: Path, tmp_path: Path) -> None:
    csv = hostile_linkedin(tmp_path)
    for args in (
        ("import", str(csv), "--dry-run"),
        ("import", str(csv), "--json", "--dry-run"),
        ("import", str(csv)),
    ):
        code, out, err = run_bytes(hostile_dir, *args)
        assert code == 0, err
        assert_terminal_safe(out)
        assert_terminal_safe(err)


def test_the_json_exports_keep_the_data_escaped(hostile_dir: Path) -> None:
    code, out, _ = run_bytes(hostile_dir, "export", "--format", "json")
    assert code == 0
    assert json.loads(out) == json.loads(hostile_state().model_dump_json())
    code, out, _ = run_bytes(hostile_dir, "contacts", "show", "c-1", "--json")
    assert json.loads(out)["name"] == f"Ann 1 {HOSTILE}"


# -- imports clean, and say how much -------------------------------------------------------


def test_a_linkedin_import_removes_controls_and_says_how_many(tmp_path: Path) -> None:
    parsed = linkedin.parse(hostile_linkedin(tmp_path).read_bytes())
    (rec,) = parsed.records
    for value in (rec.name, rec.organisation, rec.role, rec.linkedin_url, *rec.emails):
        assert not has_control(value), repr(value)
    assert rec.name == "ZedX QX" and rec.organisation == "CoX" and rec.role == "CTOX"
    assert rec.linkedin_url == "https://www.linkedin.com/in/zedX"
    # per field: OSC 0, OSC 52, CSI 2J, BEL, BS, C1 CSI "31m", ESC c -> 7, in 6 fields
    assert parsed.cleaned == 42
    plan = plan_import(State(), parsed, TODAY)
    assert plan.summary() == (
        "1 added, 0 updated, 0 unchanged, 0 skipped; "
        "42 control characters or escape sequences removed"
    )
    assert plan.to_dict()["cleaned"] == 42


def test_a_vcard_import_keeps_the_note_lines_and_removes_the_rest() -> None:
    bad = "\x1b[2J\x07\x08\x9b31mX\x1bc"  # no ";" or ",": those structure a vCard value
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:Bea{bad}\r\nORG:Acme{bad}\r\nTITLE:Boss\x1b[31m\r\n"
        f"NOTE:line one\\nline two\twith a tab{bad}\r\n"
        f"CATEGORIES:a{bad},b\r\nEND:VCARD\r\n"
    )
    parsed = vcard.parse(card.encode())
    (rec,) = parsed.records
    assert rec.name == "BeaX" and rec.organisation == "AcmeX" and rec.role == "Boss"
    assert rec.notes == "line one\nline two\twith a tabX"
    assert rec.tags == ["ax", "b"]
    assert parsed.cleaned == 5 * 4 + 1


def test_a_json_import_is_cleaned_and_says_how_much(tmp_path: Path) -> None:
    state = hostile_state()
    cleaned, n = clean_state(state)
    assert n > 50
    assert "ESC" not in json.dumps(cleaned.model_dump(mode="json"))
    for c in cleaned.contacts:
        assert not any(has_control(v) for v in (c.name, c.organisation, *c.emails, *c.tags))
        assert c.they_need == "need\nsecond line X"  # lines kept in a multi-line field
        assert c.notes == "notes\nline X"  # CR LF is a line break
    export = tmp_path / "export.json"
    export.write_text(state.model_dump_json())
    target = tmp_path / "fresh"
    code, out, err = run_bytes(target, "import", str(export))
    assert code == 0, err
    assert f"{n} control characters or escape sequences removed" in out.decode()
    on_disk = (target / "habitnet.json").read_text()
    assert "\\u001b" not in on_disk and "\\u009b" not in on_disk


# -- the session refuses them in what is typed ---------------------------------------------


@pytest.fixture
def session(empty_dir: Path, clock: FixedClock) -> Any:
    Store(empty_dir, clock).save(hostile_state())
    s = Session.open(empty_dir, clock)
    yield s
    s.close()


REFUSED: dict[str, tuple[Any, str]] = {
    "contact name": (
        lambda s: s.add_contact(name="Ann\x1b]0;x\x07"),
        "name: Name can't contain an escape character (ESC): type plain text.",
    ),
    "line break in a name": (
        lambda s: s.add_contact(name="Ann\nLee"),
        "name: Name is a single line: it can't contain a line break.",
    ),
    "organisation": (
        lambda s: s.update_contact("c-2", organisation="Acme\x07"),
        "organisation: Organisation can't contain a bell character (BEL): type plain text.",
    ),
    "a tag": (
        lambda s: s.update_contact("c-2", tags=["ok", "bad\x08"]),
        "tags: Tags can't contain a backspace character: type plain text.",
    ),
    "notes": (
        lambda s: s.update_contact("c-2", notes="fine\nbut \x1b[2J"),
        "notes: Notes can't contain an escape character (ESC): type plain text.",
    ),
    "activity note": (
        lambda s: s.log_activity(s.propose_activity("message", ["c-2"], note="\x9b2J")),
        "note: Note can't contain a control character (U+009B): type plain text.",
    ),
    "check-in note": (
        lambda s: s.checkin(3, 3, note="\x1b[2J", replace=True),  # (today has one)
        "note: Note can't contain an escape character (ESC): type plain text.",
    ),
    "journal text": (
        lambda s: s.add_journal(text="ok\x00"),
        "text: Entry can't contain a NUL character: type plain text.",
    ),
    "review": (
        lambda s: s.save_review("2026-W47", "fine", "rest\x1b"),
        "intention: Next week's intention can't contain an escape character (ESC)",
    ),
    "kind name": (
        lambda s: s.update_settings(
            activity_kinds=[*s.state.settings.activity_kinds, ActivityKind(name="x\x1b", cost=1)]
        ),
        "name: Name can't contain an escape character (ESC): type plain text.",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_the_session_refuses_control_characters_naming_the_field(
    case: str, session: Session
) -> None:
    mutate, message = REFUSED[case]
    before = session.state.model_dump(mode="json")
    with pytest.raises(ValueError) as err:
        mutate(session)
    assert str(err.value).startswith(message), str(err.value)
    assert session.state.model_dump(mode="json") == before and not session.dirty


def test_multi_line_text_and_editing_an_old_record_are_fine(session: Session) -> None:
    session.update_contact("c-2", notes="line one\n\tline two")
    # c-1's name holds escapes (an old file); changing its role is not refused for that.
    session.update_contact("c-1", role="Chair")
    session.add_journal(text="first\nsecond")
    assert session.contact("c-2").notes == "line one\n\tline two"


def test_cli_arguments_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    d = tmp_path / "data"
    cases = [
        (("contacts", "add", "Ann\x1b]0;x\x07"), "NAME can't contain an escape character"),
        (("contacts", "add", "Ann", "--org", "A\x07"), "--org can't contain a bell"),
        (("contacts", "add", "Ann", "--tag", "a\x08"), "--tag can't contain a backspace"),
        (("log", "message", "--note", "x\x9b2J"), "--note can't contain a control character"),
        (("journal", "add", "text\x1b[2J"), "TEXT can't contain an escape character"),
        (("contacts", "list", "--search", "\x1b"), "--search can't contain"),
        (
            ("checkin", "--energy", "3", "--mood", "3", "--note", "a\rb"),
            "--note can't contain a carriage return",
        ),
    ]
    for args, words in cases:
        code, out, err = run_bytes(d, *args)
        assert code == 2, (args, out, err)
        assert words in err.decode(), (args, err)
        assert_terminal_safe(err)
        assert not d.exists(), args
    code, _, err = run_bytes(d, "journal", "add", "-", stdin="from a pipe \x1b[2J")
    assert code == 2 and "TEXT (standard input) can't contain" in err.decode()
    assert not d.exists()
    code, out, err = run_bytes(d, "journal", "add", "two\nlines\tand a tab")
    assert code == 0, err


# -- iCalendar: nothing can start a property of its own ----------------------------------

_PROPERTY = re.compile(r"^([A-Z][A-Z0-9-]*)(;[^:\r\n]*)?:(.*)$")
_EXPECTED = {
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "METHOD",
    "X-WR-CALNAME",
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SEQUENCE",
    "SUMMARY",
    "DESCRIPTION",
    "URL",
    "CATEGORIES",
    "TRANSP",
    "STATUS",
}


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_icalendar_values_cannot_be_injected() -> None:
    evil = "x\r\nATTACH:http://evil.example\r\nX-INJECTED:1;,\\ end"
    contact = Contact(
        id="c-\r\nX-ID:1;,\\",
        name=f"Ann {evil}",
        organisation=f"Org {evil}",
        role=evil,
        emails=["ann;,\\@example.com\r\nX-MAIL:1"],
        linkedin_url=f"https://www.linkedin.com/in/ann{evil}",
        notes=evil,
        created=date(2026, 1, 5),
    )
    state = State(
        contacts=[contact],
        activities=[
            Activity(
                id="a-1",
                at=datetime(2026, 9, 1, 10, tzinfo=DEMO_NOW.tzinfo),
                kind="coffee",
                contact_ids=[contact.id],
                cost=3,
            )
        ],
    )
    ics = followups_ics(state, TODAY, DEMO_NOW, horizon_days=60)
    assert ics.endswith("\r\n")
    physical = ics[:-2].split("\r\n")
    assert all(len(line.encode()) <= 75 for line in physical)
    assert not any("\r" in line or "\n" in line for line in physical)
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    names = []
    for line in logical:
        found = _PROPERTY.match(line)
        assert found is not None, line
        names.append(found.group(1))
        assert not has_control(found.group(3)), line
    assert set(names) <= _EXPECTED, set(names) - _EXPECTED
    assert names.count("BEGIN") == 2 and names.count("SUMMARY") == 1
    props = {(_PROPERTY.match(x) or re.match("", "")).group(1): x.split(":", 1)[1] for x in logical}
    summary = _unescape(props["SUMMARY"])
    assert summary.startswith("Follow up with Ann x\nATTACH:http://evil.example\nX-INJECTED:1;,\\")
    assert _unescape(props["UID"]) == "followup-c-\nX-ID:1;,\\@habitnet"
    assert props["URL"].startswith("https://www.linkedin.com/in/annx%0D%0AATTACH:")
    assert "\\" not in props["URL"] and " " not in props["URL"]
    assert "ann;,\\@example.com\nX-MAIL:1" in _unescape(props["DESCRIPTION"])


def test_a_url_that_is_not_a_web_address_is_left_out() -> None:
    contact = Contact(
        id="c-1", name="Ann", linkedin_url="javascript:alert(1)", created=date(2026, 1, 5)
    )
    ics = followups_ics(State(contacts=[contact]), TODAY, DEMO_NOW, horizon_days=400)
    assert "SUMMARY:Say hello to Ann" in ics
    assert "URL:" not in ics
