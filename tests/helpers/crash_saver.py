"""A fork server for the crash-safety test (tests/test_store_crash.py).

Run as ``python crash_saver.py DATA_DIR``. It imports habitnet once, then obeys one
command per line on stdin and answers one line on stdout:

``run START PROGRESS``
    fork a child that takes the store's writer lock and saves the states numbered
    START, START + 1, ... with the real file operations (fsyncs included), appending
    ``k\\n`` to PROGRESS after save number ``k`` returned. Answers ``pid N``.
``wait``
    reap that child; answers ``signal N`` or ``exit N``.
``quit``
    exit.

Forking from a process that has already imported pydantic and the models makes each
child start in about a millisecond, so hundreds of kills fit in a few seconds.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from habitnet.clock import DEMO_NOW, FixedClock
from habitnet.models import Contact, State
from habitnet.store import Store

NAMES = ("Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra")


def make_state(k: int) -> State:
    """State number ``k``: every contact's notes carry ``k``, padded to a few KB so a
    torn write could not pass for a whole file."""
    filler = "x" * 1500
    return State(
        contacts=[
            Contact(
                id=f"c-{i}",
                name=name,
                notes=f"state {k} {filler}",
                created=DEMO_NOW.date(),
            )
            for i, name in enumerate(NAMES)
        ]
    )


def state_number(state: State) -> int:
    """The ``k`` of a state made by :func:`make_state`; raises if it is mixed."""
    numbers = {int(c.notes.split()[1]) for c in state.contacts}
    if len(numbers) != 1 or [c.name for c in state.contacts] != list(NAMES):
        raise AssertionError(f"not a state make_state could have written: {numbers}")
    return numbers.pop()


def _child(data_dir: Path, start: int, progress: Path) -> None:
    try:
        store = Store(data_dir, FixedClock(DEMO_NOW))
        store.lock()
        fd = os.open(progress, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        k = start
        while True:
            store.save(make_state(k))
            os.write(fd, f"{k}\n".encode())
            k += 1
    except BaseException:
        (data_dir.parent / "child-error.txt").write_text(traceback.format_exc())
        os._exit(3)


def main() -> None:
    data_dir = Path(sys.argv[1])
    pid = 0
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "run":
            start, progress = int(cmd[1]), Path(cmd[2])
            progress.write_bytes(b"")
            pid = os.fork()
            if pid == 0:
                _child(data_dir, start, progress)
                os._exit(0)  # never reached: the child saves until it is killed
            print(f"pid {pid}", flush=True)
        elif cmd[0] == "wait":
            _, status = os.waitpid(pid, 0)
            if os.WIFSIGNALED(status):
                print(f"signal {os.WTERMSIG(status)}", flush=True)
            else:
                print(f"exit {os.WEXITSTATUS(status)}", flush=True)
        elif cmd[0] == "quit":
            return


if __name__ == "__main__":
    main()
