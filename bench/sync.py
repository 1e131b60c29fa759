"""Sync figures (#15 point 9), measured the way a user meets them.

    python bench/sync.py [--years 10] [--runs 5] [--no-pty]

On the demo data (default 10 years), in ``bench/.data/sync/``: a git remote (a bare
repository on the local disk), device A (``sync init`` on the data: its base) and
device B (joins from the remote). Then:

1. **Loading 10-year data, sync on vs off**: the installed ``habitnet`` in a
   pseudo-terminal (``bench/user.py``: spawn -> Today's real numbers, with a current
   glance file and after an outside change, when all the data has loaded), on a copy
   that never synced and on device A, interleaved; and ``Session.open`` in fresh
   processes (headless, information).
2. **Merging a day's changes from another device**: B logs a day (15 activities, 2
   check-ins, 2 journal entries, 3 contact edits: about 22 operations) and runs
   ``habitnet sync``; A pulls the files and its open session merges them, as the app's
   poll does: the wall time of ``Link.poll`` (read, merge, refresh the state), with the
   replica in memory (the app after a merge), and for the first merge after the app
   opened (its first poll, with nothing new, loads the replica in the worker thread);
   ``Session.open`` with and without a day waiting; then ``habitnet sync`` end to end
   on A for another day (git fetch and rebase, load, merge, save, push), as information.
3. **``habitnet sync`` with nothing to do vs ``git status``** in A's sync repository:
   wall time of each as a fresh process, paired run by run (``user.run_timed``).

Timings on a shared machine are noisy; the script prints medians and what it ran.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import user  # noqa: E402
from common import DATA_ROOT, median  # noqa: E402

ROOT = DATA_ROOT / "sync"
STATE = ROOT / "local-state"

OPEN = """
import sys, time
from pathlib import Path
from habitnet.clock import SystemClock
t0 = time.perf_counter()
from habitnet.session import Session
s = Session.open(Path(sys.argv[1]), SystemClock(), read_only=True, lock=False)
print(time.perf_counter() - t0, len(s.state.activities))
"""


def run(*argv: str, cwd: Path | None = None) -> str:
    # as a user runs it: with bytecode cached (bench/user.py's environment)
    env = {**user.env(), "HABITNET_STATE": str(STATE)}
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"bench/sync: {' '.join(argv)} failed: {done.stderr}{done.stdout}")
    return done.stdout


def prepare(years: int) -> dict[str, Path]:
    build = user.parse_builds(None)[0]
    src = user.build_data(build, years, fresh=False)
    if ROOT.exists():
        shutil.rmtree(ROOT)
    ROOT.mkdir(parents=True)
    paths = {
        "plain": ROOT / "plain",
        "a": ROOT / "device-a",
        "b": ROOT / "device-b",
        "remote": ROOT / "remote.git",
    }
    for key in ("plain", "a"):
        paths[key].mkdir()
        shutil.copy(src / "habitnet.json", paths[key] / "habitnet.json")
    run("git", "init", "-q", "--bare", str(paths["remote"]))
    hn = str(build.habitnet)
    t0 = time.perf_counter()
    run(hn, "--data-dir", str(paths["a"]), "sync", "init", str(paths["remote"]), "--name", "A")
    user.log(f"  sync init on {years}-year data (the base): {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    run(hn, "--data-dir", str(paths["b"]), "sync", "init", str(paths["remote"]), "--name", "B")
    user.log(
        f"  a new device joining (builds the data from the logs): {time.perf_counter() - t0:.2f} s"
    )
    return paths


# -- 1. loading ----------------------------------------------------------------------------


def measure_load(paths: dict[str, Path], runs: int, pty: bool) -> dict[str, Any]:
    build = user.parse_builds(None)[0]
    res: dict[str, Any] = {"headless": {"plain": [], "a": []}}
    for _ in range(runs):
        for key in ("plain", "a"):
            out = run(str(build.python), "-c", OPEN, str(paths[key]))
            res["headless"][key].append(float(out.split()[0]))
    if not pty:
        return res
    os.environ["HABITNET_STATE"] = str(STATE)  # the terminal's env() copies os.environ
    rows: dict[tuple[str, str], list[float]] = {}
    for key in ("plain", "a"):
        app = build.app(paths[key])
        user.start_once(app.argv, app.ready, app.quit)  # writes the glance file
    for i in range(runs):
        user.log(f"  start-up in a terminal, run {i + 1}/{runs}")
        for key in ("plain", "a"):
            app = build.app(paths[key])
            if not user.glance_current(paths[key]):
                user.start_once(app.argv, app.ready, app.quit)
            r = user.start_once(app.argv, app.ready, app.quit)
            if "ready" in r:
                rows.setdefault((key, "glance"), []).append(r["ready"])
            user.touch(paths[key])
            r = user.start_once(app.argv, app.ready, app.quit)
            if "ready" in r:
                rows.setdefault((key, "changed"), []).append(r["ready"])
    res["pty"] = rows
    return res


# -- 2. merging a day ----------------------------------------------------------------------


def a_day_on(data_dir: Path, day_offset: int) -> int:
    """A day's changes on a device (in this process): returns how many operations."""
    from habitnet.clock import FixedClock, SystemClock
    from habitnet.session import Session

    now = SystemClock().now() + timedelta(days=day_offset)
    s = Session.open(data_dir, FixedClock(now))
    try:
        contacts = [c for c in s.state.contacts if not c.archived][:15]
        n = 0
        for i, c in enumerate(contacts):
            kind = ["message", "follow-up", "call"][i % 3]
            s.log_activity(s.propose_activity(kind, [c.id], note=f"day {day_offset}"), "bench")
            n += 1
        s.checkin(3, 4, replace=True)
        s.checkin(3, 3, kind="evening", replace=True)
        s.add_journal(text=f"bench day {day_offset}", contact_ids=[contacts[0].id])
        s.add_journal(text="and another")
        for c in contacts[:3]:
            s.update_contact(c.id, role=f"role {day_offset}")
        n += 7
        s.save()
    finally:
        s.close()
    return n


