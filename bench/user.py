"""What users run, measured from outside: the installed ``habitnet`` command in a
pseudo-terminal (:mod:`term`), against stock Textual apps started in the same run.

    python bench/user.py keys    [--years 10] [--rounds 3] [--habitnet [LABEL=]PATH ...]
    python bench/user.py startup [--years 1,10] [--runs 3] [--habitnet ...]
    python bench/user.py status  [--years 10] [--runs 5] [--habitnet ...]

``run.py`` calls the same functions for the full report; these commands print one part
alone, for measuring a change quickly. ``--habitnet`` is the console script to measure
(default: the one beside this Python, ``bin/habitnet`` of the active venv); give it more
than once to measure several builds in the same run.

- **start-up**: spawn → first frame (any text on screen) → Today's real numbers (the
  Outreach panel up, nothing saying loading). Each dataset has a current glance file
  (as for a returning user: it was opened before); each run is repeated after an outside
  change (the data file touched, so the glance is stale): then Today's numbers come only
  once all the data has loaded. Against a hello-world Textual app (``hello.py``).
- **keys**: key bytes written → the screen shows the expected thing: for a screen key,
  that screen's marker text (:data:`HABITNET_SCREENS`); for a search character, the
  filtered list (the rows left of the side pane, as they are once the output settles);
  for a cursor move, the whole screen as it settles (the side pane's new row). Between
  keys the screen settles (no output for 150 ms). Against the stock six-screen app
  (``stock.py``): its screen switch p95 is the yardstick.
- **status**: ``habitnet status`` wall time and peak RSS against ``python -c 'import
  json'`` of the same Python; with a current glance file, and after an outside change.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from common import BENCH_DIR, DATA_ROOT, REPO, median, percentile
from term import Frame, Lines, Term, key_bytes, term_env

QUIET = 0.15  # s without output: the screen has settled
SWITCH_KEYS = "ejpwst"
CURSOR_MOVES = 8  # downs per round on a list screen

# -- what is on screen --------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """Text that shows a screen is up (a regular expression over the screen's text)."""

    title: str
    pattern: str

    def seen(self, lines: Lines) -> bool:
        return re.search(self.pattern, "\n".join(lines)) is not None


def any_text(lines: Lines) -> bool:
    return any(line.strip() for line in lines)


def todays_numbers(lines: Lines) -> bool:
    """Today shows real numbers: its Outreach panel is up and nothing says loading (the
    first frame is a loading line; see ``screens/today.py``)."""
    text = "\n".join(lines)
    return "Outreach" in text and "loading" not in text.lower()


#: habitnet's screen keys and the text only that screen shows.
HABITNET_SCREENS: dict[str, Marker] = {
    "t": Marker("Today", r"Today's plan"),
    "e": Marker("Energy", r"Last 14 days"),
    "j": Marker("Journal", r"\b\d[\d,]* entr(?:y|ies)\b"),
    "p": Marker("People", r"\b\d[\d,]* contacts?\b"),
    "w": Marker("Review", r"\bWeek \d{4}-W\d\d\b"),
    "s": Marker("Settings", r"\bDaily target\b"),
}

#: List screens: key -> what is typed into their search (one character at a time).
HABITNET_SEARCHES = {"p": "ana", "j": "coffee"}


@dataclass
class AppUnderTest:
    name: str
    argv: list[str]
    ready: Callable[[Lines], bool]
    screens: dict[str, Marker]
    searches: dict[str, str] = field(default_factory=dict)  # key -> text typed
    cursor_screens: str = ""  # keys of the screens whose list gets cursor moves
    quit: tuple[bytes, ...] = (b"\x1b", b"q")


def stock_app(footer: bool = True) -> AppUnderTest:
    from stock import SCREENS, marker

    screens = {k: Marker(title, re.escape(marker(title))) for k, (_m, title) in SCREENS.items()}
    return AppUnderTest(
        "stock six-screen Textual app" + ("" if footer else " without its Footer"),
        [sys.executable, str(BENCH_DIR / "stock.py")] + ([] if footer else ["--no-footer"]),
        screens["t"].seen,
        screens,
        cursor_screens="p",
        quit=(b"q",),
    )


def hello_argv() -> list[str]:
    return [sys.executable, str(BENCH_DIR / "hello.py")]


# -- builds and data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """One installed habitnet: its console script, and the Python beside it."""

    label: str
    habitnet: Path

    @property
    def python(self) -> Path:
        here = self.habitnet.parent / "python"
        return here if here.exists() else Path(sys.executable)

    def app(self, data_dir: Path) -> AppUnderTest:
        return AppUnderTest(
            f"habitnet ({self.label})",
            [str(self.habitnet), "--data-dir", str(data_dir)],
            todays_numbers,
            HABITNET_SCREENS,
            HABITNET_SEARCHES,
            cursor_screens="pj",
        )

    def describe(self) -> str:
        """``habitnet --version`` and where its code comes from (git revision if any)."""
        code = (
            "import habitnet, pathlib; print(habitnet.__version__); "
            "print(pathlib.Path(habitnet.__file__).resolve().parent)"
        )
        try:
            out = subprocess.run(
                [str(self.python), "-c", code], capture_output=True, text=True, timeout=30
            ).stdout.split("\n")
            version, where = out[0], out[1]
            rev = subprocess.run(
                ["git", "-C", where, "rev-parse", "--short", "HEAD"],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
        except (OSError, IndexError, subprocess.SubprocessError):
            return f"`{self.habitnet}`"
        return f"`{self.habitnet}`: {version}" + (f", git {rev}" if rev else "") + f" ({where})"


def default_habitnet() -> Path:
    return Path(sys.executable).parent / "habitnet"


def parse_builds(specs: Sequence[str] | None) -> list[Build]:
    """``[LABEL=]PATH`` per build; the default is this venv's ``habitnet``."""
    if not specs:
        return [Build("this tree", default_habitnet())]
    builds = []
    for i, spec in enumerate(specs):
        label, sep, path = spec.rpartition("=")
        if not sep:
            label = "this tree" if Path(path) == default_habitnet() else f"build {i + 1}"
        p = Path(path).expanduser().resolve()
        if not p.exists():
            raise SystemExit(f"bench: no habitnet at {p}")
        builds.append(Build(label, p))
    return builds


#: When the terminal runs' data ends: the moment the run started (the app runs on the
#: real clock, as ``habitnet demo`` makes its data).
END = datetime.now().astimezone().replace(second=0, microsecond=0)

#: Writes the demo data with a build's own generator (an older build may not read the
#: current schema); prints what it holds.
GENERATE = """
import sys
from datetime import datetime
from pathlib import Path
from habitnet.demo import generate
years, seed, end, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
state = generate(years=years, seed=seed, end=datetime.fromisoformat(end))
out.write_text(state.model_dump_json(indent=1), encoding="utf-8")
print(len(state.contacts), len(state.activities), len(state.journal), out.stat().st_size)
"""


def build_dir(build: Build, years: int) -> Path:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", build.label).strip("-") or "build"
    return DATA_ROOT / "pty" / slug / f"y{years}"


def build_data(build: Build, years: int, *, fresh: bool = True) -> Path:
    """This build's own copy of the ``years``-year demo data (seed 7, ending at
    :data:`END`), made by its own generator; with ``fresh=False``, the copy an earlier
    part of the run made, if any."""
    d = build_dir(build, years)
    if not fresh and (d / "habitnet.json").exists():
        return d
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    argv = [str(build.python), "-c", GENERATE, str(years), "7", END.isoformat()]
    proc = subprocess.run(
        [*argv, str(d / "habitnet.json")], capture_output=True, text=True, timeout=300
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{build.label}: cannot generate the demo data: {proc.stderr}")
    contacts, activities, journal, size = (int(x) for x in proc.stdout.split())
    DATASETS[build.label, years] = {
        "contacts": contacts,
        "activities": activities,
        "journal": journal,
        "bytes": size,
    }
    return d


#: (build label, years) -> what its data holds, as build_data made it.
DATASETS: dict[tuple[str, int], dict[str, int]] = {}


def glance_current(data_dir: Path) -> bool:
    """Does the folder hold a glance file for today that matches its data file?"""
    from habitnet import sidecar

    return sidecar.read(data_dir, date.today()) is not None


def touch(data_dir: Path) -> None:
    """An outside change: the data file's time moves (a sync tool, a restore), so the
    glance file no longer matches it."""
    now = time.time_ns()
    os.utime(data_dir / "habitnet.json", ns=(now, now))


def env() -> dict[str, str]:
    e = term_env()
    e["PYTHONPYCACHEPREFIX"] = str(DATA_ROOT / "pycache")  # never write into src/
    return e


T0 = time.perf_counter()


def log(msg: str) -> None:
    print(f"{time.perf_counter() - T0:6.1f} s {msg}", file=sys.stderr, flush=True)


# -- start-up -----------------------------------------------------------------------------


def start_once(
    argv: list[str], ready: Callable[[Lines], bool] | None, quit_keys: Sequence[bytes]
) -> dict[str, Any]:
    """One fresh start: seconds from spawn to the first text and to ``ready``."""
    term = Term(argv, env=env(), cwd=str(REPO))
    out: dict[str, Any] = {}
    try:
        first = term.wait_for(any_text, timeout=60)
        if first is None:
            out["error"] = "no text on screen within 60 s"
            return out
        out["first"] = first - term.t_spawn
        out["first_cpu"] = term.cpu_at(first)
        if ready is not None:
            t = term.wait_for(ready, timeout=60)
            if t is None:
                out["error"] = (
                    "never ready: "
                    + " / ".join(line.strip() for line in term.lines() if line.strip())[:300]
                )
                return out
            out["ready"] = t - term.t_spawn
        # Let the load finish (it writes the glance file) before quitting.
        term.wait_quiet(0.3, timeout=5)
        out["rss_kb"] = term.peak_rss_kb()
    finally:
        term.close(quit_keys)
    return out


def measure_startup(builds: Sequence[Build], years: Sequence[int], runs: int) -> dict[str, Any]:
    """Interleaved fresh starts: hello-world, then each build on each dataset, with a
    current glance file and after an outside change, ``runs`` times."""
    res: dict[str, Any] = {"hello": [], "errors": [], "prepared": 0}
    dirs = {(b.label, y): build_data(b, y) for b in builds for y in years}
    hello_quit = (b"\x11",)  # ctrl+q
    start_once(hello_argv(), None, hello_quit)  # warm caches and bytecode, for all alike
    for b in builds:
        for y in years:
            app = b.app(dirs[b.label, y])
            start_once(app.argv, app.ready, app.quit)  # writes the glance file
            res[b.label, y, "glance"] = []
            res[b.label, y, "changed"] = []
    for i in range(runs):
        log(f"  start-up in a terminal, run {i + 1}/{runs}")
        r = start_once(hello_argv(), None, hello_quit)
        (res["errors"].append(f"hello: {r['error']}") if "error" in r else res["hello"].append(r))
        for b in builds:
            for y in years:
                d = dirs[b.label, y]
                app = b.app(d)
                if not glance_current(d):  # e.g. a quit before the load wrote it
                    res["prepared"] += 1
                    start_once(app.argv, app.ready, app.quit)
                r = start_once(app.argv, app.ready, app.quit)
                r["glance"] = True
                bucket = "glance"
                if "error" in r:
                    res["errors"].append(f"{app.name}, {y}-year: {r['error']}")
                else:
                    res[b.label, y, bucket].append(r)
                touch(d)
                r = start_once(app.argv, app.ready, app.quit)
                if "error" in r:
                    res["errors"].append(f"{app.name}, {y}-year, after a change: {r['error']}")
                else:
                    res[b.label, y, "changed"].append(r)
    return res


def summarize_startup(
    res: dict[str, Any], builds: Sequence[Build], years: Sequence[int]
) -> dict[str, Any]:
    hello = res["hello"]

    def cpu(runs: Sequence[dict[str, Any]], field: int) -> float | None:
        """Median ns -> s of the first frame's processor time (0) or run-queue wait (1)."""
        xs = [r["first_cpu"][field] / 1e9 for r in runs if r.get("first_cpu")]
        return median(xs) if xs else None

    out: dict[str, Any] = {
        "hello_first": median([r["first"] for r in hello]),
        "hello_rss": median([r["rss_kb"] / 1024 for r in hello if r.get("rss_kb")]),
        "hello_cpu": cpu(hello, 0),
        "hello_wait": cpu(hello, 1),
        "n_hello": len(hello),
    }
    for b in builds:
        for y in years:
            g, c = res[b.label, y, "glance"], res[b.label, y, "changed"]
            if not g:
                continue
            pairs = list(zip(hello, g, strict=False))
            cpairs = list(zip(hello, c, strict=False))
            out[b.label, y] = {
                "n": len(g),
                "first": median([r["first"] for r in g]),
                "first_ratio": median([r["first"] / h["first"] for h, r in pairs]),
                "today": median([r["ready"] for r in g]),
                "today_ratio": median([r["ready"] / h["first"] for h, r in pairs]),
                "changed_first": median([r["first"] for r in c]) if c else None,
                "changed_first_ratio": median([r["first"] / h["first"] for h, r in cpairs])
                if c
                else None,
                "loaded": median([r["ready"] for r in c]) if c else None,
                "loaded_ratio": median([r["ready"] / h["first"] for h, r in cpairs]) if c else None,
                "rss": median([r["rss_kb"] / 1024 for r in g if r.get("rss_kb")]),
                "cpu": cpu(g, 0),
                "wait": cpu(g, 1),
                "cpu_ratio": median(
                    [
                        r["first_cpu"][0] / h["first_cpu"][0]
                        for h, r in pairs
                        if r.get("first_cpu") and h.get("first_cpu")
                    ]
                    or [float("nan")]
                ),
            }
    return out


# -- habitnet status ----------------------------------------------------------------------


#: Runs a command and reports its wall time, peak RSS and exit code on a file descriptor.
#: A small fresh process (``python -S``) forks the command: the peak RSS of a child
#: counts what it shared with its parent before ``exec``, and the benchmark itself is
#: bigger than ``python -c 'import json'``. Its own start-up is not in the wall time.
LAUNCHER = """
import os, sys, time
fd, argv = int(sys.argv[1]), sys.argv[2:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t0
os.write(fd, f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}".encode())
"""


def run_timed(argv: list[str]) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS in kB, exit code, output) of one command."""
    r, w = os.pipe()
    try:
        proc = subprocess.run(
            [sys.executable, "-S", "-c", LAUNCHER, str(w), *argv],
            capture_output=True,
            text=True,
            env=env(),
            pass_fds=(w,),
            timeout=120,
        )
    finally:
        os.close(w)
    with os.fdopen(r, "rb") as report:
        wall, rss, code = report.read().split()
    if proc.returncode != 0:
        raise RuntimeError(f"the launcher failed: {proc.stderr}")
    return float(wall), int(rss), int(code), proc.stdout + proc.stderr


def measure_status(builds: Sequence[Build], years: Sequence[int], runs: int) -> dict[str, Any]:
    """``habitnet status`` against ``python -c 'import json'`` (same Python), paired run
    by run; with a current glance file and right after an outside change."""
    res: dict[str, Any] = {"errors": []}
    for b in builds:
        base = [str(b.python), "-c", "import json"]
        for y in years:
            d = build_data(b, y, fresh=False)
            cmd = [str(b.habitnet), "status", "--data-dir", str(d)]
            run_timed(base)
            run_timed(cmd)  # warm; refreshes the glance file where the build does
            rows: dict[str, list[tuple[float, int, float, int]]] = {"glance": [], "changed": []}
            for _ in range(runs):
                for kind in ("glance", "changed"):
                    if kind == "changed":
                        touch(d)
                    bw, brss, _, _ = run_timed(base)
                    w, rss, code, text = run_timed(cmd)
                    if code != 0 or not text.startswith("habitnet "):
                        res["errors"].append(f"status ({b.label}, {y}-year): exit {code}: {text}")
                        continue
                    rows[kind].append((w, rss, bw, brss))
                    res[b.label, y, "line"] = text.strip()
            res[b.label, y] = {
                kind: {
                    "wall": median([r[0] for r in v]),
                    "rss": median([r[1] / 1024 for r in v]),
                    "base_wall": median([r[2] for r in v]),
                    "base_rss": median([r[3] / 1024 for r in v]),
                    "ratio": median([r[0] / r[2] for r in v]),
                    "n": len(v),
                }
                for kind, v in rows.items()
                if v
            }
    return res


# -- keys ---------------------------------------------------------------------------------


def settled_at(frames: Sequence[Frame], before: Lines, cols: int | None = None) -> float | None:
    """When the screen (its columns ``[:cols]``) took the look it settled on, for good:
    the arrival of the first chunk from which every later screen equals the last one.
    None when that part did not change at all."""

    def cut(lines: Lines) -> Lines:
        return lines if cols is None else tuple(line[:cols] for line in lines)

    if not frames:
        return None
    final = cut(frames[-1].lines)
    if cut(before) == final:
        return None
    k = len(frames) - 1
    while k > 0 and cut(frames[k - 1].lines) == final:
        k -= 1
    return frames[k].t


def list_columns(lines: Lines) -> int | None:
    """The column of the bar between a list and its side pane: the column (past the
    first 20) where most rows show the same vertical bar. None if there is none."""
    bars = "▏▕│┃║|"
    best, best_n = None, 0
    width = max((len(line) for line in lines), default=0)
    for x in range(20, width - 10):
        counts: dict[str, int] = {}
        for line in lines:
            if x < len(line) and line[x] in bars:
                counts[line[x]] = counts.get(line[x], 0) + 1
        n = max(counts.values(), default=0)
        if n > best_n:
            best, best_n = x, n
    return best if best_n >= len(lines) // 3 else None


class KeyScript:
    """One app in a terminal, keys sent one at a time, each timed from outside."""

    def __init__(self, app: AppUnderTest) -> None:
        self.app = app
        self.problems: list[str] = []
        self.term = Term(app.argv, env=env(), cwd=str(REPO))

    def start(self, settle: float = 2.0) -> None:
        """Wait for the app's first real screen, then for it to finish what it builds
        in idle time (``settle`` s, and until quiet for 0.5 s)."""
        if self.term.wait_for(self.app.ready, timeout=90) is None:
            raise RuntimeError(f"{self.app.name}: never ready: {self.screen_text()}")
        time.sleep(settle)
        self.term.wait_quiet(0.5, timeout=10)

    def screen_text(self) -> str:
        return " / ".join(line.strip() for line in self.term.lines() if line.strip())[:400]

    def press(self, key: str) -> None:
        """A key whose time is not taken; waits for the screen to settle."""
        mark = self.term.mark()
        self.term.press(key)
        self.term.wait_quiet(QUIET, timeout=10, since=mark)

    def switch(self, key: str) -> tuple[float, float | None]:
        """Press a screen key: (seconds until its marker shows, until the screen
        settled)."""
        marker = self.app.screens[key]
        before = self.term.lines()
        mark = self.term.mark()
        t0 = self.term.write(key_bytes(key))
        # Read the screen once the output has settled (the emulator never competes with
        # the app while it draws); wait longer only if the marker is not there yet.
        self.term.wait_quiet(QUIET, timeout=15, since=mark)
        hit = self.term.wait_for(marker.seen, timeout=15, since=mark)
        if hit is None:
            raise RuntimeError(
                f"{self.app.name}: {key!r} never showed {marker.title} "
                f"(/{marker.pattern}/): {self.screen_text()}"
            )
        self.term.wait_quiet(QUIET, timeout=10)
        done = settled_at(self.term.frames(mark), before)
        return hit - t0, (done - t0) if done is not None else None

    def timed(self, key: str, cols: int | None = None) -> tuple[float | None, float | None]:
        """Press ``key``: (seconds until columns ``[:cols]`` settled, until the whole
        screen did); None where nothing changed."""
        before = self.term.lines()
        mark = self.term.mark()
        t0 = self.term.press(key)
        if not self.term.wait_quiet(QUIET, timeout=10, since=mark):
            self.problems.append(f"{key!r}: no output, or output that never paused")
        frames = self.term.frames(mark)
        part = settled_at(frames, before, cols)
        whole = settled_at(frames, before)
        return (
            (part - t0) if part is not None else None,
            (whole - t0) if whole is not None else None,
        )

    def check_markers(self, key: str) -> None:
        """On screen ``key``, settled: its own marker shows and no other screen's."""
        lines = self.term.lines()
        others = [m.title for k, m in self.app.screens.items() if k != key and m.seen(lines)]
        if others:
            self.problems.append(
                f"the {self.app.screens[key].title} screen also matches the marker of "
                + ", ".join(others)
            )

    def close(self) -> int | None:
        """Quit the app; its peak resident memory (kB) before that."""
        rss = self.term.peak_rss_kb()
        self.term.close(self.app.quit)
        return rss


def run_keys(app: AppUnderTest, rounds: int) -> dict[str, Any]:
    """The key script: every screen once (first visits), ``rounds`` rounds of the screen
    keys, then on each list screen ``rounds`` rounds of cursor moves down and of typing
    its search."""
    script = KeyScript(app)
    out: dict[str, Any] = {
        "first_visit": {},
        "switch": [],
        "switch_settled": [],
        "by_key": {k: [] for k in SWITCH_KEYS},
        "cursor": {},
        "search": {},
        "search_settled": {},
    }
    try:
        script.start()
        for key in SWITCH_KEYS:
            out["first_visit"][key] = script.switch(key)[0]
            script.check_markers(key)
        for _ in range(rounds):
            for key in SWITCH_KEYS:
                hit, done = script.switch(key)
                out["switch"].append(hit)
                out["by_key"][key].append(hit)
                if done is not None:
                    out["switch_settled"].append(done)
        for key in app.cursor_screens:
            script.switch(key)
            samples: list[float] = []
            for _ in range(rounds):
                script.press("home")
                for _ in range(CURSOR_MOVES):
                    _part, whole = script.timed("down")
                    if whole is None:
                        script.problems.append(f"{key}: a cursor move changed nothing")
                    else:
                        samples.append(whole)
            out["cursor"][key] = samples
        for key, text in app.searches.items():
            script.switch(key)
            cols = list_columns(script.term.lines())
            if cols is None:
                script.problems.append(f"{key}: no side pane found; the whole screen is timed")
            listed: list[float] = []
            settled: list[float] = []
            for _ in range(rounds):
                script.press("slash")
                for ch in text:
                    part, whole = script.timed(ch, cols)
                    if part is None:
                        script.problems.append(f"{key}: typing {ch!r} changed nothing")
                        continue
                    listed.append(part)
                    if whole is not None:
                        settled.append(whole)
                script.press("escape")  # clears the search; the list has the focus again
            out["search"][key] = listed
            out["search_settled"][key] = settled
            out["list_columns_" + key] = cols
    except RuntimeError as exc:
        out["error"] = str(exc)
    finally:
        out["rss_kb"] = script.close()
        out["problems"] = script.problems
    return out


def stats(xs: Sequence[float]) -> dict[str, float] | None:
    if not xs:
        return None
    return {"p50": percentile(xs, 50), "p95": percentile(xs, 95), "max": max(xs), "n": len(xs)}


def measure_keys(
    builds: Sequence[Build], years: Sequence[int], rounds: int, *, no_footer: bool = False
) -> dict[str, Any]:
    """For each dataset: the stock app's keys, then each build's, one after the other;
    with ``no_footer``, once more the stock app without its Footer (for scale)."""
    res: dict[str, Any] = {"errors": []}
    for y in years:
        log(f"  keys in a terminal: the stock six-screen app ({rounds} rounds)")
        res["stock", y] = run_keys(stock_app(), rounds)
        for b in builds:
            d = build_data(b, y, fresh=False)
            log(f"  keys in a terminal: habitnet ({b.label}), {y}-year data ({rounds} rounds)")
            res[b.label, y] = run_keys(b.app(d), rounds)
        for who in ["stock", *(b.label for b in builds)]:
            r = res[who, y]
            if "error" in r:
                res["errors"].append(f"keys, {who}, {y}-year: {r['error']}")
    if no_footer:
        log(f"  keys in a terminal: the stock app without its Footer ({rounds} rounds)")
        res["stock-no-footer"] = r = run_keys(stock_app(footer=False), rounds)
        if "error" in r:
            res["errors"].append(f"keys, stock app without its Footer: {r['error']}")
    return res


# -- printing one part ----------------------------------------------------------------------


def ms(x: float | None) -> str:
    if x is None or x != x:
        return "—"
    return f"{x * 1000:.0f}" if x >= 0.0995 else f"{x * 1000:.1f}"


def keys_table(res: dict[str, Any], builds: Sequence[Build], y: int) -> list[str]:
    """Markdown: p50 / p95 / max per figure, the stock app beside each build."""
    who = ["stock", *(b.label for b in builds)]
    head = "| figure | " + " | ".join(
        "stock app" if w == "stock" else f"habitnet ({w})" for w in who
    )
    rows = [head + " |", "|---" * (len(who) + 1) + "|"]

    def cell(w: str, pick: Callable[[dict[str, Any]], Sequence[float]]) -> str:
        r = res.get((w, y), {})
        try:
            s = stats(pick(r))
        except KeyError:
            s = None
        if s is None:
            return "—"
        return f"{ms(s['p50'])} / {ms(s['p95'])} / {ms(s['max'])}"

    figures: list[tuple[str, Callable[[dict[str, Any]], Sequence[float]]]] = [
        ("screen key → its marker", lambda r: r["switch"]),
        ("… → the screen settled", lambda r: r["switch_settled"]),
    ]
    for key in SWITCH_KEYS:
        figures.append((f"… `{key}` only", lambda r, k=key: r["by_key"][k]))
    figures += [
        ("People: search character → filtered list", lambda r: r["search"]["p"]),
        ("… → the screen settled (side pane too)", lambda r: r["search_settled"]["p"]),
        ("Journal: search character → filtered list", lambda r: r["search"]["j"]),
        ("… → the screen settled (side pane too)", lambda r: r["search_settled"]["j"]),
        ("People: cursor down → side pane shows the row", lambda r: r["cursor"]["p"]),
        ("Journal: cursor down → side pane shows the entry", lambda r: r["cursor"]["j"]),
    ]
    for name, pick in figures:
        rows.append(f"| {name} | " + " | ".join(cell(w, pick) for w in who) + " |")
    firsts = []
    for w in who:
        fv = res.get((w, y), {}).get("first_visit", {})
        firsts.append(" ".join(f"{k} {ms(v)}" for k, v in fv.items()) or "—")
    first = "| first visit of each screen, ms (not in the figures above) | "
    rows.append(first + " | ".join(firsts) + " |")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("part", choices=["keys", "startup", "status"])
    ap.add_argument("--years", default="10", help="datasets, e.g. 1,10 (default 10)")
    ap.add_argument("--rounds", "--runs", dest="rounds", type=int, default=3)
    ap.add_argument("--habitnet", action="append", metavar="[LABEL=]PATH")
    args = ap.parse_args(argv)
    years = sorted({int(x) for x in args.years.split(",") if x.strip()})
    builds = parse_builds(args.habitnet)
    errors: list[str] = []
    if args.part == "keys":
        res = measure_keys(builds, years, args.rounds)
        for y in years:
            print(f"\n{y}-year data: p50 / p95 / max, ms")
            print("\n".join(keys_table(res, builds, y)))
            for w in ["stock", *(b.label for b in builds)]:
                for p in res.get((w, y), {}).get("problems", []):
                    print(f"- {w}: {p}")
        errors = res["errors"]
    elif args.part == "startup":
        raw = measure_startup(builds, years, args.rounds)
        errors = raw["errors"]
        st = summarize_startup(raw, builds, years)
        print(
            f"hello-world first frame {ms(st['hello_first'])} ms "
            f"(processor {ms(st['hello_cpu'])} ms, waiting {ms(st['hello_wait'])} ms)"
        )
        for b in builds:
            for y in years:
                s = st.get((b.label, y))
                if s:
                    print(
                        f"{b.label} {y}-year: first frame {ms(s['first'])} ms "
                        f"({s['first_ratio']:.2f}x), Today's numbers {ms(s['today'])} ms "
                        f"({s['today_ratio']:.2f}x); after an outside change: all data "
                        f"loaded {ms(s['loaded'])} ms ({s['loaded_ratio']:.2f}x); first "
                        f"frame's processor time {ms(s['cpu'])} ms ({s['cpu_ratio']:.2f}x), "
                        f"waiting {ms(s['wait'])} ms"
                    )
    else:
        res = measure_status(builds, years, args.rounds)
        errors = res["errors"]
        for b in builds:
            for y in years:
                for kind, s in res.get((b.label, y), {}).items():
                    print(
                        f"{b.label} {y}-year, {kind}: {ms(s['wall'])} ms, {s['rss']:.0f} MB; "
                        f"python -c 'import json' {ms(s['base_wall'])} ms, "
                        f"{s['base_rss']:.0f} MB: {s['ratio']:.2f}x"
                    )
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
