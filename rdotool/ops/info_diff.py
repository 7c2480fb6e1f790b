"""`rdotool info diff [OLD [NEW]]`: what changed in rdoinfo between two revisions.

The rdoinfo checkout is the one the settings name (a local directory that is a git
repository, or the cached clone). Each revision is exported with `git archive` into a
temporary directory and loaded as rdoinfo is always loaded (imports, merges, package
defaults), so the comparison is between resolved packages, as `info` shows them. NEW
defaults to the working tree; OLD to HEAD when the working tree has changes, else
HEAD~1 (the last commit's change, what rdoinfo's CI checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from rdotool.adapters import rdoinfo_repo
from rdotool.adapters.files import extract_tar, temporary_directory
from rdotool.adapters.git import GitError, Repo
from rdotool.config import Settings
from rdotool.core.rdoinfo import Package
from rdotool.core.rdoinfo_diff import PackagesDiff, diff_packages
from rdotool.errors import InputError
from rdotool.ops.context import RunContext
from rdotool.ops.rdoinfo import load_rdoinfo

WORKING_TREE = "working tree"


@dataclass(frozen=True)
class RdoinfoDiff:
    old: str  # the revision as given, with its commit
    new: str
    diff: PackagesDiff


def rdoinfo_diff(
    run: RunContext, old: Optional[str], new: Optional[str], tag: Optional[str] = None
) -> RdoinfoDiff:
    settings = run.settings
    checkout = rdoinfo_repo.locate(
        settings.rdoinfo, settings.cache_dir, fetch_age=settings.fetch_age, offline=True
    )
    try:
        repo = Repo(checkout.path)
    except InputError as exc:
        raise InputError(
            f"{checkout.path} is not a git checkout: rdoinfo revisions cannot be compared",
            "pass --rdoinfo with a git clone of rdoinfo",
        ) from exc
    dirty = bool(repo.dirty_files())
    if old is None:
        old = "HEAD" if dirty else "HEAD~1"
    with temporary_directory("rdotool-rdoinfo-diff-") as work:
        before = _packages_at(repo, old, settings, Path(work) / "old")
        if new is None:  # the working tree: HEAD itself when it has no change
            after = _packages(settings._replace(rdoinfo=str(checkout.path)), Path(work))
            new_label = WORKING_TREE if dirty else _label(repo, "HEAD")
        else:
            after = _packages_at(repo, new, settings, Path(work) / "new")
            new_label = _label(repo, new)
    return RdoinfoDiff(_label(repo, old), new_label, diff_packages(before, after, tag))


def _packages_at(repo: Repo, revision: str, settings: Settings, dest: Path) -> list[Package]:
    sha = repo.rev_parse(revision)
    if sha is None:
        raise InputError(f"rdoinfo has no revision {revision} ({repo.path})")
    try:
        extract_tar(repo.run_bytes("archive", "--format=tar", sha), dest / "tree")
    except GitError as exc:
        raise InputError(f"cannot export rdoinfo at {revision}: {exc.message}") from exc
    try:
        return _packages(settings._replace(rdoinfo=str(dest / "tree")), dest)
    except InputError as exc:  # name the revision, not the temporary copy
        where = f"{repo.path} at {revision}"
        raise InputError(exc.message.replace(str(dest / "tree"), where), exc.hint) from exc


def _packages(settings: Settings, work: Path) -> list[Package]:
    loaded = load_rdoinfo(settings._replace(cache_dir=work / "cache", offline=True))
    return loaded.rdoinfo.packages()


def _label(repo: Repo, revision: str) -> str:
    sha = repo.rev_parse(revision)
    return f"{revision} ({sha[:12]})" if sha and not revision.startswith(sha[:7]) else revision
