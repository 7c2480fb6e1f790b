"""`uc bump`: which packages a release bump touches, and where each one stands (pure).

A bump takes each package `uc report` finds behind upper-constraints through the same
steps, in its own distgit: clone (or reuse), new-version to the UC version, reqcheck
--autosync --commit, a build, a review. Each step ends done, skipped (nothing to do, or
not asked for), failed (with the one-line reason) or interrupted; a run, or a
`--continue`, starts each package at its first step that is not done or skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Optional

from rdotool.core.constraints import canonical
from rdotool.core.uc_report import UcRow, nvr_version

STEPS = ("clone", "new-version", "reqcheck", "build", "review")
DONE, SKIPPED, FAILED, INTERRUPTED, PENDING = (
    "done",
    "skipped",
    "failed",
    "interrupted",
    "pending",
)
FINISHED = (DONE, SKIPPED)
BUMPED = ("pin-behind", "build-behind")  # the statuses `--status` chooses from
BUILDS = ("srpm", "mock", "rpmbuild", "koji", "none")


@dataclass(frozen=True)
class Bump:
    """One package to move to its UC version."""

    package: str  # rdoinfo name (the distgit's directory)
    project: Optional[str]  # Optional, not `| None`: dacite reads it on Python 3.9
    uc_name: str
    old: str  # the tag's pin, else the version built (what the release has now)
    new: str  # the UC version
    status: str  # pin-behind or build-behind


@dataclass
class StepResult:
    status: str = PENDING
    detail: str = ""  # the one-line reason (failed), what it did (done), why (skipped)
    hint: str = ""  # what to do next (a failed step: e.g. how to resolve a conflict)
    log: str = ""  # the package's log file


@dataclass
class PackageState:
    """Where one package of a bump stands (saved after every step)."""

    bump: Bump
    path: str  # its distgit
    steps: dict[str, StepResult] = field(default_factory=lambda: {s: StepResult() for s in STEPS})
    review_urls: list[str] = field(default_factory=list)

    def next_step(self) -> str | None:
        """The first step not done or skipped (None: the package is finished)."""
        return next((s for s in STEPS if self.steps[s].status not in FINISHED), None)

    @property
    def failed(self) -> bool:
        return any(r.status in (FAILED, INTERRUPTED) for r in self.steps.values())


def choose_bumps(
    rows: Iterable[UcRow], statuses: Sequence[str], names: Sequence[str] = ()
) -> list[Bump]:
    """The rows to bump: those in `statuses` with a package, or only the packages named
    (by rdoinfo name, project or UC name, canonically) - a named one that is not behind
    is not bumped."""
    wanted = {canonical(name) for name in names}
    found = []
    for row in rows:
        if row.status not in statuses or row.package is None:
            continue
        keys = {canonical(k) for k in (row.package, row.project or "", row.name) if k}
        if wanted and not keys & wanted:
            continue
        old = row.pin or (nvr_version(row.built) if row.built else "")
        found.append(Bump(row.package, row.project, row.name, old, row.uc, row.status))
    return sorted(found, key=lambda bump: bump.package)


def unknown_names(rows: Iterable[UcRow], names: Sequence[str]) -> list[str]:
    """The names given that match no row of the report at all."""
    keys: set[str] = set()
    for row in rows:
        keys |= {canonical(k) for k in (row.package or "", row.project or "", row.name) if k}
    return [name for name in names if canonical(name) not in keys]


def counts(states: Iterable[PackageState]) -> dict[str, int]:
    """finished, failed and pending packages."""
    found = {"finished": 0, "failed": 0, "pending": 0}
    for state in states:
        if state.next_step() is None:
            found["finished"] += 1
        elif state.failed:
            found["failed"] += 1
        else:
            found["pending"] += 1
    return found
