"""Text from strangers, made safe for a terminal. Standard library only.

Names, notes and organisations arrive from other people's files (a LinkedIn export, a
vCard). No byte of them may drive the terminal: an ESC starts an escape sequence that
can retitle the window, write the clipboard (OSC 52) or wipe the screen; BEL, BS and CR
move or mark what is drawn. Three uses, one rule of what counts as a control:

- :func:`clean` — on import: drop escape sequences and control characters (keeping
  newline and tab where the field can hold several lines) and count what was dropped.
- :func:`control_problem` — in forms and command-line arguments: refuse them with a
  message in the user's words.
- :func:`visible` — on display of anything already stored (an old file): each control
  shown as a visible stand-in (``␛``, ``␇``…), never sent raw. :func:`visible_lines`
  does it for whole output, keeping the CR LF line ends of CSV and iCalendar;
  :func:`escape_json` escapes what JSON leaves raw (C1 controls, U+2028/U+2029).

What counts: C0 controls (U+0000–U+001F) but newline and tab in multi-line text, DEL
(U+007F), C1 controls (U+0080–U+009F, among them the one-byte CSI and OSC), and the
line and paragraph separators U+2028/U+2029 in single-line text.
"""

from __future__ import annotations

import re

# An escape sequence: ESC followed by a CSI (ESC [ … final byte), an OSC / DCS / APC /
# PM / SOS string (ESC ] … BEL or ESC \), or a single character (ESC 7, ESC c …). The
# same for the one-byte C1 introducers (U+009B CSI, U+009D OSC, U+0090 DCS…).
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b) [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]?        # CSI … final
  | (?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f]) [^\x07\x1b\x9c]*      # OSC, DCS, SOS, PM, APC
        (?:\x07|\x1b\\|\x9c)?                                     # … BEL or ST
  | \x1b [\x20-\x2f]* [\x30-\x7e]?                                # ESC (intermediates) final
    """,
    re.VERBOSE,
)
_CONTROL_SINGLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_MULTI = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: Visible stand-ins: the Unicode "control pictures" for C0, DEL and SP's neighbours.
_PICTURES = {i: chr(0x2400 + i) for i in range(0x20)}
_PICTURES[0x7F] = "\u2421"  # ␡
_C1_PICTURE = "\ufffd"  # �: C1 controls have no pictures of their own
_SEPARATOR_PICTURE = "\u21b5"  # ↵ for U+2028 / U+2029 in a single line

_NAMES = {
    0x1B: "an escape character (ESC)",
    0x07: "a bell character (BEL)",
    0x08: "a backspace character",
    0x0D: "a carriage return",
    0x0A: "a line break",
    0x09: "a tab",
    0x00: "a NUL character",
    0x7F: "a delete character (DEL)",
}


def _pattern(multiline: bool) -> re.Pattern[str]:
    return _CONTROL_MULTI if multiline else _CONTROL_SINGLE


def has_control(text: str, *, multiline: bool = False) -> bool:
    """True when ``text`` holds a character that may not reach a terminal."""
    return _pattern(multiline).search(text) is not None


def clean(text: str, *, multiline: bool = False) -> tuple[str, int]:
    """``text`` without escape sequences and control characters, and how many of those
    (sequences and single characters) were taken out.

    ``multiline`` keeps newline and tab (a note); a CR LF or lone CR becomes a newline
    there. In a single-line field (a name) a run of tabs and line breaks becomes one
    space: whitespace, not counted as cleaned.
    """
    if text.isascii() and text.isprintable():
        return text, 0  # the common case: nothing to look at
    count = 0

    def drop(_m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return ""

    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text = re.sub(r"[\t\r\n\u2028\u2029]+", " ", text)
    text = _ESCAPE_SEQUENCE.sub(drop, text)
    text = _pattern(multiline).sub(drop, text)
    return text, count


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` with each control character replaced by a visible stand-in (``␛``)."""
    pattern = _pattern(multiline)
    if pattern.search(text) is None:
        return text

    def picture(m: re.Match[str]) -> str:
        code = ord(m.group())
        if code in _PICTURES:
            return _PICTURES[code]
        if code in (0x2028, 0x2029):
            return _SEPARATOR_PICTURE
        return _C1_PICTURE

    return pattern.sub(picture, text)


def control_problem(text: str, what: str, *, multiline: bool = False) -> str | None:
    """A message for a form or an argument holding a control character, else None.

    ``what`` is the field or flag as the user sees it (``"Name"``, ``"--note"``).
    """
    m = _pattern(multiline).search(text)
    if m is None:
        return None
    code = ord(m.group())
    name = _NAMES.get(code, f"a control character (U+{code:04X})")
    if code in (0x0A, 0x0D, 0x2028, 0x2029) and not multiline:
        return f"{what} is a single line: it can't contain a line break."
    return f"{what} can't contain {name}: type plain text."


def visible_lines(text: str) -> str:
    """Output ``text`` with every control character as a visible stand-in but newlines,
    tabs and CR LF line ends (of CSV and iCalendar): what a command may print."""
    if not has_control(text, multiline=True):
        return text
    return "\r\n".join(visible(part, multiline=True) for part in text.split("\r\n"))


_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def escape_json(text: str) -> str:
    """JSON text with the controls JSON encoders leave raw (DEL, C1, U+2028/U+2029)
    written as ``\\u`` escapes: the same data, no control byte. (They can only stand
    inside strings, where the escape means the same character.)"""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
