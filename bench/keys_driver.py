"""Child process: CPU time per key on each screen, opening People, where saves run.

    python bench/keys_driver.py keys DATA_DIR ROUNDS [app|pilot]
    python bench/keys_driver.py people DATA_DIR RUNS [app|pilot]
    python bench/keys_driver.py hello - ROUNDS [app|pilot]

Each key is timed as the process CPU time (all threads) from sending the key until the
app is idle again: the handler, the refresh and the repaint it causes, and any timer the
key set that fired meanwhile. CPU time, not wall time, because the waits sleep in 20 ms
steps and a busy machine stretches wall time; CPU time is what the key cost.

Two harnesses (see ``HARNESSES``):

- ``app`` (the figure the targets are judged on): the key is sent the way Pilot sends it
  (``App._press_keys``), then the driver sleeps until two 20 ms windows in a row used
  under 0.5 ms of CPU. Nothing else runs in the app.
- ``pilot``: ``pilot.press(key)`` then ``pilot.pause()``, as the tests drive the app (and
  as this bench measured before session 3). Both wait for the screen by posting one
  callback message to *every* widget on it and waiting for all of them, twice per key:
  5-9 ms per key on a habitnet screen, 14 ms in a form, that a real terminal never costs.
  Each screen's ``null`` figure (an unbound key) shows that floor.

Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from habitnet.app import HabitnetApp

SIZE = (120, 40)

#: Scripted keys per screen: navigation, filter typing, switching, opening a form.
#: ``type:TEXT`` types TEXT one key at a time, only when a text input has the focus (a
#: screen whose ``/`` does not focus a search box would take the letters as commands).
#: A script stops when a key leaves the screen (a binding the screen does not have yet).
SCRIPTS: dict[str, tuple[str, list[str]]] = {
    "today": (
        "t",
        ["down", "down", "down", "up", "tab", "down", "down", "shift+tab", "l", "escape"]
        + ["c", "escape", "down", "up"],
    ),
    "energy": ("e", ["down", "up", "tab", "down", "up", "shift+tab", "down", "up"]),
    "journal": (
        "j",
        ["down"] * 8
        + ["up"] * 3
        + ["pagedown", "pageup", "end", "home"]
        + ["slash", "type:coffee", "backspace", "backspace", "enter"]
        + ["down", "up", "escape", "escape"],
    ),
    "people": (
        "p",
        ["down"] * 8
        + ["up"] * 3
        + ["pagedown", "pagedown", "pageup", "end", "home"]
        + ["slash", "type:ana", "backspace", "backspace", "backspace", "enter"]
        + ["down", "up", "escape", "escape", "enter", "escape"],
    ),
    "review": ("w", ["left_square_bracket"] * 4 + ["right_square_bracket"] * 4 + ["down", "up"]),
    "settings": ("s", ["tab"] * 6 + ["shift+tab"] * 3 + ["down", "up"]),
}


def peak_rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def make_app(data_dir: str) -> HabitnetApp:
    from habitnet.app import create_app
    from habitnet.clock import DEMO_NOW, FixedClock

    return create_app(Path(data_dir), FixedClock(DEMO_NOW))


async def wait_ready(pilot: Any, app: HabitnetApp, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while app.session is None:
        if app.load_error is not None:
            raise RuntimeError(f"load failed: {app.load_error}")
        if time.monotonic() > end:
            raise RuntimeError("the data did not load in time")
        await pilot.pause(0.01)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await settle(window=0.3)


class GcWatch:
    """Counts collections per generation and their pauses (a full one can cost a key)."""

    def __init__(self) -> None:
        self.count = [0, 0, 0]
        self.worst = [0.0, 0.0, 0.0]
        self._t = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._t = time.perf_counter()
            return
        g = info["generation"]
        self.count[g] += 1
        self.worst[g] = max(self.worst[g], time.perf_counter() - self._t)


GC = GcWatch()


async def pilot_press(pilot: Any, key: str) -> float:
    """The test harness's way: Pilot waits for every widget on the screen, twice."""
    c0 = time.process_time()
    await pilot.press(key)
    await pilot.pause()
    return time.process_time() - c0


QUIET_WINDOW = 0.02  # s
QUIET_CPU = 0.0005  # s of CPU a quiet window may use (an idle app uses ~0.1 ms)


async def settle(window: float = QUIET_WINDOW) -> None:
    """Sleep until the process is idle: two quiet windows in a row."""
    quiet = 0
    while quiet < 2:
        c0 = time.process_time()
        await asyncio.sleep(window)
        quiet = quiet + 1 if time.process_time() - c0 < QUIET_CPU * window / QUIET_WINDOW else 0


async def app_press(pilot: Any, key: str) -> float:
    """The key as a terminal would send it, then wait until the app is idle."""
    c0 = time.process_time()
    await pilot.app._press_keys([key])  # what Pilot.press sends, without its screen wait
    await settle()
    return time.process_time() - c0


HARNESSES = {"app": app_press, "pilot": pilot_press}
timed_press = app_press
NULL_KEY = "f12"  # bound nowhere: what a key costs the harness and the bindings lookup
NULL_PRESSES = 5


async def close_modals(pilot: Any, app: HabitnetApp) -> None:
    from textual.screen import ModalScreen

    for _ in range(4):
        if isinstance(app.screen, ModalScreen):
            await pilot.press("escape")
            await pilot.pause()
        else:
            break
    if is_text_input(app.focused):
        await pilot.press("escape")
        await pilot.pause()


