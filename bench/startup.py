"""Cold start: fresh interpreters to first frame (and to data shown), timed by the parent."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import BENCH_DIR, REPO, child_env

DRIVER = BENCH_DIR / "frame_driver.py"


def spawn(
    target: str,
    data_dir: Path | None,
    ready: bool,
    timeout: float = 60.0,
    *,
    glance: bool = True,
) -> dict[str, Any]:
    """One fresh process. Times (s) from just before spawn to each marker's arrival."""
    r, w = os.pipe()
    args = [sys.executable, str(DRIVER), target, str(w)]
    if data_dir is not None:
        args.append(str(data_dir))
    if ready:
        args.append("--ready")
    if not glance:
        args.append("--no-glance")
    env = child_env()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        args,
        pass_fds=(w,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=str(REPO),
        env=env,
    )
    os.close(w)
    marks: dict[str, float] = {}
    buf = b""
    deadline = t0 + timeout
    try:
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                proc.kill()
                break
            ready_fds, _, _ = select.select([r], [], [], left)
            if not ready_fds:
                continue
            chunk = os.read(r, 65536)
            now = time.perf_counter()
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                if line == b"F":
                    marks.setdefault("first_frame", now - t0)
                elif line == b"T":
                    marks.setdefault("today_shown", now - t0)
                elif line == b"D":
                    marks.setdefault("data_ready", now - t0)
                elif line.startswith(b"{"):
                    marks_info = json.loads(line)
                    marks_info.update(marks)
                    marks = marks_info
    finally:
        os.close(r)
        _, err = proc.communicate(timeout=30)
    missing = "first_frame" not in marks or (ready and "data_ready" not in marks)
    if missing or "peak_rss_kb" not in marks:
        tail = err.decode(errors="replace").strip().splitlines()[-12:]
        marks["error"] = f"exit {proc.returncode}: " + " | ".join(tail)  # type: ignore[assignment]
    return marks
