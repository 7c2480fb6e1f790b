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

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rdotool.adapters.git import RebaseConflictError, Repo
from rdotool.adapters.http import DownloadProgress
from rdotool.adapters.spec import Spec, rpm_compare
from rdotool.core import changelog
from rdotool.core.patch_series import parse_patches_base
from rdotool.core.requirements import RequirementsDiff, diff_requirements
from rdotool.core.versions import (
    UpstreamVersion,
    highest_version_tag,
    parse_upstream_version,
    release_for,
)
from rdotool.errors import InputError
from rdotool.ops import state as states
from rdotool.ops.distgit import (
    Distgit,
    check_clean,
    find_tag,
    open_distgit,
    packager,
    resolve_patches_branch,
    version_tag_name,
)
from rdotool.ops.patch import (
    Rollback,
    SpecChange,
    commit_change,
    export_series,
    write_series,
)
from rdotool.ops.sources import SourcesUpdate, download_source


@dataclass(frozen=True)
class NewVersionPlan:
    """What new-version will do, decided before anything changes."""

    package: str
    old: str  # upstream version now packaged (Version + milestone)
    new: str  # upstream version to package
    tag: str | None  # its git tag (None only with --bump-only and no tag)
    version: str
    milestone: str
    release: str
    patches_base: str | None  # new value, None when the spec has none
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
class NewVersionOptions:
    """Everything the steps after `prepare` need (stored in the state file)."""

    bump_only: bool = False
    remote_branch: str | None = None
    local_branch: str | None = None
    local_patches: bool = False
    new_sources: bool = False
    bugs: Sequence[str] = ()
    header: str | None = None
    user: str | None = None
    email: str | None = None


def newest_tag(distgit: Distgit) -> str:
    """The highest version among the repository's tags (pre-releases included)."""
    tag = highest_version_tag(distgit.repo.tags())
    if tag is None:
        raise InputError(
            f"{distgit.path} has no upstream version tags",
            "fetch them (git fetch upstream --tags) or give the VERSION",
        )
    return tag


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
    _check_newer(spec, new, release, force)
    base = spec.magic().get("patches_base")
    patches_base = None
    if base:
        parsed = parse_patches_base(base)
        patches_base = (tag or new.tag) + (f"+{parsed.skip}" if parsed.skip else "")
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
    if rpm_compare(new_evr, old_evr) <= 0 and not force:
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
    path: Path,
    target: str | None,
    origin: str,
    options: NewVersionOptions,
    *,
    force: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    progress: DownloadProgress | None = None,
) -> NewVersionResult:
    """Run new-version from the start (see the module docstring)."""
    distgit = open_distgit(path)
    states.refuse_if_busy(distgit.repo.git_dir)
    check_clean(distgit, force)
    spec = distgit.spec()
    if target is None:
        target, origin = newest_tag(distgit), "newest upstream tag"
    plan = plan_new_version(distgit, spec, target, origin, options.bump_only, force)
    reqs = None if options.bump_only else requirements_diff(distgit, plan.old, plan.tag)
    if dry_run:
        return NewVersionResult(plan, dry_run=True, requirements=reqs)
    state = states.State(
        command="new-version",
        step="rebase",
        branch=distgit.branch,
        head=distgit.repo.head(),
        data={
            "plan": asdict(plan),
            "options": asdict(options),
            "today": str(today or date.today()),
        },
    )
    if reqs is not None:
        state.data["requirements"] = asdict(reqs)
    states.save_state(distgit.repo.git_dir, state)
    return _run(distgit, state, progress)


def resume(path: Path, progress: DownloadProgress | None = None) -> NewVersionResult:
    """`rdotool --continue` for new-version."""
    repo, state = _state_of(path)
    if repo.rebase_in_progress():
        raise InputError(
            "the rebase of the patches branch is not finished",
            "resolve the conflicts, `git add` them, `git rebase --continue`,"
            " then `rdotool --continue`",
        )
    if repo.current_branch() != state.branch:
        repo.checkout(state.branch)
    return _run(open_distgit(path), state, progress)


def _state_of(path: Path) -> tuple[Repo, states.State]:
    """The repository and its new-version state (the spec may be absent mid-rebase)."""
    repo = Repo(path)
    state = states.load_state(repo.git_dir)
    if state is None or state.command != "new-version":
        raise InputError("no rdotool new-version is in progress here")
    return repo, state


def _run(
    distgit: Distgit, state: states.State, progress: DownloadProgress | None
) -> NewVersionResult:
    plan = NewVersionPlan(**state.data["plan"])
    options = NewVersionOptions(**state.data["options"])
    notes: list[str] = list(state.data.get("notes", []))
    if state.step == "rebase":
        if not plan.bump_only:
            _rebase_step(distgit, state, plan, options, notes)
        state.step = "update"
        state.data["notes"] = notes
        states.save_state(distgit.repo.git_dir, state)
    result = _update_step(distgit, state, plan, options, progress)
    states.clear_state(distgit.repo.git_dir)
    return NewVersionResult(
        plan,
        requirements=_reqs_from_state(state),
        patches=result["patches"],
        dropped=state.data.get("dropped", []),
        sources=result["sources"],
        commit=result["commit"],
        message=result["message"],
        notes=notes,
    )


