"""Shared helpers for the benchmark: demo datasets, statistics, machine facts."""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
DATA_ROOT = BENCH_DIR / ".data"
SIZE = (120, 40)


def dataset_dir(years: int) -> Path:
    """The folder holding the ``years``-year demo dataset (``habitnet.json``)."""
    return DATA_ROOT / f"y{years}"


def generate_dataset(years: int, seed: int = 7) -> dict[str, Any]:
    """Write the ``years``-year demo data (ending at DEMO_NOW) and describe it.

    Always regenerated, so the data matches the current generator and schema.
    """
    from habitnet.clock import DEMO_NOW
    from habitnet.demo import generate

    d = dataset_dir(years)
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    t0 = time.perf_counter()
    state = generate(years=years, seed=seed, end=DEMO_NOW)
    gen_s = time.perf_counter() - t0
    data = state.model_dump_json(indent=1).encode("utf-8")
    (d / "habitnet.json").write_bytes(data)
    return {
        "years": years,
        "contacts": len(state.contacts),
        "activities": len(state.activities),
        "checkins": len(state.checkins),
        "journal": len(state.journal),
        "reviews": len(state.reviews),
        "bytes": len(data),
        "generate_s": gen_s,
    }


def scratch_copy(years: int, name: str) -> Path:
    """A throw-away copy of a dataset folder (for runs that may write)."""
    src = dataset_dir(years)
    dst = DATA_ROOT / "scratch" / f"{name}-y{years}"
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    shutil.copy2(src / "habitnet.json", dst / "habitnet.json")
    return dst


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def percentile(xs: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), linear between closest ranks."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    if len(s) == 1:
        return s[0]
    pos = (len(s) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def git_revision() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        rev = out.stdout.strip() or "unknown"
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return rev + (" + uncommitted changes in src/" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine() -> dict[str, str]:
    cores = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = cores
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu_model(),
        "cores": f"{usable} usable of {cores}",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "textual": version_of("textual"),
        "pydantic": version_of("pydantic"),
        "habitnet": f"{version_of('habitnet')} (git {git_revision()})",
    }


def child_env() -> dict[str, str]:
    """The environment for driver processes: bench/ importable, bytecode cached.

    An installed habitnet has compiled bytecode; a source checkout run with
    PYTHONDONTWRITEBYTECODE would recompile every module on every start and skew the
    start-up figures. Bytecode goes to bench/.data/pycache, never into src/.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(DATA_ROOT / "pycache")
    env["PYTHONPATH"] = str(BENCH_DIR) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_child(args: list[str], timeout: float = 120.0) -> dict[str, Any]:
    """Run a bench driver in a fresh interpreter; it prints one JSON object last."""
    proc = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=str(REPO),
        env=child_env(),
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        return {"error": f"exit {proc.returncode}: " + " | ".join(tail)}
    result: dict[str, Any] = json.loads(lines[-1])
    return result
