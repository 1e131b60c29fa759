"""Where habitnet keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "habitnet"
DATA_FILE = "habitnet.json"
LOCK_FILE = "habitnet.lock"
BACKUP_DIR = "backups"


def resolve_data_dir(cli_dir: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir``, else ``$HABITNET_HOME``, else the platform's user data folder."""
    if cli_dir:
        return Path(cli_dir).expanduser()
    env = os.environ.get("HABITNET_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


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