def _rebase_step(
    distgit: Distgit,
    state: states.State,
    plan: NewVersionPlan,
    options: NewVersionOptions,
    notes: list[str],
) -> None:
    repo = distgit.repo
    local = options.local_branch or f"{distgit.branch}-patches"
    if "patches_branch" not in state.data:
        state.data["patches_branch"] = local
        state.data["patches_sha"] = repo.rev_parse(f"refs/heads/{local}")
        states.save_state(repo.git_dir, state)
    try:
        branch = resolve_patches_branch(
            distgit, options.remote_branch, options.local_branch, options.local_patches
        )
    except InputError:
        if options.remote_branch or options.local_branch or options.local_patches:
            raise
        notes.append(f"no patches branch {local}: only the version is updated (as --bump-only)")
        state.data["no_patches"] = True
        return
    notes.extend(branch.notes)
    old_base = state.data.get("old_base")
    if old_base is None:
        old_tag = find_tag(repo, plan.old)
        old_base = repo.rev_parse(f"refs/tags/{old_tag}") if old_tag else None
        state.data["old_base"] = old_base
        before = repo.log(old_base, branch.sha) if old_base else []
        state.data["subjects_before"] = [c.subject for c in before]
        states.save_state(repo.git_dir, state)
    assert plan.tag is not None
    repo.checkout(branch.local)
    try:
        repo.rebase(f"refs/tags/{plan.tag}")
    except RebaseConflictError as exc:
        raise InputError(
            f"rebasing {branch.local} onto {plan.tag} stopped on a conflict ({exc.message})",
            "resolve it, `git add` the files, `git rebase --continue`, then `rdotool --continue`"
            " (or `rdotool --abort`)",
        ) from exc
    finally:
        if not repo.rebase_in_progress():
            repo.checkout(state.branch)
    after = {c.subject for c in repo.log(f"refs/tags/{plan.tag}", f"refs/heads/{branch.local}")}
    state.data["dropped"] = [s for s in state.data.get("subjects_before", []) if s not in after]


def _update_step(
    distgit: Distgit,
    state: states.State,
    plan: NewVersionPlan,
    options: NewVersionOptions,
    progress: DownloadProgress | None,
) -> dict[str, Any]:
    repo = distgit.repo
    spec = distgit.spec()
    name, mail = packager(repo, options.user, options.email)
    rollback = Rollback(distgit, spec, [*spec.patch_files(), "sources", ".gitignore"])
    sources: SourcesUpdate | None = None
    try:
        spec.set_version(plan.version)
        spec.set_milestone(plan.milestone)
        spec.set_release(plan.release)
        if plan.patches_base is not None:
            spec.set_magic("patches_base", plan.patches_base)
        added: list[str] = []
        removed: list[str] = []
        patches = spec.patch_files()
        if not plan.bump_only and not state.data.get("no_patches") and plan.tag:
            local = state.data.get("patches_branch") or f"{distgit.branch}-patches"
            head = repo.rev_parse(f"refs/heads/{local}")
            tag_sha = repo.rev_parse(f"refs/tags/{plan.tag}")
            assert head is not None and tag_sha is not None
            if not repo.is_ancestor(tag_sha, head):
                raise InputError(
                    f"the patches branch {local} is not on {plan.tag}",
                    "finish its rebase (git rebase --continue) or run `rdotool --abort`",
                )
            skip = parse_patches_base(plan.patches_base).skip if plan.patches_base else 0
            series = export_series(
                repo, plan.tag, tag_sha, head, skip, spec.magic().get("patches_ignore")
            )
            rollback.track(list(series.files))
            change = write_series(distgit, spec, series)
            added, removed, patches = change.added, change.removed, list(series.files)
        entry = [changelog.with_bugs(f"- Update to {plan.new}", list(options.bugs))]
        spec.add_changelog_entry(entry, name, mail, date.fromisoformat(state.data["today"]))
        extra: list[str] = []
        if options.new_sources:
            spec.save()
            sources = download_source(distgit.path, Spec(distgit.spec_path), progress)
            rollback.track([sources.filename])
            extra = ["sources", ".gitignore"]
        spec.save()
        message = changelog.commit_message(spec.nvr(), entry, options.header)
        sha = commit_change(
            distgit, SpecChange([*added, *extra], removed, distgit.spec_path.name), message
        )
    except BaseException:
        rollback.undo()
        raise
    return {"patches": patches, "sources": sources, "commit": sha, "message": message}


def _reqs_from_state(state: states.State) -> RequirementsDiff | None:
    data = state.data.get("requirements")
    if not data:
        return None
    return RequirementsDiff(
        added=data["added"], changed=[tuple(c) for c in data["changed"]], removed=data["removed"]
    )


def abort(path: Path) -> str:
    """`rdotool --abort` for new-version: branch, patches branch and files as before."""
    repo, state = _state_of(path)
    repo.rebase_abort()
    if repo.current_branch() != state.branch:
        repo.checkout(state.branch)
    local = state.data.get("patches_branch")
    original = state.data.get("patches_sha")
    if local and original and repo.rev_parse(f"refs/heads/{local}") != original:
        repo.update_ref(f"refs/heads/{local}", original, "rdotool: abort new-version")
    # the update step undoes its own edits; this covers a process killed in the middle
    for name in ("sources", ".gitignore", *(p.name for p in repo.path.glob("*.spec"))):
        repo.try_run("checkout", "HEAD", "--", name)
    states.clear_state(repo.git_dir)
    return f"new-version aborted: {state.branch} and its patches branch are as they were"
