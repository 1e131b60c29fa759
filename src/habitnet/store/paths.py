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


def default_demo_dir() -> Path:
    """The demo dataset lives apart from the user's own data: ``$HABITNET_HOME/demo``,
    else the platform's user data folder's ``demo``."""
    env = os.environ.get("HABITNET_HOME")
    if env:
        return Path(env).expanduser() / "demo"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo"


def config_dir() -> Path:
    """``$HABITNET_CONFIG``, else the platform's user config folder (user themes live here)."""
    env = os.environ.get("HABITNET_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
