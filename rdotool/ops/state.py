"""State of a multi-step command, kept in `.git/rdotool/state.json` of the distgit.

A command that changes a distgit (patch, new-version, fix) records what it is doing, the
step it is at and, in its journal (ops/journal.py), the prior state of every file and
ref it touches; `rdotool --continue`, `--abort` and `status` read it. It lives in .git
so it never shows in `git status`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Optional, TypeVar

from rdotool.adapters.files import read_text, write_atomic
from rdotool.errors import InputError

SCHEMA = 3

Command = Literal["patch", "new-version", "fix", "reqcheck-autosync", "uc-sync"]


@dataclass
class PlannedCommit:
    """The commit a command is about to make, recorded first so that a kill right after
    git made it is recognised (ops/journal.py `committed`)."""

    message: str
    head: str
    parents: list[str]
    sha: Optional[str] = None


@dataclass
class State:
    """A command in progress.

    (The dataclasses of the state spell `Optional[X]`: dacite evaluates their annotations,
    and Python 3.9 cannot evaluate `X | None`.)

    `data` is the command's own dataclass (new-version's NewVersionData, patch's
    PatchData, fix's FixData); it is stored as JSON and turned back into that dataclass,
    every field type-checked, by `typed()` when the command resumes.
    """

    command: Command
    step: str  # the next step to run
    branch: str  # the distgit branch it started on
    head: str  # HEAD when it started
    data: Any = None
    journal: list[dict[str, Any]] = field(default_factory=list)  # see ops/journal.py
    commit: Optional[PlannedCommit] = None


D = TypeVar("D")


def from_json(kind: type[D], value: Any, what: str) -> D:
    """`value` (JSON) as the dataclass `kind`; a field of the wrong type is an InputError."""
    import dacite

    try:
        return dacite.from_dict(
            kind,
            value,
            config=dacite.Config(strict=True, cast=[tuple, Enum]),
        )
    except (dacite.DaciteError, TypeError, ValueError) as exc:
        raise InputError(f"{what} has fields of the wrong shape ({exc})") from None


def typed(state: State, kind: type[D]) -> D:
    """The command's data as its dataclass, converted once (see State)."""
    if not isinstance(state.data, kind):
        state.data = from_json(kind, state.data or {}, f"the {state.command} state")
    return state.data


def state_dir(git_dir: Path) -> Path:
    return git_dir / "rdotool"


def state_path(git_dir: Path) -> Path:
    return state_dir(git_dir) / "state.json"


def load_state(git_dir: Path) -> State | None:
    """The command in progress, or None; a state file of the wrong shape is an InputError."""
    path = state_path(git_dir)
    if not path.exists() and not path.is_symlink():
        return None
    hint = f"check the distgit by hand, then remove {path}"
    text = read_text(path, "the state file")
    try:
        payload = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{path} is not valid JSON ({exc})", hint) from None
    if not isinstance(payload, dict) or payload.get("schema") != SCHEMA:
        raise InputError(f"{path} is not a state file of this rdotool version", hint)
    payload.pop("schema")
    data = payload.pop("data", None)
    if data is not None and not isinstance(data, dict):
        raise InputError(f"{path} has fields of the wrong shape: data", hint)
    try:
        state = from_json(State, payload, str(path))
    except InputError as exc:
        raise InputError(exc.message, hint) from None
    if not all(isinstance(entry, dict) for entry in state.journal):
        raise InputError(f"{path} has a journal of the wrong shape", hint)
    state.data = data
    return state


def save_state(git_dir: Path, state: State) -> None:
    path = state_path(git_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {path.parent}: {exc.strerror}") from None
    write_atomic(path, json.dumps({"schema": SCHEMA, **asdict(state)}, indent=2) + "\n")


def clear_state(git_dir: Path) -> None:
    state_path(git_dir).unlink(missing_ok=True)


def refuse_if_busy(git_dir: Path) -> None:
    """A new command that changes the distgit must not start over one in progress."""
    state = load_state(git_dir)
    if state is not None:
        raise InputError(
            f"rdotool {state.command} is in progress in this distgit (step: {state.step})",
            "finish it with `rdotool --continue` or undo it with `rdotool --abort`",
        )
