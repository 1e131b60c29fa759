"""The header line every screen shows: date, quota, energy and risk at a glance."""

from __future__ import annotations

from typing import Any

from textual import getters
from textual.widgets import Static

from ..app import HabitnetApp


class StatusLine(Static):
    """One line: date · quota · energy · risk; amber or red with the burnout risk."""

    app = getters.app(HabitnetApp)

    DEFAULT_CSS = """
    StatusLine {
        dock: top;
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    StatusLine.-amber { background: $warning 45%; }
    StatusLine.-red { background: $error 60%; }
    StatusLine.-problem { background: $error 60%; }
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("id", "statusline")
        super().__init__("habitnet · loading…", **kwargs)

    def on_mount(self) -> None:
        app = self.app
        self.watch(app, "data_version", self._changed, init=False)
        self.watch(app, "save_error", self._changed, init=False)
        self.refresh_line()

    def _changed(self, _value: object) -> None:
        self.refresh_line()

    def line_text(self) -> tuple[str, str | None]:
        """The text and the risk level (None while loading or on a problem)."""
        app = self.app
        problem: str | None = None
        try:
            glance = app.glance()
        except Exception as exc:  # never a traceback in the status line
            glance, problem = None, f"coaching unavailable ({type(exc).__name__})"
        if glance is None and problem is None:
            return "habitnet · loading…", None
        parts = [f"{app.day:%a %d %b %Y}"]
        level: str | None = None
        if glance is None:
            parts.append(str(problem))
        else:
            parts.extend(glance["status"])
            level = glance["risk"]["level"]
        if app.read_only:
            parts.append("READ-ONLY")
        if app.save_error:
            parts.append("NOT SAVED")
        return " │ ".join(parts), level

    def refresh_line(self) -> None:
        text, level = self.line_text()
        self.update(text)
        self.set_class(level == "amber", "-amber")
        self.set_class(level == "red", "-red")
        self.set_class(bool(self.app.save_error), "-problem")
