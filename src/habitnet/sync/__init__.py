"""Sync through git or a synced folder: every device writes only its own change logs,
and every device merges all of them the same way (see docs/SYNC.md).

This module is standard library only: the app asks :func:`enabled` before its first
frame, before pydantic is imported.
"""

from __future__ import annotations

from pathlib import Path

SYNC_DIR = "sync"


def sync_dir(data_dir: Path) -> Path:
    return Path(data_dir) / SYNC_DIR


def enabled(data_dir: Path) -> bool:
    """Whether the data folder syncs (has ``sync/devices/``)."""
    return (sync_dir(data_dir) / "devices").is_dir()
