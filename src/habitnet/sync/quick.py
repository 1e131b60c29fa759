"""Questions answered without loading the data (standard library and platformdirs only).

- :func:`has_news`: do the sync folder's change files, or the data file, differ from
  what the data file was last merged with? ``habitnet status`` then answers from the
  data (merging in memory) rather than from its glance file.
- :func:`idle`: does ``habitnet sync`` have nothing to do? With git: this device's
  folder, HEAD and the remote's branch are as the last sync left them, and a fetch
  brings nothing new. Then the command prints "Up to date." without loading pydantic,
  the models or the data file (:mod:`habitnet.entry`).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from ..locations import DATA_FILE
from . import enabled, local, sync_dir
from .folder import SyncFolder, data_file_copies
from .git import git_env

BRANCH_REF = "refs/remotes/origin/main"


def file_sig(path: Path) -> list[int] | None:
    """A file's identity as the sync stamp keeps it: [inode, size, mtime_ns]."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def has_news(data_dir: Path) -> bool:
    """Whether the folder syncs and has something not merged into its data file (or
    cannot tell); False for a folder that does not sync."""
    if not enabled(data_dir):
        return False
    if data_file_copies(data_dir):
        return True
    ident = local.load_identity(data_dir)
    stamp = local.load_stamp(data_dir)
    if ident is None or stamp is None or stamp.device != ident.id:
        return True
    if stamp.file is None or file_sig(data_dir / DATA_FILE) != stamp.file:
        return True
    return SyncFolder.signature(SyncFolder(sync_dir(data_dir)).listing()) != stamp.files


def own_signature(data_dir: Path, device: str) -> dict[str, list[int]]:
    """This device's files (device.json too) as they are now."""
    files = SyncFolder(sync_dir(data_dir)).listing()
    return {f.rel: [f.size, f.mtime_ns] for f in files if f.device_dir == device}


def read_ref(git_dir: Path, ref: str) -> str | None:
    """The commit a ref names (loose, or in packed-refs); None when there is none."""
    try:
        return (git_dir / ref).read_text().strip() or None
    except OSError:
        pass
    try:
        for line in (git_dir / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    except OSError:
        return None
    return None


def head(git_dir: Path) -> str | None:
    try:
        text = (git_dir / "HEAD").read_text().strip()
    except OSError:
        return None
    if text.startswith("ref: "):
        return read_ref(git_dir, text[5:])
    return text or None


def git_record(data_dir: Path, device: str) -> dict[str, Any]:
    """What a ``habitnet sync`` that finished leaves for the next one to compare."""
    git_dir = sync_dir(data_dir) / ".git"
    return {
        "device": device,
        "own": own_signature(data_dir, device),
        "head": head(git_dir),
        "remote": read_ref(git_dir, BRANCH_REF),
    }


def idle(data_dir: Path) -> bool:
    """Whether ``habitnet sync`` has nothing to do (see the module docstring). Any doubt
    is a False: the full command then runs, and says what went wrong if anything did."""
    if not enabled(data_dir):
        return False
    ident = local.load_identity(data_dir)
    if ident is None:
        return False
    sdir = sync_dir(data_dir)
    git_dir = sdir / ".git"
    if not git_dir.is_dir():
        return not has_news(data_dir)
    record = local.load_json(data_dir, local.GIT_FILE)
    if record is None or record.get("device") != ident.id:
        return False
    if own_signature(data_dir, ident.id) != record.get("own"):
        return False
    before = head(git_dir)
    if before is None or before != record.get("head") or before != record.get("remote"):
        return False
    if has_news(data_dir):
        return False
    done = subprocess.run(
        ["git", "-C", str(sdir), "fetch", "-q", "origin"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env=git_env(),
    )
    return done.returncode == 0 and read_ref(git_dir, BRANCH_REF) == before
