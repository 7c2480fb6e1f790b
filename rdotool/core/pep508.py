"""Python requirement lines (PEP 508) as requirements.txt and upper-constraints.txt write
them: the one reader of those lines and the one marker environment.

A line is read after its comment (`#` at the start or after a blank) is cut off; empty
lines and pip options (`-r`, `-c`, `-e`, `--hash`) are not requirements. Markers are
evaluated for an RPM build on Linux with the target's Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rdotool.errors import InputError

_COMMENT = re.compile(r"\s#|^#")


@dataclass(frozen=True)
class RequirementLine:
    """One requirement line, parsed (`requirement` is packaging's Requirement)."""

    number: int  # 1-based line number
    text: str  # the line without its comment, blanks collapsed
    requirement: Any

    @property
    def marker(self) -> str | None:
        return str(self.requirement.marker) if self.requirement.marker else None


def marker_environment(python_version: str) -> dict[str, str]:
    """The PEP 508 environment of an RPM build on Linux for `python_version` (X.Y)."""
    return {
        "python_version": python_version,
        "python_full_version": f"{python_version}.0",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "os_name": "posix",
        "platform_machine": "x86_64",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "extra": "",
    }


def marker_holds(marker: str | None, python_version: str) -> bool:
    """Whether a line with this marker (None: no marker) applies to `python_version`."""
    if marker is None:
        return True
    from packaging.markers import Marker

    return bool(Marker(marker).evaluate(marker_environment(python_version)))


def requirement_lines(text: str, source: str, strict: bool = True) -> Iterator[RequirementLine]:
    """The requirement lines of `text`; a line packaging cannot parse is an InputError
    naming `source` and the line, or (strict=False) skipped."""
    from packaging.requirements import InvalidRequirement, Requirement

    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(_COMMENT.split(raw, maxsplit=1)[0].split())
        if not line or line.startswith("-"):
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement as exc:
            if not strict:
                continue
            raise InputError(f"{source}:{number}: cannot parse {raw.strip()!r}: {exc}") from exc
        yield RequirementLine(number, line, requirement)
