"""The ``habitnet`` command's entry: the app opens without pydantic, every command works."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from habitnet import cli, entry
from habitnet.clock import FixedClock

#: What the app's first frame must do without: imported later, in the loading thread
#: (the forms and the welcome when first needed).
HEAVY = (
    "pydantic",
    "habitnet.models",
    "habitnet.engine",
    "habitnet.store",
    "habitnet.cli",
    "habitnet.screens.welcome",
    "habitnet.screens.forms",
)

FIRST_FRAME = textwrap.dedent(
    """
    import asyncio, importlib.abc, sys
    HEAVY = {heavy!r}

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if any(name == h or name.startswith(h + ".") for h in HEAVY):
                raise ImportError("not before the first frame: " + name)
            return None

    sys.meta_path.insert(0, Block())
    from habitnet import entry
    from habitnet.app import create_app  # what entry.main runs: app.run_app(...)
    from habitnet.clock import DEMO_NOW, FixedClock

    app = create_app(entry.app_data_dir(["--data-dir", {data_dir!r}]), FixedClock(DEMO_NOW))

    async def main():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            loading = app.screen.query_one("#loading")
            print("screen", type(app.screen).__name__, loading.display, app.session is None)
            print("loaded", sorted(m for m in sys.modules if m.split(".")[0] == "pydantic"))
            app.exit()

    asyncio.run(main())
    """
)


def test_the_app_draws_its_first_frame_without_pydantic_the_models_or_the_engine(
    demo_dir: Path,
) -> None:
    """In a fresh interpreter where they cannot be imported at all, the app still draws
    Today's first frame (the loading line); only its loading thread asks for them."""
    script = FIRST_FRAME.format(heavy=HEAVY, data_dir=str(demo_dir))
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert "screen TodayScreen True True" in lines, proc.stdout
    assert "loaded []" in lines


def test_app_data_dir_only_for_the_app_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HABITNET_HOME", str(tmp_path / "home"))
    assert entry.app_data_dir([]) == tmp_path / "home"
    assert entry.app_data_dir(["--data-dir", "/x/y"]) == Path("/x/y")
    assert entry.app_data_dir(["--data-dir=/x/y"]) == Path("/x/y")
    for args in (
        ["status"],
        ["--data-dir"],
        ["--data-dir", ""],
        ["--data-dir=", "status"],
        ["--data-dir", "/a", "--data-dir", "/b"],
        ["--help"],
        ["--version"],
        ["--data", "/x"],
        ["/x"],
    ):
        assert entry.app_data_dir(args) is None, args


def subcommands() -> list[str]:
    parser = cli.build_parser(io.StringIO(), io.StringIO())
    (sub,) = [a for a in parser._actions if a.dest == "command"]  # argparse's own list
    return sorted(sub.choices)  # type: ignore[arg-type]


def test_every_subcommand_and_help_go_through_to_the_cli(
    monkeypatch: pytest.MonkeyPatch, clock: FixedClock
) -> None:
    names = subcommands()
    assert {"status", "log", "checkin", "journal", "import", "export", "demo"} <= set(names)
    calls: list[list[str]] = []

    def fake(argv: list[str], **kw: Any) -> int:
        calls.append(list(argv))
        return 7

    monkeypatch.setattr(cli, "main", fake)
    for args in (["--help"], ["--version"], ["frobnicate"], ["--data", "x"], *[[n] for n in names]):
        if args == ["status"]:
            continue  # the fast path first (tested in test_status.py)
        calls.clear()
        assert entry.main(args, clock=clock) == 7
        assert calls == [args]


def test_help_and_every_subcommands_help_through_the_entry(clock: FixedClock) -> None:
    for args in (["--help"], *[[n, "--help"] for n in subcommands()]):
        out, err = io.StringIO(), io.StringIO()
        assert entry.main(args, clock=clock, stdout=out, stderr=err) == 0, (args, err.getvalue())
        want = "usage: habitnet" + (f" {args[0]}" if args[0] != "--help" else "")
        assert out.getvalue().startswith(want), (args, out.getvalue()[:200])
    out = io.StringIO()
    assert entry.main(["--version"], clock=clock, stdout=out) == 0
    assert out.getvalue().strip().startswith("habitnet ")
    err = io.StringIO()
    assert entry.main(["frobnicate"], clock=clock, stdout=io.StringIO(), stderr=err) == 2
    assert "invalid choice" in err.getvalue()
