"""Running outside tools (rpmbuild, mock): argv only, never a shell; output to a log file."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from rdotool import signals
from rdotool.errors import ExternalError

LineCallback = Callable[[str], None]


class ToolMissingError(ExternalError):
    """The tool to run is not installed."""


def which(tool: str) -> str | None:
    return shutil.which(tool)


def run_logged(
    argv: Sequence[str],
    log_path: Path,
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    on_line: LineCallback | None = None,
) -> int:
    """Run argv with stdout+stderr appended to `log_path` line by line; return the exit code."""
    signals.checkpoint()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        process = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
    except FileNotFoundError as exc:
        raise ToolMissingError(f"{argv[0]} is not installed", f"install {argv[0]}") from exc
    assert process.stdout is not None
    with open(log_path, "a", encoding="utf-8") as log:
        for line in process.stdout:
            log.write(line)
            if on_line is not None:
                on_line(line.rstrip("\n"))
    return process.wait()


def run_captured(argv: Sequence[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run argv and capture its output (for short queries such as `rpm -q`)."""
    signals.checkpoint()
    try:
        return subprocess.run(list(argv), cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise ToolMissingError(f"{argv[0]} is not installed", f"install {argv[0]}") from exc


def tail(path: Path, lines: int = 25) -> list[str]:
    """The last lines of a log file ([] when it does not exist)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        return []
