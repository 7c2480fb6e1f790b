"""State of a multi-step command, kept in `.git/rdotool/state.json` of the distgit.

A command that can stop half-way (new-version on a rebase conflict or Ctrl-C, fix while
the packager edits) records what it was doing and what to restore; `rdotool --continue`
and `rdotool --abort` read it. It lives in .git so it never shows in `git status`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdotool.adapters.files import write_atomic
from rdotool.errors import InputError

SCHEMA = 1


@dataclass
class State:
    """A command in progress."""

    command: str  # new-version, fix
    step: str  # the next step to run
    branch: str  # the distgit branch it started on
    head: str  # HEAD when it started
    data: dict[str, Any] = field(default_factory=dict)


def state_path(git_dir: Path) -> Path:
    return git_dir / "rdotool" / "state.json"


def load_state(git_dir: Path) -> State | None:
    """The command in progress, or None."""
    path = state_path(git_dir)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload.pop("schema", None) != SCHEMA:
            raise ValueError("unknown schema")
        return State(**payload)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as exc:
        raise InputError(
            f"{path} is not a state file rdotool can read ({exc})",
            f"remove it (rm {path}) after checking the distgit by hand",
        ) from exc


def save_state(git_dir: Path, state: State) -> None:
    path = state_path(git_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps({"schema": SCHEMA, **asdict(state)}, indent=2) + "\n")


def clear_state(git_dir: Path) -> None:
    state_path(git_dir).unlink(missing_ok=True)


def refuse_if_busy(git_dir: Path) -> None:
    """A new multi-step command must not start over one in progress."""
    state = load_state(git_dir)
    if state is not None:
        raise InputError(
            f"rdotool {state.command} is in progress in this distgit (step: {state.step})",
            "finish it with `rdotool --continue` or undo it with `rdotool --abort`",
        )
