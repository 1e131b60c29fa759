"""The one JSON data file: paths, atomic saves, the writer lock, backups, migrations."""

from .core import BackupInfo, DoctorReport, FileOps, Store, parse_state
from .errors import (
    ChangedOnDiskError,
    LockedError,
    LockUnavailableError,
    NewerSchemaError,
    ReadOnlyFileError,
    SaveError,
    StoreError,
    UnreadableFileError,
)
from .paths import config_dir, default_demo_dir, resolve_data_dir

__all__ = [
    "BackupInfo",
    "ChangedOnDiskError",
    "DoctorReport",
    "FileOps",
    "LockUnavailableError",
    "LockedError",
    "NewerSchemaError",
    "ReadOnlyFileError",
    "SaveError",
    "Store",
    "StoreError",
    "UnreadableFileError",
    "config_dir",
    "default_demo_dir",
    "parse_state",
    "resolve_data_dir",
]
