"""Private by default, like ssh and gnupg: folders 0700, files 0600, whatever the umask.

Every file habitnet writes in the data folder (the data file, backups, the glance and
lock files, conflict copies, exports) is created 0600, and the folders it makes
(the data folder, ``backups/``, ``exports/``) 0700. Files and folders of habitnet's
that an older version (or a copy) left wider are tightened by the next save
(:func:`tighten_tree`); the data folder itself only when nothing but habitnet's files
is in it (a folder someone pointed ``--data-dir`` at may be theirs to share).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600

#: What habitnet keeps in a data folder (names, or prefixes ending in "*").
_OURS = ("habitnet.*", ".habitnet.*", "backups", "exports", "demo", "sync")


def make_private_dir(path: Path) -> None:
    """``path`` and any missing parents, the new ones 0700; an existing one is left."""
    missing = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            continue
        os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is narrowed by the umask, never widened


def open_private(path: Path, flags: int) -> int:
    """``os.open`` creating ``path`` 0600 (a new file) and narrowing an existing one."""
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) & ~PRIVATE_FILE:
            os.fchmod(fd, PRIVATE_FILE)
    except OSError:
        os.close(fd)
        raise
    return fd


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (a new or replaced file), 0600. Not atomic: for
    exports, written once into a new folder."""
    fd = open_private(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def too_open(path: Path) -> int | None:
    """The mode of ``path`` when others than its owner may use it (None otherwise, or
    when it cannot be looked at). Symbolic links are followed."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None
    return mode if mode & 0o077 else None


def tighten(path: Path, private: int) -> bool:
    """Narrow ``path`` to ``private`` if others may use it. True when it changed."""
    mode = too_open(path)
    if mode is None:
        return False
    try:
        os.chmod(path, mode & private)
    except OSError:
        return False
    return True


def only_ours(folder: Path) -> bool:
    """Whether ``folder`` holds nothing but habitnet's files."""
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return False
    return all(any(Path(n).match(pattern) for pattern in _OURS) for n in names)


def wide_paths(data_dir: Path) -> list[tuple[Path, int]]:
    """habitnet's files and folders in ``data_dir`` that others may use, with their
    mode: the data folder (when only habitnet's), ``backups/``, ``exports/`` and the
    files in and under them (one level of export folders)."""
    found: list[tuple[Path, int]] = []

    def check(p: Path) -> None:
        if p.is_symlink():
            return  # a link's target may be shared on purpose (the data file's is checked)
        mode = too_open(p)
        if mode is not None:
            found.append((p, mode))

    if only_ours(data_dir):
        check(data_dir)
    for p in _children(data_dir):
        if p.name.startswith(("habitnet.", ".habitnet.")) and p.is_file():
            check(p)
    for sub in ("backups", "exports"):
        folder = data_dir / sub
        if not folder.is_dir() or folder.is_symlink():
            continue
        check(folder)
        for p in _children(folder):
            check(p)
            if p.is_dir() and not p.is_symlink():
                for q in _children(p):
                    check(q)
    return found


def tighten_tree(data_dir: Path) -> list[Path]:
    """Make what :func:`wide_paths` finds private; the paths changed."""
    changed = []
    for p, _mode in wide_paths(data_dir):
        if tighten(p, PRIVATE_DIR if p.is_dir() else PRIVATE_FILE):
            changed.append(p)
    return changed


def _children(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []
