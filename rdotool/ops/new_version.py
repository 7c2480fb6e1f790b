"""`rdotool new-version`: move a distgit to a new upstream version.

Steps, each recorded in .git/rdotool/state.json before it runs:

1. prepare: the target version (argument, newest upstream tag, or upper-constraints),
   refused unless newer by RPM rules (--force), the plan and the requirements.txt diff;
2. rebase: the patches branch onto the new tag (patches already upstream drop out); a
   conflict stops here for the packager (`git rebase --continue`, then `rdotool --continue`);
3. update: Version, Release, milestone, patches_base, patch files, %changelog
   `- Update to X`, optionally Source0 and `sources`; one commit. A failure puts every
   file back, so `--continue` can simply run the step again.

`rdotool --abort` puts the branch, the patches branch and the files back as they were.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Optional

from rdotool.adapters.git import RebaseConflictError, Repo
from rdotool.adapters.git_replay import SCRATCH_REF, replay_onto
from rdotool.adapters.http import DownloadProgress
from rdotool.adapters.spec import Spec
from rdotool.core import changelog
from rdotool.core.patch_series import BranchChoice, parse_patches_base
from rdotool.core.requirements_diff import RequirementsDiff, diff_requirements
from rdotool.core.rpmvercmp import label_compare
from rdotool.core.versions import (
    UpstreamVersion,
    highest_version_tag,
    parse_upstream_version,
    release_for,
)
from rdotool.errors import InputError
from rdotool.ops import state as states
from rdotool.ops.context import RunContext
from rdotool.ops.distgit import (
    Distgit,
    UpstreamBranches,
    check_base_in_branch,
    check_clean,
    find_tag,
    open_distgit,
    packager,
    refuse_user_changes,
    resolve_patches_base,
    resolve_patches_branch,
    upstream_ref,
    version_tag_name,
)
from rdotool.ops.journal import Journal
from rdotool.ops.patch import export_series, series_targets, write_series
from rdotool.ops.sources import SourcesUpdate, download_source, source0


@dataclass(frozen=True)
class NewVersionPlan:
    """What new-version will do, decided before anything changes."""

    package: str
    old: str  # upstream version now packaged (Version + milestone)
    new: str  # upstream version to package
    tag: Optional[str]  # its git tag (None only with --bump-only and no tag)
    version: str
    milestone: str
    release: str
    patches_base: Optional[str]  # new value, None when the spec has none
    bump_only: bool
    origin: str  # where the version came from: argument, newest tag, upper-constraints …


@dataclass(frozen=True)
class NewVersionResult:
    """What new-version did (or would do, with dry_run)."""

    plan: NewVersionPlan
    dry_run: bool = False
    requirements: RequirementsDiff | None = None
    patches: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # patches now upstream
    sources: SourcesUpdate | None = None
    commit: str | None = None
    message: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UcTarget:
    """`--uc RELEASE`: take the version upper-constraints names in that release."""

    release: Optional[str] = None  # None: the release of the distgit branch
    uc_file: Optional[str] = None
    python: Optional[str] = None


@dataclass(frozen=True)
class NewVersionOptions:
    """Everything the steps after `prepare` need (stored in the state file)."""

    bump_only: bool = False
    patches: BranchChoice = field(default_factory=BranchChoice)
    new_sources: bool = False
    bugs: tuple[str, ...] = ()
    header: Optional[str] = None
    user: Optional[str] = None
    email: Optional[str] = None


@dataclass
class NewVersionData:
    """new-version's resumable state (State.data): decided in `prepare`, filled in by the
    rebase step, read by the update step and by --continue."""

    plan: NewVersionPlan
    options: NewVersionOptions
    today: str  # ISO date of the changelog entry, fixed when the command started
    requirements: Optional[RequirementsDiff] = None
    old_base: Optional[tuple[str, str]] = None  # (ref, sha) the current patches sit on
    notes: list[str] = field(default_factory=list)
    no_patches: bool = False  # no patches branch: the version only, as --bump-only
    rebase_started: bool = False
    patches_branch: Optional[str] = None  # the local patches branch being rebased
    subjects_before: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # subjects now upstream


@dataclass(frozen=True)
class _Committed:
    patches: list[str]
    sources: Optional[SourcesUpdate]
    commit: str
    message: str


def is_template(spec: Spec) -> bool:
    """A DLRN template spec: `Version: XXX` (DLRN fills it in at build time)."""
    return not spec.expanded_version[:1].isdigit()


def newest_tag(distgit: Distgit, branches: UpstreamBranches | None = None) -> tuple[str, str]:
    """The highest version tag (pre-releases included) reachable from the upstream branch
    the distgit branch packages (dalmatian-rdo: stable/2024.2, not master's 8.x), and
    where it was found; all tags when the checkout has no such branch."""
    ref = upstream_ref(distgit, branches)
    tag = highest_version_tag(distgit.repo.tags(merged=ref))
    if tag is None:
        where = f"on {ref}" if ref else f"in {distgit.path}"
        raise InputError(
            f"there is no upstream version tag {where}",
            "fetch them (git fetch upstream --tags) or give the VERSION",
        )
    return tag, (f"newest tag on {ref}" if ref else "newest upstream tag")


def plan_new_version(
    distgit: Distgit,
    spec: Spec,
    target: str,
    origin: str,
    bump_only: bool,
    force: bool,
) -> NewVersionPlan:
    """Decide Version, Release, milestone and patches_base for `target`."""
    new = parse_upstream_version(target)
    tag = find_tag(distgit.repo, new.tag)
    if tag is None and not bump_only:
        raise InputError(
            f"there is no tag {new.tag} in {distgit.path}",
            "fetch upstream tags (git fetch upstream --tags), or pass --bump-only",
        )
    old = version_tag_name(spec)
    release = release_for(new, spec.raw_release, same_version=new.version == spec.expanded_version)
    if not is_template(spec):  # a template's `XXX` is no version to compare with
        _check_newer(spec, new, release, force)
    base = spec.magic().get("patches_base")
    patches_base = None
    if base:
        parsed = parse_patches_base(base)
        patches_base = replace(parsed, ref=tag or new.tag).render()
    return NewVersionPlan(
        package=spec.name,
        old=old,
        new=new.tag,
        tag=tag,
        version=new.version,
        milestone=new.milestone,
        release=release,
        patches_base=patches_base,
        bump_only=bump_only,
        origin=origin,
    )


def _check_newer(spec: Spec, new: UpstreamVersion, release: str, force: bool) -> None:
    old_evr = (spec.epoch or "0", spec.expanded_version, spec.expand(spec.raw_release))
    new_release = release.replace("%{?milestone}", new.milestone).replace("%{?dist}", "")
    new_evr = (spec.epoch or "0", new.version, new_release)
    if label_compare(new_evr, old_evr) <= 0 and not force:
        raise InputError(
            f"{spec.name} {new.tag} is not newer than the packaged "
            f"{spec.expanded_version}-{old_evr[2]}",
            "pass --force to package it anyway",
        )


def requirements_diff(distgit: Distgit, old: str, new_tag: str | None) -> RequirementsDiff | None:
    """requirements.txt changes between the old and new tags, when both have one."""
    old_tag = find_tag(distgit.repo, old)
    if old_tag is None or new_tag is None:
        return None
    before = distgit.repo.show_file(f"refs/tags/{old_tag}", "requirements.txt")
    after = distgit.repo.show_file(f"refs/tags/{new_tag}", "requirements.txt")
    if before is None or after is None:
        return None
    return diff_requirements(before, after)


def new_version(
    run: RunContext,
    path: Path,
    target: str | None,
    options: NewVersionOptions,
    *,
    uc: UcTarget | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> NewVersionResult:
    """Run new-version from the start (see the module docstring). The version is `target`,
    else what upper-constraints names (`uc`), else the newest upstream tag."""
    distgit = open_distgit(path)
    states.refuse_if_busy(distgit.repo.git_dir)
    check_clean(distgit, force)
    spec = distgit.spec()
    origin = "argument"
    if uc is not None:
        target, origin = _uc_version(run, distgit, spec.name, uc)
    elif target is None:
        target, origin = newest_tag(distgit, run.upstream_branches)
    plan = plan_new_version(distgit, spec, target, origin, options.bump_only, force)
    reqs = None if options.bump_only else requirements_diff(distgit, plan.old, plan.tag)
    if dry_run:
        return NewVersionResult(plan, dry_run=True, requirements=reqs)
    targets: dict[str, str | None] = {distgit.spec_path.name: None}
    targets.update({name: None for name in spec.patch_files()})
    if options.new_sources:
        targets.update({"sources": None, ".gitignore": None})
    refuse_user_changes(distgit, targets, "new-version")
    data = NewVersionData(plan, options, str(run.today()), reqs)
    if not options.bump_only:
        # the commit the current patches sit on (patches_base or the Version's tag): only
        # the commits after it are rebased onto the new tag
        with contextlib.suppress(InputError):  # no base: the rebase step says so if needed
            base = resolve_patches_base(distgit, spec)
            data.old_base = (base.ref, base.sha)
    if is_template(spec):
        data.notes.append(
            f"{distgit.spec_path.name} is a DLRN template (Version: {spec.version}):"
            f" {plan.new} replaces the DLRN template's placeholders"
        )
    state = states.State("new-version", "rebase", distgit.branch, distgit.repo.head(), data)
    return _run(run, distgit, Journal.begin(distgit.repo, state))


def _uc_version(run: RunContext, distgit: Distgit, package: str, uc: UcTarget) -> tuple[str, str]:
    from rdotool.ops.uc_version import uc_version

    found = uc_version(run, package, distgit.branch, uc.release, uc.uc_file, uc.python)
    return found.version, f"upper-constraints of {found.release}: {found.name}==={found.version}"


class RebaseStoppedError(InputError):
    """The rebase of the patches branch stopped on a conflict: the packager resolves it."""


def resume(run: RunContext, path: Path) -> NewVersionResult:
    """`rdotool --continue` for new-version: from the step it stopped at."""
    journal = Journal.resume(Repo(path), "new-version")
    return _run(run, open_distgit(path), journal)


def abort(path: Path) -> str:
    """`rdotool --abort` for new-version: the journal replayed (refs, files, work tree)."""
    journal = Journal.resume(Repo(path), "new-version")
    branch = journal.state.branch
    journal.rollback()
    return f"new-version aborted: {branch} and its patches branch are as they were"


def _run(run: RunContext, distgit: Distgit, journal: Journal) -> NewVersionResult:
    """Run the steps from the one recorded.

    A failure (or a signal) undoes the step it stopped in. Failing in the rebase step
    of a fresh run leaves nothing behind; failing later keeps the command in progress at
    that step (the rebase, perhaps resolved by hand, stays), for --continue or --abort.
    A rebase conflict stops for the packager.
    """
    state = journal.state
    data = states.typed(state, NewVersionData)
    fresh = state.step == "rebase" and not data.rebase_started
    mark: int | None = 0 if fresh else None  # what a failure now rolls back to
    try:
        if state.step == "rebase":
            if not data.plan.bump_only:
                _rebase_step(distgit, journal, data)
            journal.set_step("update")
        mark = journal.mark()
        with run.progress("Source0") as progress:
            done = _update_step(distgit, journal, data, progress.download, run.settings.packager)
    except RebaseStoppedError:
        raise
    except BaseException:
        if mark is not None:
            journal.rollback(mark)
        raise
    journal.finish()
    return NewVersionResult(
        data.plan,
        requirements=data.requirements,
        patches=done.patches,
        dropped=data.dropped,
        sources=done.sources,
        commit=done.commit,
        message=done.message,
        notes=data.notes,
    )


def rebase_worktree(repo: Repo) -> Path:
    """Where the patches branch is rebased: a linked work tree inside .git, so the
    distgit's own work tree (and whatever the packager has in it) never changes branch."""
    return states.state_dir(repo.git_dir) / "rebase"


def _rebase_step(distgit: Distgit, journal: Journal, data: NewVersionData) -> None:
    """Rebase the commits after the old patches base onto the new tag (`--onto`)."""
    repo, plan, options = distgit.repo, data.plan, data.options
    worktree = rebase_worktree(repo)
    assert plan.tag is not None
    if not data.rebase_started:
        local = options.patches.local or distgit.patches_branch
        journal.ref(f"refs/heads/{local}")
        try:
            branch = resolve_patches_branch(distgit, options.patches, record=journal.ref)
        except InputError:
            if options.patches.given:
                raise
            data.notes.append(
                f"no patches branch {local}: only the version is updated (as --bump-only)"
            )
            data.no_patches = True
            journal.save()
            return
        if data.old_base is None:
            resolve_patches_base(distgit, distgit.spec())  # raises: says which ref is missing
            raise InputError(f"the patches base of {distgit.spec_path.name} cannot be found")
        old_ref, old_base = data.old_base
        check_base_in_branch(distgit, old_ref, old_base, branch.local, branch.sha)
        data.notes.extend(branch.notes)
        data.patches_branch = branch.local
        data.subjects_before = [c.subject for c in repo.log(old_base, branch.sha)]
        journal.ref(SCRATCH_REF)  # fast-import's, deleted at the end or by a rollback
        if replay_onto(repo, f"refs/tags/{plan.tag}", old_base, branch.local, branch.sha):
            data.rebase_started = True  # no commit needed a merge: no work tree either
        else:
            journal.worktree(worktree)
            repo.worktree_remove(worktree)  # a leftover of a killed run
            repo.worktree_add(worktree, branch.local)
            data.rebase_started = True
            journal.save()
            _rebase(
                Repo(worktree),
                branch.local,
                plan.tag,
                lambda wt: wt.rebase(f"refs/tags/{plan.tag}", old_base),
            )
    elif worktree.exists():
        wt = Repo(worktree)
        if wt.rebase_in_progress():
            unmerged = wt.unmerged_files()
            if unmerged:
                raise RebaseStoppedError(
                    f"the rebase of the patches branch still has conflicts in"
                    f" {', '.join(unmerged)}",
                    _resolve_hint(worktree),
                )
            _rebase(wt, str(data.patches_branch), plan.tag, Repo.rebase_continue)
    repo.worktree_remove(worktree)
    after = {
        c.subject for c in repo.log(f"refs/tags/{plan.tag}", f"refs/heads/{data.patches_branch}")
    }
    data.dropped = [s for s in data.subjects_before if s not in after]
    journal.save()


def _resolve_hint(worktree: Path) -> str:
    return (
        f"resolve it in {worktree} (cd there, fix the files, git add them), then run"
        " `rdotool --continue` in the distgit; or `rdotool --abort`"
    )


def _rebase(wt: Repo, local: str, tag: str, action: Callable[[Repo], None]) -> None:
    try:
        action(wt)
    except RebaseConflictError as exc:
        unmerged = wt.unmerged_files()
        where = f" in {', '.join(unmerged)}" if unmerged else ""
        raise RebaseStoppedError(
            f"rebasing {local} onto {tag} stopped on a conflict{where} ({exc.message})",
            _resolve_hint(wt.path),
        ) from exc


def _update_step(
    distgit: Distgit,
    journal: Journal,
    data: NewVersionData,
    progress: DownloadProgress | None,
    fallback: str,
) -> _Committed:
    """Edit the spec and files, then commit; a commit already made is recognised."""
    repo, plan, options = distgit.repo, data.plan, data.options
    done = journal.committed()
    if done is not None:
        return _Committed(distgit.spec().patch_files(), None, done, repo.head_message())
    spec = distgit.spec()
    name, mail = packager(repo, options.user, options.email, fallback)
    journal.files([distgit.spec_path.name, *spec.patch_files()])
    sources: SourcesUpdate | None = None
    spec.set_version(plan.version)
    spec.set_milestone(plan.milestone)
    spec.set_release(plan.release)
    if plan.patches_base is not None:
        spec.set_magic("patches_base", plan.patches_base)
    added: list[str] = []
    removed: list[str] = []
    patches = spec.patch_files()
    if not plan.bump_only and not data.no_patches and plan.tag:
        local = str(data.patches_branch)
        head = repo.rev_parse(f"refs/heads/{local}")
        tag_sha = repo.rev_parse(f"refs/tags/{plan.tag}")
        assert head is not None and tag_sha is not None
        if not repo.is_ancestor(tag_sha, head):
            raise InputError(
                f"the patches branch {local} is not on {plan.tag}",
                "finish its rebase, or run `rdotool --abort`",
            )
        skip = parse_patches_base(plan.patches_base).skip if plan.patches_base else 0
        series = export_series(
            repo, plan.tag, tag_sha, head, skip, spec.magic().get("patches_ignore")
        )
        targets = series_targets(distgit, spec, series)
        refuse_user_changes(distgit, targets, "new-version")
        journal.files(list(targets))
        change = write_series(distgit, spec, series)
        added, removed, patches = change.added, change.removed, list(series.files)
    entry = [changelog.with_bugs(f"- Update to {plan.new}", list(options.bugs))]
    spec.add_changelog_entry(entry, name, mail, date.fromisoformat(data.today))
    extra: list[str] = []
    if options.new_sources:
        spec.save()
        fresh = Spec(distgit.spec_path)
        journal.files(["sources", ".gitignore", source0(fresh)[1]])
        sources = download_source(distgit.path, fresh, progress)
        extra = ["sources", ".gitignore"]
    spec.save()
    message = changelog.commit_message(spec.nvr(), entry, options.header)
    sha = journal.commit([distgit.spec_path.name, *added, *extra], removed, message, False)
    return _Committed(patches, sources, sha, message)
