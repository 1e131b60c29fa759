"""The demo's own folder: what may be written there, and writing it.

Demo data never mixes with the user's own: a folder receives the demo only when it holds
no data file or an earlier demo (``State.meta.demo``); a data file that is anything else,
or cannot be read (it may be someone's own data), is never replaced. The command line's
``habitnet demo`` and the welcome screen's "Try the demo" both go through here.
No Textual here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .clock import Clock
    from .models import State


class DemoFolderError(Exception):
    """The demo cannot go into a folder (said for the user)."""


def holds_demo(folder: Path, clock: Clock) -> bool:
    """True when ``folder`` holds a demo, False when it holds no data file. Raises
    DemoFolderError when it holds anything else: the demo never replaces it."""
    from .store import Store, StoreError

    store = Store(folder, clock, read_only=True)
    if not store.exists():
        return False
    try:
        existing = store.load()
    except (StoreError, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DemoFolderError(
            f"{folder} holds a data file that could not be read, so it may be your own "
            f"data; the demo never replaces it ({first})"
        ) from None
    if not existing.meta.demo:
        raise DemoFolderError(
            f"{folder} holds your own data, not a demo; the demo never replaces it"
        )
    return True


def write_demo(folder: Path, state: State, clock: Clock) -> Path:
    """Write ``state`` as ``folder``'s data file (made with its folder if need be), under
    the writer lock; its path. Raises DemoFolderError saying why it could not."""
    from .store import Store, StoreError

    store = Store(folder, clock)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with store.locked():
            store.save(state)
    except StoreError as exc:
        raise DemoFolderError(exc.one_line()) from None
    except OSError as exc:
        raise DemoFolderError(
            f"cannot write the demo into {folder}: {exc.strerror or exc}"
        ) from None
    return store.path
