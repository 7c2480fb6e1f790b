"""`rdotool query PACKAGE`: which version each repository of a release provides.

Repositories: the `distrepos` of the release's repo for the distro in rdoinfo (RDO's
CloudSIG repo, CentOS Stream BaseOS, AppStream, CRB...), then `--repo NAME=URL`. A
package is matched by its binary name or by the source package it was built from;
the newest (RPM version order) wins per repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from rdotool.adapters.repo_metadata import RepositoryError, RpmEntry, read_primary
from rdotool.core.rpmvercmp import label_compare
from rdotool.core.targets import DEFAULT_TARGET
from rdotool.errors import InputError, UsageError
from rdotool.ops.context import RunContext


@dataclass(frozen=True)
class RepoAnswer:
    repo: str
    url: str
    name: Optional[str] = None  # the binary package found
    evr: Optional[str] = None
    arch: Optional[str] = None
    error: Optional[str] = None


@dataclass(frozen=True)
class QueryResult:
    package: str
    release: Optional[str]
    distro: str
    answers: list[RepoAnswer]


def query(
    run: RunContext,
    package: str,
    release: Optional[str],
    distro: Optional[str],
    extra: tuple[str, ...],
) -> QueryResult:
    answers = []
    for name, url, entries, error in read_repositories(run, release, distro, extra):
        if error is not None:
            answers.append(RepoAnswer(name, url, error=error))
            continue
        best = newest([e for e in entries if package in (e.name, e.source)], package)
        answers.append(
            RepoAnswer(name, url, best.name, best.evr, best.arch) if best else RepoAnswer(name, url)
        )
    return QueryResult(package, release, distro or DEFAULT_TARGET, answers)


def read_repositories(
    run: RunContext, release: Optional[str], distro: Optional[str], extra: tuple[str, ...]
) -> list[tuple[str, str, list[RpmEntry], Optional[str]]]:
    """(name, URL, packages, why it could not be read) for the release's distrepos of
    the distro, then each `--repo NAME=URL`."""
    repos = _release_repos(run, release, distro or DEFAULT_TARGET) if release else []
    for item in extra:
        name, equals, url = item.partition("=")
        if not equals or not name or not url:
            raise UsageError(f"--repo needs NAME=URL, not {item!r}")
        repos.append((name, url))
    if not repos:
        raise UsageError("no repository to ask", "pass --release RELEASE or --repo NAME=URL")
    settings = run.settings
    read: list[tuple[str, str, list[RpmEntry], Optional[str]]] = []
    for name, url in repos:
        try:
            read.append((name, url, read_primary(url, settings.cache_dir, settings.offline), None))
        except (RepositoryError, InputError) as exc:  # one row says it, with the hint
            hint = f" ({exc.hint})" if exc.hint else ""
            read.append((name, url, [], exc.message + hint))
    return read


def newest(entries: list[RpmEntry], package: str) -> Optional[RpmEntry]:
    """The newest build, a binary named like PACKAGE before the others of its source."""
    best: Optional[RpmEntry] = None
    for entry in entries:
        if best is None or _rank(entry, best, package) > 0:
            best = entry
    return best


def _rank(a: RpmEntry, b: RpmEntry, package: str) -> int:
    named = int(a.name == package) - int(b.name == package)
    return named or label_compare((a.epoch, a.version, a.release), (b.epoch, b.version, b.release))


def _release_repos(run: RunContext, release: str, distro: str) -> list[tuple[str, str]]:
    found = run.rdoinfo().rdoinfo.release(release)
    for repo in found.get("repos") or []:
        if repo.get("name") == distro:
            return [
                (str(r.get("name")), str(r.get("url")))
                for r in repo.get("distrepos") or []
                if r.get("url")
            ]
    raise InputError(
        f"release {release} has no {distro} repository in rdoinfo",
        "choose another --distro, or name repositories with --repo NAME=URL",
    )
