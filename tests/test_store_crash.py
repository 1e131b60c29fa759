"""Crash safety: a process saving in a loop is SIGKILLed at random moments, 200+ times.

After every kill the data file must load and hold a state the child had committed (or
was committing): never a torn, empty or mixed file. Each child also takes over the lock
its killed predecessor left and cleans the temp files it left.
"""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.store import Store

HELPER = Path(__file__).parent / "helpers" / "crash_saver.py"
KILLS = 220


def _helper_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crash_saver", HELPER)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _last_committed(progress: Path, default: int) -> int:
    lines = progress.read_bytes().split(b"\n")
    complete = [x for x in lines[:-1] if x]  # the text after the last newline may be cut
    return int(complete[-1]) if complete else default


@pytest.mark.slow
def test_sigkill_during_saves_never_leaves_a_torn_file(tmp_path: Path) -> None:
    helper = _helper_module()
    data_dir = tmp_path / "data"
    progress = tmp_path / "progress"
    server = subprocess.Popen(
        [sys.executable, str(HELPER), str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert server.stdin is not None and server.stdout is not None

    def ask(command: str) -> str:
        assert server.stdin is not None and server.stdout is not None
        server.stdin.write(command + "\n")
        server.stdin.flush()
        return server.stdout.readline().strip()

    rng = random.Random(20261121)
    clock = FixedClock(DEMO_NOW)
    last_loaded = -1  # nothing on disk yet
    seen_states: set[int] = set()
    took_over_with_temp_files = 0
    min_commits = 0
    started = time.monotonic()
    try:
        for i in range(KILLS):
            start = last_loaded + 1
            reply = ask(f"run {start} {progress}")
            assert reply.startswith("pid "), reply
            pid = int(reply.split()[1])
            # Let the child commit a few saves (0 to 3: so also kills while it takes the
            # lock or writes the first), then kill it a random instant later, which
            # lands anywhere in the save in flight, whatever the machine's load.
            wanted = rng.randrange(4)
            min_commits += wanted
            deadline = time.monotonic() + 20
            while progress.read_bytes().count(b"\n") < wanted:
                assert time.monotonic() < deadline, "the child does not save"
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.004))
            os.kill(pid, signal.SIGKILL)
            status = ask("wait")
            error = tmp_path / "child-error.txt"
            assert not error.exists(), error.read_text()
            assert status == f"signal {signal.SIGKILL}", status

            committed = _last_committed(progress, default=start - 1)
            store = Store(data_dir, clock, read_only=True)
            if committed < 0 and not store.exists():
                continue  # killed before the very first save finished: nothing to load
            if store.stale_temp_files():
                took_over_with_temp_files += 1
            state = store.load()  # raises if the file is torn, empty or invalid
            k = helper.state_number(state)
            # Whatever the child had reported as saved is on disk; at most the save in
            # flight when it died may also have landed.
            assert committed <= k <= committed + 1, (i, committed, k)
            assert k >= last_loaded, "a save went backwards"
            seen_states.add(k)
            last_loaded = k
    finally:
        if server.poll() is None:
            ask("quit")
        server.wait(timeout=10)
    elapsed = time.monotonic() - started

    assert last_loaded + 1 >= min_commits
    # Taking the lock left by the dead process cleans what its interrupted save left.
    store = Store(data_dir, clock)
    store.lock()
    try:
        assert store.stale_temp_files() == []
        assert not [p for p in store.backup_dir.iterdir() if p.name.startswith(".")]
        assert helper.state_number(store.load()) == last_loaded
    finally:
        store.unlock()
    print(
        f"\n{KILLS} kills in {elapsed:.1f}s, {last_loaded + 1} states committed, "
        f"{took_over_with_temp_files} kills left a temp file behind"
    )
