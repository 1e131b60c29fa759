"""``habitnet status`` answers from the glance file when it is current, exactly as the full
load would, and loads the data (then refreshes the glance) whenever it is not."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from habitnet import cli, engine, entry, sidecar
from habitnet import status as status_module
from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.glance import today_glance
from habitnet.store import Store

#: Several days and clock times: a Saturday morning, the Sunday rest day just after
#: midnight, a weekday late at night, a day weeks later with nothing logged.
WHEN = [
    DEMO_NOW,
    DEMO_NOW.replace(hour=0, minute=5) + timedelta(days=1),
    DEMO_NOW.replace(hour=23, minute=55) - timedelta(days=3),
    DEMO_NOW + timedelta(days=40),
]
OPTIONS = [[], ["--plain"], ["--json"]]


def status(data_dir: Path, clock: FixedClock, *options: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = entry.main(
        ["status", "--data-dir", str(data_dir), *options], clock=clock, stdout=out, stderr=err
    )
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def no_cli(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Records every call the entry makes to the full command line (and runs it)."""
    calls: list[list[str]] = []
    full = cli.main

    def recording(argv: list[str], **kw: Any) -> int:
        calls.append(list(argv))
        return full(argv, **kw)

    monkeypatch.setattr(cli, "main", recording)
    return calls


@pytest.mark.parametrize("when", WHEN, ids=lambda w: w.strftime("%a-%d-%H%M"))
def test_the_glance_answers_as_the_full_load_does(
    demo_dir: Path, when: datetime, no_cli: list[list[str]]
) -> None:
    clock = FixedClock(when)
    glance = demo_dir / sidecar.GLANCE_FILE
    for options in OPTIONS:
        glance.unlink(missing_ok=True)
        no_cli.clear()
        full = status(demo_dir, clock, *options)  # no glance: the full load ...
        assert len(no_cli) == 1 and full[0] == 0 and full[2] == ""
        assert sidecar.days_in(demo_dir) == {  # ... which wrote today's and tomorrow's
            clock.today().isoformat(),
            (clock.today() + timedelta(days=1)).isoformat(),
        }
        no_cli.clear()
        assert status(demo_dir, clock, *options) == full  # from the glance file
        assert no_cli == []
    # Tomorrow's answer is ready too, and equal to a full load's then.
    clock.advance(timedelta(days=1))
    fast = status(demo_dir, clock)
    assert no_cli == []
    glance.unlink()
    assert status(demo_dir, clock) == fast
    assert len(no_cli) == 1


def test_the_output_is_the_commands_own(demo_dir: Path, clock: FixedClock) -> None:
    _, line, _ = status(demo_dir, clock)
    assert line.startswith("habitnet ") and line.count(" · ") == 3
    assert line.rstrip().endswith("follow-ups due") or line.rstrip().endswith("follow-up due")
    _, plain, _ = status(demo_dir, clock, "--plain")
    assert plain.isascii() and plain.count(" | ") == 3
    _, text, _ = status(demo_dir, clock, "--json")
    doc = json.loads(text)
    assert doc["data"] is True and doc["day"] == clock.today().isoformat()
    assert set(doc) == {"data", "day", "quota", "energy", "risk", "followups_due"}


def test_after_an_outside_change_the_data_answers(
    demo_dir: Path, clock: FixedClock, no_cli: list[list[str]]
) -> None:
    status(demo_dir, clock)  # writes the glance
    before = status(demo_dir, clock)
    no_cli.clear()
    # A change made elsewhere (another machine, a sync tool): one more activity today.
    store = Store(demo_dir, clock)
    state = store.load()
    kind = state.settings.activity_kinds[0]
    from habitnet.models import Activity

    state.activities.append(
        Activity(id="outside-1", at=clock.now(), kind=kind.name, cost=kind.cost)
    )
    store.save(state)
    after = status(demo_dir, clock)
    assert no_cli == [["status", "--data-dir", str(demo_dir)]]  # the glance was stale
    assert after != before and after[0] == 0
    no_cli.clear()
    assert status(demo_dir, clock) == after and no_cli == []  # refreshed: fast again
    # Only the file's time moved (a restore, a sync): still not taken from the glance.
    now = (demo_dir / "habitnet.json").stat().st_mtime_ns + 10**9
    os.utime(demo_dir / "habitnet.json", ns=(now, now))
    assert status(demo_dir, clock) == after
    assert len(no_cli) == 1


