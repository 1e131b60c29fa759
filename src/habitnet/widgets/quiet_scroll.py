"""Change a scroll view's virtual size without re-laying out the whole screen.

``Widget.virtual_size`` is a reactive with ``layout=True``: assigning it re-arranges
every widget on the screen (tens of ms on a busy screen), although a fixed-size scroll
view only needs its scrollbars updated. :func:`set_virtual_size` stores the size
quietly and updates the scrollbars; a layout happens only when a scrollbar appears or
disappears (its reactive asks for one), which changes the content region.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def set_virtual_size(widget: Widget, size: Size) -> None:
    """Set ``widget.virtual_size`` to ``size``, laying out only if scrollbars change."""
    if widget.virtual_size == size:
        return
    if not widget.is_mounted or not widget.size:
        widget.virtual_size = size  # not arranged yet: the first layout will see it
        return
    widget.set_reactive(Widget.virtual_size, size)
    widget._scroll_update(size)  # scrollbars and scroll limits; layout if they show/hide
