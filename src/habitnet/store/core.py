"""The JSON store: load, validate, migrate, save atomically, back up, restore, diagnose.

No UI here. Every failure is a :class:`~habitnet.store.errors.StoreError` whose text says
which file, what is wrong, and what to do. A file that could not be read is never
overwritten.
"""

from __future__ import annotations

import errno
import fnmatch
import gc
import hashlib
import json
import os
import re
import shutil
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import sidecar
from ..clock import Clock, file_clock_ns
from ..messages import file_messages
from ..models import SCHEMA_VERSION, State
from .errors import (
    ChangedOnDiskError,
    NewerSchemaError,
    SaveError,
    StoreError,
    UnreadableFileError,
)
from .files import (
    PRIVATE_FILE,
    make_private_dir,
    tighten,
    tighten_tree,
    too_open,
    wide_paths,
    write_private,
)
from .lock import FileLock
from .migrations import migrate
from .paths import BACKUP_DIR, DATA_FILE, LOCK_FILE
from .serialize import Serializer

_TMP_RE = re.compile(r"^\.habitnet\.json\..*\.tmp$")
# Temp files of backup and pre-migration copies, in backups/: ".<name>.json.tmp-<pid>".
_BACKUP_TMP_RE = re.compile(r"^\..+\.json\.tmp-\d+$")
_BACKUP_GLOB = "habitnet-*.json"
#: The version the last save replaced, kept as a hard link (no copy): restoring it loses
#: at most the last change, where the daily snapshot could lose a day.
PREVIOUS = "habitnet-previous.json"
_VERSION_RE = re.compile(rb'"schema_version"\s*:\s*(-?\d+)')
_CONFLICT_GLOB = "habitnet.conflict-*.json"
#: Written when a daily backup fails, removed when one succeeds (doctor reads it).
BACKUP_FAILED = "habitnet.backup-failed"
#: A file whose modification time is this close to when it was read or written could
#: be rewritten within the same tick of the file system's clock (2 s on FAT) without
#: its time changing: its content hash is kept until that can no longer happen.
_DOUBT_NS = 2_000_000_000

Signature = tuple[int, int, int]


@dataclass(frozen=True)
class _Seen:
    """The data file as this store last read or wrote it."""

    sig: Signature | None  # (inode, size, mtime_ns); None: there was no file
    digest: bytes | None = None  # sha256 of the content, while a same-tick rewrite could hide


class FileOps:
    """The system calls a save makes, one method each, so tests can inject failures."""

    def open_tmp(self, path: Path) -> int:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)

    def write(self, fd: int, data: bytes) -> None:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]

    def flush(self, fd: int) -> None:
        # os.write is unbuffered; this step exists so a failure here can be simulated.
        pass

    def fsync(self, fd: int) -> None:
        os.fsync(fd)

    def replace(self, src: Path, dst: Path) -> None:
        os.replace(src, dst)

    def fsync_dir(self, path: Path) -> None:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    valid: bool
    problem: str | None = None

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class DoctorReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def good(self, line: str) -> None:
        self.lines.append(f"ok    {line}")

    def bad(self, line: str) -> None:
        self.ok = False
        self.lines.append(f"FAIL  {line}")

    def note(self, line: str) -> None:
        self.lines.append(f"note  {line}")


@contextmanager
def _no_gc() -> Iterator[None]:
    """Validation builds ~100k objects; cyclic GC passes over the half-built tree only
    slow it down (measured on the 10-year file: 284 ms → 151 ms without them)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _os_problem(exc: OSError) -> str:
    """What an OSError while reading a file means, in words."""
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link in a loop (it leads back to itself)"
    return f"it could not be read: {exc.strerror or exc}"


def parse_state(data: bytes, path: Path) -> tuple[State, int]:
    """Parse and validate a data file's bytes. Returns the state and the version read.

    Raises :class:`ValueError` describing the problem (with a location) or
    :class:`NewerSchemaError`; nothing else, whatever the bytes.
    """
    try:
        return _parse_state(data, path)
    except RecursionError:
        raise ValueError(
            "the JSON is nested too deeply to be a habitnet file (lists or objects "
            "hundreds of levels inside each other) — it is damaged"
        ) from None


def _in_users_words(exc: ValidationError) -> str:
    """What is wrong with a file that parsed but does not validate (one edited by hand),
    one line per problem naming its place in the JSON: ``contacts[0] must be an object
    { … }``, not pydantic's "Input should be a valid dictionary or instance of…"."""
    return "\n".join(file_messages(exc))