def pull(data_dir: Path) -> None:
    """The files arrive (git fetch and rebase; the merge is left to the session)."""
    from habitnet.sync import git as gitsync

    sdir = data_dir / "sync"
    gitsync.fetch(sdir)
    gitsync.integrate(sdir)


def measure_merge(paths: dict[str, Path], runs: int) -> dict[str, Any]:
    os.environ["HABITNET_STATE"] = str(STATE)
    from habitnet.clock import SystemClock
    from habitnet.session import Session

    build = user.parse_builds(None)[0]
    hn = str(build.habitnet)
    res: dict[str, Any] = {
        "warm": [],
        "first": [],
        "ops": [],
        "cli": [],
        "open": [],
        "warmup": [],
        "open_waiting": [],
    }
    day = 0
    session = Session.open(paths["a"], SystemClock())
    try:
        # the app has merged once already: the replica is in memory
        day += 1
        a_day_on(paths["b"], day)
        run(hn, "--data-dir", str(paths["b"]), "sync")
        pull(paths["a"])
        session.sync.poll(session)  # type: ignore[union-attr]
        session.save()
        for _ in range(runs):
            day += 1
            res["ops"].append(a_day_on(paths["b"], day))
            run(hn, "--data-dir", str(paths["b"]), "sync")
            pull(paths["a"])
            t0 = time.perf_counter()
            merged = session.sync.poll(session)  # type: ignore[union-attr]
            res["warm"].append(time.perf_counter() - t0)
            assert merged is not None and merged.count > 0, "nothing merged"
            session.save()
    finally:
        session.close()
    for _ in range(runs):
        day += 1
        a_day_on(paths["b"], day)
        run(hn, "--data-dir", str(paths["b"]), "sync")
        t0 = time.perf_counter()
        session = Session.open(paths["a"], SystemClock())  # the app opens
        res["open"].append(time.perf_counter() - t0)
        try:
            t0 = time.perf_counter()
            session.sync.poll(session)  # type: ignore[union-attr]
            res["warmup"].append(time.perf_counter() - t0)  # its first poll: nothing new
            pull(paths["a"])  # then a day's changes arrive
            t0 = time.perf_counter()
            session.sync.poll(session)  # type: ignore[union-attr]
            res["first"].append(time.perf_counter() - t0)
            session.save()
        finally:
            session.close()
    for _ in range(runs):
        day += 1
        a_day_on(paths["b"], day)
        run(hn, "--data-dir", str(paths["b"]), "sync")
        pull(paths["a"])  # a day's changes wait when the app opens
        t0 = time.perf_counter()
        session = Session.open(paths["a"], SystemClock())
        res["open_waiting"].append(time.perf_counter() - t0)
        session.save()
        session.close()
    for _ in range(runs):
        day += 1
        a_day_on(paths["b"], day)
        run(hn, "--data-dir", str(paths["b"]), "sync")
        w, _rss, code, text = user.run_timed([hn, "--data-dir", str(paths["a"]), "sync"])
        if code != 0:
            raise SystemExit(f"bench/sync: habitnet sync failed: {text}")
        res["cli"].append(w)
    return res