def is_text_input(widget: Any) -> bool:
    from textual.widgets import Input, TextArea

    return isinstance(widget, (Input, TextArea))


async def run_keys(data_dir: str, rounds: int) -> dict[str, Any]:
    app = make_app(data_dir)
    out: dict[str, Any] = {"screens": {}, "problems": [], "harness": timed_press.__name__}
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot, app)
        if os.environ.get("BENCH_GC_FREEZE"):
            gc.freeze()  # experiment: what freezing the loaded state would save
        gc.callbacks.append(GC)
        for rnd in range(rounds):
            for mode, (key, script) in SCRIPTS.items():
                entry = out["screens"].setdefault(
                    mode, {"switch_first": None, "switch": [], "rounds": []}
                )
                await close_modals(pilot, app)
                cost = await timed_press(pilot, key)
                if entry["switch_first"] is None:
                    entry["switch_first"] = cost
                else:
                    entry["switch"].append(cost)
                current = app.current_mode
                if current != mode:
                    if rnd == 0:
                        out["problems"].append(f"{key!r} led to mode {current!r}, not {mode!r}")
                    continue
                if rnd == 0:
                    entry["screen_class"] = type(app.screen).__name__
                samples: list[float] = []
                for k in script:
                    if k.startswith("type:"):
                        if not is_text_input(app.focused):
                            if rnd == 0:
                                out["problems"].append(f"{mode}: no text input focused to type in")
                            continue
                        for ch in k[5:]:
                            samples.append(await timed_press(pilot, ch))
                        continue
                    samples.append(await timed_press(pilot, k))
                    if app.current_mode != mode:
                        if rnd == 0:
                            out["problems"].append(f"{mode}: key {k!r} left the screen")
                        break
                entry["rounds"].append(samples)
                for _ in range(NULL_PRESSES):
                    entry.setdefault("null", []).append(await timed_press(pilot, NULL_KEY))
                if app._exception is not None:
                    raise RuntimeError(f"the app crashed on {mode}: {app._exception!r}")
        gc.callbacks.remove(GC)
        out["gc"] = {"count": GC.count, "worst": GC.worst, "frozen": gc.get_freeze_count()}
        await close_modals(pilot, app)
        out["save"] = await check_save_thread(pilot, app)
    out["peak_rss_kb"] = peak_rss_kb()
    return out


async def check_save_thread(pilot: Any, app: HabitnetApp) -> dict[str, Any]:
    """Make one change the way screens do and watch which thread writes the file."""
    session = app.session
    store = session.store
    threads: list[str] = []
    main = threading.main_thread()
    original = store.save_bytes

    def spy(data: bytes, *args: Any, **kwargs: Any) -> None:
        threads.append("UI thread" if threading.current_thread() is main else "worker thread")
        original(data, *args, **kwargs)

    store.save_bytes = spy
    try:
        t0 = time.thread_time()
        session.checkin(energy=3, mood=4, note="bench", replace=True)  # tells the app
        ui_cpu = time.thread_time() - t0
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    finally:
        store.save_bytes = original
    return {"threads": threads, "ui_cpu_change": ui_cpu}


async def run_people(data_dir: str, runs: int) -> dict[str, Any]:
    """Open People in a fresh, settled app, ``runs`` times: the key builds the screen
    (the first run also imports its module)."""
    cpu: list[float] = []
    wall: list[float] = []
    rows: list[int | None] = []
    screen = "—"
    for _ in range(runs):
        app = make_app(data_dir)
        async with app.run_test(size=SIZE) as pilot:
            await wait_ready(pilot, app)
            c0, w0 = time.process_time(), time.perf_counter()
            if timed_press is app_press:
                await app._press_keys(["p"])
                await settle()
            else:
                await pilot.press("p")
                await pilot.pause()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
            rows.append(table_rows(app))
            screen = type(app.screen).__name__
    return {
        "cpu": cpu,
        "wall": wall,
        "rows": rows,
        "screen": screen,
        "harness": timed_press.__name__,
    }


def table_rows(app: HabitnetApp) -> int | None:
    from textual.widgets import DataTable, ListView, OptionList

    from habitnet.widgets.virtual_table import VirtualTable

    for w in app.screen.query("*"):
        if isinstance(w, VirtualTable):
            return len(w.rows)  # a list or its LazyRows
        if isinstance(w, DataTable):
            return int(w.row_count)
        if isinstance(w, (OptionList, ListView)):
            return len(w.children) if isinstance(w, ListView) else int(w.option_count)
    return None


async def run_hello(rounds: int) -> dict[str, Any]:
    """The floor: the same measurement on a hello-world app (pilot and repaint cost)."""
    from hello import HelloApp

    app = HelloApp()
    samples: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(rounds):
            for k in ["down", "up", "tab", "x", "slash", "enter"]:
                samples.append(await timed_press(pilot, k))
    return {"samples": samples, "harness": timed_press.__name__}


def main() -> int:
    global timed_press
    mode, data_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if len(sys.argv) > 4:
        timed_press = HARNESSES[sys.argv[4]]
    if mode == "keys":
        result = asyncio.run(run_keys(data_dir, n))
    elif mode == "people":
        result = asyncio.run(run_people(data_dir, n))
    else:
        result = asyncio.run(run_hello(n))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