def _parse_state(data: bytes, path: Path) -> tuple[State, int]:
    if not data:
        raise ValueError("the file is empty (0 bytes) — probably cut short by a crash")
    if b"\x00" in data:
        pos = data.index(b"\x00")
        raise ValueError(f"the file contains NUL bytes (first at byte {pos}) — it is damaged")
    m = _VERSION_RE.search(data, 0, 200)
    if m is not None and int(m.group(1)) == SCHEMA_VERSION:
        # Fast path: the current schema, validated straight from bytes.
        try:
            with _no_gc():
                return State.model_validate_json(data), SCHEMA_VERSION
        except ValidationError as exc:
            invalid = [e for e in exc.errors() if e.get("type") == "json_invalid"]
            if not invalid:
                raise ValueError(_in_users_words(exc)) from None
            if "recursion limit" in str(invalid[0].get("msg", "")):
                raise RecursionError from None
            # fall through to json.loads for a precise line/column message
    try:
        doc: Any = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"the file is not UTF-8 text (bad byte at {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(doc, dict):
        raise ValueError(f"the top level must be a JSON object, not {type(doc).__name__}")
    raw_version = doc.get("schema_version", 0)
    if (
        isinstance(raw_version, int)
        and not isinstance(raw_version, bool)
        and raw_version > SCHEMA_VERSION
    ):
        raise NewerSchemaError(path, raw_version, SCHEMA_VERSION)
    doc, start = migrate(doc)
    try:
        with _no_gc():
            return State.model_validate(doc), start
    except ValidationError as exc:
        raise ValueError(_in_users_words(exc)) from None


def write_glance_file(data_dir: Path, sig: Signature, glance: dict[str, Any]) -> bool:
    """Replace ``data_dir``'s glance file with ``glance`` for the data file ``sig``, in
    one step (no fsync: a lost or torn one only slows a start). False if not written."""
    dest = data_dir / sidecar.GLANCE_FILE
    tmp = data_dir / f".{sidecar.GLANCE_FILE}.tmp-{os.getpid()}"
    try:
        write_private(tmp, sidecar.encode(sig, glance))
        os.replace(tmp, dest)
    except (OSError, TypeError, ValueError):
        with suppress(OSError):
            tmp.unlink()
        return False
    return True


