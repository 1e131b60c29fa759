"""The list screens' widgets, as a user sees them: the table's rows, cursor and
scrolling, the text pane's wrapped lines, the search box's enter, the search rules.

The screen is read through public API: a widget's ``render_lines`` (what it paints).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region

from habitnet.screens.searchable import filter_items, narrows
from habitnet.widgets.search_box import SearchBox
from habitnet.widgets.text_pane import TextPane
from habitnet.widgets.virtual_table import Column, LazyRows, Row, VirtualTable, fit


def painted(widget: Any) -> list[str]:
    """The widget's lines as it paints them (its scrollbar column included)."""
    width, height = widget.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


def rows(n: int) -> list[Row]:
    return [Row(f"k{i}", (f"name {i}", str(i)), "warn" if i % 3 == 0 else "") for i in range(n)]


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.highlighted: list[str | None] = []
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield VirtualTable([Column("Name"), Column("N", 4, "right")], id="t")
        yield TextPane("hello", id="pane")

    def on_virtual_table_highlighted(self, event: VirtualTable.Highlighted) -> None:
        self.highlighted.append(event.row.key if event.row else None)

    def on_virtual_table_selected(self, event: VirtualTable.Selected) -> None:
        self.selected.append(event.row.key)


async def test_table_shows_a_header_and_the_rows_that_fit() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows(rows(100))
        await pilot.pause()
        lines = painted(table)
        assert lines[0].startswith("Name") and "N" in lines[0]
        assert lines[1].startswith("name 0") and lines[1].rstrip().endswith("0")
        height = table.size.height
        assert [line.split()[1] for line in lines[1:height]] == [str(i) for i in range(height - 1)]
        assert all(len(line) == table.size.width for line in lines)


async def test_only_the_rows_drawn_are_made() -> None:
    made: list[int] = []

    def row_of(i: int) -> Row:
        made.append(i)
        return Row(str(i), (f"item {i}",))

    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows(LazyRows(list(range(5000)), row_of, str), keep_key="4000")
        await pilot.pause()
        assert table.current is not None and table.current.key == "4000"
        assert any("item 4000" in line for line in painted(table))
        # A few rows made (the visible ones, the cursor's), not 5,000.
        assert 0 < len(set(made)) < 40


async def test_cursor_moves_scroll_and_keep_the_cursor_in_view() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows(rows(100))
        table.focus()
        await pilot.pause()
        await pilot.press("down", "down")
        assert table.cursor == 2 and app.highlighted[-1] == "k2"
        for keys, index in ((("end",), 99), (("home",), 0), (("pagedown",), None)):
            await pilot.press(*keys)
            await pilot.pause()
            if index is not None:
                assert table.cursor == index
            current = table.current
            assert current is not None
            assert any(line.startswith(current.cells[0] + " ") for line in painted(table))
        await pilot.press("up")
        assert table.current is not None and app.highlighted[-1] == table.current.key


async def test_the_cursor_row_looks_different_focused_and_blurred() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows(rows(5))
        table.focus()
        await pilot.pause()
        region = Region(0, 0, *table.size)
        focused = table.render_lines(region)
        cursor = list(focused[1])[0].style
        assert cursor != list(focused[4])[0].style  # k0 (cursor) and k3: both "warn"
        table.blur()
        await pilot.pause()
        blurred = table.render_lines(region)
        assert blurred[1].text == focused[1].text
        assert list(blurred[1])[0].style not in (cursor, list(blurred[4])[0].style)


async def test_new_rows_keep_the_cursor_on_its_row_and_an_empty_table_says_so() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows(rows(50))
        table.move_to(30)
        table.set_rows([r for r in rows(50) if int(r.cells[1]) % 2 == 0], keep_key="k30")
        await pilot.pause()
        assert table.current is not None and table.current.key == "k30"
        assert table.cursor == 15
        table.empty_text = "Nothing matches."
        table.set_rows([], keep_key="k30")
        await pilot.pause()
        assert table.current is None
        assert painted(table)[1].strip() == "Nothing matches."


async def test_enter_and_double_click_select_a_click_moves_the_cursor() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_rows(rows(20))
        table.focus()
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.selected == ["k1"]
        await pilot.click(VirtualTable, offset=(2, 4))  # the header is line 0
        await pilot.pause()
        assert table.cursor == 3 and app.selected == ["k1"]
        await pilot.click(VirtualTable, offset=(2, 5), times=2)
        await pilot.pause()
        assert table.cursor == 4 and app.selected[-1] == "k4"


