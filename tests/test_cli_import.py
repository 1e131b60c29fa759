"""import / export through the command line: idempotence, dry runs, JSON round trips."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from habitnet.cli import main
from habitnet.clock import FixedClock
from habitnet.models import State

SAT = datetime.fromisoformat("2026-11-21T09:30:00+00:00")

LINKEDIN = (
    "\ufeffNotes:\n"
    '"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines Ltd,Programmer,12 Mar 2024\n"
    'José,"O\'Brien, Jr.",https://www.linkedin.com/in/jose,jose@example.com,"Acme, Inc.",'
    '"Head of ""Growth"" 🚀",01 Jan 2020\n'
    ",,https://www.linkedin.com/in/ghost,,Nowhere,,1 Jan 2020\n"
)

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nORG:Engines Ltd\r\n"
    "TEL;TYPE=cell:+44 20 7946 0000\r\nEMAIL:ada@engines.example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jose OBrien\r\nEMAIL:JOSE@example.com\r\n"
    "NOTE:Met at the\\, erm\\, meetup\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:New Person\r\nEND:VCARD\r\n"
)


def call(data_dir: Path, *argv: str, clock: FixedClock | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["--data-dir", str(data_dir), *argv],
        clock=clock or FixedClock(SAT),
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


def load(data_dir: Path) -> State:
    return State.model_validate_json((data_dir / "habitnet.json").read_bytes())


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    li = tmp_path / "Connections.csv"
    li.write_bytes(LINKEDIN.encode("utf-8"))
    vc = tmp_path / "contacts.vcf"
    vc.write_bytes(VCARD.encode("utf-8"))
    return {"linkedin": li, "vcard": vc}


def test_dry_run_writes_nothing_and_shows_changes(tmp_path: Path, files: dict[str, Path]) -> None:
    data = tmp_path / "data"
    code, out, err = call(data, "import", str(files["linkedin"]), "--dry-run")
    assert code == 0, err
    assert "+ add     Ada Lovelace (Engines Ltd)" in out
    assert "+ add     José O'Brien, Jr. (Acme, Inc.)" in out
    assert "2 added, 0 updated, 0 unchanged, 1 skipped (dry run)" in out
    assert "line 7 (" not in out and "line 7: no name" in out
    assert "Nothing was written" in out
    assert not (data / "habitnet.json").exists()


def test_import_is_idempotent_and_cross_format(tmp_path: Path, files: dict[str, Path]) -> None:
    data = tmp_path / "data"
    code, out, _ = call(data, "import", str(files["linkedin"]))
    assert code == 0
    assert "LinkedIn import of Connections.csv: 2 added, 0 updated, 0 unchanged, 1 skipped." in out
    assert "line 7: no name" in out
    first = load(data)
    code, out, _ = call(data, "import", str(files["linkedin"]))
    assert "0 added, 0 updated, 2 unchanged, 1 skipped" in out
    assert load(data) == first
    code, out, _ = call(data, "import", str(files["vcard"]))
    assert code == 0
    assert "vCard import of contacts.vcf: 1 added, 2 updated, 0 unchanged, 0 skipped." in out
    state = load(data)
    assert len(state.contacts) == 3
    ada = next(c for c in state.contacts if c.name == "Ada Lovelace")
    assert ada.phones == ["+44 20 7946 0000"]
    assert ada.emails == ["ada@engines.example"]
    assert ada.linkedin_url == "https://www.linkedin.com/in/ada"
    jose = next(c for c in state.contacts if c.name.startswith("José"))
    assert jose.notes == "Met at the, erm, meetup"
    # Both again, in either order: nothing changes.
    for f in ("vcard", "linkedin", "vcard"):
        code, out, _ = call(data, "import", str(files[f]))
        assert " 0 added, 0 updated" in out
    assert load(data) == state


def test_import_summary_as_json(tmp_path: Path, files: dict[str, Path]) -> None:
    code, out, _ = call(tmp_path / "d", "import", str(files["linkedin"]), "--json")
    report = json.loads(out)
    assert report["format"] == "linkedin"
    assert len(report["added"]) == 2
    assert report["skipped"] == [{"where": "line 7", "name": "", "reason": "no name"}]


def test_a_file_that_is_not_what_it_claims_changes_nothing(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    data = tmp_path / "data"
    assert call(data, "import", str(files["linkedin"]))[0] == 0
    before = (data / "habitnet.json").read_bytes()
    code, out, err = call(data, "import", str(files["linkedin"]), "--format", "vcard")
    assert code == 2 and out == ""
    assert "not a vCard file" in err
    code, _, err = call(data, "import", str(files["vcard"]), "--format", "linkedin")
    assert code == 2 and "not a LinkedIn Connections.csv" in err
    code, _, err = call(data, "import", str(files["vcard"]), "--format", "json")
    assert code == 2 and "not a habitnet JSON export" in err
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    code, _, err = call(data, "import", str(junk))
    assert code == 2 and "cannot tell what this file is" in err
    code, _, err = call(data, "import", str(tmp_path / "missing.csv"))
    assert code == 2 and "no such file" in err
    assert (data / "habitnet.json").read_bytes() == before


def test_json_round_trip_into_an_empty_folder(demo_dir: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    code, _, err = call(demo_dir, "export", "--format", "json", "--output", str(export))
    assert code == 0, err
    fresh = tmp_path / "fresh"
    code, out, err = call(fresh, "import", str(export))
    assert code == 0, err
    assert "Imported export.json" in out
    assert load(fresh) == load(demo_dir)
    # ... and exporting the copy gives the same bytes.
    code, again, _ = call(fresh, "export", "--format", "json")
    assert again == export.read_text(encoding="utf-8")


def test_json_import_over_data_needs_replace(
    demo_dir: Path, tmp_path: Path, files: dict[str, Path]
) -> None:
    export = tmp_path / "export.json"
    assert call(demo_dir, "export", "--format", "json", "--output", str(export))[0] == 0
    other = tmp_path / "other"
    assert call(other, "import", str(files["linkedin"]))[0] == 0
    before = (other / "habitnet.json").read_bytes()
    code, _, err = call(other, "import", str(export))
    assert code == 2 and "--replace" in err
    code, out, _ = call(other, "import", str(export), "--replace", "--dry-run")
    assert code == 0 and "would replace" in out
    assert (other / "habitnet.json").read_bytes() == before
    code, out, err = call(other, "import", str(export), "--replace")
    assert code == 0, err
    assert load(other) == load(demo_dir)
    backups = list((other / "backups").glob("habitnet-*.json"))
    assert any(b.read_bytes() == before for b in backups)


def test_csv_exports_open_in_a_spreadsheet(demo_dir: Path, tmp_path: Path) -> None:
    state = load(demo_dir)
    for what, count in (("activities", len(state.activities)), ("contacts", len(state.contacts))):
        dest = tmp_path / f"{what}.csv"
        assert call(demo_dir, "export", "--format", "csv", "--what", what, "-o", str(dest))[0] == 0
        with dest.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == count
        assert rows[0]["id"]
    with (tmp_path / "activities.csv").open(encoding="utf-8-sig", newline="") as fh:
        first = next(csv.DictReader(fh))
    act = min(state.activities, key=lambda a: a.at)
    assert first["date"] == act.at.date().isoformat()
    assert first["kind"] == act.kind
    assert int(first["cost"]) == act.cost


def test_ics_export(demo_dir: Path, tmp_path: Path) -> None:
    dest = tmp_path / "f.ics"
    code, _, _ = call(demo_dir, "export", "--format", "ics", "--days", "14", "-o", str(dest))
    assert code == 0
    raw = dest.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert raw.count(b"BEGIN:VEVENT") == raw.count(b"END:VEVENT") > 0
    assert raw.count(b"BEGIN:VEVENT") == raw.count(b"\r\nUID:followup-")
    assert raw.count(b"BEGIN:VEVENT") == raw.count(b"\r\nDTSTAMP:20261121T093000Z")
    assert b"DTSTART;VALUE=DATE:20261121" in raw  # overdue ones land today


def test_console_script_and_module_in_a_subprocess(tmp_path: Path, files: dict[str, Path]) -> None:
    env = {**os.environ, "HABITNET_HOME": str(tmp_path / "home")}
    # No data yet: one line, exit 0, and a subcommand never loads Textual.
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, habitnet.cli as c; code = c.main(['status', '--plain']); "
            "print('textual' in sys.modules, code)",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.stdout == "habitnet: no data yet\nFalse 0\n", proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "habitnet", "import", str(files["vcard"])],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "3 added" in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "habitnet", "log", "nonsense-kind"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == "" and "unknown activity kind" in proc.stderr
    assert "Traceback" not in proc.stderr
