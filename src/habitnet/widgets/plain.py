"""Data on screen: always text, never markup, and no control character reaches the terminal.

Names, notes and organisations come from other people's files (a LinkedIn export, a
vCard): ``Ann [/] Lee`` or ``[@click=app.quit]x`` are names like any other, and an old
file may still hold an escape sequence (see :mod:`habitnet.safetext`). So every piece of
data a widget shows, and every message quoting it, goes through here:

- :func:`plain` — a ``Content`` for a ``Static``/``Label``/``Option``: the text as typed
  (Textual's plain ``Content``, never parsed as markup), each control character shown as
  a visible stand-in (``␛``).
- :func:`shown` — the same rule for a ``str`` put into Rich ``Text`` or a table cell
  (Rich's ``Text`` would silently drop a BEL or a backspace and pass an ESC through).
- :func:`visible_text` — a whole Rich ``Text`` made safe in place of its characters, its
  styles kept (the side panes' last line of defence).
- :func:`as_markup` — for the few places Textual takes markup only (the command
  palette's titles and help): markup that reads as the text itself.

The text fields that draw a control character as a stand-in are in
:mod:`habitnet.widgets.text_fields` (they import ``TextArea``, which the first frame does
not need).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from ..safetext import has_control, visible


def shown(text: str, *, multiline: bool = False) -> str:
    """``text`` with each control character as a visible stand-in (newline and tab
    kept when ``multiline``)."""
    return visible(text, multiline=multiline)


def plain(text: str, *, multiline: bool = False) -> Content:
    """``text`` as a widget's content: never read as markup, controls made visible."""
    return Content(visible(text, multiline=multiline))


def visible_text(text: Text) -> Text:
    """``text`` with any control character left in it shown as a stand-in. A stand-in
    takes the place of one character, so the styles stay where they were."""
    if has_control(text.plain, multiline=True):
        text.plain = visible(text.plain, multiline=True)
    return text


def as_markup(text: str) -> str:
    """Markup that shows ``text`` as typed: every ``[`` escaped (Textual's own
    ``escape`` leaves ``[B]``, ``[$x]`` and ``[ b]`` to be read as tags), controls made
    visible. For an API that takes markup only, such as a palette command's help."""
    return visible(text).replace("[", "\\[")
