"""Where the data folder is: ``--data-dir``, else ``$HABITNET_HOME``, else the platform's.

The standard library and platformdirs only: the ``habitnet`` command finds the data
folder before the app's first frame, before pydantic is loaded (:mod:`habitnet.entry`).
``habitnet.store.paths`` offers the same names to the store, beside its other paths.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "habitnet"
DATA_FILE = "habitnet.json"


def resolve_data_dir(cli_dir: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir``, else ``$HABITNET_HOME``, else the platform's user data folder."""
    if cli_dir:
        return Path(cli_dir).expanduser()
    env = os.environ.get("HABITNET_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
