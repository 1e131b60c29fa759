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
from datetime import datetime
from pathlib import Path

from .errors import LockedError


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
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
        except FileNotFoundError:
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
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
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
        except OSError:
            os.close(fd)
            raise
        prog = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
        info = (
            f"pid {os.getpid()} ({prog}) on {socket.gethostname()} "
            f"since {datetime.now().astimezone():%Y-%m-%d %H:%M}"
        )
        os.ftruncate(fd, 0)
        os.pwrite(fd, info.encode("utf-8"), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
