"""The benchmark's terminal harness reads the screen a program draws (no timings here:
figures live in bench/, never in assertions)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from term import Frame, Term, term_env  # noqa: E402
from user import list_columns, settled_at  # noqa: E402

PROGRAM = r"""
import sys, tty
tty.setraw(0)
size = __import__("os").get_terminal_size()
sys.stdout.write(f"\x1b[2J\x1b[H\x1b[1;31mready\x1b[0m {size.columns}x{size.lines}")
sys.stdout.flush()
key = sys.stdin.buffer.read(1)
sys.stdout.write("\x1b[3;5Hgot " + key.decode() + " Łukasz 日本")
sys.stdout.flush()
sys.stdin.buffer.read(1)
"""


def test_term_shows_what_the_program_draws_and_sends_keys() -> None:
    term = Term([sys.executable, "-c", PROGRAM], env=term_env(), size=(80, 24))
    try:
        t = term.wait_for(lambda lines: "ready" in lines[0], timeout=30)
        assert t is not None and t >= term.t_spawn
        assert term.lines()[0].startswith("ready 80x24")  # the size reached the program
        mark = term.mark()
        t_key = term.press("x")
        assert term.wait_quiet(0.1, timeout=30, since=mark)
        frames = term.frames(mark)
        assert frames and all(f.t >= t_key for f in frames)
        line = frames[-1].lines[2]
        assert line.startswith("    got x Łukasz 日本")
        assert len(frames[-1].lines) == 24
        rss = term.peak_rss_kb()
        assert rss is not None and 1000 < rss < 200_000  # the program's, not the parent's
    finally:
        code = term.close([b"q"])
    assert code == 0


def test_settled_at_is_when_the_screen_took_its_final_look() -> None:
    before = ("list a  | pane a",)
    frames = [
        Frame(1.0, ("list b  | pane a",)),
        Frame(2.0, ("list a  | pane a",)),  # a flicker back: the look is not final yet
        Frame(3.0, ("list b  | pane a",)),
        Frame(4.0, ("list b  | pane b",)),
    ]
    assert settled_at(frames, before) == 4.0
    assert settled_at(frames, before, cols=7) == 3.0  # the list part only
    assert settled_at(frames, frames[-1].lines) is None  # nothing changed
    assert settled_at([], before) is None


@pytest.mark.parametrize("bar", ["▏", "│"])
def test_list_columns_finds_the_bar_before_the_side_pane(bar: str) -> None:
    rows = [f"row {i}" for i in range(20)]
    lines = tuple(f"{row:<30}{bar} {'detail':<49}" for row in rows) + ("", "keys")
    assert list_columns(lines) == 30
    assert list_columns(tuple(f"{row:<50}" for row in rows)) is None