class Store:
    """One data folder: ``habitnet.json``, ``habitnet.lock`` and ``backups/``."""

    def __init__(
        self,
        data_dir: Path,
        clock: Clock,
        *,
        read_only: bool = False,
        keep_backups: int = 14,
        ops: FileOps | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.read_only = read_only
        self.keep_backups = keep_backups
        self.ops = ops or FileOps()
        self.path = self.data_dir / DATA_FILE
        self.backup_dir = self.data_dir / BACKUP_DIR
        self._lock = FileLock(self.data_dir / LOCK_FILE, clock)
        self._save_mutex = threading.Lock()
        self.serializer = Serializer()
        # True once the file on disk is known to be one that validated (so it may be
        # copied as a backup and replaced).
        self._disk_ok = False
        # The file as last read or written (None: never looked at it).
        self._seen: _Seen | None = None
        self._warnings: list[str] = []
        self._tightened = False
        self.migrated_from: int | None = None

    # -- locking -------------------------------------------------------------------

    @property
    def locked_by_me(self) -> bool:
        return self._lock.held

    def lock(self) -> None:
        if self.read_only:
            return
        self._lock.acquire()
        self.clean_stale_temp_files()

    def unlock(self) -> None:
        self._lock.release()

    @contextmanager
    def locked(self) -> Iterator[Store]:
        already = self._lock.held
        self.lock()
        try:
            yield self
        finally:
            if not already:
                self.unlock()

    def lock_holder(self) -> str | None:
        """Who holds the lock now, or None if nobody does (never takes it, never writes)."""
        if self._lock.held:
            return "this process"
        return self._lock.probe()

    def clean_stale_temp_files(self) -> list[Path]:
        """Remove temp files an interrupted save left behind. Only safe with the lock."""
        removed: list[Path] = []
        if self.read_only:
            return removed
        for p in self.stale_temp_files():
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
        return removed

    def stale_temp_files(self) -> list[Path]:
        """Temp files of the data file (in the folder, or in its target's folder when it
        is a symbolic link) and of backups (in backups/)."""
        found: list[Path] = []
        places = [(self.data_dir, _TMP_RE), (self.backup_dir, _BACKUP_TMP_RE)]
        target = self.data_target()
        if target != self.path:
            name = re.escape(target.name)
            places.append((target.parent, re.compile(rf"^\.{name}\.\d+\.\d+\.tmp$")))
        for folder, pattern in places:
            try:
                found.extend(p for p in folder.iterdir() if pattern.match(p.name))
            except OSError:
                continue
        return sorted(set(found))

    def data_target(self) -> Path:
        """Where the data file's bytes live: ``habitnet.json``, or the file it points to
        when it is a symbolic link (a save replaces that file, in its own folder, and
        leaves the link)."""
        if self.path.is_symlink():
            return Path(os.path.realpath(self.path))
        return self.path

    def write_problem(self) -> str | None:
        """Why a save would be refused before it is tried (a read-only data file), or
        None. The message names the file and what to do."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        if stat.S_ISREG(st.st_mode) and not st.st_mode & stat.S_IWUSR:
            target = self.data_target()
            return (
                f"{target} is read-only (mode {stat.S_IMODE(st.st_mode):04o}), so habitnet "
                f"will not replace it. To let habitnet save, make it writable: "
                f"chmod u+w {target}"
            )
        return None

    # -- loading -------------------------------------------------------------------

    def exists(self) -> bool:
        """Whether there is a data file (or a name for one: a broken symbolic link, or
        one in a loop, is there too, and reading it says what is wrong)."""
        return os.path.lexists(self.path)

    def load(self) -> State:
        """Read, migrate and validate the data file.

        Raises FileNotFoundError when there is none, UnreadableFileError when it cannot
        be read, parsed or validated (the file is left as it is) and NewerSchemaError.
        """
        sig = self._signature()
        data = self._read_data()
        try:
            state, start = parse_state(data, self.path)
        except ValueError as exc:
            self._disk_ok = False
            raise self._unreadable(str(exc)) from None
        self._disk_ok = True
        self._remember(data, sig)
        self.keep_backups = state.settings.backups_keep
        if start != SCHEMA_VERSION:
            self.migrated_from = start
            if not self.read_only:
                self._keep_original(data, start)
        return state

    def _read_data(self) -> bytes:
        """The data file's bytes. FileNotFoundError only when there is no such file (a
        symbolic link to nothing is an UnreadableFileError that says so)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            if self.path.is_symlink():
                raise self._unreadable(
                    f"it is a symbolic link to {os.readlink(self.path)}, which does not "
                    "exist (is that drive or synced folder there?)"
                ) from None
            self._seen = _Seen(None)
            raise
        except OSError as exc:
            raise self._unreadable(_os_problem(exc)) from None
        if stat.S_ISDIR(st.st_mode):
            raise self._unreadable("it is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise self._unreadable("it is not a regular file (a named pipe or a device?)")
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise self._unreadable(_os_problem(exc)) from None

    def _unreadable(self, problem: str) -> UnreadableFileError:
        """The error for a data file that cannot be read, with the newest good backup
        (or why none could be looked for)."""
        try:
            best = self.newest_good_backup()
        except StoreError as exc:
            return UnreadableFileError(self.path, problem, None, backup_problem=str(exc))
        return UnreadableFileError(self.path, problem, best)

    def _keep_original(self, data: bytes, version: int) -> Path:
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%S")
        dest = self.backup_dir / f"pre-migration-v{version}-{stamp}.json"
        self._atomic_write(dest, data)
        return dest

    # -- saving --------------------------------------------------------------------

    def save(self, state: State) -> None:
        self.keep_backups = state.settings.backups_keep
        self.save_bytes(self.serializer.dumps(state))

    def save_bytes(self, data: bytes, glance: dict[str, Any] | None = None) -> None:
        """Atomically replace the data file with ``data``. Thread-safe.

        Refuses (:class:`ChangedOnDiskError`) when the file on disk is not the one this
        store last read or wrote: the caller reloads it and re-applies its changes (see
        :meth:`habitnet.session.Session.save`). A store that never looked at the file
        (a tool writing a whole state, like ``habitnet demo --force``) replaces it only
        when it is a file habitnet can read.

        ``glance`` (ISO day → what Today shows, computed from the same state as
        ``data``) is written to the glance file, stamped with the new file's identity;
        see :mod:`habitnet.sidecar`. What the user should hear about besides (a daily
        backup that could not be written) is left in :meth:`take_warnings`.
        """
        if self.read_only:
            raise SaveError(self.path, "habitnet opened this folder read-only")
        with self._save_mutex:
            sig = self._signature()
            if sig is not None:
                if self._seen is None:
                    # Never overwrite a file we could not read.
                    try:
                        parse_state(self.path.read_bytes(), self.path)
                    except (ValueError, StoreError, OSError) as exc:
                        self._disk_ok = False
                        raise SaveError(
                            self.path, f"the file on disk is not one habitnet could read ({exc})"
                        ) from None
                elif self._changed_on_disk():
                    raise ChangedOnDiskError(self.path)
                elif not self._disk_ok:
                    raise SaveError(self.path, "the file on disk is not one habitnet could read")
                problem = self.write_problem()
                if problem is not None:
                    raise SaveError(self.path, problem)
            make_private_dir(self.data_dir)
            made: Path | None = None
            try:
                made = self._daily_backup()
            except (OSError, StoreError) as exc:
                # A failed backup must not stop the save; it is said and doctor shows it.
                self._backup_failed(exc)
            try:
                self._keep_previous()
            except OSError:
                pass  # e.g. a file system without hard links: the daily snapshot remains
            self._atomic_write(self.data_target(), data)
            self._disk_ok = True
            self._remember(data)
            if not self._tightened:
                # Once per store: what an older habitnet (or a copy) left readable by others.
                tighten_tree(self.data_dir)
                self._tightened = True
            new_sig = self._seen.sig if self._seen is not None else None
            if glance is not None and new_sig is not None:
                self._write_glance(new_sig, glance)
            try:
                self.prune_backups(keep=made)
            except StoreError:
                pass

    def _backup_failed(self, exc: Exception) -> None:
        """Note a daily backup that could not be written: in ``habitnet.backup-failed``
        (for doctor, until one succeeds) and, the first time, as a warning."""
        reason = exc.reason if isinstance(exc, SaveError) else str(exc)
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
        text = f"{self.clock.today().isoformat()} {reason}"
        marker = self.data_dir / BACKUP_FAILED
        try:
            if marker.read_text(encoding="utf-8") == text:
                return  # said already
        except (OSError, ValueError):
            pass
        try:
            write_private(marker, text.encode("utf-8"))
        except OSError:  # the disk is full: no marker at all rather than an empty one
            with suppress(OSError):
                marker.unlink()
        self._warnings.append(
            f"The daily backup could not be written ({reason}); your data itself was "
            f"saved. Free some space or fix the permission of {self.backup_dir}; "
            "`habitnet doctor` shows this until a backup succeeds."
        )

    def backup_failure(self) -> str | None:
        """The last daily backup that could not be written ("<day> <reason>"), if no
        backup has succeeded since."""
        try:
            return (self.data_dir / BACKUP_FAILED).read_text(encoding="utf-8").strip() or None
        except (OSError, ValueError):
            return None

    def take_warnings(self) -> list[str]:
        """What the saves since the last call have to tell the user (and forget it)."""
        with self._save_mutex:
            found, self._warnings = self._warnings, []
        return found

    def write_glance(self, glance: dict[str, Any]) -> bool:
        """Write the glance file for the data file as this store last read or wrote it.

        ``glance`` must come from the state of that version. False (nothing written)
        when the file on disk is another one, or the folder is read-only.
        """
        if self.read_only:
            return False
        with self._save_mutex:
            sig = self._signature()
            if sig is None or not self._disk_ok or self._seen is None or self._changed_on_disk():
                return False
            return self._write_glance(sig, glance)

    def _write_glance(self, sig: Signature, glance: dict[str, Any]) -> bool:
        return write_glance_file(self.data_dir, sig, glance)

    def _keep_previous(self) -> None:
        """Hard-link the file about to be replaced as ``backups/habitnet-previous.json``.

        Saves never write into an existing file (they replace it), so the linked
        version stays exactly as it was. Only a file that validated gets here.
        """
        target = self.data_target()
        if not target.exists():
            return
        make_private_dir(self.backup_dir)
        previous = self.backup_dir / PREVIOUS
        with suppress(OSError):
            if os.path.samefile(target, previous):
                # A save cut short after linking left it linked already. (Renaming a
                # link over another link of the same file does nothing and would
                # leave the temp name behind.)
                return
        tmp = self.backup_dir / f".{PREVIOUS}.tmp-{os.getpid()}"
        with suppress(FileNotFoundError):
            tmp.unlink()
        try:
            os.link(target, tmp)
        except OSError:
            # No hard links there (another file system, say the target of a symbolic
            # link in a synced folder): a copy, so it never holds an older version.
            self._atomic_write(previous, target.read_bytes())
            return
        tighten(tmp, PRIVATE_FILE)
        os.replace(tmp, previous)

    def _signature(self) -> Signature | None:
        """What identifies the data file's current version on disk (None: no file)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError:
            return (-1, -1, -1)
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _remember(self, data: bytes, sig: Signature | None = None) -> None:
        """Note the data file just read or written (``data``) as the one on disk.

        ``sig`` is its signature taken before reading (a change while reading then
        shows as a change); after a write it is taken now.
        """
        sig = sig if sig is not None else self._signature()
        digest = None
        if sig is not None and file_clock_ns() - sig[2] < _DOUBT_NS:
            digest = hashlib.sha256(data).digest()
        self._seen = _Seen(sig, digest)

    def _changed_on_disk(self) -> bool:
        """Whether the file on disk is not the one last read or written (a sync tool, a
        restore, a hand edit, the command line elsewhere changed it)."""
        seen = self._seen
        if seen is None:
            return self._signature() is not None
        sig = self._signature()
        if sig != seen.sig:
            return True
        if sig is None or seen.digest is None:
            return False
        try:
            data = self.path.read_bytes()
        except OSError:
            return True
        if hashlib.sha256(data).digest() != seen.digest:
            return True
        if file_clock_ns() - sig[2] >= _DOUBT_NS:
            self._seen = _Seen(sig)  # a rewrite would now change the time: no more doubt
        return False

    def write_conflict_copy(self, data: bytes) -> Path:
        """Write ``data`` beside the data file as ``habitnet.conflict-<time>.json``: a
        version that could not be merged with an outside change. Returns its path."""
        dest = self._stamped("habitnet.conflict-", ".json")
        self._atomic_write(dest, data)
        return dest

    def _stamped(self, prefix: str, suffix: str) -> Path:
        """A new name in the data folder: ``<prefix><time><suffix>``, ``-1``… if taken."""
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%S")
        dest = self.data_dir / f"{prefix}{stamp}{suffix}"
        n = 1
        while os.path.lexists(dest):
            dest = self.data_dir / f"{prefix}{stamp}-{n}{suffix}"
            n += 1
        return dest

    def conflict_files(self) -> list[Path]:
        """Conflict copies in the data folder, oldest first."""
        if not self.data_dir.is_dir():
            return []
        return sorted(self.data_dir.glob(_CONFLICT_GLOB))

    def _atomic_write(self, dest: Path, data: bytes) -> None:
        make_private_dir(dest.parent)
        tmp = dest.parent / f".{dest.name}.{os.getpid()}.{threading.get_ident()}.tmp"
        if dest.name != DATA_FILE and dest != self.data_target():
            tmp = dest.parent / f".{dest.name}.tmp-{os.getpid()}"
        ops = self.ops
        fd: int | None = None
        replaced = False
        try:
            fd = ops.open_tmp(tmp)
            ops.write(fd, data)
            ops.flush(fd)
            ops.fsync(fd)
            os.close(fd)
            fd = None
            ops.replace(tmp, dest)
            replaced = True
            ops.fsync_dir(dest.parent)
        except OSError as exc:
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
            try:
                tmp.unlink()
            except OSError:
                pass
            raise SaveError(dest, exc.strerror or str(exc), replaced=replaced) from None

    # -- backups -------------------------------------------------------------------

    def _daily_backup(self) -> Path | None:
        if not self.path.exists():
            return None
        dest = self.backup_dir / f"habitnet-{self.clock.today().isoformat()}.json"
        if os.path.lexists(dest):
            return None
        self._atomic_write(dest, self.path.read_bytes())
        with suppress(OSError):
            (self.data_dir / BACKUP_FAILED).unlink(missing_ok=True)
        return dest

    def create_backup(self) -> Path:
        """A snapshot of the current (valid) data file, named by date and time."""
        if self.read_only:
            raise SaveError(self.path, "habitnet opened this folder read-only")
        data = self._read_data()
        try:
            parse_state(data, self.path)
        except ValueError as exc:
            raise self._unreadable(str(exc)) from None
        stamp = self.clock.now().strftime("%Y-%m-%dT%H%M%S")
        dest = self.backup_dir / f"habitnet-{stamp}.json"
        self._atomic_write(dest, data)
        self.prune_backups(keep=dest)
        return dest

    def _backup_paths(self) -> list[Path]:
        """The rotating backups, newest first. Raises StoreError when ``backups/`` is
        there but cannot be looked in (never taken for "no backups").

        Newest means last written (modification time, then name): a backup named for a
        day gets an older name than one before it when the clock was set back or the
        time zone moved west, and must not be pruned first for that.
        """
        try:
            entries = list(os.scandir(self.backup_dir))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(
                f"cannot look for backups in {self.backup_dir}: {exc.strerror or exc}"
            ) from None
        found: list[tuple[int, str, Path]] = []
        for e in entries:
            if e.name == PREVIOUS or not fnmatch.fnmatchcase(e.name, _BACKUP_GLOB):
                continue
            try:
                written = e.stat(follow_symlinks=False).st_mtime_ns
            except OSError:
                written = 0
            found.append((written, e.name, Path(e.path)))
        found.sort(reverse=True)
        return [p for _written, _name, p in found]

    def prune_backups(self, keep: Path | None = None) -> list[Path]:
        """Remove all but the newest ``keep_backups`` backups; never ``keep`` (the one
        just written), whatever its name and time say."""
        removed = []
        paths = self._backup_paths()
        if keep is not None and keep in paths:
            paths.remove(keep)
            paths.insert(0, keep)
        for p in paths[self.keep_backups :]:
            try:
                p.unlink()
            except OSError:
                continue
            removed.append(p)
        return removed

    def _backup_info(self, p: Path) -> BackupInfo:
        """A backup, checked. Never raises: what is wrong with it is its ``problem``."""
        try:
            st = os.lstat(p)
            created = datetime.fromtimestamp(st.st_mtime).astimezone()
        except OSError as exc:
            return BackupInfo(p, self.clock.now(), False, _os_problem(exc))
        try:
            target = os.stat(p)
        except FileNotFoundError:
            problem = f"a broken symbolic link (to {os.readlink(p)}, which does not exist)"
            return BackupInfo(p, created, False, problem)
        except OSError as exc:
            return BackupInfo(p, created, False, _os_problem(exc))
        if not stat.S_ISREG(target.st_mode):
            return BackupInfo(p, created, False, "not a file (a folder, a pipe or a device)")
        try:
            parse_state(p.read_bytes(), p)
        except (ValueError, StoreError, OSError) as exc:
            problem = _os_problem(exc) if isinstance(exc, OSError) else str(exc)
            return BackupInfo(p, created, False, problem.splitlines()[0])
        return BackupInfo(p, created, True)

    def backups(self) -> list[BackupInfo]:
        """Every rotating backup, newest first, each checked. StoreError when the
        backups folder cannot be looked in."""
        return [self._backup_info(p) for p in self._backup_paths()]

    def previous(self) -> BackupInfo | None:
        """The version the last save replaced (``backups/habitnet-previous.json``)."""
        p = self.backup_dir / PREVIOUS
        return self._backup_info(p) if os.path.lexists(p) else None

    def newest_good_backup(self) -> Path | None:
        """The previous version if it is readable, else the newest good daily one.
        StoreError when the backups folder cannot be looked in."""
        prev = self.backup_dir / PREVIOUS
        for p in [prev, *self._backup_paths()] if os.path.lexists(prev) else self._backup_paths():
            if self._backup_info(p).valid:
                return p
        return None

    def restore_backup(self, name: str | None = None) -> Path:
        """Move the current file aside (if any) and put a backup in its place."""
        if self.read_only:
            raise SaveError(self.path, "habitnet opened this folder read-only")
        if name:
            src = self.backup_dir / name
            if not src.exists():
                src = Path(name)
            if not src.exists():
                raise StoreError(f"No backup named {name!r} in {self.backup_dir}.")
            info = self._backup_info(src)
            if not info.valid:
                raise StoreError(f"Backup {src} is not readable either: {info.problem}")
        else:
            found = self.newest_good_backup()
            if found is None:
                raise StoreError(f"No good backup in {self.backup_dir} to restore.")
            src = found
        data = src.read_bytes()
        with self._save_mutex:
            linked: Path | None = None
            if self.path.exists():
                aside = self._stamped("habitnet.json.bad-", "")
                if self.path.is_dir():
                    os.replace(self.path, aside)
                else:
                    # Keep the bad bytes under a second name; the data file itself is
                    # only replaced (atomically) once the restored copy is complete.
                    try:
                        os.link(self.path, aside)
                    except OSError:
                        shutil.copy2(self.path, aside)
                    tighten(aside, PRIVATE_FILE)
                    linked = aside
            try:
                self._atomic_write(self.data_target(), data)
            except SaveError:
                if linked is not None:
                    linked.unlink(missing_ok=True)
                raise
            self._disk_ok = True
            self._remember(data)
        return src

    # -- diagnosis -----------------------------------------------------------------

    def doctor(self) -> DoctorReport:
        """Check the data file, its backups and leftovers. Never writes, never raises."""
        r = DoctorReport()
        r.note(f"data folder: {self.data_dir}")
        if not os.path.lexists(self.data_dir):
            r.note(
                f"no data yet: {self.data_dir} does not exist (habitnet makes it at the "
                "first save; habitnet demo shows what it looks like)"
            )
            return r
        if not self.data_dir.is_dir():
            r.bad(f"{self.data_dir} is not a folder")
            return r
        try:
            backups = self.backups()
        except StoreError as exc:
            r.bad(str(exc))
            backups = []
        prev = self.previous()
        if prev is not None:
            backups = [prev, *backups]
        self._doctor_data_file(r, has_backups=bool(backups))
        if not backups:
            r.note("no backups yet (one is taken each day habitnet saves)")
        for b in backups:
            if b.valid:
                r.good(f"backup {b.name}")
            else:
                r.bad(f"backup {b.name} is unreadable: {b.problem}")
        failed = self.backup_failure()
        if failed is not None:
            day, _, reason = failed.partition(" ")
            r.bad(
                f"the daily backup of {day} could not be written ({reason}); free some space "
                f"or fix the permission of {self.backup_dir}: the next save retries"
            )
        stale = self.stale_temp_files()
        if stale:
            r.note(
                f"{len(stale)} temp file(s) left by an interrupted save; they are removed "
                "the next time habitnet opens this folder"
            )
        self._doctor_permissions(r)
        self._doctor_space(r)
        for p in self.conflict_files():
            r.note(
                f"{p.name}: changes habitnet could not merge with an outside change to "
                f"{self.path.name}; compare the two, copy over what you need, then delete it"
            )
        holder = self.lock_holder()
        if holder:
            r.note(f"in use by {holder}")
        return r

    def _doctor_data_file(self, r: DoctorReport, *, has_backups: bool) -> None:
        restore = f"habitnet --data-dir {self.data_dir} backup restore"
        if not self.exists():
            if has_backups:
                r.bad(
                    f"{self.path} does not exist, but backups do: to restore the newest "
                    f"good one: {restore}"
                )
            else:
                r.note(
                    f"no data yet: {self.path} does not exist (open the app, import "
                    "contacts, or try habitnet demo)"
                )
            return
        try:
            state, start = parse_state(self._read_data(), self.path)
        except UnreadableFileError as exc:
            r.bad(f"{self.path} cannot be read: {exc.problem}")
            if exc.newest_backup is not None:
                r.note(f"restore the newest good backup ({exc.newest_backup.name}) with: {restore}")
            return
        except (ValueError, StoreError, FileNotFoundError) as exc:
            r.bad(f"{self.path} cannot be read: {exc}")
            try:
                best = self.newest_good_backup()
            except StoreError:
                best = None
            if best is not None:
                r.note(f"restore the newest good backup ({best.name}) with: {restore}")
            return
        r.good(
            f"{self.path.name} is valid (schema {SCHEMA_VERSION}): "
            f"{len(state.contacts)} contacts, {len(state.activities)} activities, "
            f"{len(state.checkins)} check-ins, {len(state.journal)} journal entries, "
            f"{len(state.reviews)} weekly reviews"
        )
        if start != SCHEMA_VERSION:
            r.note(f"it is in the older schema {start}; it will migrate when opened")

    def _doctor_space(self, r: DoctorReport) -> None:
        """Whether a save could be written: a folder habitnet may not write in, a full
        disk."""
        if not os.access(self.data_dir, os.W_OK | os.X_OK):
            r.bad(
                f"{self.data_dir} is not writable, so habitnet can only open it read-only; "
                f"to let it save: chmod u+w {self.data_dir}"
            )
        try:
            fs = os.statvfs(self.data_dir)
            size = os.stat(self.data_target()).st_size if self.exists() else 0
        except OSError:
            return
        free = fs.f_bavail * fs.f_frsize
        if free < 2 * size + 1024 * 1024:
            r.bad(
                f"the disk holding {self.data_dir} is full ({free // 1024} KB free): saves "
                "and backups fail until some space is freed"
            )

    def _doctor_permissions(self, r: DoctorReport) -> None:
        """Notes on what others may read: habitnet tightens its own at the next save."""
        wide = wide_paths(self.data_dir)
        target = self.data_target()
        if target != self.path:
            mode = too_open(target)
            if mode is not None:
                wide.append((target, mode))
        fixed = [f"{p} ({mode:04o})" for p, mode in wide]
        if fixed:
            r.note(
                "readable by others: " + ", ".join(fixed) + "; the next save makes them "
                "private (folders 0700, files 0600)"
            )
        mode = too_open(self.data_dir)
        if mode is not None and all(p != self.data_dir for p, _ in wide):
            r.note(
                f"the data folder {self.data_dir} is open to others ({mode:04o}) and holds "
                f"files that are not habitnet's, so habitnet leaves it; to make it "
                f"private: chmod 700 {self.data_dir}"
            )
        problem = self.write_problem()
        if problem is not None:
            r.bad(problem)

    def describe_path(self) -> str:
        return str(self.path)

    def copy_to(self, dest: Path) -> None:
        shutil.copy2(self.path, dest)
