"""Child process for the start-up benchmark: start an app headless, report its frames.

    python bench/frame_driver.py hello|habitnet FD [DATA_DIR] [--ready] [--no-glance]

Writes ``F`` to file descriptor FD the moment the first frame has been painted and, with
``--ready``, ``T`` once Today shows real numbers (from the glance file written at the
last save, or from the data) and ``D`` once the data has loaded and the screen shows it
(``app.session`` set, ``data_version`` bumped, no "Loading" left on screen).
``--no-glance`` makes the app ignore the glance file, as on a first start after the data
file changed outside the app. The parent timestamps those
bytes, so the figures include interpreter start-up and imports. Then it exits the app
and writes one JSON line to FD with its own view (peak RSS, the screen's text).

Headless drivers skip encoding frames into terminal escape sequences; this driver does
that encoding anyway (and throws the result away) so the cost a real terminal would see
is counted, for both apps alike.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

SIZE = (120, 40)


def peak_rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def screen_text(app: App[Any]) -> str:
    try:
        strips = app.screen._compositor.render_strips()
        return "\n".join(strip.text.rstrip() for strip in strips)
    except Exception as exc:  # noqa: BLE001 - diagnostics only
        return f"<no screen text: {exc!r}>"


def make_app(target: str, data_dir: str | None) -> App[Any]:
    if target == "hello":
        from hello import HelloApp

        return HelloApp()
    from habitnet.app import create_app
    from habitnet.clock import DEMO_NOW, FixedClock

    assert data_dir is not None
    return create_app(Path(data_dir), FixedClock(DEMO_NOW))


def main() -> int:
    target, fd = sys.argv[1], int(sys.argv[2])
    rest = [a for a in sys.argv[3:] if not a.startswith("--")]
    want_ready = "--ready" in sys.argv
    if "--no-glance" in sys.argv:
        import habitnet.sidecar

        habitnet.sidecar.read = lambda *_a, **_k: None  # type: ignore[assignment]
    out = os.fdopen(fd, "w", buffering=1)
    app = make_app(target, rest[0] if rest else None)
    from textual._compositor import CompositorUpdate

    marks: dict[str, Any] = {
        "first_frame": None,
        "today_shown": None,
        "data_ready": None,
        "frames": 0,
    }
    original_display = app._display

    def ready_now() -> bool:
        if target == "hello":
            return True
        from habitnet.app import HabitnetApp

        assert isinstance(app, HabitnetApp)
        if app.session is None or not app.data_version:
            return False
        text = screen_text(app)
        if "loading" in text.lower():
            return False
        marks["ready_text"] = text
        return True

    def today_now() -> bool:
        """Today shows real numbers: its panels are up and nothing says loading."""
        if target == "hello":
            return True
        text = screen_text(app)
        if "loading" in text.lower() or "Outreach" not in text:
            return False
        marks["today_text"] = text
        return True

    def check_today() -> None:
        if marks["today_shown"] is None and today_now():
            marks["today_shown"] = time.perf_counter()
            out.write("T\n")
            out.flush()

    def finish() -> None:
        if marks["data_ready"] is None:
            marks["data_ready"] = time.perf_counter()
            out.write("D\n")
            out.flush()
        app.exit()

    def display(screen: Any, renderable: Any) -> None:
        if isinstance(renderable, CompositorUpdate) and not app._batch_count:
            renderable.render_segments(app.console)
        original_display(screen, renderable)
        if renderable is None or app._batch_count:
            return
        marks["frames"] += 1
        if marks["first_frame"] is None:
            marks["first_frame"] = time.perf_counter()
            out.write("F\n")
            out.flush()
            marks["first_text"] = screen_text(app)
            if not want_ready:
                app.exit()
                return
            # Fallback when no new frame follows the load: poll the screen.
            app.set_interval(0.005, poll)
        if want_ready:
            check_today()
        if want_ready and marks["data_ready"] is None and ready_now():
            finish()

    def poll() -> None:
        check_today()
        if marks["data_ready"] is None and ready_now():
            finish()

    app._display = display  # type: ignore[method-assign]  # the headless frame clock
    problem = None
    try:
        app.run(headless=True, size=SIZE)
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        problem = repr(exc)
    if app.return_code not in (0, None):
        problem = problem or f"app return code {app.return_code}"
    result = {
        "target": target,
        "peak_rss_kb": peak_rss_kb(),
        "frames": marks["frames"],
        "first_text": marks.get("first_text", ""),
        "ready_text": marks.get("ready_text", ""),
        "today_text": marks.get("today_text", ""),
        "problem": problem,
        "ok": marks["first_frame"] is not None
        and (not want_ready or marks["data_ready"] is not None),
    }
    out.write(json.dumps(result) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
