"""Take habitnet's writer lock in a separate process (tests/test_store_lock.py).

``python lock_probe.py hold DATA_DIR``
    take the lock, print ``locked PID``, then hold it until killed or stdin closes.
``python lock_probe.py try DATA_DIR``
    try once; print one JSON line: ``{"ok": true, "lock_text": ...}`` or
    ``{"ok": false, "error": ..., "message": ..., "holder": ...}``; release and exit.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from habitnet.clock import SystemClock
from habitnet.store import LockedError, Store


def main() -> None:
    mode, data_dir = sys.argv[1], Path(sys.argv[2])
    store = Store(data_dir, SystemClock())
    if mode == "hold":
        store.lock()
        print(f"locked {os.getpid()}", flush=True)
        sys.stdin.read()
        store.unlock()
        return
    try:
        store.lock()
    except LockedError as exc:
        report = {"ok": False, "error": type(exc).__name__, "message": str(exc)}
        report["holder"] = exc.holder
    else:
        lock_text = (data_dir / "habitnet.lock").read_text(encoding="utf-8")
        report = {"ok": True, "pid": os.getpid(), "lock_text": lock_text}
        store.unlock()
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
