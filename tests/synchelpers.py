"""Helpers for the sync tests: devices as data folders, the command line in-process,
a local bare git repository, and a simulated file-sync engine."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from habitnet.cli import main
from habitnet.clock import FixedClock
from habitnet.models import State
from habitnet.session import Session
from habitnet.store import parse_state


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where devices keep their identities (never the user's own state folder)."""
    home = tmp_path / "local-state"
    monkeypatch.setenv("HABITNET_STATE", str(home))
    return home


@dataclass
class Result:
    code: int
    out: str
    err: str


def cli(data_dir: Path, clock: FixedClock, *args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data_dir), *args], clock=clock, stdout=out, stderr=err)
    return Result(code, out.getvalue(), err.getvalue())


def ok(data_dir: Path, clock: FixedClock, *args: str) -> str:
    r = cli(data_dir, clock, *args)
    assert r.code == 0, f"{args}: {r.err}{r.out}"
    return r.out


def load(data_dir: Path) -> State:
    path = data_dir / "habitnet.json"
    return parse_state(path.read_bytes(), path)[0]


@contextmanager
def session(data_dir: Path, clock: FixedClock) -> Iterator[Session]:
    """A session on a device; saved on leaving."""
    s = Session.open(data_dir, clock)
    try:
        yield s
        s.save()
    finally:
        s.close()


def git(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def bare_repo(path: Path) -> Path:
    git("init", "-q", "--bare", str(path))
    return path


# -- a file-sync engine ------------------------------------------------------------------


class FileSyncEngine:
    """Copies files between the ``sync/`` folders of data folders, one change at a time
    in random order, as Syncthing or Dropbox do: sometimes only part of a file first,
    sometimes keeping the version it replaces as a conflict copy named as Syncthing
    names them (``<name>.sync-conflict-<date>-<time>-<device><ext>``), which then
    reaches the file's owner too; a file its owner removed is removed everywhere."""

    def __init__(self, folders: list[Path], rng: random.Random) -> None:
        self.folders = folders
        self.rng = rng
        self.copies = 0

    @staticmethod
    def _files(root: Path) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        base = root / "sync"
        if not base.exists():
            return out
        for p in base.rglob("*"):
            if p.is_file() and ".git" not in p.parts:
                out[str(p.relative_to(base))] = p.read_bytes()
        return out

    def _owner(self, device: str) -> Path | None:
        from habitnet.sync.local import load_identity

        for f in self.folders:
            ident = load_identity(f)
            if ident is not None and ident.id == device:
                return f
        return None

    def changes(self) -> list[tuple[str, Path, Path, str, bytes]]:
        """("copy" | "remove", from, to, path under sync/, content)."""
        files = {f: self._files(f) for f in self.folders}
        found = []
        for dst in self.folders:
            for src in self.folders:
                if src is dst:
                    continue
                for rel, data in files[src].items():
                    parts = Path(rel).parts
                    if len(parts) < 3 or parts[0] != "devices":
                        continue
                    if self._owner(parts[1]) is src and files[dst].get(rel) != data:
                        found.append(("copy", src, dst, rel, data))
            for rel in files[dst]:
                parts = Path(rel).parts
                if len(parts) < 3 or parts[0] != "devices":
                    continue
                owner = self._owner(parts[1])
                if owner is not None and owner is not dst and rel not in files[owner]:
                    found.append(("remove", owner, dst, rel, b""))
        return found

    def step(self, *, partial: float = 0.3, conflict: float = 0.15) -> bool:
        """Deliver one change (maybe only part of a file). False when all agree."""
        found = self.changes()
        if not found:
            return False
        what, src, dst, rel, data = self.rng.choice(found)
        target = dst / "sync" / rel
        if what == "remove":
            target.unlink()
            return True
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and self.rng.random() < conflict:
            stem, ext = target.name.split(".", 1)
            stamp = f"20261121-{self.rng.randrange(10**6):06d}"
            name = f"{stem}.sync-conflict-{stamp}-ABCDEFG.{ext}"
            shutil.copyfile(target, target.with_name(name))
            shutil.copyfile(target, (src / "sync" / rel).with_name(name))  # reaches its owner
            self.copies += 1
        if self.rng.random() < partial and len(data) > 1:
            data = data[: self.rng.randrange(1, len(data))]
        tmp = target.with_name(f".syncthing.{target.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        return True

    def settle(self) -> None:
        """Deliver everything, whole."""
        for _ in range(10_000):
            if not self.step(partial=0.0, conflict=0.1):
                return
        raise AssertionError("the file sync never settled")


def synced_pair(
    a: Path, b: Path, clock: FixedClock, names: tuple[str, str] = ("laptop", "desk"), seed: int = 0
) -> FileSyncEngine:
    """Two devices syncing through a simulated file-sync tool: ``a`` (with whatever
    data it has) starts, ``b`` joins, the files are delivered and ``b`` merges them."""
    ok(a, clock, "sync", "init", "--name", names[0])
    ok(b, clock, "sync", "init", "--name", names[1])
    engine = FileSyncEngine([a, b], random.Random(seed))
    engine.settle()
    ok(b, clock, "sync")
    return engine
