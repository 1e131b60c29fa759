"""A real user's first weeks on the command line (issue #14), as the issue found them:
a fresh folder, a first day on a Sunday, a LinkedIn import of 208 connections."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from habitnet.cli import main
from habitnet.clock import FixedClock
from habitnet.models import ContactSource, Direction, State

SUNDAY = datetime.fromisoformat("2026-11-22T10:00:00+00:00")


class Run:
    def __init__(self, data_dir: Path, at: datetime = SUNDAY) -> None:
        self.clock = FixedClock(at)
        self.data_dir = data_dir

    def __call__(self, *argv: str, data_dir: bool = True) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        args = ["--data-dir", str(self.data_dir), *argv] if data_dir else list(argv)
        code = main(args, clock=self.clock, stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    def state(self) -> State:
        return State.model_validate_json((self.data_dir / "habitnet.json").read_bytes())


@pytest.fixture
def run(tmp_path: Path) -> Run:
    return Run(tmp_path / "data")


def _connections(path: Path, n: int = 208) -> Path:
    rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(n):
        rows.append(
            f"Person,Number{i:03d},https://www.linkedin.com/in/p-{i},,Org {i % 9},Engineer,"
            f"{(i % 27) + 1:02d} Mar {2013 + i % 13}"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


# -- day one (2) ------------------------------------------------------------------------


def test_the_first_day_is_recorded_and_a_sunday_start_has_no_rest_days_before_it(
    run: Run,
) -> None:
    for _ in range(6):
        code, _, err = run("log", "message", "--override", "my first day")
        assert code == 0, err
    assert run.state().meta.started == SUNDAY.date()
    code, out, _ = run("review")
    assert code == 0
    assert "  Rest days     0\n" in out
    assert "  Outreach      6 of 0 target\n" in out
    assert "  Sat 21 Nov   0/3           energy  0/10 before your first day\n" in out
    assert "  Sun 22 Nov   6/0  ######   energy  6/10 rest\n" in out
    monday = Run(run.data_dir, SUNDAY + timedelta(days=1))
    _, out, _ = monday("review")
    assert "  Mon 23 Nov   0/3           energy  0/10\n" in out
    assert "  Tue 24 Nov   0/3           energy  0/10 to come\n" in out


# -- imports are not outreach (3) and one rule for the never contacted (4) ---------------


def test_imported_connections_are_not_new_contacts(run: Run, tmp_path: Path) -> None:
    run("contacts", "add", "Met Today")
    code, out, err = run("import", str(_connections(tmp_path / "Connections.csv")))
    assert code == 0, err
    state = run.state()
    imported = [c for c in state.contacts if c.source == ContactSource.LINKEDIN]
    assert len(imported) == 208 and all(c.imported_on == SUNDAY.date() for c in imported)
    _, out, _ = run("review")
    assert "  New contacts  1\n" in out  # the one added by hand


def test_after_a_big_import_two_hellos_a_day_everywhere(run: Run, tmp_path: Path) -> None:
    assert run("import", str(_connections(tmp_path / "Connections.csv")))[0] == 0
    # the import day: brought in from tomorrow, two a day, as far as the calendar reaches
    code, ics, _ = run("export", "--format", "ics", "--days", "60")
    assert code == 0 and ics.count("BEGIN:VEVENT") == 120
    assert "SUMMARY:Say hello to Person Number000 (Org 0)" in ics
    monday = Run(run.data_dir, SUNDAY + timedelta(days=1))
    _, out, _ = monday("contacts", "list", "--due")
    assert out.count("Person Number") == 2
    _, out, _ = monday("contacts", "show", "Person Number000")
    assert "  say hello 2026-11-23\n" in out
    assert "Not in touch yet (added Nov 22): say hello today." in out
    _, out, _ = monday("contacts", "show", "Person Number207")
    assert "  say hello 2027-03-06\n" in out  # the 208th: 103 days on, never all at once
    assert "follow up" not in out
    _, status, _ = monday("status", "--plain")
    assert status.rstrip().endswith("2 follow-ups due")


# -- direction belongs to a person (5) --------------------------------------------------


def test_a_direction_needs_a_contact(tmp_path: Path) -> None:
    run = Run(tmp_path / "data", SUNDAY + timedelta(days=1))  # a Monday: no rest day
    code, out, err = run("log", "message", "--gave")
    assert code == 2 and out == ""
    assert "--gave needs a contact" in err
    assert not (run.data_dir / "habitnet.json").exists()
    code, out, _ = run("log", "community post")
    assert code == 0 and "(1 point)" in out
    run("contacts", "add", "Ada")
    code, out, _ = run("log", "message", "ada")
    assert code == 0 and "(1 point, mutual)" in out  # the default, with someone
    assert run("log", "message", "ada", "--asked")[0] == 0
    directions = [a.direction for a in run.state().activities]
    assert directions == [None, Direction.MUTUAL, Direction.ASKED]
    _, out, _ = run("review")
    assert "gave 0 · asked 1 · mutual 1" in out


# -- the demo's folder (7) --------------------------------------------------------------


def test_demo_honours_data_dir_then_habitnet_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    platform = tmp_path / "xdg"  # the platform folder, never the real one
    monkeypatch.setenv("HABITNET_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(platform))
    run = Run(home)
    code, out, err = run("demo", data_dir=False)
    assert code == 0, err
    assert (home / "demo" / "habitnet.json").exists()
    assert not (home / "habitnet.json").exists() and not platform.exists()
    monkeypatch.delenv("HABITNET_HOME")
    assert run("demo", data_dir=False)[0] == 0
    assert (platform / "habitnet" / "demo" / "habitnet.json").exists()
    assert State.model_validate_json((home / "demo" / "habitnet.json").read_bytes()).meta.demo
    explicit = tmp_path / "elsewhere"
    assert Run(explicit)("demo")[0] == 0
    assert (explicit / "habitnet.json").exists()


def test_demo_never_replaces_the_users_own_data(run: Run) -> None:
    assert run("contacts", "add", "Ada")[0] == 0
    before = (run.data_dir / "habitnet.json").read_bytes()
    code, _, err = run("demo", "--force")
    assert code == 2
    assert "holds your own data, not a demo" in err
    assert (run.data_dir / "habitnet.json").read_bytes() == before
    # an earlier demo is replaced with --force
    demo = Run(run.data_dir.parent / "demo")
    assert demo("demo")[0] == 0
    assert demo("demo", "--force", "--seed", "4")[0] == 0


# -- the small ones (12) ----------------------------------------------------------------


def test_a_negative_limit_is_refused(run: Run) -> None:
    run("journal", "add", "one")
    for action in (("list",), ("search", "one")):
        code, out, err = run("journal", *action, "--limit", "-5")
        assert code == 2 and out == ""
        assert err == "habitnet: --limit must be 0 (all entries) or more, not -5\n"


def test_doctor_on_a_new_empty_folder_is_all_good(run: Run) -> None:
    """A folder made for habitnet and not used yet (or not made yet) has no problem:
    doctor says there is no data yet, exit 0 (it said FAIL)."""
    for made in (False, True):
        if made:
            run.data_dir.mkdir()
        code, out, err = run("doctor")
        assert code == 0 and err == "", (made, out, err)
        assert "no data yet" in out and "FAIL" not in out
        assert out.rstrip().endswith("All good.")


@pytest.mark.parametrize(
    "command",
    [
        ("log", "message", "--override", "x"),
        ("checkin", "--energy", "3", "--mood", "3"),
        ("journal", "add", "an old note"),
    ],
)
def test_a_date_far_before_day_one_needs_backdate(run: Run, command: tuple[str, ...]) -> None:
    run("contacts", "add", "Ada")  # day one: today
    code, _, err = run(*command, "--date", "1999-01-01")
    assert code == 2
    assert "--date 1999-01-01 is 28 years before your first day (today)." in err
    assert "add --backdate" in err
    assert run.state().meta.started == SUNDAY.date()
    # a few days back is fine without a question
    assert run(*command, "--date", "-3")[0] == 0
    # and with --backdate the old day is taken, and becomes day one
    code, _, err = run(*command, "--date", "1999-01-01", "--backdate")
    assert code == 0, err
    from habitnet.engine import first_day

    assert first_day(run.state()) == date(1999, 1, 1)


@pytest.mark.parametrize(
    "command",
    [
        ("log", "message"),
        ("checkin", "--energy", "3", "--mood", "3"),
        ("journal", "add", "a note"),
    ],
)
def test_a_future_date_is_refused_even_with_backdate(run: Run, command: tuple[str, ...]) -> None:
    code, _, err = run(*command, "--date", "tomorrow", "--backdate")
    assert code == 2 and "is in the future" in err


def test_a_follow_up_before_the_activity_is_refused(run: Run) -> None:
    run("contacts", "add", "Ada")
    code, _, err = run("log", "message", "ada", "--date", "-2", "--follow-up", "-3")
    assert code == 2
    assert "--follow-up 2026-11-19 is before the activity (2026-11-20)" in err
    code, _, err = run("log", "message", "ada", "--follow-up", "2040-01-01")
    assert code == 2 and "more than 3650 days after the activity" in err


def test_an_override_too_long_is_refused_before_anything_is_written(run: Run) -> None:
    """A reason over the model's limit was stored, and the file could not be read back."""
    code, _, err = run("log", "message", "--override", "x" * 1200)
    assert code == 2
    assert err == "habitnet: --override can be at most 1000 characters (this one has 1200)\n"
    assert run("status")[0] == 0


def test_numbers_are_refused_in_plain_words(run: Run) -> None:
    code, _, err = run("contacts", "add", "Ada", "--cadence", "-3")
    assert (code, err) == (2, "habitnet: --cadence must be at least 1 day\n")
    code, _, err = run("contacts", "add", "")
    assert (code, err) == (2, "habitnet: Name can't be empty\n")
    code, _, err = run("contacts", "add", "Ada", "--priority", "high")
    assert code == 2
    assert err.splitlines()[-1] == (
        "habitnet contacts add: argument --priority: must be a whole number, not 'high'"
    )
