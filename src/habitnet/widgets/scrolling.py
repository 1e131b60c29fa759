"""A scroll view's length and its scrollbar, changed together.

Assigning ``virtual_size`` asks Textual for a layout; the layout updates the scrollbars,
which then repaint in the *next* frame: a filtered list or a new side-pane text showed
its lines one frame before its scrollbar (both are what the user waits for). Setting the
scrollbar's own reactives at the same time (``ScrollBar.window_virtual_size`` and
``window_size``, public) lets the bar repaint in the same frame as the lines; the layout
that follows finds it already right.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def set_length(view: ScrollView, size: Size) -> None:
    """Set ``view.virtual_size`` to ``size`` and its vertical scrollbar to match."""
    if view.virtual_size == size:
        return
    view.virtual_size = size
    vertical_shown, _horizontal = view.scrollbars_enabled  # (a ScrollView is scrollable)
    if view.is_mounted and vertical_shown:
        bar = view.vertical_scrollbar
        bar.window_virtual_size = size.height
        bar.window_size = view.scrollable_content_region.height
