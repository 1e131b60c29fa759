"""The header line every screen shows: the screen's name, then date, quota, energy and
risk at a glance (``DEMO`` while the demo data is shown).

It fits its width: on a narrow terminal the parts shorten (``Quota 2/3 (cap 5)`` to
``2/3``, the date loses its year, then leaves, the risk keeps its number and loses its
word) so that the screen's name and the burnout risk always show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import events, getters
from textual.content import Content
from textual.widgets import Static

from ..app import HabitnetApp, screen_title
from ..glance import STATUS_KEY, Glance

SEPARATOR = " │ "


@dataclass
class Part:
    """One part of the line, in its forms from the longest; the last may be ``""``
    (the part may leave the line)."""

    forms: tuple[str, ...]
    style: str = ""
    level: int = 0
    #: followed by a space, not the separator (the screen's name, drawn as a tab)
    tight: bool = False

    @property
    def text(self) -> str:
        return self.forms[self.level]


def status_parts(glance: Glance, day: date) -> dict[str, Part]:
    """The date, quota, energy and risk parts of a glance, each in its forms."""
    numbers = glance[STATUS_KEY]
    full_quota, energy, full_risk = glance["status"]
    q, r = numbers["quota"], numbers["risk"]
    if q["rest_day"]:
        quota = (full_quota, "Rest day", "Rest")
    else:
        tick = " ✓" if q["done"] else ""
        count = f"{q['count']}/{q['target']}{tick}"
        quota = (full_quota, f"Quota {count}", count)
    return {
        "date": Part((f"{day:%a %d %b %Y}", f"{day:%a %d %b}", "")),
        "quota": Part(quota),
        "energy": Part((energy,)),
        "risk": Part((full_risk, f"Risk {r['score']}")),
    }


#: What shortens first when the line does not fit: (part, its next level), in order.
SHORTEN = (("quota", 1), ("date", 1), ("risk", 1), ("quota", 2), ("date", 2))


def fit(parts: list[Part], named: dict[str, Part], width: int) -> None:
    """Shorten ``named`` parts (in place, in :data:`SHORTEN`'s order) until ``parts``
    fit ``width`` cells."""

    def used() -> int:
        return len(_join(parts).plain)

    for name, level in SHORTEN:
        if used() <= width:
            return
        part = named.get(name)
        if part is not None and level < len(part.forms):
            part.level = max(part.level, level)


class StatusLine(Static):
    """One line: screen name · (DEMO) · date · quota · energy · risk; amber or red
    with the burnout risk."""

    app = getters.app(HabitnetApp)

    DEFAULT_CSS = """
    StatusLine {
        dock: top;
        height: 1;
        width: 1fr;
        padding: 0 1 0 0;
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

    def on_resize(self, _event: events.Resize) -> None:
        self.refresh_line()

    def _changed(self, _value: object) -> None:
        self.refresh_line()

    def line_parts(self, width: int | None = None) -> tuple[list[Part], str | None]:
        """The parts as shown at ``width`` cells (default: the line's own), and the risk
        level (None while loading or on a problem)."""
        app = self.app
        title = screen_title(self.screen)
        parts: list[Part] = []
        if title is not None:
            parts.append(Part((f" {title} ",), "reverse", tight=True))
        problem: str | None = None
        try:
            glance = app.glance()
        except Exception as exc:  # never a traceback in the status line
            glance, problem = None, f"coaching unavailable ({type(exc).__name__})"
        if glance is None and problem is None:
            parts.append(Part(("habitnet · loading…",), "not bold"))
            return parts, None
        named: dict[str, Part] = {}
        level: str | None = None
        if glance is not None and glance["demo"]:
            parts.append(Part(("DEMO",), "$text-warning"))
        if glance is None:
            named["date"] = Part((f"{app.day:%a %d %b %Y}", f"{app.day:%a %d %b}", ""))
            parts += [named["date"], Part((str(problem),))]
        else:
            named = status_parts(glance, app.day)
            parts += list(named.values())
            level = glance["risk"]["level"]
        if app.read_only:
            parts.append(Part(("READ-ONLY",)))
        if app.save_error:
            parts.append(Part(("NOT SAVED",)))
        if width is None:
            width = self.content_region.width or self.size.width or 80
        fit(parts, named, width)
        return parts, level

    def line_text(self, width: int | None = None) -> tuple[str, str | None]:
        """The text and the risk level (None while loading or on a problem)."""
        parts, level = self.line_parts(width)
        return _join(parts).plain, level

    def refresh_line(self) -> None:
        parts, level = self.line_parts()
        self.update(_join(parts))
        self.set_class(level == "amber", "-amber")
        self.set_class(level == "red", "-red")
        self.set_class(bool(self.app.save_error), "-problem")


def _join(parts: list[Part]) -> Content:
    pieces: list[Content] = []
    after = ""
    for part in parts:
        if not part.text:
            continue
        if pieces:
            pieces.append(Content(after))
        pieces.append(Content.styled(part.text, part.style) if part.style else Content(part.text))
        after = " " if part.tight else SEPARATOR
    return Content("").join(pieces)
