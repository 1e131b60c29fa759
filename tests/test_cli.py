"""Every subcommand through main(argv), with a fixed clock and captured output."""

from __future__ import annotations

import io
import json
import sys
import types
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from habitnet.cli import main
from habitnet.clock import FixedClock
from habitnet.models import State
from habitnet.store import Store

SAT = datetime.fromisoformat("2026-11-21T09:30:00+00:00")  # a Saturday


class Run:
    def __init__(self, clock: FixedClock, data_dir: Path) -> None:
        self.clock = clock
        self.data_dir = data_dir

    def __call__(self, *argv: str, data_dir: bool = True) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        args = ["--data-dir", str(self.data_dir), *argv] if data_dir else list(argv)
        code = main(args, clock=self.clock, stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    def state(self) -> State:
        return State.model_validate_json((self.data_dir / "habitnet.json").read_bytes())

    def file_bytes(self) -> bytes | None:
        p = self.data_dir / "habitnet.json"
        return p.read_bytes() if p.exists() else None


@pytest.fixture
def run(tmp_path: Path) -> Run:
    return Run(FixedClock(SAT), tmp_path / "data")


@pytest.fixture
def people(run: Run) -> Run:
    for argv in (
        ("contacts", "add", "Ada Lovelace", "--org", "Engines Ltd", "--email", "ada@e.example"),
        ("contacts", "add", "Alan Turing", "--org", "Bletchley", "--tag", "crypto"),
        ("contacts", "add", "Grace Hopper", "--priority", "1"),
    ):
        code, _, err = run(*argv)
        assert code == 0, err
    return run


# -- basics ---------------------------------------------------------------------------


def test_version(run: Run) -> None:
    code, out, _ = run("--version", data_dir=False)
    assert code == 0
    assert out.strip() == "habitnet 0.1.0"


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["log"],
        ["checkin"],
        ["journal"],
        ["contacts"],
        ["review"],
        ["import"],
        ["export"],
        ["backup"],
        ["doctor"],
        ["demo"],
    ],
)
def test_every_subcommand_has_help_with_examples(run: Run, argv: list[str]) -> None:
    code, out, _ = run(*argv, "--help", data_dir=False)
    assert code == 0
    assert out.startswith(f"usage: habitnet {argv[0]}")
    assert "examples:" in out
    assert "--data-dir" in out


def test_usage_error_exits_2_on_stderr(run: Run) -> None:
    code, out, err = run("checkin", "--energy", "x", "--mood", "3")
    assert code == 2
    assert out == ""
    assert "--energy: must be a whole number, not 'x'" in err and "usage: habitnet checkin" in err
    code, _, err = run("frobnicate")
    assert code == 2 and "invalid choice" in err


def test_no_subcommand_opens_the_app_lazily(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Path, object]] = []
    fake = types.ModuleType("habitnet.app")

    def run_app(data_dir: Path, clock: object) -> int:
        calls.append((data_dir, clock))
        return 0

    fake.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "habitnet.app", fake)
    monkeypatch.setattr("habitnet.app", fake, raising=False)
    code, _, _ = run()
    assert code == 0
    assert calls == [(run.data_dir, run.clock)]


# -- status ---------------------------------------------------------------------------


def test_status_without_data(run: Run) -> None:
    code, out, err = run("status")
    assert (code, out, err) == (0, "habitnet: no data yet\n", "")
    code, out, _ = run("status", "--json")
    assert json.loads(out)["data"] is False
    assert not run.data_dir.exists()  # status never creates anything


def test_status_line_plain_and_json(people: Run) -> None:
    run = people
    assert run("log", "message", "ada")[0] == 0
    assert run("log", "introduction", "alan")[0] == 0
    assert run("log", "message", "grace")[0] == 0
    code, out, _ = run("status")
    assert code == 0
    assert out == "habitnet 3/3 ✓ · energy 7/10 · risk green 0 · 0 follow-ups due\n"
    code, out, _ = run("status", "--plain")
    assert out == "habitnet 3/3 ok | energy 7/10 | risk green 0 | 0 follow-ups due\n"
    assert out.isascii()
    data = json.loads(run("status", "--json")[1])
    assert data["quota"] == {
        "count": 3,
        "target": 3,
        "cap": 5,
        "done": True,
        "rest_day": False,
        "recovery": False,
    }
    assert data["energy"]["remaining"] == 7 and data["energy"]["budget"] == 10
    assert data["risk"]["level"] == "green"
    assert data["followups_due"] == 0
    # A meeting makes a thank-you due: it shows in the count.
    assert run("log", "call", "ada")[0] == 0
    assert run("status", "--plain")[1].endswith("| 1 follow-up due\n")


