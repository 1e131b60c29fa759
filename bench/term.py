"""A program in a pseudo-terminal, read through a terminal emulator: what a user sees.

:class:`Term` starts a command in a new pseudo-terminal (``pty.fork``) of a given size,
with ``TERM=xterm-256color``, and keeps reading everything it writes on a thread of its
own, stamping each chunk with the time it arrived (``time.perf_counter``). The bytes
are fed to `pyte <https://pypi.org/project/pyte/>`_, a terminal emulator in pure
Python, in the caller's thread, so the emulator's own speed never delays a timestamp: a
time is always when the bytes that made the screen look that way arrived. (The reader
needs the interpreter lock for a moment to stamp a chunk; the switch interval is set to
0.5 ms so that the emulator's work delays a stamp by that much at most.) Queries a
program sends to its terminal (Textual asks about synchronized output and the kitty
keyboard protocol) are not answered, as by a terminal that does not support them.

    term = Term([python, "bench/hello.py"], env=term_env())
    t = term.wait_for(lambda lines: any(line.strip() for line in lines))
    first_frame = t - term.t_spawn
    mark = term.mark()
    t_key = term.write(b"e")
    term.wait_quiet(0.15)                      # no output for 150 ms: settled
    frames = term.frames(mark)                 # [(arrival, screen lines), ...]
    rss = term.peak_rss_kb()                   # VmHWM so far, while it runs
    term.close([b"q"])                         # ends it; the exit code

Key bytes are those a terminal sends (:data:`KEYS`). Nothing here knows about habitnet.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import pyte
from wcwidth import wcwidth

SIZE = (120, 40)

#: What a terminal sends for the keys the benchmark presses (xterm, normal cursor mode).
KEYS: dict[str, bytes] = {
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "enter": b"\r",
    "escape": b"\x1b",
    "backspace": b"\x7f",
    "tab": b"\t",
    "slash": b"/",
}

Lines = tuple[str, ...]
Predicate = Callable[[Lines], bool]


class Chunk(NamedTuple):
    t: float  # time.perf_counter() when it was read
    data: bytes
    #: (ns on a processor, ns waiting for one) of the program's threads so far, read
    #: when the chunk arrived (Linux ``/proc/PID/task/*/schedstat``; None elsewhere)
    cpu: tuple[int, int] | None = None


class Frame(NamedTuple):
    t: float  # arrival time of the chunk after which the screen looked like this
    lines: Lines


def key_bytes(key: str) -> bytes:
    """The bytes for ``key``: a name in :data:`KEYS`, else the text itself."""
    return KEYS.get(key, key.encode())


def term_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a program in the benchmark's terminal: the caller's, as an
    xterm-256color terminal would set it, without anything that asks Textual or Python
    to behave unlike a user's run."""
    env = dict(os.environ if base is None else base)
    for name in list(env):
        if name.startswith("TEXTUAL") or name in ("COLUMNS", "LINES", "TMUX", "STY"):
            del env[name]
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
    env["TERM"] = "xterm-256color"
    return env


