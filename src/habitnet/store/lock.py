"""One writer at a time: an advisory ``flock`` on ``habitnet.lock`` in the data folder.

The kernel releases a ``flock`` when its process dies, so a lock left behind by a crashed
process is taken over without guesswork; the file's text (pid, host, program, time) only
serves to name the holder in the message a second writer gets.
"""

from __future__ import annotations

import fcntl
import os
import socket
import sys
from pathlib import Path

from ..clock import Clock, SystemClock
from .errors import LockedError, LockUnavailableError
from .files import make_private_dir, open_private


class FileLock:
    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = path
        self.clock = clock or SystemClock()  # says since when it is held
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def holder(self) -> str:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            text = ""
        return text or "another habitnet process"

    def probe(self) -> str | None:
        """Who holds the lock now, or None. Never takes it for long, writes or creates.

        A shared ``flock`` conflicts only with a writer's exclusive one, so the test
        cannot disturb another reader; it is dropped at once.
        """
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:  # none, or not readable: nobody can be told about
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return self.holder()
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)

    def acquire(self) -> None:
        """Take the lock. Raises LockedError when another process holds it, and
        LockUnavailableError when the lock file cannot be made or locked (a folder that
        is not writable, a full disk, a file system without locks)."""
        if self._fd is not None:
            return
        try:
            make_private_dir(self.path.parent)
            fd = open_private(self.path, os.O_RDWR | os.O_CREAT)
        except OSError as exc:
            raise LockUnavailableError(self.path, exc) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            holder = self.holder()
            raise LockedError(
                f"{self.path.parent} is in use by {holder}.\n"
                "Only one habitnet may write at a time: close the other one "
                "(or wait for its command to finish) and try again.",
                holder=holder,
            ) from None
        except OSError as exc:
            os.close(fd)
            raise LockUnavailableError(self.path, exc) from None
        self._fd = fd
        prog = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
        info = (
            f"pid {os.getpid()} ({prog}) on {socket.gethostname()} "
            f"since {self.clock.now():%Y-%m-%d %H:%M}"
        )
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, info.encode("utf-8"), 0)
        except OSError:
            # A full disk: the lock holds all the same; only the holder's name is
            # missing from the message another habitnet would get.
            pass

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
