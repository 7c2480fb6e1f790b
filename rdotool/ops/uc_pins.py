"""`rdotool uc report` and `uc sync`: a release's rdoinfo pins against upper-constraints
(ops/uc_version.py finds one package's UC version for `new-version --uc`)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rdotool.adapters import rdoinfo_pins
from rdotool.adapters.files import confined, read_text, write_atomic
from rdotool.core.constraints import parse_constraints
from rdotool.core.rdoinfo import Rdoinfo, Release
from rdotool.core.rpmvercmp import label_compare
from rdotool.core.targets import TARGETS, Target, release_python, release_target
from rdotool.core.uc_report import (
    BEHIND,
    STATUSES,
    PackageIndex,
    UcRow,
    active_constraints,
    counts,
    repo_version,
    report_rows,
)
from rdotool.errors import InputError, UsageError
from rdotool.ops.context import RunContext
from rdotool.ops.uc_version import read_uc

SYNCED = ("pin-behind", "unpinned")  # statuses uc sync moves to the UC version
# a pin above UC is lowered only when asked: it would downgrade the package


@dataclass(frozen=True)
class DistroReport:
    """The report for one distro of the release: its Python decides which UC lines
    apply, its repo's buildsys tags which builds count."""

    python: str
    buildsys_tags: list[str]
    rows: list[UcRow]
    counts: dict[str, int]


@dataclass(frozen=True)
class UcReport:
    release: str
    tag: str
    source: str
    distros: dict[str, DistroReport]  # el9s -> its report, in the release's repo order

    @property
    def behind(self) -> bool:
        return any(row.status in BEHIND for d in self.distros.values() for row in d.rows)


def release_tag(rdoinfo: Rdoinfo, release: Release) -> str:
    """The tag the release's pins live in: `<dev>-uc` for the development release."""
    if release.get("status") == "development":
        uc_tag = f"{release['name']}-uc"
        if uc_tag in rdoinfo.known_tags():
            return uc_tag
    return str(release["name"])


def buildsys_tags(release: Release) -> list[str]:
    tags: list[str] = []
    for repo in release.get("repos") or []:
        tags += [str(t) for t in repo.get("buildsys-tags") or []]
    return tags


def release_distros(release: Release, chosen: str | None = None) -> list[tuple[Target, list[str]]]:
    """(target, buildsys tags) per distro repo of the release (`el9s`, `el10s`), or the
    one `chosen`; a release whose repos name no known distro is one default target with
    all its tags."""
    found = [
        (TARGETS[str(repo.get("name"))], [str(t) for t in repo.get("buildsys-tags") or []])
        for repo in release.get("repos") or []
        if str(repo.get("name")) in TARGETS
    ]
    if not found:
        found = [(release_target(release), buildsys_tags(release))]
    if chosen is None:
        return found
    picked = [(t, tags) for t, tags in found if t.name == chosen]
    if not picked:
        names = ", ".join(t.name for t, _ in found)
        raise UsageError(f"{release['name']} has no {chosen} repository", f"use {names}")
    return picked


def version_compare(a: str, b: str) -> int:
    return label_compare(("0", a, ""), ("0", b, ""))


def uc_report(
    run: RunContext,
    release_name: str,
    tag: str | None = None,
    uc_file: str | None = None,
    python: str | None = None,
    statuses: Sequence[str] = (),
    repos: tuple[str, ...] = (),
    html: Path | None = None,
    distro: str | None = None,
) -> UcReport:
    """`rdotool uc report`: every upper-constraints entry against the release's pins,
    per distro (and, with `repos` NAME=URL, against what those repositories ship); with
    `html`, also written there as one self-contained page."""
    report = _report(
        run, run.rdoinfo().rdoinfo, release_name, tag, uc_file, python, statuses, distro
    )
    if repos:
        from rdotool.ops.query import read_repositories

        shipped = _by_source(read_repositories(run, None, None, repos))
        distros = {
            name: replace(found, rows=_with_repos(found.rows, shipped))
            for name, found in report.distros.items()
        }
        report = replace(report, distros=distros)
    if html is not None:
        from datetime import datetime, timezone

        from rdotool.core.uc_report_page import uc_report_page

        write_atomic(html, uc_report_page(report, datetime.now(timezone.utc)))
    return report


def _by_source(read: list[Any]) -> list[tuple[str, dict[str, list[Any]]]]:
    """Each repository's builds by source package, once: a release has ~600 rows per
    distro and a repository like AppStream ~10,000 packages."""
    shipped = []
    for name, _url, entries, _error in read:
        grouped: dict[str, list[Any]] = {}
        for entry in entries:
            grouped.setdefault(entry.source, []).append(entry)
        shipped.append((name, grouped))
    return shipped


def _with_repos(rows: list[UcRow], shipped: list[tuple[str, dict[str, list[Any]]]]) -> list[UcRow]:
    """Each row with the newest build of its package in each repository (matched by the
    source package rdoinfo names), equal, lower or higher than UC."""
    from rdotool.ops.query import newest

    done = []
    for row in rows:
        found = []
        for name, grouped in shipped:
            ours = grouped.get(row.package, []) if row.package else []
            best = newest(ours, row.package or "")
            found.append(
                repo_version(
                    name, (best.name, best.version) if best else None, row.uc, version_compare
                )
            )
        done.append(replace(row, repos=found))
    return done


