"""A text field that never draws a control character raw.

Textual's ``Input`` (and ``TextArea``: the forms' ``TextEditor``) draw what they hold
as it is; Rich's ``Text`` drops BEL and BS but lets ESC through. Typed keys never bring
a control character (the terminal's escape sequences arrive as keys), but a paste can
(text copied from someone else's file). The value keeps it, so the form refuses it
beside the field in the user's words (:func:`habitnet.safetext.control_problem`); what
is drawn shows it as a stand-in (``␛``), as everywhere else (:mod:`habitnet.widgets.plain`).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input

from ..safetext import has_control, visible


class TextInput(Input):
    """An ``Input`` that draws each control character it holds as a stand-in (``␛``).

    Typed keys never bring one (the terminal's escape sequences are keys), but a paste
    can: the value keeps it, for the form to refuse beside the field, while the line
    drawn shows it. (Rich's ``Text`` drops BEL and BS itself and lets ESC through.)"""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if not any(has_control(segment.text) for segment in strip):
            return strip
        width = strip.cell_length  # a control counts 0 cells, its stand-in 1
        return Strip([Segment(visible(seg.text), seg.style, seg.control) for seg in strip]).crop(
            0, width
        )
