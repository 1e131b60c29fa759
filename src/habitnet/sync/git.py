"""git as a sync engine: ``sync/`` is a repository; each device commits only its own
folder, so pulling never meets a merge conflict.

Every failure is a :class:`GitError` whose text is one line saying what happened and
what to do; nothing local is ever reset or thrown away (a rebase that fails is aborted,
leaving the device's commits as they were).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from . import logfile

BRANCH = "main"
REMOTE = "origin"
#: push attempts when others push between our fetch and our push
PUSH_TRIES = 3

_UNREACHABLE = (
    "could not resolve host",
    "unable to access",
    "connection refused",
    "connection timed out",
    "could not read from remote repository",
    "does not appear to be a git repository",
    "network is unreachable",
    "no such file or directory",
    "repository not found",
    "permission denied",
    "host key verification failed",
)
_REJECTED = ("[rejected]", "non-fast-forward", "fetch first", "failed to push some refs")


class GitError(Exception):
    """A one-line message for the user."""


def git_env() -> dict[str, str]:
    """The environment every git command of habitnet's runs in (:func:`run`, and the
    quick check of :mod:`habitnet.sync.quick`): it never waits on a terminal for a
    password, a key's passphrase or a host key, and speaks English."""
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"  # never wait for a password on a terminal
    env["LC_ALL"] = "C"  # messages we can recognise
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    return env


