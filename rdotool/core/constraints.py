"""OpenStack upper-constraints: `name===version[;marker]` lines, and which one is a package's.

A package is matched to UC names by PEP 503 canonical name, trying in order the
basename of its upstream URL, its project, `python-<project>`, a small alias table for
names that differ, and last those names without a `python-` prefix (dependencies are
named after their RPM, e.g. project python-sphinx for UC's Sphinx). releng's update_uc
misses glance_store, os_vif and WSME; canonical names catch them. When a name appears
more than once, the line whose marker holds for the target Python wins (not simply the
last one).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdotool.core.pep508 import marker_holds, requirement_lines
from rdotool.errors import InputError

# rdoinfo project -> upstream distribution name, where canonical names do not meet
ALIASES = {
    "keystoneauth": "keystoneauth1",
    "placement": "openstack-placement",
}


@dataclass(frozen=True)
class Constraint:
    """One upper-constraints line."""

    name: str
    version: str
    marker: str | None
    line: int


_SEPARATORS = re.compile(r"[-_.]+")


@functools.cache
def canonical(name: str) -> str:
    """PEP 503 canonical name (the one comparison of Python names in rdotool): runs of
    `-_.` as one `-`, lower case - packaging's canonicalize_name, which a test checks
    it against, without its import and call on each of a report's ~4,500 names (an
    index of rdoinfo took 17 ms through it, 6 ms here)."""
    return _SEPARATORS.sub("-", name).lower()


def parse_constraints(text: str, source: str = "upper-constraints") -> list[Constraint]:
    """Parse a UC file; a malformed line is an error naming it."""
    constraints = []
    for line in requirement_lines(text, source):
        pins = [s.version for s in line.requirement.specifier if s.operator in ("===", "==")]
        if len(pins) != 1:
            raise InputError(
                f"{source}:{line.number}: {line.text!r} does not pin one version (===)"
            )
        constraints.append(Constraint(line.requirement.name, pins[0], line.marker, line.number))
    return constraints


def candidate_names(package: dict[str, object]) -> list[str]:
    """Canonical UC names a package may appear under, most specific first."""
    project = str(package.get("project") or "")
    names = []
    upstream = str(package.get("upstream") or "")
    if upstream:
        names.append(upstream.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1])
    names += [project, f"python-{project}"]
    if project in ALIASES:
        names.append(ALIASES[project])
    # dependencies are named after their RPM (python-sphinx): least specific, tried last
    names += [name.removeprefix("python3-").removeprefix("python-") for name in list(names)]
    return list(dict.fromkeys(canonical(name) for name in names if name))


def constraint_for(
    constraints: Iterable[Constraint], names: Sequence[str], python_version: str
) -> Constraint | None:
    """The constraint for the first of `names` (canonical) whose marker holds."""
    by_name: dict[str, list[Constraint]] = {}
    for constraint in constraints:
        by_name.setdefault(canonical(constraint.name), []).append(constraint)
    for name in names:
        for constraint in by_name.get(name, []):
            if marker_holds(constraint.marker, python_version):
                return constraint
    return None
