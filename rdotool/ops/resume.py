"""`rdotool --continue`, `--abort` and `status`: whatever command is in progress."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdotool.adapters.git import Repo
from rdotool.errors import InputError
from rdotool.ops import state as states
from rdotool.ops.context import RunContext

if TYPE_CHECKING:
    from rdotool.ops.fix import FixResult
    from rdotool.ops.new_version import NewVersionResult
    from rdotool.ops.patch import PatchResult


@dataclass(frozen=True)
class Status:
    """The command in progress in a distgit, if any."""

    command: str | None
    step: str | None = None
    branch: str | None = None
    rebase_in_progress: bool = False
    rebase_worktree: str | None = None  # where new-version's stopped rebase waits
    bisect: str | None = None  # `rdotool bisect` in progress (it has its own --continue)


def status(path: Path) -> Status:
    from rdotool.ops.bisect import bisect_in_progress

    repo = Repo(path)
    bisecting = bisect_in_progress(repo)
    state = states.load_state(repo.git_dir)
    if state is None:
        return Status(None, rebase_in_progress=repo.rebase_in_progress(), bisect=bisecting)
    from rdotool.ops.new_version import rebase_worktree

    worktree = rebase_worktree(repo)
    if worktree.exists() and Repo(worktree).rebase_in_progress():
        return Status(state.command, state.step, state.branch, True, str(worktree), bisecting)
    return Status(
        state.command, state.step, state.branch, repo.rebase_in_progress(), bisect=bisecting
    )


def _in_progress(path: Path) -> states.State:
    state = states.load_state(Repo(path).git_dir)
    if state is None:
        raise InputError("no rdotool command is in progress here", "nothing to continue or abort")
    return state


# one-step commands (ops/journal.py `journaled`): nothing to resume but a made commit
ONE_STEP = ("reqcheck-autosync", "uc-sync")


@dataclass(frozen=True)
class Settled:
    """What --continue did to a one-step command a kill left behind."""

    commit: str | None
    message: str


@dataclass(frozen=True)
class Continued:
    """`rdotool --continue`: the command that was resumed and its own result."""

    command: states.Command
    result: NewVersionResult | PatchResult | FixResult | Settled


def continue_command(run: RunContext, path: Path) -> Continued:
    """Resume the command in progress from the step it stopped at."""
    state = _in_progress(path)
    if state.command in ONE_STEP:
        from rdotool.ops.journal import settle

        repo = Repo(path)
        sha = settle(repo, state.command)
        if sha is None:
            return Continued(
                state.command, Settled(None, f"{state.command} was undone; run it again")
            )
        return Continued(state.command, Settled(sha, repo.head_message()))
    if state.command == "new-version":
        from rdotool.ops.new_version import resume

        return Continued(state.command, resume(run, path))
    if state.command == "fix":
        from rdotool.ops.fix import finish_fix

        return Continued(state.command, finish_fix(path))
    from rdotool.ops.patch import resume_patch

    return Continued(state.command, resume_patch(run, path))


def abort_command(path: Path) -> str:
    """Undo the command in progress; returns a sentence saying what was restored."""
    state = _in_progress(path)
    if state.command in ONE_STEP:
        from rdotool.ops.journal import Journal

        restored = Journal.resume(Repo(path), state.command).rollback()
        return f"{state.command} aborted: {', '.join(restored) or 'nothing'} as before"
    if state.command == "new-version":
        from rdotool.ops.new_version import abort

        return abort(path)
    if state.command == "fix":
        from rdotool.ops.fix import abort_fix

        return abort_fix(path)
    from rdotool.ops.patch import abort_patch

    return abort_patch(path)
