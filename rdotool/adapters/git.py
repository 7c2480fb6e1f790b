"""Git, through GitPython (imported only when a command really talks to git).

`read_head_commit` reads `.git` directly instead: it is on the warm path of every
rdoinfo query, where importing GitPython would cost more than the whole query.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdotool.errors import ExternalError

# (stage, done, total or None) -> None; stage is e.g. "receiving objects"
ProgressCallback = Callable[[str, float, float | None], None]

# Never prompt for credentials, and give up on a stalled transfer instead of hanging.
GIT_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_HTTP_LOW_SPEED_LIMIT": "1000",
    "GIT_HTTP_LOW_SPEED_TIME": "30",
}


class GitError(ExternalError):
    """A git operation failed."""


def git_dir(path: Path) -> Path | None:
    """The git directory of a work tree (following a `.git` file), or None."""
    dotgit = path / ".git"
    if dotgit.is_dir():
        return dotgit
    if dotgit.is_file():
        text = dotgit.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            target = Path(text[len("gitdir:") :].strip())
            return target if target.is_absolute() else (path / target).resolve()
    return None


def read_head_commit(path: Path) -> str | None:
    """The commit HEAD points at, read from the files of `.git` (no subprocess)."""
    gdir = git_dir(path)
    if gdir is None:
        return None
    try:
        head = (gdir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not head.startswith("ref:"):
        return head or None
    ref = head[len("ref:") :].strip()
    try:
        return (gdir / ref).read_text(encoding="utf-8").strip() or None
    except OSError:
        pass
    try:
        packed = (gdir / "packed-refs").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in packed.splitlines():
        sha, _, name = line.partition(" ")
        if name == ref:
            return sha
    return None


def _reason(exc: Exception, relay: Any = None) -> str:
    """The line of a failed git command's stderr that says what went wrong.

    With a progress handler, GitPython hands git's stderr to the handler (its
    `error_lines`) instead of the exception, so both are looked at.
    """
    stderr = str(getattr(exc, "stderr", "") or "")
    lines: list[str] = list(getattr(relay, "error_lines", []) or [])  # first in git's output
    lines += [ln.strip().strip("'").strip() for ln in stderr.splitlines() if ln.strip()]
    fatal = [ln for ln in lines if ln.startswith(("fatal:", "error:"))]
    # git's first fatal line names the cause; later ones are generic
    line = fatal[0] if fatal else (lines or [str(exc).strip().splitlines()[-1]])[-1]
    for prefix in ("stderr:", "fatal:", "error:"):
        line = line.removeprefix(prefix).strip()
    return line


def _progress(callback: ProgressCallback | None) -> Any:
    """A GitPython progress handler relaying to `callback` (and keeping git's errors)."""
    import git

    stages = {
        git.RemoteProgress.COUNTING: "counting objects",
        git.RemoteProgress.COMPRESSING: "compressing objects",
        git.RemoteProgress.RECEIVING: "receiving objects",
        git.RemoteProgress.RESOLVING: "resolving deltas",
        git.RemoteProgress.CHECKING_OUT: "checking out files",
    }

    class _Relay(git.RemoteProgress):
        def update(
            self, op_code: int, cur_count: Any, max_count: Any = None, message: str = ""
        ) -> None:
            if callback is None:
                return
            stage = stages.get(op_code & git.RemoteProgress.OP_MASK, "working")
            callback(stage, float(cur_count or 0), float(max_count) if max_count else None)

    return _Relay()


def _env() -> dict[str, str]:
    return {**os.environ, **GIT_ENV}


def clone(url: str, dest: Path, progress: ProgressCallback | None = None) -> None:
    """Clone `url` into `dest` (which must not exist)."""
    import git

    relay = _progress(progress)
    try:
        git.Repo.clone_from(url, str(dest), progress=relay, env=_env())
    except git.GitCommandError as exc:
        raise GitError(f"git clone of {url} failed: {_reason(exc, relay)}") from exc


def fetch_and_reset(path: Path, progress: ProgressCallback | None = None) -> None:
    """Fetch `origin` and move the checked-out branch to what it tracks (a read-only mirror)."""
    import git

    relay = _progress(progress)
    try:
        repo = git.Repo(str(path))
        with repo.git.custom_environment(**GIT_ENV):
            origin = repo.remotes.origin
            origin.fetch(progress=relay, prune=True)
            tracking = None if repo.head.is_detached else repo.active_branch.tracking_branch()
            target = tracking.commit if tracking is not None else origin.refs.HEAD.commit
            repo.head.reset(target, index=True, working_tree=True)
    except (git.GitCommandError, ValueError, IndexError, AttributeError) as exc:
        url = _origin_url(path)
        raise GitError(f"git fetch of {url} failed: {_reason(exc, relay)}") from exc


def _origin_url(path: Path) -> str:
    import git

    try:
        return str(git.Repo(str(path)).remotes.origin.url)
    except Exception:  # only used to word an error message
        return str(path)
