"""`rdotool reqquery`: is every Requires of the spec available in the release's
repositories (ops/query.py), in a version that satisfies it?

The spec is read with the target distro's macros (conditionals as on that distro);
dependencies on the spec's own packages, files and rpmlib() are not asked. A
dependency is met by any package providing its name; its version is the providing
package's (RPM's rules: core/requires_check.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from rdotool.adapters.repo_metadata import RpmEntry
from rdotool.adapters.spec import Spec
from rdotool.core.requires_check import satisfies
from rdotool.core.targets import DEFAULT_TARGET, target
from rdotool.ops.context import RunContext
from rdotool.ops.distgit import open_distgit
from rdotool.ops.query import newest, read_repositories

OK, MISSING, TOO_OLD = "ok", "missing", "unsatisfied"


@dataclass(frozen=True)
class Requirement:
    dependency: str  # as the spec writes it (macros expanded)
    kind: str  # Requires or BuildRequires
    package: str  # the subpackage asking
    status: str
    provider: Optional[str] = None  # NAME-EVR of the best provider
    repo: Optional[str] = None


@dataclass(frozen=True)
class ReqqueryReport:
    spec: str
    distro: str
    requirements: list[Requirement]
    unreadable: dict[str, str] = field(default_factory=dict)  # repo -> why

    @property
    def problems(self) -> int:
        return sum(1 for r in self.requirements if r.status != OK)


def reqquery(
    run: RunContext,
    path: Path,
    release: Optional[str],
    distro: Optional[str],
    extra: tuple[str, ...],
    build: bool = False,
) -> ReqqueryReport:
    distgit = open_distgit(path)
    chosen = distro or DEFAULT_TARGET
    spec = Spec(distgit.spec_path, macros=target(chosen).rpm_macros())
    deps, own = spec.dependencies()
    wanted = [d for d in deps if d.kind == "Requires" or (build and d.kind == "BuildRequires")]
    providers: dict[str, list[tuple[str, RpmEntry]]] = {}
    unreadable = {}
    for name, _url, entries, error in read_repositories(run, release, chosen, extra):
        if error is not None:
            unreadable[name] = error
        for entry in entries:
            for provided in {entry.name, *entry.provides}:
                providers.setdefault(provided, []).append((name, entry))
    found = []
    for dep in wanted:
        if dep.name in own or dep.name.startswith(("/", "rpmlib(")):
            continue
        candidates = providers.get(dep.name, [])
        if not candidates:
            found.append(Requirement(dep.render(), dep.kind, dep.package, MISSING))
            continue
        good = [
            entry
            for _, entry in candidates
            if satisfies((entry.epoch, entry.version, entry.release), dep.op, dep.version)
        ]
        best = newest(good or [entry for _, entry in candidates], dep.name)
        assert best is not None
        repo = next(r for r, entry in candidates if entry is best)
        found.append(
            Requirement(
                dep.render(),
                dep.kind,
                dep.package,
                OK if good else TOO_OLD,
                f"{best.name}-{best.evr}",
                repo,
            )
        )
    return ReqqueryReport(distgit.spec_path.name, chosen, found, unreadable)
