"""The -H/--commit-header-file option's text, read where the command runs (typer-free)."""

from __future__ import annotations

from pathlib import Path


def read_header(value: str | None) -> str | None:
    """The -H/--commit-header-file text (`-` reads standard input)."""
    import sys

    if value is None:
        return None
    if value == "-":
        return sys.stdin.read()
    from rdotool.adapters.files import read_text

    return read_text(Path(value), "commit header file")
