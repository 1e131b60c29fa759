"""The one rule for control characters in text from strangers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from habitnet.safetext import clean, control_problem, has_control, visible

HOSTILE = [
    "Title\x1b]0;pwned\x07X",  # retitles the terminal
    "a\x1b]52;c;ZXZpbA==\x07b",  # writes the clipboard
    "wipe\x1b[2Jme",  # clears the screen
    "bell\x07 back\x08space",
    "c1\x9b31mred\x9d0;t\x9c",
    "dcs\x1bPq#0;2;0;0;0\x1b\\end",
    "lone\x1b",
    "del\x7f",
]


def test_clean_removes_sequences_and_counts_them() -> None:
    assert clean("Title\x1b]0;pwned\x07X") == ("TitleX", 1)
    assert clean("wipe\x1b[2Jme") == ("wipeme", 1)
    assert clean("bell\x07 back\x08space") == ("bell backspace", 2)
    assert clean("dcs\x1bPq#0;2;0;0;0\x1b\\end") == ("dcsend", 1)
    assert clean("Ann Lee") == ("Ann Lee", 0)
    assert clean("Zoë Łukasz") == ("Zoë Łukasz", 0)


def test_clean_single_line_turns_breaks_into_a_space() -> None:
    assert clean("Ann\r\n\tLee") == ("Ann Lee", 0)


def test_clean_multiline_keeps_newlines_and_tabs() -> None:
    assert clean("one\r\ntwo\tthree\rfour", multiline=True) == ("one\ntwo\tthree\nfour", 0)
    assert clean("one\n\x1b[31mtwo", multiline=True) == ("one\ntwo", 1)


@given(st.text())
def test_nothing_below_space_survives_clean(text: str) -> None:
    out, _ = clean(text)
    assert not has_control(out)
    assert "\x1b" not in out
    out, _ = clean(text, multiline=True)
    assert all(ch in "\n\t" or not (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F) for ch in out)


@given(st.text())
def test_visible_leaves_no_control(text: str) -> None:
    shown = visible(text)
    assert not has_control(shown)
    assert len(shown) == len(text)  # one stand-in per character: nothing dropped


def test_visible_pictures() -> None:
    assert visible("a\x1b]0;x\x07b") == "a␛]0;x␇b"
    assert visible("a\nb") == "a␊b"
    assert visible("a\nb", multiline=True) == "a\nb"
    assert visible("plain") == "plain"


def test_control_problem_words() -> None:
    assert control_problem("Ann", "Name") is None
    msg = control_problem("Ann\x1b[2J", "Name")
    assert msg == "Name can't contain an escape character (ESC): type plain text."
    assert control_problem("two\nlines", "Note", multiline=True) is None
    assert control_problem("two\nlines", "--org") == (
        "--org is a single line: it can't contain a line break."
    )
    for text in HOSTILE:
        assert control_problem(text, "x") is not None
