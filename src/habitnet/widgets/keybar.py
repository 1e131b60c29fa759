"""A one-line key bar: the keys that work now, as ``key Description``.

It stands in for Textual's ``Footer``, which recomposes one widget per key whenever the
active bindings change (every focus move and screen switch: 150–360 ms per Tab on the
10-year data). The bar is one widget that renders one line of text, and it only
repaints when the keys it shows actually change.

The screens group names each screen where it fits (``t Today  e Energy  j Journal …``,
the screen in view marked); when the line does not fit, it shortens in steps, least
important keys first (the focused widget's keys, then the screens group, then the
screen's own keys): first descriptions shorten to one word and the group to
``t e j p w s screens``, then whole keys leave. A key is never shown as a bare letter:
it shows with a word or not at all (``?`` lists every key). ``?`` Help, ``q`` Quit (or
a modal's close / cancel key) and ``^p palette`` always show. Clicking a key presses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from ..app import mode_of, open_action

#: Bare action names whose keys always show (a modal's way out, help, quit).
ALWAYS_SHOWN = frozenset({"help", "quit", "quit_app", "cancel", "close"})

# Ranks: lower is more important; shortening starts at the highest rank.
_RANK_ALWAYS, _RANK_SCREEN, _RANK_GROUP, _RANK_WIDGET = 0, 1, 2, 3


@dataclass(frozen=True)
class KeyItem:
    """One key as shown: what to press, how it looks, what it does."""

    key: str
    display: str
    description: str
    enabled: bool
    group: str | None
    rank: int
    current: bool = False  # the screen in view, in the screens group


@dataclass
class _Chunk:
    """One or more keys shown together (a group like ``t e j p w s screens``)."""

    items: list[KeyItem]
    label: str
    rank: int
    level: int = 0  # 0 full, 1 short (one word; a group's keys and its name), 2 hidden

    @property
    def is_group(self) -> bool:
        return len(self.items) > 1

    def parts(self) -> list[tuple[str, KeyItem | None, bool]]:
        """(text, the key's item or None, is a key) pieces at the current level; empty
        when hidden."""
        if self.level >= HIDDEN:
            return []
        out: list[tuple[str, KeyItem | None, bool]] = []
        if self.is_group and self.level == 0:  # t Today  e Energy  j Journal …
            for i, item in enumerate(self.items):
                if i:
                    out.append((GROUP_SEPARATOR, None, False))
                out.append((item.display, item, True))
                out.append((" " + item.description, item, False))
            return out
        for i, item in enumerate(self.items):
            if i:
                out.append((" ", None, False))
            out.append((item.display, item, True))
        label = self.label if self.level == 0 or self.is_group else _short(self.label)
        if label:
            out.append((" " + label, None if self.is_group else self.items[0], False))
        return out

    def width(self) -> int:
        return sum(len(text) for text, _, _ in self.parts())


#: A chunk's level once it has left the line.
HIDDEN = 2
#: Between the screens when the group names them.
GROUP_SEPARATOR = "  "


def _short(description: str) -> str:
    """One word of a description: its first (``Check in`` -> ``Check``)."""
    words = description.split()
    return words[0] if words else description


class KeyBar(Widget, can_focus=False):
    """The bottom line of every screen: the active keys, fitted to the width."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--key",
        "keybar--description",
        "keybar--disabled",
        "keybar--current",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .keybar--disabled { text-style: dim; }
    KeyBar > .keybar--current {
        color: $text-accent;
        text-style: bold underline;
    }
    """

    SEPARATOR = "  "

    def __init__(self, *, show_palette: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("id", "keybar")
        super().__init__(**kwargs)
        self.show_palette = show_palette
        self.items: tuple[KeyItem, ...] = ()
        self.palette: KeyItem | None = None
        self._spans: list[tuple[int, int, str]] = []
        self._source: Screen[Any] | None = None  # whose keys it shows (its screen, a modal)
        self._pending = False
        self._settled = False  # keys read once after the screen's first refresh
        self._skipped = False  # a bindings change came while covered by a modal's bar

    # -- keeping up with the bindings --------------------------------------------------

    def on_mount(self) -> None:
        self._source = self.screen
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._screen_changed)
        # Not now: the screen's other widgets may not be mounted yet (and its
        # check_action may look for them); the screen publishes its bindings soon.
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)
        if self._source is not None and self._source is not self.screen:
            self._source.bindings_updated_signal.unsubscribe(self)

    def _screen_changed(self, _screen: Any) -> None:
        """A modal over this screen (a dialog) gets the bar: it shows the keys that
        work in the modal, never this screen's keys, which the modal blocks.

        A modal with a key bar of its own (the forms: opaque, this bar is hidden)
        keeps its keys there: this bar stays as it is, so closing the modal does not
        repaint it (~2–3 ms of the close on the 10-year data)."""
        top = self.app.screen
        source: Screen[Any] = self.screen
        if (
            top is not self.screen
            and isinstance(top, ModalScreen)
            and self.screen in (self.app.screen_stack)
            and not self._covered()
        ):
            source = top
        if source is self._source:
            if self._skipped and top is self.screen:
                self._bindings_changed(self.screen)  # keys changed while covered
            return
        if self._source is not None and self._source is not self.screen:
            self._source.bindings_updated_signal.unsubscribe(self)
        if source is not self.screen:
            source.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._source = source
        self._bindings_changed(source)

    def _covered(self) -> bool:
        """True while a modal with a key bar of its own is over this bar's screen."""
        top = self.app.screen
        return (
            top is not self.screen
            and isinstance(top, ModalScreen)
            and any(isinstance(child, KeyBar) for child in top.children)
        )

    def _bindings_changed(self, _screen: Any) -> None:
        if self._covered():
            # Hidden under the modal's own bar: the keys (the app hides screen switching
            # while a modal is open) are read again once this screen is back on top.
            self._skipped = True
            return
        self._skipped = False
        if not self._pending:
            self._pending = True
            # Once mounted: before the next repaint, so a focus move is one frame (its
            # key bar change included), not two.
            if self._settled:
                self.call_later(self.update_keys)
            else:
                self.call_after_refresh(self.update_keys)

    def current_keys(self) -> tuple[tuple[KeyItem, ...], KeyItem | None]:
        """The keys to show now (in binding-chain order) and the palette key."""
        screen = self._source or self.screen
        app = self.app
        active = screen.active_bindings
        items: list[KeyItem] = []
        seen_actions: set[str] = set()
        palette: KeyItem | None = None
        palette_key = app.COMMAND_PALETTE_BINDING
        mode = mode_of(screen)
        current_action = open_action(mode) if mode is not None else None
        for key, (node, binding, enabled, _tooltip) in active.items():
            if self.show_palette and key == palette_key and app.ENABLE_COMMAND_PALETTE:
                palette = KeyItem(key, app.get_key_display(binding), "palette", enabled, None, 0)
                continue
            if not binding.show:
                continue
            action_id = f"{id(node)}:{binding.action}"
            if action_id in seen_actions:
                continue  # several keys for one action: show the first, like Footer
            seen_actions.add(action_id)
            bare = binding.action.rsplit(".", 1)[-1].split("(", 1)[0]
            group = binding.group.description if binding.group is not None else None
            if bare in ALWAYS_SHOWN:
                rank = _RANK_ALWAYS
            elif group is not None:
                rank = _RANK_GROUP
            elif node is screen or node is app:
                rank = _RANK_SCREEN
            else:
                rank = _RANK_WIDGET
            items.append(
                KeyItem(
                    key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    group,
                    rank,
                    group is not None and binding.action == current_action,
                )
            )
        return tuple(items), palette

    def update_keys(self) -> bool:
        """Re-read the active keys; repaint only if they changed. True if they did."""
        self._pending = False
        if not self.is_attached:
            return False
        if self._covered():
            self._skipped = True
            return False
        self._settled = True
        try:
            items, palette = self.current_keys()
        except Exception:  # a screen still mounting; its next bindings update retries
            return False
        if items == self.items and palette == self.palette:
            return False
        self.items, self.palette = items, palette
        self.refresh()
        return True

    # -- layout ------------------------------------------------------------------------

    def _chunks(self) -> list[_Chunk]:
        chunks: list[_Chunk] = []
        for item in self.items:
            last = chunks[-1] if chunks else None
            if (
                item.group is not None
                and last is not None
                and last.items[0].group == item.group
                and item.rank == last.rank
            ):
                last.items.append(item)
                continue
            label = item.group if item.group is not None else item.description
            chunks.append(_Chunk([item], label, item.rank))
        for chunk in chunks:
            if len(chunk.items) == 1 and chunk.items[0].group is not None:
                chunk.label = chunk.items[0].description
        return chunks

    def fit(self, width: int) -> tuple[list[_Chunk], str]:
        """Chunks at the levels that fit ``width`` columns, and the palette text.

        Least important first (highest rank, then the last of a rank): every chunk is
        shortened before any leaves the line."""
        chunks = self._chunks()
        palette = f"{self.palette.display} palette" if self.palette is not None else ""
        room = width - 1 - (len(palette) + 2 if palette else 0)

        def used() -> int:
            shown = [c.width() for c in chunks if c.level < HIDDEN]
            return sum(shown) + len(self.SEPARATOR) * max(len(shown) - 1, 0)

        order = sorted(
            (i for i, c in enumerate(chunks) if c.rank != _RANK_ALWAYS),
            key=lambda i: (-chunks[i].rank, -i),
        )
        for level in range(1, HIDDEN + 1):
            for i in order:
                if used() <= room:
                    return chunks, palette
                chunks[i].level = max(chunks[i].level, level)
        return chunks, palette

    def render(self) -> Text:
        width = self.size.width or 80
        chunks, palette = self.fit(width)
        key_style = self.get_component_rich_style("keybar--key")
        desc_style = self.get_component_rich_style("keybar--description")
        dim_style = self.get_component_rich_style("keybar--disabled")
        current_style = self.get_component_rich_style("keybar--current")
        text = Text(" ", no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str]] = []
        first = True
        for chunk in chunks:
            parts = chunk.parts()
            if not parts:
                continue
            if not first:
                text.append(self.SEPARATOR)
            first = False
            enabled = all(item.enabled for item in chunk.items)
            for part, item, is_key in parts:
                style = key_style if is_key else desc_style
                if not enabled:
                    style = style + dim_style
                if item is not None and item.current:
                    style = style + current_style
                start = text.cell_len
                text.append(part, style)
                if item is not None:
                    spans.append((start, text.cell_len, item.key))
        if palette and self.palette is not None:
            pad = width - text.cell_len - len(palette) - 1
            text.append(" " * max(pad, 2))
            start = text.cell_len
            text.append(self.palette.display, key_style)
            text.append(" palette", desc_style)
            spans.append((start, text.cell_len, self.palette.key))
        self._spans = spans
        return text

    def plain(self, width: int | None = None) -> str:
        """The bar's text at ``width`` (default: its own), for tests and diagnostics."""
        if width is None:
            return self.render().plain
        chunks, palette = self.fit(width)
        body = self.SEPARATOR.join(
            "".join(t for t, _, _ in c.parts()) for c in chunks if c.level < HIDDEN
        )
        return f" {body}" + (f"  {palette}" if palette else "")

    # -- mouse -------------------------------------------------------------------------

    def key_at(self, x: int) -> str | None:
        for start, end, key in self._spans:
            if start <= x < end:
                return key
        return None

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        event.stop()
        item = next((i for i in (*self.items, self.palette) if i and i.key == key), None)
        if item is not None and not item.enabled:
            self.app.bell()
            return
        self.app.simulate_key(key)
