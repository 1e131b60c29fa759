"""The header line every screen shows: date, quota, energy and risk at a glance."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


class StatusLine(Static):
    """One line: date · quota · energy · risk; amber or red with the burnout risk."""

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
        self.watch(self.app, "data_version", self._version_changed, init=False)
        self.refresh_line()

    def _version_changed(self, _value: int) -> None:
        self.refresh_line()

    def line_text(self) -> tuple[str, str | None]:
        """The text and the risk level (None while loading or on a problem)."""
        app: Any = self.app
        day = getattr(app, "day", None)
        glance_of = getattr(app, "glance", None)
        if glance_of is None or day is None:
            return "habitnet · loading…", None
        problem: str | None = None
        try:
            glance = glance_of()
        except Exception as exc:  # the engine may be missing in a partial build
            glance, problem = None, f"coaching unavailable ({type(exc).__name__})"
        if glance is None and problem is None:
            return "habitnet · loading…", None
        parts = [f"{day:%a %d %b %Y}"]
        level: str | None = None
        if glance is None:
            parts.append(str(problem))
        else:
            parts.extend(glance["status"])
            level = glance["risk"]["level"]
        if getattr(app, "read_only", False):
            parts.append("READ-ONLY")
        if getattr(app, "save_error", None):
            parts.append("NOT SAVED")
        return " │ ".join(parts), level

    def refresh_line(self) -> None:
        text, level = self.line_text()
        self.update(text)
        self.set_class(level == "amber", "-amber")
        self.set_class(level == "red", "-red")
        self.set_class(bool(getattr(self.app, "save_error", None)), "-problem")