def test_status_counts_followups_due(people: Run) -> None:
    run = people
    # two follow-ups after a real interaction, and Grace, never contacted, brought in
    # with a hello (a few a day)
    assert run("log", "message", "ada", "alan")[0] == 0
    run.clock.advance(timedelta(days=40))
    code, out, _ = run("status", "--plain")
    assert code == 0
    assert out.rstrip().endswith("| 3 follow-ups due")


def test_status_on_an_unreadable_file(run: Run) -> None:
    run.data_dir.mkdir(parents=True)
    (run.data_dir / "habitnet.json").write_text("{ broken")
    code, out, err = run("status")
    assert code == 2
    assert out == ""
    assert "cannot read" in err and "not valid JSON" in err


# -- log --------------------------------------------------------------------------------


def test_log_records_an_activity(people: Run) -> None:
    run = people
    code, out, err = run(
        "log", "coffee", "Ada", "alan t", "--gave", "--note", "CV tips", "--follow-up", "+7"
    )
    assert code == 0, err
    assert "Logged coffee with Ada Lovelace, Alan Turing (3 points, gave)" in out
    assert "Today: 1/3 outreach; energy 7/10 left" in out
    (act,) = run.state().activities
    ids = {c.name: c.id for c in run.state().contacts}
    assert act.contact_ids == [ids["Ada Lovelace"], ids["Alan Turing"]]
    assert act.direction.value == "gave"
    assert act.note == "CV tips"
    assert act.follow_up == date(2026, 11, 28)
    assert act.cost == 3
    assert act.at == SAT


def test_log_in_the_past_and_by_kind_prefix(people: Run) -> None:
    run = people
    code, out, _ = run("log", "info", "grace", "--date", "yesterday", "--cost", "2")
    assert code == 0
    assert "Logged informational interview with Grace Hopper" in out
    assert "on 2026-11-20" in out
    (act,) = run.state().activities
    assert act.day == date(2026, 11, 20)
    assert act.kind == "informational interview"
    assert act.cost == 2