def test_a_glance_the_app_wrote_serves_status(
    demo_dir: Path, clock: FixedClock, no_cli: list[list[str]]
) -> None:
    """The app writes the glance file when it loads and saves (today_glance of the
    engine's overview): status reads its numbers from there."""
    store = Store(demo_dir, clock)
    state = store.load()
    day = clock.today()
    g = today_glance(engine.today_overview(state, day), state.contact_map())
    assert store.write_glance({day.isoformat(): g})
    fast = status(demo_dir, clock, "--json")
    assert no_cli == []
    (demo_dir / sidecar.GLANCE_FILE).unlink()
    assert status(demo_dir, clock, "--json") == fast


def test_no_data_and_other_spellings_go_to_the_command(
    tmp_path: Path, clock: FixedClock, no_cli: list[list[str]]
) -> None:
    code, out, _ = status(tmp_path / "none", clock)
    assert (code, out) == (0, "habitnet: no data yet\n")
    assert len(no_cli) == 1
    out, err = io.StringIO(), io.StringIO()
    assert entry.main(["status", "--frob"], clock=clock, stdout=out, stderr=err) == 2
    assert "unrecognized arguments: --frob" in err.getvalue()


def test_the_fast_path_loads_no_pydantic(demo_dir: Path) -> None:
    """A fresh interpreter, the real clock: the first call loads the data and writes the
    glance; the second answers from it without importing pydantic."""
    code = (
        "import sys; from habitnet.entry import main; "
        f"c = main(['status', '--data-dir', {str(demo_dir)!r}]); "
        "print(c, 'pydantic' in sys.modules)"
    )
    outs = []
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 0, proc.stderr
        outs.append(proc.stdout.splitlines())
    assert outs[0][-1] == "0 True"
    assert outs[1][-1] == "0 False"
    assert outs[0][0] == outs[1][0] and outs[0][0].startswith("habitnet ")


def test_refresh_writes_only_for_the_file_it_read(demo_dir: Path, clock: FixedClock) -> None:
    path = demo_dir / "habitnet.json"
    stamp = sidecar.file_stamp(path)
    state = Store(demo_dir, clock, read_only=True).load()
    overview = engine.today_overview(state, clock.today())
    now = path.stat().st_mtime_ns + 10**9
    os.utime(path, ns=(now, now))  # changed after it was read
    assert not status_module.refresh_glance(demo_dir, stamp, state, overview)
    assert not (demo_dir / sidecar.GLANCE_FILE).exists()
    stamp = sidecar.file_stamp(path)
    assert status_module.refresh_glance(demo_dir, stamp, state, overview)
    assert sidecar.days_in(demo_dir) == {
        clock.today().isoformat(),
        (clock.today() + timedelta(days=1)).isoformat(),
    }
    assert (demo_dir / sidecar.GLANCE_FILE).stat().st_mode & 0o077 == 0  # private


def test_status_never_waits_for_or_takes_the_writers_lock(
    demo_dir: Path, clock: FixedClock, no_cli: list[list[str]]
) -> None:
    """A running app holds the lock: status answers (and refreshes the glance) anyway,
    and the app keeps its lock."""
    app_store = Store(demo_dir, clock)
    app_store.lock()
    try:
        code, line, err = status(demo_dir, clock)  # the full path: no glance yet
        assert (code, err) == (0, "") and line.startswith("habitnet ")
        assert len(no_cli) == 1
        assert status(demo_dir, clock) == (code, line, err)  # and now from the glance
        assert len(no_cli) == 1
        assert app_store.locked_by_me
    finally:
        app_store.unlock()


def test_a_folder_that_syncs_is_answered_from_the_data_when_logs_may_have_arrived(
    demo_dir: Path, clock: FixedClock, no_cli: list[list[str]]
) -> None:
    """Another device's change log may arrive without the data file changing: the
    glance cannot tell, so status loads (and merges) the data unless the sync stamp says
    nothing arrived (tests/test_sync_cli.py); here there is no stamp yet."""
    status(demo_dir, clock)  # writes the glance
    (demo_dir / "sync" / "devices").mkdir(parents=True)
    no_cli.clear()
    status(demo_dir, clock)
    assert len(no_cli) == 1
