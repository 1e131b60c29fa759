"""One clock, injected (the developers' guide): no module of habitnet's data side reads
the machine's time by itself.

Every file under ``src/habitnet`` but the clock and the UI (whose timers and debounces
measure intervals, not the day) is parsed; a call that reads the time of day —
``datetime.now()``, ``date.today()``, ``time.time()``, ``time.localtime()`` … — fails the
test with the file and line. ``clock.py`` holds the only ones: a ``Clock``'s ``now`` and
``today``, and ``file_clock_ns`` for comparing with the times files are stamped with.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "habitnet"
#: The clock itself, and the UI (it asks the app's clock for the day; its own reads of
#: time measure how long something took).
EXEMPT = ("clock.py", "app.py", "keyorder.py", "screens/", "widgets/")

#: ``module or class -> functions that read the clock`` (with no argument, for those
#: that otherwise convert a time they are given).
READS_ALWAYS = {
    "datetime": {"now", "today", "utcnow"},
    "date": {"today"},
    "time": {"time", "time_ns"},
}
READS_WITHOUT_ARGUMENT = {"time": {"localtime", "gmtime", "ctime", "asctime"}}


def _bindings(tree: ast.Module) -> dict[str, str]:
    """Local names bound to ``time``, ``datetime`` (the module) and its classes
    ``datetime`` and ``date``, as ``name -> "time" | "datetime_module" | "datetime" |
    "date"``."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "time":
                    names[alias.asname or "time"] = "time"
                elif alias.name == "datetime":
                    names[alias.asname or "datetime"] = "datetime_module"
        elif isinstance(node, ast.ImportFrom) and node.module in ("time", "datetime"):
            for alias in node.names:
                local = alias.asname or alias.name
                if node.module == "datetime" and alias.name in ("datetime", "date"):
                    names[local] = alias.name
                elif node.module == "time" and alias.name in (
                    READS_ALWAYS["time"] | READS_WITHOUT_ARGUMENT["time"]
                ):
                    names[local] = f"time.{alias.name}"
    return names


def _owner(node: ast.expr, names: dict[str, str]) -> str | None:
    """What ``node`` (the receiver of a call's attribute) is: "time", "datetime", "date"."""
    if isinstance(node, ast.Name):
        kind = names.get(node.id)
        return None if kind == "datetime_module" else kind
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and names.get(node.value.id) == "datetime_module"
        and node.attr in ("datetime", "date")
    ):
        return node.attr
    return None


def clock_reads(source: str, filename: str = "<src>") -> list[tuple[int, str]]:
    """``(line, call)`` for each read of the machine's time in ``source``."""
    tree = ast.parse(source, filename)
    names = _bindings(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = _owner(func.value, names)
            if owner is None:
                continue
            if func.attr in READS_ALWAYS.get(owner, ()) or (
                func.attr in READS_WITHOUT_ARGUMENT.get(owner, ()) and not node.args
            ):
                found.append((node.lineno, ast.unparse(func)))
        elif isinstance(func, ast.Name) and names.get(func.id, "").startswith("time."):
            name = names[func.id].removeprefix("time.")
            if name in READS_ALWAYS["time"] or not node.args:
                found.append((node.lineno, func.id))
    return sorted(found)


def _checked() -> list[Path]:
    return [
        p
        for p in sorted(SRC.rglob("*.py"))
        if not any(p.relative_to(SRC).as_posix().startswith(e) for e in EXEMPT)
    ]


def test_the_data_side_reads_time_only_through_the_injected_clock() -> None:
    found = {
        str(p.relative_to(SRC)): uses
        for p in _checked()
        if (uses := clock_reads(p.read_text(encoding="utf-8"), str(p)))
    }
    report = "\n".join(
        f"{name}:{line}: {call}" for name, uses in found.items() for line, call in uses
    )
    assert not found, "the machine's time read outside clock.py (take a Clock):\n" + report


def test_the_check_finds_what_it_should_and_only_that() -> None:
    source = """
import time
import datetime as dt
from datetime import date, datetime
from time import time_ns as ns, localtime

datetime.now()                 # found
datetime.now().astimezone()    # found
date.today()                   # found
dt.datetime.utcnow()           # found
dt.date.today()                # found
time.time()                    # found
ns()                           # found
localtime()                    # found
time.strftime("%H")            # (formats the struct it is given, or now: not listed)
localtime(0)                   # a conversion: fine
datetime.fromtimestamp(0)      # a conversion: fine
time.monotonic()               # an interval: fine
clock.now()                    # the injected clock: fine
"""
    assert [call for _line, call in clock_reads(source)] == [
        "datetime.now",
        "datetime.now",
        "date.today",
        "dt.datetime.utcnow",
        "dt.date.today",
        "time.time",
        "ns",
        "localtime",
    ]
    assert {p.name for p in _checked()} >= {"session.py", "core.py", "link.py", "budget.py"}
