"""Where habitnet keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

# The data folder's rule lives where the command finds it before pydantic is loaded.
from ..locations import APP_NAME
from ..locations import DATA_FILE as DATA_FILE
from ..locations import resolve_data_dir as resolve_data_dir

LOCK_FILE = "habitnet.lock"
BACKUP_DIR = "backups"


DEMO_DIR = "demo"


def demo_dir_for(data_dir: Path) -> Path:
    """Where the demo of the data folder ``data_dir`` lives: its ``demo`` subfolder,
    apart from the user's own data (the welcome screen's demo)."""
    return Path(data_dir) / DEMO_DIR


def default_demo_dir() -> Path:
    """Where ``habitnet demo`` puts the demo without ``--data-dir``: the default data
    folder's (``$HABITNET_HOME/demo``, else the platform's user data folder's ``demo``),
    the same folder the welcome screen opens for that data folder."""
    return demo_dir_for(resolve_data_dir(None))


def config_dir() -> Path:
    """``$HABITNET_CONFIG``, else the platform's user config folder (user themes live here)."""
    env = os.environ.get("HABITNET_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
