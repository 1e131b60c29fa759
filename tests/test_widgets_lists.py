"""The list screens' widgets: TextPane wrapping and VirtualTable rendering shortcuts."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.strip import Strip

from habitnet.widgets.text_pane import TextPane, wrap_strips
from habitnet.widgets.virtual_table import Column, Row, VirtualTable


def _cells(strips: list[Strip]) -> list[list[tuple[str, Style]]]:
    return [[(ch, seg.style or Style()) for seg in s for ch in seg.text] for s in strips]


def _rich_lines(text: Text, console: Console, width: int) -> list[Strip]:
    options = console.options.update_width(width)
    lines = console.render_lines(text, options, pad=False)
    return [Strip(line).adjust_cell_length(width) for line in lines]


def _texts() -> list[Text]:
    t = Text()
    t.append("Ana Lima\n", style="bold")
    t.append("Head of Research · Aurora Fintech\n")
    t.append("Priority 1 · warm · every 14 days\n", style="dim")
    t.append("\nWhat they need\n", style="bold underline")
    t.append("word " * 40 + "\n")
    t.append("█" * 10, style="green")
    t.append("█" * 50, style="blue")
    t.append("\n")
    t.append("a-very-long-unbroken-token-" * 5, style="italic")
    return [
        t,
        Text(""),
        Text("a"),
        Text("a\n"),
        Text("\n\n"),
        Text("tab\there\n  spaced  \n"),
        Text("üñí😀 " * 30 + "\nend"),
        Text("centred line\n", justify="center"),
        Text("no wrap " * 20, no_wrap=True),
        Text("right\n", justify="right"),
        Text("2024-01-02 coffee (gave) — " + "a note with words " * 8 + "\n" + "x — " * 40),
        Text("trailing spaces     " * 6, style="bold"),
    ]


def test_wrap_strips_matches_rich_render_lines() -> None:
    console = Console(width=120, color_system="truecolor")
    base = Style(color="white", bgcolor="black")
    for text in _texts():
        for width in (1, 8, 28, 44, 60, 117):
            rich_lines = _rich_lines(text, console, width)
            assert _cells(wrap_strips(text, console, width)) == _cells(rich_lines), (
                text.plain[:40],
                width,
            )
            styled = [s.apply_style(base) for s in rich_lines]  # what the pane drew before
            assert _cells(wrap_strips(text, console, width, base)) == _cells(styled)


class _TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield VirtualTable([Column("Name"), Column("N", 4, "right")], id="t")
        yield TextPane("hello", id="pane")


async def test_table_reuses_row_strips_and_shows_the_same_text() -> None:
    app = _TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows([Row(str(i), (f"name {i}", str(i))) for i in range(100)])
        await pilot.pause()
        first = table.render_line(3)
        assert "name 2" in first.text
        assert table.render_line(3) is first  # same text and style: the same Strip
        table.move_to(2)  # the cursor row changes style: a different Strip
        await pilot.pause()
        cursor = table.render_line(3)
        assert cursor is not first and cursor.text == first.text


async def test_focus_moves_keep_the_cursor_row_styles() -> None:
    app = _TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows([Row(str(i), (f"name {i}", str(i))) for i in range(5)])
        table.focus()
        await pilot.pause()
        focused: Any = table.render_line(1)
        assert app.focused is table
        table.blur()
        await pilot.pause()
        blurred = table.render_line(1)
        assert focused.text == blurred.text
        assert list(focused)[0].style != list(blurred)[0].style  # cursor vs blurred cursor


async def test_short_texts_share_one_virtual_height_long_ones_scroll() -> None:
    app = _TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        pane = app.query_one(TextPane)
        viewport = pane.scrollable_content_region.height
        pane.set_text("one\ntwo")
        await pilot.pause()
        short = pane.virtual_size.height
        pane.set_text("\n".join(str(i) for i in range(viewport - 1)))
        await pilot.pause()
        assert pane.virtual_size.height == short  # the scrollbar is left as it was
        assert pane.max_scroll_y == 0
        pane.set_text("\n".join(str(i) for i in range(viewport + 5)))
        await pilot.pause()
        assert pane.virtual_size.height == viewport + 5
        assert pane.max_scroll_y == 5


# -- FastLines: the table, the pane and their scrollbars drawn without Textual's per-line
# style pass must draw exactly what Textual's own path (Widget.render_lines) draws.


def _slow(widget: Any, crop: Any) -> list[list[Any]]:
    from textual.widget import Widget

    widget._styles_cache.clear()
    return [list(s) for s in Widget.render_lines(widget, crop)]


def _fast(widget: Any, crop: Any) -> list[list[Any]]:
    before = widget.fast_paints
    lines = [list(s) for s in widget.render_lines(crop)]
    assert widget.fast_paints == before + 1, f"{widget!r}: the fast path was not taken"
    return lines


def assert_draws_as_textual(widget: Any) -> None:
    from textual.geometry import Region

    w, h = widget.region.size
    crops = [Region(0, 0, w, h), Region(0, 2, w, 3), Region(1, 0, max(1, w - 2), h)]
    for crop in crops:
        assert _fast(widget, crop) == _slow(widget, crop), (widget, crop)
        assert _fast(widget, crop) == _slow(widget, crop), (widget, crop)  # kept lines


class _FramedApp(App[None]):
    CSS = """
    #pane { border-left: vkey $primary 50%; padding: 0 1; }
    #padded { padding: 1 2; height: 5; }
    """

    def compose(self) -> ComposeResult:
        yield VirtualTable([Column("Name"), Column("N", 4, "right")], id="t")
        yield TextPane("hello", id="pane")
        yield TextPane("top padding: Textual's path", id="padded")


async def test_fast_lines_draw_what_textual_draws() -> None:
    from habitnet.widgets.fast_lines import FastScrollBar

    app = _FramedApp()
    async with app.run_test(size=(60, 30)) as pilot:
        table = app.query_one(VirtualTable)
        pane = app.query_one("#pane", TextPane)
        table.set_rows(
            [Row(str(i), (f"name {i}", str(i)), "warn" if i % 3 else "") for i in range(300)]
        )
        text = Text("\n".join(f"line {i} " + "word " * i for i in range(40)), style="bold")
        text.stylize("red", 0, 200)  # an ANSI colour: the app's line filter changes it
        pane.set_text(text)
        table.focus()
        await pilot.pause()
        assert app.get_line_filters()  # the fast path applies them too
        for widget in (table, pane):
            bar = widget.vertical_scrollbar
            assert isinstance(bar, FastScrollBar)  # our scroll views get the fast bar
            assert bar.display and bar.region.height > 0
        for step in ("start", "moved", "blurred", "hovered"):
            if step == "moved":
                table.move_to(150)
                pane.scroll_to(y=7, animate=False)
            elif step == "blurred":
                table.blur()
            elif step == "hovered":
                table.vertical_scrollbar.mouse_over = True
            await pilot.pause()
            for widget in (table, pane, table.vertical_scrollbar, pane.vertical_scrollbar):
                assert_draws_as_textual(widget)
        padded = app.query_one("#padded", TextPane)
        assert padded._frame() is None  # top/bottom padding: Textual's own path
        assert pane._frame() is not None and table._frame() is not None


def test_single_cell_breaks_and_pieces_match_rich() -> None:
    import random

    from rich._wrap import divide_line
    from rich.segment import Segment

    from habitnet.widgets.text_pane import _breaks_single, _divide_single

    rng = random.Random(7)
    alphabet = "ab c—·é  xyz█\u00a0-"
    lines = ["", " ", "   lead", "trail   ", "a" * 100, "word " * 30, "a-very-long-unbroken-" * 6]
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 160))) for _ in range(400)]
    styles = [Style(bold=True), Style(color="red"), None]
    for line in lines:
        for width in (1, 2, 5, 13, 44, 80):
            breaks = _breaks_single(line, width)
            assert breaks == divide_line(line, width, fold=True), (line, width)
            cut_at = sorted({rng.randint(0, len(line)) for _ in range(3)} | {0, len(line)})
            segments = [
                Segment(line[a:b], rng.choice(styles))
                for a, b in zip(cut_at, cut_at[1:], strict=False)
            ]
            cuts = [*breaks, len(line)]
            if not line:
                continue
            assert _divide_single(segments, cuts) == list(Segment.divide(segments, cuts)), (
                line,
                width,
            )


class _SearchApp(App[None]):
    def compose(self) -> ComposeResult:
        from habitnet.widgets.search_box import SearchBox

        yield SearchBox(placeholder="search", id="box")
        yield VirtualTable([Column("Name")], id="t")


async def _box_styles(app: Any) -> tuple[Any, dict[str, Any], list[Any]]:
    box = app.query_one("#box")
    comps = sorted(box.COMPONENT_CLASSES)
    rules = dict(box.styles.base.get_rules())
    components = {name: box.get_component_rich_style(name) for name in comps}
    return rules, components, list(box.render_line(0))


async def test_search_box_focus_restyle_matches_a_full_restyle() -> None:
    app = _SearchApp()
    async with app.run_test(size=(60, 10)) as pilot:
        box = app.query_one("#box")
        table = app.query_one(VirtualTable)
        assert not box._components_follow(app.stylesheet.rules_map)  # the quick restyle
        seen = []
        for target in (box, table, box, table):
            target.focus()
            await pilot.pause()
            quick = await _box_styles(app)
            app.stylesheet.apply(box)  # Textual's full restyle, component classes included
            box._visual_style_cache.clear()
            await pilot.pause()
            assert quick == await _box_styles(app), target
            seen.append(quick[0])
        assert seen[0] != seen[1]  # :focus changes the box's own look (background tint)


class _CursorFocusApp(_SearchApp):
    CSS = "SearchBox:focus > .input--cursor { background: red; }"


async def test_search_box_restyles_components_when_a_rule_follows_focus() -> None:
    app = _CursorFocusApp()
    async with app.run_test(size=(60, 10)) as pilot:
        box = app.query_one("#box")
        assert box._components_follow(app.stylesheet.rules_map)
        box.focus()
        await pilot.pause()
        focused = box.get_component_rich_style("input--cursor")
        app.query_one(VirtualTable).focus()
        await pilot.pause()
        assert box.get_component_rich_style("input--cursor") != focused