def oldest_distro(release: Release) -> str:
    """The distro whose rows decide a pin: one pin serves every distro of the tag, so it
    is what the oldest Python installs (uc sync, uc bump)."""
    oldest = release_python(release)
    return next(t.name for t, _ in release_distros(release) if t.python == oldest)


def uc_rows(
    run: RunContext,
    rdoinfo: Rdoinfo,
    release_name: str,
    uc_file: str | None,
    python: str | None,
    distro: str,
) -> UcReport:
    """The report of one distro of the release, every status (uc bump's plan)."""
    return _report(run, rdoinfo, release_name, None, uc_file, python, (), distro)


def _report(
    run: RunContext,
    rdoinfo: Rdoinfo,
    release_name: str,
    tag: str | None,
    uc_file: str | None,
    python: str | None,
    statuses: Sequence[str],
    distro: str | None,
) -> UcReport:
    for status in statuses:
        if status not in STATUSES:
            raise UsageError(f"unknown status {status!r}", f"use {', '.join(STATUSES)}")
    release = rdoinfo.release(release_name)
    tag = tag or release_tag(rdoinfo, release)
    text, source = read_uc(run, release, uc_file)
    constraints = parse_constraints(text, source)
    index = PackageIndex(rdoinfo.packages())
    distros = {}
    for target_, tags in release_distros(release, distro):
        version = python or target_.python
        rows = report_rows(
            active_constraints(constraints, version),
            index,
            str(release["name"]),
            tag,
            tags,
            version_compare,
        )
        shown = [row for row in rows if not statuses or row.status in statuses]
        distros[target_.name] = DistroReport(version, tags, shown, counts(rows))
    return UcReport(str(release["name"]), tag, source, distros)


@dataclass(frozen=True)
class UcSyncResult:
    path: str
    tag: str
    bumps: list[tuple[str, str | None, str]]  # (project, old pin, new pin)
    diff: str
    dry_run: bool
    commit: str | None = None


def uc_sync(
    run: RunContext,
    release_name: str,
    tag: str | None = None,
    uc_file: str | None = None,
    python: str | None = None,
    dry_run: bool = False,
    commit: bool = False,
    lower_ahead: bool = False,
) -> UcSyncResult:
    """`rdotool uc sync`: set the pins of the packager's rdoinfo checkout to UC."""
    loaded = run.rdoinfo()
    if loaded.commit is not None:  # a clone in the cache, not the packager's checkout
        raise InputError(
            "uc sync edits a local rdoinfo checkout", "pass --rdoinfo PATH to your rdoinfo clone"
        )
    release = loaded.rdoinfo.release(release_name)
    distro = oldest_distro(release)
    report = _report(run, loaded.rdoinfo, release_name, tag, uc_file, python, (), distro)
    return sync_pins(loaded.path, report, dry_run, commit, lower_ahead)


def sync_pins(
    rdoinfo_dir: Path,
    report: UcReport,
    dry_run: bool = False,
    commit: bool = False,
    lower_ahead: bool = False,
) -> UcSyncResult:
    """Set the tag's pins to UC for packages behind or unpinned (and ahead, if asked)."""
    moved = (*SYNCED, "ahead") if lower_ahead else SYNCED
    (rows,) = [found.rows for found in report.distros.values()]
    path = confined(rdoinfo_dir, f"tags/{report.tag}.yml", "tags file")
    if not path.is_file():
        raise InputError(f"{path} does not exist", "uc sync edits a local rdoinfo checkout")
    wanted = {row.project: row.uc for row in rows if row.status in moved and row.project}
    before = read_text(path, "tags file")
    after, changed = rdoinfo_pins.pinned_text(path, before, report.tag, wanted)
    old = {row.project: row.pin for row in rows}
    bumps = [(project, old.get(project), wanted[project]) for project in changed]
    diff = "".join(
        difflib.unified_diff(
            before.splitlines(True),
            after.splitlines(True),
            f"a/tags/{path.name}",
            f"b/tags/{path.name}",
        )
    )
    sha = None
    if dry_run or not bumps:
        return UcSyncResult(str(path), report.tag, bumps, diff, dry_run, sha)
    if not commit:
        write_atomic(path, after)
        return UcSyncResult(str(path), report.tag, bumps, diff, dry_run, sha)
    from rdotool.adapters.git import Repo
    from rdotool.ops.journal import journaled

    repo = Repo(rdoinfo_dir)
    relative = path.relative_to(repo.path.resolve()).as_posix()
    lines = [f"Bump {report.tag} pins to upper-constraints", ""]
    lines += [f"{project}: {pin or 'unpinned'} -> {new}" for project, pin, new in bumps]
    with journaled(repo, "uc-sync") as journal:
        journal.file(relative)
        write_atomic(path, after)
        sha = journal.commit([relative], [], "\n".join(lines) + "\n", False)
    return UcSyncResult(str(path), report.tag, bumps, diff, dry_run, sha)
