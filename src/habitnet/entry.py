"""The ``habitnet`` command: the app without waiting for what its first frame does not need.

``habitnet`` alone, or with only ``--data-dir DIR``, opens the app: this module imports
no more than the app's first frame needs (Textual and the app's shell); pydantic, the
models and the engine load after that frame, in the app's loading thread.
``habitnet status`` answers from the glance file when it is current
(:mod:`habitnet.status`), and ``habitnet sync`` with nothing to do says so without
loading the data (:mod:`habitnet.sync.quick`). Everything else — the other commands,
``--help``, ``--version``, another spelling of an option, a mistake — goes to
:func:`habitnet.cli.main`, which parses the arguments and reports errors as it always has.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from .clock import Clock, SystemClock

DATA_DIR = "--data-dir"


def _split_data_dir(args: Sequence[str]) -> tuple[str | None, list[str]] | None:
    """``(DIR, the other arguments)`` for one ``--data-dir DIR`` or ``--data-dir=DIR``
    in ``args`` (``DIR`` None when there is none); None when it is given twice, has no
    value or an empty one: the CLI then says what is wrong."""
    value: str | None = None
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == DATA_DIR or arg.startswith(DATA_DIR + "="):
            if value is not None:
                return None
            if arg == DATA_DIR:
                if i + 1 >= len(args):
                    return None
                value = args[i + 1]
                i += 1
            else:
                value = arg[len(DATA_DIR) + 1 :]
            if not value or value.startswith("-"):
                return None
        else:
            rest.append(arg)
        i += 1
    return value, rest


def app_data_dir(args: Sequence[str]) -> Path | None:
    """The data folder when ``args`` only open the app (nothing, or ``--data-dir DIR``);
    None for anything else."""
    split = _split_data_dir(args)
    if split is None or split[1]:
        return None
    from .locations import resolve_data_dir

    return resolve_data_dir(split[0])


def _status_fast(args: Sequence[str], clock: Clock, out: IO[str]) -> int | None:
    """``habitnet [--data-dir DIR] status [--json] [--plain] [--data-dir DIR]`` from the
    glance file: the exit code, or None when the full command must answer."""
    split = _split_data_dir(args)
    if split is None or split[1][:1] != ["status"]:
        return None
    options = split[1][1:]
    if any(o not in ("--json", "--plain") for o in options):
        return None
    from . import status
    from .locations import resolve_data_dir
    from .sync import enabled

    data_dir = resolve_data_dir(split[0])
    if enabled(data_dir):
        # The data is the data file merged with every device's change logs: the glance
        # file's stamp (the data file's identity) cannot tell when a log has arrived;
        # the sync stamp can (what the data file was merged with).
        from .sync.quick import has_news

        if has_news(data_dir):
            return None
    return status.answer_from_glance(
        data_dir,
        clock.today(),
        out,
        as_json="--json" in options,
        plain="--plain" in options,
    )


def _sync_idle(args: Sequence[str], out: IO[str]) -> int | None:
    """``habitnet [--data-dir DIR] sync`` with nothing to do, answered without loading
    the data (:func:`habitnet.sync.quick.idle`); None when the full command must run."""
    split = _split_data_dir(args)
    if split is None or split[1] != ["sync"]:
        return None
    from .locations import resolve_data_dir
    from .sync import quick

    if not quick.idle(resolve_data_dir(split[0])):
        return None
    out.write("Up to date.\n")
    return 0


def main(
    argv: Sequence[str] | None = None,
    *,
    clock: Clock | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line; returns the exit code (never calls ``sys.exit``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    clock = clock if clock is not None else SystemClock()
    data_dir = app_data_dir(args)
    if data_dir is not None:
        from .app import run_app

        try:
            return run_app(data_dir, clock)
        except KeyboardInterrupt:
            (stderr or sys.stderr).write("habitnet: interrupted\n")
            return 130
    code = _status_fast(args, clock, stdout or sys.stdout)
    if code is None:
        code = _sync_idle(args, stdout or sys.stdout)
    if code is not None:
        return code
    from .cli import main as cli_main

    return cli_main(args, clock=clock, stdout=stdout, stderr=stderr)


def entry() -> None:
    """The console script: exit with :func:`main`'s code."""
    sys.exit(main())