async def test_columns_hide_align_and_cut_with_an_ellipsis() -> None:
    app = TableApp()
    async with app.run_test(size=(30, 8)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_columns(
            [Column("Name", 8), Column("Secret", 6, visible=False), Column("N", 4, "right")]
        )
        table.set_rows([Row("a", ("Bartholomew Quince", "hidden", "7"))])
        await pilot.pause()
        header, first = painted(table)[:2]
        assert "Secret" not in header and "hidden" not in first
        assert first.startswith("Barthol… ") and first[9:13] == "   7"
    assert fit("Łukasz Wójcik", 6) == "Łukas…"
    assert fit("7", 3, "right") == "  7"


async def test_text_pane_wraps_to_its_width_and_scrolls_long_texts() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        pane = app.query_one(TextPane)
        width = pane.scrollable_content_region.width
        viewport = pane.scrollable_content_region.height
        words = " ".join(f"word{i}" for i in range(60))
        pane.set_text(Text("Title\n", style="bold") + Text(words))
        await pilot.pause()
        lines = pane.lines
        assert lines[0] == "Title"
        assert all(len(line) <= width for line in lines)
        assert " ".join(" ".join(lines[1:]).split()) == words  # no word broken or lost
        assert painted(pane)[0].startswith("Title")
        # Short texts share one virtual height (the scrollbar stays as it was).
        pane.set_text("one\ntwo")
        await pilot.pause()
        short = pane.virtual_size.height
        pane.set_text("\n".join(str(i) for i in range(viewport - 1)))
        await pilot.pause()
        assert pane.virtual_size.height == short and pane.max_scroll_y == 0
        pane.set_text("\n".join(f"line {i}" for i in range(viewport + 5)))
        await pilot.pause()
        assert pane.max_scroll_y == 5
        pane.scroll_to(y=5, animate=False)
        await pilot.pause()
        assert painted(pane)[0].startswith("line 5")


async def test_text_pane_reuses_a_page_shown_a_moment_ago() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 12)) as pilot:
        pane = app.query_one(TextPane)
        made: list[str] = []

        def make(name: str) -> Any:
            def build() -> Text:
                made.append(name)
                return Text(f"page {name}")

            return build

        for key in ("a", "b", "a", "b"):
            pane.show(key, make(key))
            await pilot.pause()
            assert pane.plain == f"page {key}"
            assert painted(pane)[0].startswith(f"page {key}")
        assert made == ["a", "b"]  # built once each
        await pilot.resize_terminal(40, 12)  # a new width wraps again, shows the same
        await pilot.pause()
        assert painted(pane)[0].startswith("page b")


async def test_search_box_enter_runs_at_once() -> None:
    submitted: list[str] = []

    class BoxApp(App[None]):
        def compose(self) -> ComposeResult:
            yield SearchBox(placeholder="search", on_submit=lambda: submitted.append("yes"))

    app = BoxApp()
    async with app.run_test() as pilot:
        await pilot.press(*"ada", "enter")
        await pilot.pause()
        assert app.query_one(SearchBox).value == "ada"
        assert submitted == ["yes"]


class Thing:
    """A list item for the search rules."""

    def __init__(self, key: str, text: str, tags: tuple[str, ...] = (), people: str = ""):
        self.key = key
        self.search = text
        self.tag_keys = tags
        self.people = people
        self.row = Row(key, (text,))


def test_search_rules_words_tags_and_people() -> None:
    items = [
        Thing("1", "coffee with ana", ("mentoring",), "ana lima"),
        Thing("2", "call about a job", ("career", "mentor"), "bo chen\nana lima"),
        Thing("3", "conference notes", ("events",), ""),
    ]

    def keys(query: str) -> list[str]:
        return [it.key for it in filter_items(items, query.split())]

    assert keys("") == ["1", "2", "3"]
    assert keys("co") == ["1", "3"]  # a substring of the text
    assert keys("co ana") == ["1"]  # every word
    assert keys("#mentor") == ["1", "2"]  # a tag starting so
    assert keys("#") == ["1", "2", "3"]  # a tag still being typed
    assert keys("@ana_lima") == ["1", "2"]  # a linked person, _ for spaces
    assert keys("@bo #career job") == ["2"]
    assert keys("zzz") == []
    assert narrows("co", "cof") and narrows("#m", "#me") and not narrows("cof", "co")
    assert not narrows("", "a")


async def test_the_scrollbars_follow_a_new_length_at_once() -> None:
    """New rows (a filter typed) or a new text: the scrollbar takes the new length as
    the lines change, so it is drawn in the same frame as them."""
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        pane = app.query_one(TextPane)
        table.set_rows(rows(100))
        await pilot.pause()
        table.set_rows(rows(30))
        assert table.vertical_scrollbar.window_virtual_size == 31  # before any layout
        pane.set_text("\n".join(f"line {i}" for i in range(50)))
        assert pane.vertical_scrollbar.window_virtual_size == 50
        await pilot.pause()
        assert table.vertical_scrollbar.window_virtual_size == 31  # the layout agrees
        assert pane.vertical_scrollbar.window_virtual_size == 50