@pytest.mark.parametrize(
    "argv, message",
    [
        (("log", "coffee", "ada", "--date", "tomorrow"), "in the future"),
        (("log", "coffee", "ada", "--date", "someday"), "is not a date"),
        (("log", "tea", "ada"), "unknown activity kind 'tea'"),
        (("log", "co", "ada"), "ambiguous"),
        (("log", "coffee", "nobody"), "no contact matches 'nobody'"),
        (("log", "coffee", "ada", "--cost", "99"), "cost"),
        (("log", "coffee", "a"), "matches 2 contacts"),
    ],
)
def test_log_bad_input_exits_2_and_writes_nothing(
    people: Run, argv: tuple[str, ...], message: str
) -> None:
    before = people.file_bytes()
    code, out, err = people(*argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert people.file_bytes() == before


def test_ambiguous_contact_lists_the_candidates(people: Run) -> None:
    code, _, err = people("log", "message", "a")
    assert code == 2
    assert "Ada Lovelace (Engines Ltd)" in err and "Alan Turing (Bletchley)" in err


def test_log_refused_by_a_limit_exits_1_then_override(people: Run) -> None:
    run = people
    assert run("log", "coffee", "ada")[0] == 0
    assert run("log", "coffee", "alan")[0] == 0
    before = run.file_bytes()
    code, out, err = run("log", "event", "grace")
    assert code == 1
    assert out == ""
    assert "Refused: event (5 points)" in err
    assert "--override" in err
    assert run.file_bytes() == before
    code, out, err = run("log", "event", "grace", "--override", "keynote I promised")
    assert code == 0, err
    assert "Override recorded: keynote I promised" in out
    event = run.state().activities[-1]
    assert event.kind == "event" and event.override_reason == "keynote I promised"


def test_log_rest_day_needs_override(people: Run) -> None:
    run = people
    run.clock.advance(timedelta(days=1))  # Sunday, the default rest day
    code, _, err = run("log", "message", "ada")
    assert code == 1
    assert "rest" in err.lower()


def test_a_writer_fails_while_another_holds_the_lock(people: Run) -> None:
    store = Store(people.data_dir, people.clock)
    store.lock()
    try:
        before = people.file_bytes()
        code, out, err = people("log", "message", "ada")
        assert code == 2
        assert "is in use by" in err
        assert people.file_bytes() == before
        # Readers still work.
        assert people("status")[0] == 0
    finally:
        store.unlock()
    assert people("log", "message", "ada")[0] == 0


# -- checkin --------------------------------------------------------------------------


def test_checkin_scales_the_budget(run: Run) -> None:
    code, out, _ = run("checkin", "--energy", "2", "--mood", "4", "--note", "tired")
    assert code == 0
    assert "Morning check-in today: energy 2/5, mood 4/5." in out
    assert "Energy budget 6 points" in out
    (ch,) = run.state().checkins
    assert (ch.day, ch.energy, ch.mood, ch.note) == (date(2026, 11, 21), 2, 4, "tired")
    code, out, _ = run("checkin", "--evening", "--energy", "3", "--mood", "3", "--date", "-1")
    assert code == 0
    assert run.state().checkin(date(2026, 11, 20), "evening").energy == 3  # type: ignore[arg-type,union-attr]


def test_checkin_out_of_range_exits_2(run: Run) -> None:
    code, out, err = run("checkin", "--energy", "7", "--mood", "3")
    assert code == 2
    assert err == "habitnet: --energy must be at most 5\n"
    assert not (run.data_dir / "habitnet.json").exists()


# -- journal -------------------------------------------------------------------------


def test_journal_add_list_search(people: Run) -> None:
    run = people
    code, out, _ = run(
        "journal",
        "add",
        "Coffee with Ada: she needs a mentor",
        "--tag",
        "Mentoring",
        "--contact",
        "ada",
        "--learned",
        "ask earlier",
    )
    assert code == 0 and "Journal entry j-" in out
    run.clock.advance(timedelta(days=1))
    assert run("journal", "add", "Quiet Sunday", "--date", "today")[0] == 0
    code, out, _ = run("journal", "list")
    lines = out.splitlines()
    assert lines[0].startswith("2026-11-22") and "Quiet Sunday" in lines[0]
    assert "#mentoring" in lines[1] and "@Ada Lovelace" in lines[1]
    code, out, _ = run("journal", "search", "EARLIER ask")
    assert code == 0
    assert len(out.splitlines()) == 1 and "Coffee with Ada" in out
    code, out, _ = run("journal", "search", "nothing-like-this")
    assert out == "No journal entries match.\n"
    data = json.loads(run("journal", "list", "--tag", "mentoring", "--json")[1])
    assert [e["text"] for e in data] == ["Coffee with Ada: she needs a mentor"]


# -- contacts ------------------------------------------------------------------------


def test_contacts_add_list_show(people: Run) -> None:
    run = people
    code, out, _ = run("contacts", "list")
    lines = out.splitlines()
    assert lines[0].endswith("P1  Grace Hopper")
    assert "Ada Lovelace (Engines Ltd)" in lines[1]
    assert lines[-1] == "3 contacts."
    code, out, _ = run("contacts", "list", "--tag", "crypto")
    assert "Alan Turing" in out and "Ada" not in out
    assert run("log", "coffee", "ada", "--asked")[0] == 0
    code, out, _ = run("contacts", "show", "ada")
    assert code == 0
    assert out.startswith("Ada Lovelace (Engines Ltd)")
    assert "ada@e.example" in out
    assert "gave 0 · asked 1 · mutual 0" in out
    assert "2026-11-21  coffee (asked)" in out
    data = json.loads(run("contacts", "show", "ada", "--json")[1])
    assert data["health"]["asked"] == 1
    assert data["activities"][0]["kind"] == "coffee"


def test_contacts_add_refuses_a_duplicate_and_bad_email(people: Run) -> None:
    code, _, err = people("contacts", "add", "ada lovelace", "--org", "engines ltd")
    assert code == 2 and "exists already" in err
    assert (
        people("contacts", "add", "Ada Lovelace", "--org", "Engines Ltd", "--allow-duplicate")[0]
        == 0
    )
    code, _, err = people("contacts", "add", "Bad", "--email", "nope")
    assert code == 2 and "'nope' is not an email address" in err
    assert len(people.state().contacts) == 4


def test_contacts_list_due(people: Run) -> None:
    run = people
    assert run("log", "message", "ada")[0] == 0
    run.clock.advance(timedelta(days=35))
    code, out, _ = run("contacts", "list", "--due")
    names = [line.split("  ")[2] for line in out.splitlines() if line.startswith("c-")]
    # Ada (contacted 35 days ago, cadence 30) is due, and the two never contacted are
    # brought in with a hello (2 a day by default)
    assert names == ["Grace Hopper", "Ada Lovelace (Engines Ltd)", "Alan Turing (Bletchley)"]
    run("contacts", "show", "alan")
    code, out, _ = run("contacts", "show", "alan")
    assert "  say hello 2026-12-26\n" in out


def test_contact_names_match_without_accents(run: Run) -> None:
    for name in ("Zoë Becker", "Łukasz Nowak", "Zoë van Dijk"):
        assert run("contacts", "add", name)[0] == 0
    code, out, err = run("log", "message", "zoe becker")
    assert code == 0, err
    assert "Logged message with Zoë Becker" in out
    assert run("log", "message", "lukasz")[0] == 0
    code, _, err = run("log", "message", "zoe")
    assert code == 2 and "matches 2 contacts" in err


# -- review --------------------------------------------------------------------------


def test_review_formats(demo_dir: Path) -> None:
    run = Run(FixedClock(SAT), demo_dir)
    code, out, _ = run("review", "--week", "2026-W46")
    assert code == 0
    assert out.startswith("Week 2026-W46  (2026-11-09 – 2026-11-15)")
    assert "Outreach" in out and "Consistency" in out
    code, md, _ = run("review", "--week", "2026-W46", "--format", "md")
    assert md.startswith("# Weekly review 2026-W46\n")
    assert "| Day | Outreach | Energy | |" in md
    code, js, _ = run("review", "--week", "2026-W46", "--format", "json")
    data = json.loads(js)
    assert data["week"] == "2026-W46"
    assert data["summary"]["week"] == "2026-W46"
    assert len(data["summary"]["days"]) == 7
    total = sum(d["count"] for d in data["summary"]["days"])
    assert f"{total} of " in out


def test_review_this_and_last_week_follow_the_week_start(demo_dir: Path) -> None:
    """Weeks starting on Saturday: on Saturday 21 Nov the week is Sat 21 – Fri 27 Nov,
    labelled 2026-W48 (the ISO week of its fourth day), not the ISO week 2026-W47."""
    store = Store(demo_dir, FixedClock(SAT))
    state = store.load()
    store.save(
        state.model_copy(update={"settings": state.settings.model_copy(update={"week_start": 5})})
    )
    run = Run(FixedClock(SAT), demo_dir)
    code, out, err = run("review")
    assert code == 0, err
    assert out.startswith("Week 2026-W48  (2026-11-21 – 2026-11-27)")
    code, out, err = run("review", "--week", "last")
    assert code == 0, err
    assert out.startswith("Week 2026-W47  (2026-11-14 – 2026-11-20)")


def test_review_bad_week(run: Run) -> None:
    code, _, err = run("review", "--week", "2026-W60")
    assert code == 2 and "has no week 60" in err


# -- backup, doctor, demo ------------------------------------------------------------


def test_backup_create_list_restore(people: Run) -> None:
    run = people
    code, out, _ = run("backup", "create")
    assert code == 0 and "Backup written" in out
    name = Path(out.split(": ", 1)[1].strip()).name
    code, out, _ = run("backup", "list")
    assert name in out and "ok" in out
    snapshot = run.file_bytes()
    assert run("contacts", "add", "Someone New")[0] == 0
    assert len(run.state().contacts) == 4
    code, out, err = run("backup", "restore", name)
    assert code == 0, err
    assert run.file_bytes() == snapshot
    code, _, err = run("backup", "restore", "no-such.json")
    assert code == 2 and "No backup named" in err


def test_doctor(people: Run) -> None:
    code, out, _ = people("doctor")
    assert code == 0 and "All good." in out
    (people.data_dir / "habitnet.json").write_text('{"schema_version": 1, "contacts": 5}')
    before = people.file_bytes()
    code, out, _ = people("doctor")
    assert code == 2  # an error, not a limit
    assert "FAIL" in out
    assert people.file_bytes() == before


def test_demo_writes_to_its_folder_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    run = Run(FixedClock(SAT), target)
    code, out, err = run("demo", "--years", "1", "--seed", "3")
    assert code == 0, err
    assert f"habitnet --data-dir {target}" in out
    state = run.state()
    assert state.contacts and state.activities
    before = run.file_bytes()
    code, _, err = run("demo")
    assert code == 2 and "--force" in err
    assert run.file_bytes() == before
    assert run("demo", "--force", "--seed", "4")[0] == 0
    assert run.file_bytes() != before


# -- export --------------------------------------------------------------------------


def test_export_to_stdout_and_files(people: Run, tmp_path: Path) -> None:
    run = people
    assert run("log", "coffee", "ada", "--note", "=1+1 formula?")[0] == 0
    code, out, _ = run("export", "--format", "csv")
    assert code == 0
    assert out.startswith("id,date,time,timestamp,kind,contacts")
    assert "'=1+1 formula?" in out
    dest = tmp_path / "contacts.csv"
    code, out, err = run("export", "--format", "csv", "--what", "contacts", "--output", str(dest))
    assert code == 0 and out == "" and "Wrote" in err
    raw = dest.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,name,organisation")
    assert b"\r\n" in raw
    code, out, _ = run("export", "--format", "md")
    assert out.startswith("# Weekly review 2026-W47")
    code, _, err = run("export", "--format", "json", "--output", str(tmp_path / "nope" / "x.json"))
    assert code == 2 and "does not exist" in err


def test_export_without_data_is_an_error(run: Run) -> None:
    code, out, err = run("export", "--format", "json")
    assert code == 2 and out == "" and "no habitnet data" in err
