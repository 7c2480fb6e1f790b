"""State of a multi-step command, kept in `.git/rdotool/state.json` of the distgit.

A command that changes a distgit (patch, new-version, fix) records what it is doing, the
step it is at and, in its journal (ops/journal.py), the prior state of every file and
ref it touches; `rdotool --continue`, `--abort` and `status` read it. It lives in .git
so it never shows in `git status`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdotool.adapters.files import read_text, write_atomic
from rdotool.errors import InputError

SCHEMA = 2


@dataclass
class State:
    """A command in progress."""

    command: str  # patch, new-version, fix
    step: str  # the next step to run
    branch: str  # the distgit branch it started on
    head: str  # HEAD when it started
    data: dict[str, Any] = field(default_factory=dict)
    journal: list[dict[str, Any]] = field(default_factory=list)  # see ops/journal.py


_FIELDS: dict[str, type] = {
    "command": str,
    "step": str,
    "branch": str,
    "head": str,
    "data": dict,
    "journal": list,
}


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
    wrong = [
        name
        for name, kind in _FIELDS.items()
        if not isinstance(payload.get(name, [] if name == "journal" else None), kind)
    ]
    if wrong or set(payload) - set(_FIELDS):
        fields = ", ".join(wrong or sorted(set(payload) - set(_FIELDS)))
        raise InputError(f"{path} has fields of the wrong shape: {fields}", hint)
    if not all(isinstance(entry, dict) for entry in payload.get("journal", [])):
        raise InputError(f"{path} has a journal of the wrong shape", hint)
    return State(**payload)


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
