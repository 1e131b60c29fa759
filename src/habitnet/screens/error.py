"""Screens for when the data cannot be opened: unreadable file, locked folder, tiny terminal."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ..exits import EXIT_ERROR
from ..widgets.keybar import KeyBar
from ..widgets.plain import plain
from .base import HabitnetModal, HabitnetScreen


class ErrorScreen(HabitnetScreen[None]):
    """The data file cannot be read: say which file, what is wrong, offer the newest backup."""

    DEFAULT_CSS = """
    ErrorScreen { align: center middle; }
    ErrorScreen #error-box {
        width: 100; max-width: 98%; height: auto; max-height: 90%;
        border: heavy $error; background: $surface; padding: 1 2;
    }
    ErrorScreen #error-title { text-style: bold; color: $error; padding-bottom: 1; }
    ErrorScreen #error-buttons { height: auto; margin-top: 1; }
    ErrorScreen Button { margin-right: 2; }
    """

    BINDINGS = [
        Binding("r", "restore", "Restore newest backup"),
        Binding("q", "quit_app", "Quit"),
        Binding("escape", "quit_app", "Quit", show=False),
    ]

    def __init__(self, error: Exception, data_dir: Path) -> None:
        super().__init__()
        self.error = error
        self.data_dir = data_dir
        from ..store.errors import UnreadableFileError

        self.backup = error.newest_backup if isinstance(error, UnreadableFileError) else None

    def _title(self) -> str:
        from ..store.errors import NewerSchemaError, UnreadableFileError

        if isinstance(self.error, UnreadableFileError):
            return "habitnet cannot read your data file"
        if isinstance(self.error, NewerSchemaError):
            return "Your data file comes from a newer habitnet"
        return "habitnet could not open your data"

    def _message(self) -> str:
        from ..store.errors import StoreError

        if isinstance(self.error, StoreError):
            return str(self.error)
        return (
            f"An unexpected problem stopped habitnet from opening {self.data_dir}:\n"
            f"{type(self.error).__name__}: {self.error}\n\n"
            "Your data file has not been changed. Run `habitnet doctor` for a diagnosis."
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="error-box"):
            yield Static(self._title(), id="error-title")
            # It names the file (a path is text from the file system): as text, controls
            # shown as stand-ins.
            yield Static(plain(self._message(), multiline=True), id="error-message")
            with Horizontal(id="error-buttons"):
                if self.backup is not None:
                    # The file's name is the file system's: shown as text, never markup.
                    label = plain(f"Restore {self.backup.name}")
                    yield Button(label, id="restore", variant="warning")
                yield Button("Quit", id="quit", variant="default")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return self.backup is not None
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "restore":
            self.action_restore()
        else:
            self.action_quit_app()

    def action_quit_app(self) -> None:
        self.app.exit(return_code=EXIT_ERROR)  # the data did not open: an error, as the CLI

    def action_restore(self) -> None:
        if self.backup is None:
            return
        from ..store import Store

        app = self.app
        store = Store(self.data_dir, app.clock)
        try:
            with store.locked():
                restored = store.restore_backup(self.backup.name)
        except Exception as exc:
            self.notify(str(exc), title="Restore failed", severity="error", timeout=15)
            return
        self.notify(f"Restored {restored.name}; the unreadable file was kept aside.", timeout=8)
        self.dismiss()
        app.start_load()


class LockedScreen(HabitnetScreen[None]):
    """Another habitnet holds the folder: explain, offer read-only or quit."""

    DEFAULT_CSS = """
    LockedScreen { align: center middle; }
    LockedScreen #locked-box {
        width: 90; max-width: 98%; height: auto; max-height: 90%;
        border: heavy $warning; background: $surface; padding: 1 2;
    }
    LockedScreen #locked-title { text-style: bold; color: $warning; padding-bottom: 1; }
    LockedScreen #locked-buttons { height: auto; margin-top: 1; }
    LockedScreen Button { margin-right: 2; }
    """

    BINDINGS = [
        Binding("o", "read_only", "Open read-only"),
        Binding("r", "retry", "Retry"),
        Binding("q", "quit_app", "Quit"),
        Binding("escape", "quit_app", "Quit", show=False),
    ]

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="locked-box"):
            yield Static("Your data is open in another habitnet", id="locked-title")
            yield Static(
                plain(
                    f"{self.error}\n\nHere you can open it read-only (look, but not change), "
                    "retry once the other one is closed, or quit.",
                    multiline=True,
                ),
                id="locked-message",
            )
            with Horizontal(id="locked-buttons"):
                yield Button("Open read-only", id="read-only", variant="primary")
                yield Button("Retry", id="retry")
                yield Button("Quit", id="quit")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#read-only", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"read-only": self.action_read_only, "retry": self.action_retry}.get(
            event.button.id or "", self.action_quit_app
        )()

    def action_read_only(self) -> None:
        app = self.app
        self.dismiss()
        app.start_load(read_only=True)

    def action_retry(self) -> None:
        app = self.app
        self.dismiss()
        app.start_load(read_only=False)

    def action_quit_app(self) -> None:
        self.app.exit(return_code=EXIT_ERROR)  # the data did not open: an error, as the CLI


class TooSmallScreen(HabitnetModal[None]):
    """Shown instead of a broken layout below the minimum size; closes itself when it fits."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen #too-small { width: auto; height: auto; color: $warning; text-style: bold; }
    """

    BINDINGS = [Binding("q", "app.quit", "Quit")]
    # Nothing but q: a command (another screen) would leave the notice behind.
    OFFERS_PALETTE = False

    _notice_closing = False

    def compose(self) -> ComposeResult:
        yield Static(self._text(), id="too-small")

    def _text(self) -> str:
        from ..app import MIN_HEIGHT, MIN_WIDTH

        w, h = self.app.size
        return (
            f"Terminal too small ({w}×{h}).\n"
            f"habitnet needs at least {MIN_WIDTH}×{MIN_HEIGHT}.\nEnlarge the window, or q to quit."
        )

    def check_fit(self) -> None:
        from ..app import MIN_HEIGHT, MIN_WIDTH

        w, h = self.app.size
        if w >= MIN_WIDTH and h >= MIN_HEIGHT:
            if self.is_current and not self._notice_closing:
                self._notice_closing = True
                self.dismiss()
        else:
            # Not composed yet (a resize right after the push): compose reads the size.
            for notice in self.query("#too-small").results(Static):
                notice.update(self._text())