# -- 3. idle -------------------------------------------------------------------------------


def measure_idle(paths: dict[str, Path], runs: int) -> dict[str, Any]:
    build = user.parse_builds(None)[0]
    hn = str(build.habitnet)
    os.environ["HABITNET_STATE"] = str(STATE)
    run(hn, "--data-dir", str(paths["a"]), "sync")  # leaves nothing to do
    sync_cmd = [hn, "--data-dir", str(paths["a"]), "sync"]
    status_cmd = [shutil.which("git") or "git", "-C", str(paths["a"] / "sync"), "status"]
    fetch_cmd = [shutil.which("git") or "git", "-C", str(paths["a"] / "sync"), "fetch", "-q"]
    rows: dict[str, list[float]] = {"sync": [], "status": [], "fetch": []}
    for _ in range(2):
        user.run_timed(sync_cmd)
        user.run_timed(status_cmd)
    for _ in range(runs):
        for key, cmd in (("status", status_cmd), ("sync", sync_cmd), ("fetch", fetch_cmd)):
            w, _rss, code, text = user.run_timed(cmd)
            if code != 0:
                raise SystemExit(f"bench/sync: {cmd} failed: {text}")
            if key == "sync" and text.strip() != "Up to date.":
                raise SystemExit(f"bench/sync: habitnet sync had something to do: {text}")
            rows[key].append(w)
    return rows


def ms(x: float) -> str:
    return f"{x * 1000:.1f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-pty", action="store_true", help="skip the terminal start-ups")
    a = ap.parse_args(argv)
    os.environ["HABITNET_STATE"] = str(STATE)
    user.log(f"preparing {a.years}-year data, a remote and two devices")
    paths = prepare(a.years)
    user.log("loading, sync off and on")
    load = measure_load(paths, a.runs, not a.no_pty)
    user.log("merging a day's changes from the other device")
    merge = measure_merge(paths, a.runs)
    user.log("habitnet sync with nothing to do")
    idle = measure_idle(paths, a.runs * 4)

    print(f"\n## Sync ({a.years}-year demo data, {a.runs} runs; medians)\n")
    h = load["headless"]

    def row(label: str, off: list[float], on: list[float]) -> str:
        ratios = sorted(b / a for a, b in zip(off, on, strict=False))
        return (
            f"| {label} | {ms(median(off))} ms | {ms(median(on))} ms | "
            f"{median(ratios):.2f} ({ratios[0]:.2f}–{ratios[-1]:.2f}) |"
        )

    print("| loading | sync off | sync on | on/off, paired by run: median (range) |")
    print("|---|---|---|---|")
    print(row("Session.open, fresh process (headless)", h["plain"], h["a"]))
    for kind, label in (
        ("glance", "Today's numbers (glance current), terminal"),
        ("changed", "all data loaded (after an outside change), terminal"),
    ):
        off, on = load.get("pty", {}).get(("plain", kind)), load.get("pty", {}).get(("a", kind))
        if off and on:
            print(row(label, off, on))
    print()
    print(
        f"Merging a day's changes from the other device (~{median(merge['ops']):.0f} operations):"
    )
    print(f"- the open app's merge (Link.poll), replica in memory: {ms(median(merge['warm']))} ms")
    print(
        f"- the first merge after the app opened: {ms(median(merge['first']))} ms (the app's "
        f"first poll, with nothing new, loaded the replica in its worker: "
        f"{ms(median(merge['warmup']))} ms)"
    )
    print(
        f"- Session.open with nothing waiting: {ms(median(merge['open']))} ms; with a day's "
        f"changes waiting (merged as it opens): {ms(median(merge['open_waiting']))} ms"
    )
    print(
        "- `habitnet sync` end to end (fetch, rebase, load, merge, save, push): "
        f"{ms(median(merge['cli']))} ms"
    )
    print()
    s, g, f = median(idle["sync"]), median(idle["status"]), median(idle["fetch"])
    ratios = [x / y for x, y in zip(idle["sync"], idle["status"], strict=True)]
    print(
        f"`habitnet sync` with nothing to do: {ms(s)} ms; `git status` in the same "
        f"repository: {ms(g)} ms (ratio {s / g:.1f}, median of paired ratios "
        f"{median(ratios):.1f}); `git fetch` alone: {ms(f)} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
