"""Files in and out from the command palette: import contacts, restore a backup.

:class:`ImportScreen` asks for a file (a LinkedIn ``Connections.csv`` or a vCard),
reads it in a worker and shows what importing it would do (the same plan and summary as
``habitnet import``); ``ctrl+s`` imports it. :class:`RestoreScreen` lists the backups
(newest first, each checked) and, once one is picked and confirmed, puts its data in
place. Both change the data through the session, as one change: ``u`` on Today undoes
an import or a restore, and the version replaced stays in ``backups/`` as the previous
one at the next save. Text from the files is shown as text, never markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.keybar import KeyBar
from ..widgets.plain import plain
from ..widgets.text_fields import TextInput
from .forms import FORM_CSS
from .forms.modal import FormScreen

if TYPE_CHECKING:
    from ..interop import MergePlan, ParseResult
    from ..models import State
    from ..store import BackupInfo

#: How many skipped rows and warnings the import summary lists (the rest are counted).
SHOWN = 8
FORMAT_NAMES = {"linkedin": "LinkedIn export", "vcard": "vCard file"}


class ImportScreen(FormScreen[None]):
    """Import contacts from a file: the path, what it would do, then the import."""

    DEFAULT_CSS = (
        FORM_CSS
        + """
    ImportScreen .form-hint { color: $text-muted; height: auto; padding-left: 11; }
    ImportScreen #import-summary { height: auto; margin-top: 1; }
    ImportScreen #import-summary.-error { color: $error; text-style: bold; }
    """
    )

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "import", "Import"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: MergePlan | None = None
        self.parsed: ParseResult | None = None  # the file's contacts, as read for the plan
        self._planned_at: tuple[Path, int] | None = None  # (file, data version) planned

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static("Import contacts", classes="form-title")
            with Horizontal(classes="form-row"):
                yield Static("File", classes="form-label")
                yield TextInput(placeholder="~/Downloads/Connections.csv", id="import-path")
            yield Static(
                "A LinkedIn Connections.csv or a vCard (.vcf). enter shows what importing it "
                "would do; ctrl+s imports. Contacts already here are matched, not doubled.",
                classes="form-hint",
            )
            yield Static("", id="import-summary", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button("Import (ctrl+s)", id="import-go", variant="primary")
                yield Button("Cancel (esc)", id="import-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#import-go", Button).disabled = True
        self.query_one("#import-path", Input).focus()

    def path(self) -> Path | None:
        text = self.query_one("#import-path", Input).value.strip()
        return Path(text).expanduser() if text else None

    def say(self, text: str | Text, *, error: bool = False) -> None:
        """Show ``text`` under the path: plain text (it quotes the path and the file's
        own words)."""
        summary = self.query_one("#import-summary", Static)
        summary.update(plain(text, multiline=True) if isinstance(text, str) else text)
        summary.set_class(error, "-error")

    @on(Input.Changed, "#import-path")
    def _path_changed(self) -> None:
        self.plan = self.parsed = None
        self.query_one("#import-go", Button).disabled = True
        self.say("")

    @on(Input.Submitted, "#import-path")
    def _path_submitted(self) -> None:
        self.check()

    def check(self) -> None:
        """Read the file and plan the import (in a worker)."""
        path = self.path()
        if path is None:
            self.say("Type the path of the file to import.", error=True)
            return
        self.say(f"Reading {path.name}…")
        session = self.session
        self.run_worker(
            lambda: self._plan_in_thread(path, session.version),
            thread=True,
            group="import-plan",
            exclusive=True,
            exit_on_error=False,
        )

    def _plan_in_thread(self, path: Path, version: int) -> None:
        from .. import interop

        try:
            data = interop.read_import_file(path)
            fmt = interop.detect_format(data)
            if fmt == "json":
                raise interop.ImportFormatError(
                    "this is a habitnet JSON export; it replaces all your data, so it is "
                    f"imported from the command line: habitnet import {path}"
                )
            parsed = interop.parse_contacts(data, fmt)
            session = self.session
            with session.lock:
                plan = interop.plan_import(session.state, parsed, session.today())
        except interop.ImportReadError as exc:
            problem = str(exc)
            self.app.call_from_thread(self.say, f"{problem[:1].upper()}{problem[1:]}.", error=True)
            return
        except interop.ImportFormatError as exc:
            self.app.call_from_thread(self.say, f"{path.name}: {exc}", error=True)
            return
        self.app.call_from_thread(self._planned, path, version, parsed, plan)

    def _planned(self, path: Path, version: int, parsed: ParseResult, plan: MergePlan) -> None:
        if self.path() != path:
            return  # the path changed since: that one is checked when asked
        self.plan, self.parsed, self._planned_at = plan, parsed, (path, version)
        self.say(summary_text(path.name, plan))
        self.query_one("#import-go", Button).disabled = not plan.changes_anything

    def action_import(self) -> None:
        plan, parsed, path = self.plan, self.parsed, self.path()
        if plan is None or parsed is None or path is None:
            self.check()
            return
        if not plan.changes_anything:
            self.say(f"{path.name}: nothing to import; every contact in it is here already.")
            return
        if not self.app.writable("import contacts"):
            return
        from .. import interop

        session = self.session
        if self._planned_at != (path, session.version):  # the data changed meanwhile:
            plan = interop.plan_import(session.state, parsed, session.today())  # the same file
        new_state = interop.apply_plan(session.state, plan)
        session.replace_state(new_state, label=f"Reverted the import of {path.name}")
        self.app.notify(
            f"Imported {path.name} ({FORMAT_NAMES.get(plan.format, plan.format)}): "
            f"{plan.summary()}. u on Today undoes it.",
            title="Import",
            timeout=10,
            markup=False,
        )
        self.dismiss()

    @on(Button.Pressed, "#import-go")
    def _go(self) -> None:
        self.action_import()

    @on(Button.Pressed, "#import-cancel")
    def _cancel(self) -> None:
        self.action_cancel()


def summary_text(name: str, plan: MergePlan) -> Text:
    """What importing ``name`` would do, as plain text (the file's names never markup)."""
    what = FORMAT_NAMES.get(plan.format, plan.format)
    t = Text()
    t.append(f"{name} ({what}): {plan.summary()}.\n", style="bold")
    for label, items in (
        ("Skipped", [str(s) for s in plan.skipped]),
        ("Warnings", list(plan.warnings)),
    ):
        if not items:
            continue
        t.append(f"{label}:\n")
        for item in items[:SHOWN]:
            t.append(f"  {item}\n")
        if len(items) > SHOWN:
            t.append(f"  … and {len(items) - SHOWN} more\n")
    t.append(
        "ctrl+s imports them (u on Today undoes it)."
        if plan.changes_anything
        else "Nothing to import: every contact in it is here already."
    )
    return t


class RestoreScreen(FormScreen[None]):
    """Pick a backup; after a confirmation its data replaces the current data."""

    DEFAULT_CSS = (
        FORM_CSS
        + """
    RestoreScreen #backup-list { height: auto; max-height: 16; border: none; }
    RestoreScreen #restore-note { height: auto; margin-top: 1; color: $text-muted; }
    """
    )

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self) -> None:
        super().__init__()
        self.backups: list[BackupInfo] = []
        self.previous: BackupInfo | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form-box"):
            yield Static("Restore a backup", classes="form-title")
            yield Static("Reading the backups…", id="restore-note", markup=False)
            yield OptionList(id="backup-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#backup-list").display = False
        self.run_worker(self._read_in_thread, thread=True, exit_on_error=False)

    def _read_in_thread(self) -> None:
        from ..store import StoreError

        store = self.session.store
        try:
            found = store.backups()
            previous = store.previous()
        except (StoreError, OSError) as exc:
            self.app.call_from_thread(self._note, f"Cannot read the backups: {exc}")
            return
        self.app.call_from_thread(self._show, found, previous)

    def _note(self, text: str) -> None:
        """Show ``text`` above the list: plain text (it quotes paths and file names)."""
        self.query_one("#restore-note", Static).update(plain(text, multiline=True))

    def _show(self, found: list[BackupInfo], previous: BackupInfo | None) -> None:
        self.backups = [previous, *found] if previous is not None else list(found)
        self.previous = previous
        if not self.backups:
            self._note(
                f"No backups in {self.session.store.backup_dir} yet: habitnet keeps one a day "
                "as it saves, and the palette's Back up now takes one."
            )
            return
        olist = self.query_one("#backup-list", OptionList)
        olist.set_options(
            Option(self.describe(b), id=str(i), disabled=not b.valid)
            for i, b in enumerate(self.backups)
        )
        olist.display = True
        olist.highlighted = 0
        olist.focus()
        self._note(
            "enter restores the highlighted backup (after you confirm). What you have now "
            "is kept as the previous version, and u on Today undoes the restore."
        )

    def describe(self, backup: BackupInfo) -> Text:
        t = Text(f"{backup.created:%Y-%m-%d %H:%M}  {backup.name}")
        if backup is self.previous:
            t.append("  (the version the last save replaced)", style="dim")
        if not backup.valid:
            t.append(f"  unreadable: {backup.problem}", style="bold")
        return t

    @on(OptionList.OptionSelected, "#backup-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        backup = self.backups[int(event.option.id or 0)]
        self.run_worker(lambda: self._load_in_thread(backup), thread=True, exit_on_error=False)

    def _load_in_thread(self, backup: BackupInfo) -> None:
        from ..store import parse_state

        try:
            state, _version = parse_state(backup.path.read_bytes(), backup.path)
        except (ValueError, OSError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.app.call_from_thread(self._note, f"{backup.name} cannot be read: {first}")
            return
        self.app.call_from_thread(self._confirm, backup, state)

    def _confirm(self, backup: BackupInfo, state: State) -> None:
        from .forms.confirm import ConfirmScreen

        question = (
            f"Replace your data with the backup {backup.name} of "
            f"{backup.created:%a %d %b %Y %H:%M}? It holds {len(state.contacts)} contacts, "
            f"{len(state.activities)} activities and {len(state.journal)} journal entries. "
            "What you have now stays as the previous version; u on Today undoes it."
        )

        def answer(yes: bool | None) -> None:
            if yes:
                self.restore(backup, state)

        self.app.push_screen(ConfirmScreen(question, yes="Restore", no="Back"), answer)

    def restore(self, backup: BackupInfo, state: State) -> None:
        if not self.app.writable("restore a backup"):
            return
        self.session.replace_state(state, label=f"Reverted the restore of {backup.name}")
        self.app.notify(
            f"Restored {backup.name}. u on Today undoes it.",
            title="Restore",
            timeout=8,
            markup=False,
        )
        self.dismiss()
