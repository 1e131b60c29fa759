"""The store's side of the command line (issue #13, point 8): a second check-in of a day
needs --replace; a save that fails is worded for a command that has ended."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest

from habitnet.cli import main
from habitnet.clock import FixedClock
from habitnet.models import Contact, State
from habitnet.store import FileOps, Store


def _run(d: Path, clock: FixedClock, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(d), *args], clock=clock, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def data(empty_dir: Path, clock: FixedClock) -> Path:
    Store(empty_dir, clock).save(State(contacts=[Contact(name="Ada", created=clock.today())]))
    return empty_dir


def test_a_second_check_in_of_a_day_needs_replace(data: Path, clock: FixedClock) -> None:
    assert _run(data, clock, "checkin", "--energy", "3", "--mood", "4", "--date", "-2")[0] == 0
    before = (data / "habitnet.json").read_bytes()
    code, out, err = _run(data, clock, "checkin", "--energy", "1", "--mood", "1", "--date", "-2")
    assert code == 2 and out == ""
    assert err == (
        "habitnet: the morning check-in of 2026-11-19 is already recorded "
        "(energy 3, mood 4); pass --replace to replace it\n"
    )
    assert (data / "habitnet.json").read_bytes() == before
    # An evening check-in is another one; --replace replaces.
    assert _run(data, clock, "checkin", "--evening", "--energy", "2", "--mood", "2")[0] == 0
    code, out, err = _run(
        data, clock, "checkin", "--energy", "1", "--mood", "2", "--date", "-2", "--replace"
    )
    assert code == 0, err
    state = Store(data, clock).load()
    assert [(c.day.isoformat(), c.kind.value, c.energy) for c in state.checkins] == [
        ("2026-11-19", "morning", 1),
        ("2026-11-21", "evening", 2),
    ]


def test_a_failed_save_says_nothing_changed_and_to_run_the_command_again(
    data: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: FileOps, fd: int, payload: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(FileOps, "write", full)
    before = (data / "habitnet.json").read_bytes()
    code, out, err = _run(data, clock, "contacts", "add", "Grace Hopper")
    assert code == 2 and out == ""
    assert err.startswith(f"habitnet: could not save {data / 'habitnet.json'}")
    assert "No space left on device" in err
    assert "Nothing was changed" in err and "run the command again" in err
    assert "kept in memory" not in err and "retry" not in err
    assert len(err.splitlines()) == 1
    assert (data / "habitnet.json").read_bytes() == before
    assert Store(data, clock).stale_temp_files() == []


@pytest.mark.parametrize(
    "args",
    [("status",), ("status", "--json"), ("contacts", "list"), ("log", "message")],
)
def test_a_data_folder_that_is_a_file_is_an_error_not_no_data(
    tmp_path: Path, clock: FixedClock, args: tuple[str, ...]
) -> None:
    """``--data-dir`` naming a file: said so (exit 2), never "no data yet" (exit 0)
    nor a message about locks and disk space; the file is left alone."""
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine")
    code, out, err = _run(not_a_folder, clock, *args)
    assert (code, out) == (2, "")
    assert err == (
        f"habitnet: {not_a_folder} is not a folder, so it cannot hold habitnet's data; "
        "give --data-dir (or HABITNET_HOME) a folder\n"
    )
    assert not_a_folder.read_text() == "mine"