class Term:
    """One command in a pseudo-terminal of ``size`` (columns, rows), read by pyte."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        size: tuple[int, int] = SIZE,
        cwd: str | None = None,
    ) -> None:
        self.argv = list(argv)
        sys.setswitchinterval(0.0005)  # see the module's docstring
        self.columns, self.rows = size
        self.chunks: list[Chunk] = []
        self.exit_code: int | None = None
        self._cond = threading.Condition()
        self._eof = False
        self._screen = pyte.Screen(self.columns, self.rows)
        self._stream = pyte.ByteStream(self._screen)
        self._lines: list[str] = [" " * self.columns] * self.rows
        #: The screen after each chunk (index-aligned with ``chunks``, fed so far). Rows
        #: that did not change are shared between frames, so keeping them all is cheap.
        self._frames: list[Frame] = []
        winsize = struct.pack("HHHH", self.rows, self.columns, 0, 0)
        self.t_spawn = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: its terminal gets the size before the program starts
            try:
                fcntl.ioctl(1, termios.TIOCSWINSZ, winsize)  # fd 1: the new terminal
                if cwd is not None:
                    os.chdir(cwd)
                os.execve(self.argv[0], self.argv, dict(env))
            except BaseException as exc:  # shown on the screen, and the exit code is 127
                os.write(2, f"bench: cannot start {self.argv[0]}: {exc}\r\n".encode())
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self._reader = threading.Thread(target=self._read, name="term-reader", daemon=True)
        self._reader.start()

    # -- reading -----------------------------------------------------------------------

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:  # EIO: the program has gone and the terminal is closed
                data = b""
            now = time.perf_counter()
            cpu = self._cpu() if data else None
            with self._cond:
                if not data:
                    self._eof = True
                    self._cond.notify_all()
                    return
                self.chunks.append(Chunk(now, data, cpu))
                self._cond.notify_all()

    def _cpu(self) -> tuple[int, int] | None:
        """(ns run, ns waiting to run) summed over the program's live threads."""
        run = wait = 0
        try:
            tasks = os.listdir(f"/proc/{self.pid}/task")
            for task in tasks:
                with open(f"/proc/{self.pid}/task/{task}/schedstat") as f:
                    fields = f.read().split()
                run += int(fields[0])
                wait += int(fields[1])
        except (OSError, ValueError, IndexError):
            return None
        return run, wait

    def cpu_at(self, t: float) -> tuple[int, int] | None:
        """The program's (ns run, ns waiting to run) when the chunk that arrived at ``t``
        (a time :meth:`wait_for` returned) was read: the processor time it took to get
        there, which a busy machine does not stretch as it stretches wall time."""
        with self._cond:
            for chunk in self.chunks:
                if chunk.t == t:
                    return chunk.cpu
        return None

    @property
    def ended(self) -> bool:
        return self._eof

    def mark(self) -> int:
        """The index of the next chunk to arrive: pass it to :meth:`frames`."""
        with self._cond:
            return len(self.chunks)

    def last_output(self) -> float | None:
        with self._cond:
            return self.chunks[-1].t if self.chunks else None

    def wait_quiet(
        self, quiet: float = 0.15, timeout: float = 10.0, *, since: int | None = None
    ) -> bool:
        """Wait until nothing has arrived for ``quiet`` seconds (counted from now at the
        earliest). With ``since`` (a :meth:`mark`), first wait for output from that chunk
        on: a slow program may stay silent for longer than ``quiet`` before it answers a
        key. False if that never came, or output never paused, before ``timeout``."""
        start = time.perf_counter()
        end = start + timeout
        with self._cond:
            while True:
                now = time.perf_counter()
                if self._eof:
                    return True
                waiting = since is not None and len(self.chunks) <= since
                last = max(self.chunks[-1].t if self.chunks else start, start)
                if not waiting and now - last >= quiet:
                    return True
                if now >= end:
                    return False
                wake = end if waiting else min(last + quiet, end)
                self._cond.wait(max(wake - now, 0.001))

    # -- the screen --------------------------------------------------------------------

    def _feed(self) -> None:
        """Feed every chunk that has arrived to the emulator, keeping each screen."""
        with self._cond:
            chunks = self.chunks[len(self._frames) :]
        screen = self._screen
        for chunk in chunks:
            self._stream.feed(chunk.data)
            for y in screen.dirty:
                if 0 <= y < self.rows:
                    self._lines[y] = self._render(y)
            screen.dirty.clear()
            self._frames.append(Frame(chunk.t, tuple(self._lines)))

    def _render(self, y: int) -> str:
        """Row ``y`` as text (pyte's ``Screen.display`` for one row)."""
        row = self._screen.buffer[y]
        out: list[str] = []
        wide = False
        for x in range(self.columns):
            if wide:  # the second cell of a wide character
                wide = False
                continue
            data = row[x].data
            wide = bool(data) and wcwidth(data[0]) == 2
            out.append(data)
        return "".join(out)

    def frames(self, since: int = 0) -> list[Frame]:
        """The screen after each chunk from chunk ``since`` (a :meth:`mark`) on."""
        self._feed()
        return self._frames[since:]

    def lines(self) -> Lines:
        """The screen now (everything that has arrived)."""
        self._feed()
        return tuple(self._lines)

    def wait_for(
        self, pred: Predicate, timeout: float = 30.0, since: int = 0, pause: float = 0.05
    ) -> float | None:
        """The arrival time of the first chunk from chunk ``since`` (a :meth:`mark`) on
        after which ``pred(screen lines)`` holds. None on timeout, or if the program ends
        first. The emulator reads what has arrived only once the output pauses for
        ``pause`` s, so that it does not compete for the processor with a program
        that is busy drawing."""
        end = time.perf_counter() + timeout
        checked = since
        while True:
            self.wait_quiet(pause, timeout=max(end - time.perf_counter(), 0.0))
            self._feed()
            for frame in self._frames[checked:]:
                if pred(frame.lines):
                    return frame.t
            checked = max(checked, len(self._frames))
            with self._cond:
                if len(self.chunks) > checked:
                    continue
                left = end - time.perf_counter()
                if self._eof or left <= 0:
                    return None
                self._cond.wait(min(left, 0.5))

    # -- input and the end -------------------------------------------------------------

    def write(self, data: bytes) -> float:
        """Type ``data``; returns the time just before it was written."""
        t = time.perf_counter()
        os.write(self.fd, data)
        return t

    def press(self, key: str) -> float:
        return self.write(key_bytes(key))

    def peak_rss_kb(self) -> int | None:
        """The program's peak resident memory so far (``VmHWM``; Linux), in kB.

        Read from ``/proc`` while it runs: the ``ru_maxrss`` a parent gets when its child
        exits also counts the memory the child shared with the parent before it started
        the program (the kernel records the old address space's peak at ``exec``).
        """
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return None

    def close(self, quit_keys: Sequence[bytes] = (), timeout: float = 10.0) -> int | None:
        """End the program: type ``quit_keys`` (each after the screen settles), wait up to
        ``timeout`` s for it to exit, then SIGTERM, then SIGKILL. Returns (and keeps in
        ``exit_code``) its exit code."""
        for data in quit_keys:
            if self._eof:
                break
            self.wait_quiet(0.15, timeout=2.0)
            try:
                self.write(data)
            except OSError:
                break
        end = time.perf_counter() + timeout
        status = None
        for sig in (None, signal.SIGTERM, signal.SIGKILL):
            if sig is not None:
                try:
                    os.kill(self.pid, sig)
                except ProcessLookupError:
                    pass
                end = time.perf_counter() + 5.0
            while status is None and time.perf_counter() < end:
                pid, raw = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    status = raw
                    break
                time.sleep(0.01)
            if status is not None:
                break
        self._reader.join(timeout=2.0)
        try:
            os.close(self.fd)
        except OSError:
            pass
        if status is not None:
            self.exit_code = os.waitstatus_to_exitcode(status)
        return self.exit_code

    def __enter__(self) -> Term:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.exit_code is None:
            self.close()
