"""Store errors. ``str(error)`` is always a complete message a person can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class of everything the store raises on purpose."""

    def one_line(self) -> str:
        """The message on one line (for the command line's standard error)."""
        return " ".join(part.strip() for part in str(self).splitlines() if part.strip())


class LockedError(StoreError):
    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


class LockUnavailableError(StoreError):
    """The writer lock cannot be taken for a reason other than another habitnet holding
    it: the folder is not writable, the disk is full, the file system has no locks."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.reason = error.strerror or str(error)
        super().__init__(
            f"the writer lock {path} cannot be taken: {self.reason}. Nothing was changed. "
            f"Make {path.parent} writable (or free some space), then try again; the data "
            "can still be opened read-only."
        )


class ReadOnlyFileError(StoreError):
    """The data file is read-only: habitnet does not replace it."""


class UnreadableFileError(StoreError):
    """The data file does not parse or validate. It is never overwritten."""

    def __init__(
        self,
        path: Path,
        problem: str,
        newest_backup: Path | None,
        *,
        backup_problem: str | None = None,
    ) -> None:
        self.path = path
        self.problem = problem
        self.newest_backup = newest_backup
        if backup_problem is not None:
            advice = f"No backup could be looked for either: {backup_problem}"
        elif newest_backup is not None:
            advice = (
                f"The newest good backup is {newest_backup}.\n"
                f"To restore it (the bad file is kept aside): "
                f"habitnet --data-dir {path.parent} backup restore"
            )
        else:
            advice = (
                "No good backup was found. Fix the file by hand, or move it away to start afresh."
            )
        self.advice = advice
        super().__init__(
            f"Cannot read {path}:\n{problem}\nThe file has not been changed.\n{advice}"
        )

    def one_line(self) -> str:
        problems = [p.strip() for p in self.problem.splitlines() if p.strip()]
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        advice = " ".join(part.strip() for part in self.advice.splitlines())
        return (
            f"cannot read {self.path}: {'; '.join(problems[:3])}{more}. "
            f"The file has not been changed. {advice}"
        )


class NewerSchemaError(StoreError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"{path} was written by a newer habitnet (schema {found}; this one knows up "
            f"to {supported}). It has not been changed. Upgrade habitnet to open it."
        )


class SaveError(StoreError):
    """Saving failed; the previous file is intact and the in-memory state is kept."""

    def __init__(self, path: Path, reason: str, *, replaced: bool = False) -> None:
        self.path = path
        self.reason = reason
        #: True when the new file was already in place and only syncing it failed.
        self.replaced = replaced
        if replaced:
            super().__init__(
                f"Saved {path}, but could not confirm it is safely on disk: {reason}. "
                "Your changes are kept in memory; retry the save."
            )
        else:
            super().__init__(
                f"Could not save {path}: {reason}. The previous file is intact and your "
                "changes are kept in memory; free some space or fix the permission, then retry."
            )


class ChangedOnDiskError(SaveError):
    """The data file on disk is not the one this process read or last wrote; it was
    not overwritten. The session reloads it and re-applies its own changes on top."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reason = "it was changed on disk since habitnet read it"
        self.replaced = False
        StoreError.__init__(
            self,
            f"{path} was changed on disk by another program since habitnet read it; "
            "it has not been overwritten.",
        )