def run(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``git -C repo args…``; GitError (with git's last line) when it fails and ``check``."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            text=True,
            env=git_env(),
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (habitnet sync through git needs it)") from None
    if check and done.returncode != 0:
        raise GitError(last_line(done.stderr) or f"git {args[0]} failed")
    return done


def last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    for ln in reversed(lines):
        if ln.lower().startswith(("fatal:", "error:")):
            return ln.split(":", 1)[1].strip()
    return lines[-1] if lines else ""


def is_repo(sync_dir: Path) -> bool:
    return (sync_dir / ".git").exists()


def _unreachable(message: str, remote: str) -> GitError:
    return GitError(
        f"cannot reach {remote} ({message}); your changes are kept here and go with the "
        "next habitnet sync"
    )


def remote_url(sync_dir: Path) -> str | None:
    done = run(sync_dir, "remote", "get-url", REMOTE, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def configure(sync_dir: Path, device_name: str, device_id: str) -> None:
    """Settings local to this repository, so commits (and the rebase that puts them
    after the remote's) never wait for a user identity or a signing passphrase, nor
    fail for want of one."""
    for key, value in (
        ("user.name", f"habitnet ({device_name})"),
        ("user.email", f"{device_id}@habitnet.invalid"),
        ("commit.gpgsign", "false"),
        ("core.autocrlf", "false"),
    ):
        run(sync_dir, "config", key, value)


def configured(sync_dir: Path) -> bool:
    """Whether :func:`configure` has set this repository up."""
    done = run(sync_dir, "config", "--local", "--get", "user.email", check=False)
    return done.stdout.strip().endswith("@habitnet.invalid")


def _remote_branch(sync_dir: Path) -> str | None:
    """The remote branch this repository follows, if the remote has one."""
    done = run(
        sync_dir, "rev-parse", "--verify", "-q", f"refs/remotes/{REMOTE}/{BRANCH}", check=False
    )
    return BRANCH if done.returncode == 0 else None


def _foreign_files(sync_dir: Path, ref: str) -> list[str]:
    """Top-level names in ``ref`` that are not habitnet's (an unrelated repository)."""
    done = run(sync_dir, "ls-tree", "--name-only", ref)
    return [n for n in done.stdout.split() if n not in (logfile.DEVICES, ".gitattributes")]


def init(sync_dir: Path, remote: str) -> None:
    """Make ``sync_dir`` a repository following ``remote`` (an empty repository, or one
    another device of this user's set up)."""
    sync_dir.mkdir(parents=True, exist_ok=True)
    if not is_repo(sync_dir):
        run(sync_dir, "init", "-q")
        run(sync_dir, "symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
    have = remote_url(sync_dir)
    if have is None:
        run(sync_dir, "remote", "add", REMOTE, remote)
    elif have != remote:
        raise GitError(
            f"{sync_dir} already syncs with {have}; to use {remote} instead run "
            f"git -C {sync_dir} remote set-url origin {remote}"
        )
    fetch(sync_dir, remote)
    if _remote_branch(sync_dir) is not None:
        foreign = _foreign_files(sync_dir, f"{REMOTE}/{BRANCH}")
        if foreign:
            raise GitError(
                f"{remote} holds other files ({', '.join(foreign[:3])}), not habitnet sync "
                "data; use an empty repository"
            )
        head = run(sync_dir, "rev-parse", "--verify", "-q", "HEAD", check=False)
        if head.returncode != 0:
            run(sync_dir, "reset", "-q", f"{REMOTE}/{BRANCH}")  # no commits yet: take theirs
            run(sync_dir, "checkout", "-q", "--", ".")
        run(sync_dir, "branch", "-q", f"--set-upstream-to={REMOTE}/{BRANCH}", check=False)


def fetch(sync_dir: Path, remote: str | None = None) -> bool:
    """Fetch; True when the remote branch moved."""
    before = run(
        sync_dir, "rev-parse", "-q", "--verify", f"refs/remotes/{REMOTE}/{BRANCH}", check=False
    )
    done = run(sync_dir, "fetch", "-q", REMOTE, check=False)
    if done.returncode != 0:
        msg = last_line(done.stderr)
        if any(m in msg.lower() for m in _UNREACHABLE) or "couldn't find remote ref" in msg.lower():
            if "couldn't find remote ref" in msg.lower():
                return False
            raise _unreachable(msg, remote or remote_url(sync_dir) or REMOTE)
        raise GitError(f"git fetch failed: {msg}")
    after = run(
        sync_dir, "rev-parse", "-q", "--verify", f"refs/remotes/{REMOTE}/{BRANCH}", check=False
    )
    return before.stdout.strip() != after.stdout.strip()


def commit_own(sync_dir: Path, device_id: str, message: str) -> bool:
    """Commit this device's folder (and only it); True when there was something."""
    own = f"{logfile.DEVICES}/{device_id}"
    if not (sync_dir / own).exists():
        return False
    run(sync_dir, "add", "-A", "--", own)
    staged = run(sync_dir, "diff", "--cached", "--quiet", check=False)
    if staged.returncode == 0:
        return False
    run(sync_dir, "commit", "-q", "--no-verify", "-m", message)
    return True


def integrate(sync_dir: Path) -> bool:
    """Put this device's commits on top of the remote's (never a conflict: no two
    devices write one file). True when that brought others' commits."""
    if _remote_branch(sync_dir) is None:
        return False
    ref = f"{REMOTE}/{BRANCH}"
    head = run(sync_dir, "rev-parse", "-q", "--verify", "HEAD", check=False)
    if head.returncode != 0:
        run(sync_dir, "reset", "-q", ref)
        run(sync_dir, "checkout", "-q", "--", ".")
        return True
    behind = run(sync_dir, "rev-list", "--count", f"HEAD..{ref}").stdout.strip()
    if behind == "0":
        return False
    base = run(sync_dir, "merge-base", "HEAD", ref, check=False)
    if base.returncode != 0:
        raise GitError(
            f"the remote's history is unrelated to this copy's (was it made anew?); your "
            f"data here is safe: move {sync_dir} aside and run habitnet sync init again"
        )
    # --autostash: the app may be writing this device's files meanwhile (never others')
    done = run(sync_dir, "rebase", "-q", "--autostash", ref, check=False)
    if done.returncode != 0:
        run(sync_dir, "rebase", "--abort", check=False)
        raise GitError(
            f"could not put this device's changes after the remote's ({last_line(done.stderr)}); "
            f"nothing was lost: see git -C {sync_dir} status"
        )
    return True


def ahead(sync_dir: Path) -> int:
    """Commits here that the remote does not have (all of them when it has none)."""
    if _remote_branch(sync_dir) is None:
        done = run(sync_dir, "rev-list", "--count", "HEAD", check=False)
    else:
        done = run(sync_dir, "rev-list", "--count", f"{REMOTE}/{BRANCH}..HEAD", check=False)
    try:
        return int(done.stdout.strip() or 0)
    except ValueError:
        return 0


def push(sync_dir: Path) -> str:
    """Push; ``"ok"``, or ``"rejected"`` when the remote moved meanwhile (fetch,
    integrate and push again). Raises GitError otherwise."""
    done = run(sync_dir, "push", "-q", REMOTE, f"HEAD:refs/heads/{BRANCH}", check=False)
    if done.returncode == 0:
        return "ok"
    text = done.stderr.lower()
    if any(m in text for m in _REJECTED):
        return "rejected"
    msg = last_line(done.stderr)
    if any(m in msg.lower() for m in _UNREACHABLE):
        raise _unreachable(msg, remote_url(sync_dir) or REMOTE)
    raise GitError(f"git push failed: {msg}")
