"""Child process: load/validate, save, and engine costs on one dataset, in a fresh process.

    python bench/core_driver.py DATA_DIR SCRATCH_DIR RUNS

Prints one JSON line of lists of seconds (one item per run).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def main() -> int:
    data_dir, scratch, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    from habitnet.clock import DEMO_NOW, FixedClock
    from habitnet.models import iso_week_of
    from habitnet.session import Session
    from habitnet.store import Store

    clock = FixedClock(DEMO_NOW)
    day = clock.today()
    week = iso_week_of(day)
    out: dict[str, Any] = {"load": [], "open": [], "save": [], "serialize": []}
    store = Store(data_dir, clock, read_only=True)
    states = []
    for _ in range(runs):
        t = time.perf_counter()
        states.append(store.load())
        out["load"].append(time.perf_counter() - t)
    for _ in range(runs):
        t = time.perf_counter()
        s = Session.open(data_dir, clock, read_only=True, lock=False)
        out["open"].append(time.perf_counter() - t)
        s.close()
    state = states[0]
    w = Store(scratch, clock)
    w.save(state)  # the first save of the day also writes the daily backup
    for _ in range(runs):
        t = time.perf_counter()
        state.model_dump_json(indent=1)
        out["serialize"].append(time.perf_counter() - t)
        t = time.perf_counter()
        w.save(state)
        out["save"].append(time.perf_counter() - t)

    try:
        from habitnet import engine
    except Exception as exc:  # noqa: BLE001 - the engine may not have landed yet
        out["engine_error"] = f"import habitnet.engine failed: {exc!r}"
        print(json.dumps(out))
        return 0
    calls = {
        "weekly_summary": lambda st: engine.weekly_summary(st, week),
        "todays_plan": lambda st: engine.todays_plan(st, day),
        "today_overview": lambda st: engine.today_overview(st, day),
    }
    for name, call in calls.items():
        if not hasattr(engine, name.split("(")[0]):
            out[f"{name}_error"] = f"habitnet.engine has no {name} yet"
            continue
        cold: list[float] = []
        warm: list[float] = []
        try:
            # Cold: the first call on a freshly loaded state (index built then).
            for st in states:
                if hasattr(engine, "clear_cache"):
                    engine.clear_cache()
                t = time.perf_counter()
                call(st)
                cold.append(time.perf_counter() - t)
            # Warm: the same state asked again (what a screen refresh costs).
            for _ in range(max(runs, 5)):
                t = time.perf_counter()
                call(state)
                warm.append(time.perf_counter() - t)
        except Exception as exc:  # noqa: BLE001 - report, do not crash the run
            out[f"{name}_error"] = repr(exc)
            continue
        out[f"{name}_cold"] = cold
        out[f"{name}_warm"] = warm
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
