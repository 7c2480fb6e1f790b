"""Editing `source-branch` pins in an rdoinfo tags file, line by line.

rdoinfo's tags files are written by tools in one shape:

    - project: oslo-config
      tags:
        epoxy:
          source-branch: 9.7.1

Only the pin line of each changed project is replaced (or added under its tag), so
comments, order and formatting of everything else stay byte for byte; the result is
parsed again to check every pin reads back as intended.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from rdotool.errors import InputError

_PROJECT = re.compile(r"^- project:\s*['\"]?(?P<project>[^'\"#\s]+)")


def yaml_scalar(value: str) -> str:
    """The value as YAML writes it so it reads back as this string (5.10 needs quotes)."""
    import yaml

    loaded = yaml.safe_load(f"k: {value}")
    return value if isinstance(loaded, dict) and loaded.get("k") == value else f"'{value}'"


def pinned_text(path: Path, text: str, tag: str, pins: Mapping[str, str]) -> tuple[str, list[str]]:
    """The tags file `text` (read from `path`) with the pins set, and the projects changed;
    nothing is written (so --dry-run never touches the checkout)."""
    lines = text.splitlines(keepends=True)
    changed: list[str] = []
    project: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _PROJECT.match(line)
        if match:
            project = match.group("project")
        elif (
            project is not None
            and project in pins
            and re.match(rf"^    {re.escape(tag)}:\s*(#.*)?$", line.rstrip("\n"))
        ):
            value = f"      source-branch: {yaml_scalar(pins[project])}\n"
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if following.startswith("      source-branch:"):
                if following != value:
                    lines[index + 1] = value
                    changed.append(project)
            else:
                lines.insert(index + 1, value)
                changed.append(project)
            project = None
        index += 1
    text = "".join(lines)
    _verify(path, text, tag, pins, changed)
    return text, changed


def _verify(path: Path, text: str, tag: str, pins: Mapping[str, str], changed: list[str]) -> None:
    import yaml

    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    found = {}
    for entry in data.get("packages") or []:
        override = (entry.get("tags") or {}).get(tag)
        if entry.get("project") in pins and isinstance(override, dict):
            found[entry["project"]] = str(override.get("source-branch"))
    for project in changed:
        if found.get(project) != pins[project]:
            raise InputError(
                f"{path}: could not set the {tag} pin of {project} to {pins[project]}",
                "its entry is not in the usual '- project: / tags: / TAG:' shape; edit it by hand",
            )
