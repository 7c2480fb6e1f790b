"""`rdotool patch`: carry the patches branch into the spec as patch files, then commit.

The series is base..patches-branch (non-merge commits, oldest first), minus the
`patches_base=…+N` skipped ones and those `patches_ignore=REGEX` matches, exported with
git format-patch as `NNNN-subject.patch`. Nothing changed means no commit. A failure
after the first file was touched puts every file back as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Optional

from rdotool.adapters.files import read_bytes_as_text, remove_file, write_atomic
from rdotool.adapters.git import Repo
from rdotool.adapters.spec import Spec
from rdotool.core import changelog, gerrit
from rdotool.core.patch_series import (
    BranchChoice,
    ChangelogMode,
    Commit,
    PatchFile,
    changelog_lines,
    parse_patch_file,
    select_runs,
)
from rdotool.ops import state as states
from rdotool.ops.context import RunContext
from rdotool.ops.distgit import (
    Distgit,
    check_base_in_branch,
    check_clean,
    open_distgit,
    packager,
    refuse_user_changes,
    resolve_patches_base,
    resolve_patches_branch,
)
from rdotool.ops.journal import Journal


@dataclass(frozen=True)
class Series:
    """The patch files a patches branch gives, ready to be written into the distgit."""

    files: dict[str, str]  # file name -> content, in series order
    commits: list[Commit]  # exported commits, oldest first
    ignored: list[Commit]
    skipped: int
    base: str


def export_series(
    repo: Repo, base_ref: str, base_sha: str, head: str, skip: int, ignore: str | None
) -> Series:
    """format-patch the series into memory (never into the distgit)."""
    commits = repo.log(base_sha, head)
    runs, ignored = select_runs(commits, skip, ignore)
    files: dict[str, str] = {}
    exported: list[Commit] = []
    number = 1
    for run in runs:
        files.update(repo.format_patch_texts(run[0].sha, run[-1].sha, number))
        number += len(run)
        exported.extend(run)
    return Series(files, exported, ignored, skip, base_ref)


@dataclass(frozen=True)
class SpecChange:
    """Files written for one spec change, so they can be committed."""

    added: list[str]  # patch files written
    removed: list[str]  # patch files deleted
    spec: str  # the spec's file name


def write_series(distgit: Distgit, spec: Spec, series: Series) -> SpecChange:
    """Write the patch files, remove the old ones and point the spec's Patch tags at them."""
    old = spec.patch_files()
    removed = [name for name in old if name not in series.files]
    for name in removed:
        remove_file(distgit.file(name, "Patch file"))
    for name, text in series.files.items():
        # format-patch gives bytes; non-UTF-8 ones travel as surrogates and go back as is
        write_atomic(distgit.file(name, "Patch file"), text.encode("utf-8", "surrogateescape"))
    spec.set_patches(list(series.files))
    return SpecChange(list(series.files), removed, distgit.spec_path.name)


def series_targets(distgit: Distgit, spec: Spec, series: Series) -> dict[str, str | None]:
    """Every file writing `series` touches, with the text it gets (None: rewritten/removed)."""
    targets: dict[str, str | None] = {distgit.spec_path.name: None}
    targets.update({name: None for name in spec.patch_files() if name not in series.files})
    targets.update(series.files)
    return targets


def series_changed(distgit: Distgit, spec: Spec, series: Series) -> bool:
    """True when the series differs from the patch files the spec names now."""
    old = spec.patch_files()
    if old != list(series.files):
        return True
    for name, text in series.files.items():
        if read_bytes_as_text(distgit.file(name, "Patch file")) != text:
            return True
    return False


@dataclass(frozen=True)
class PatchResult:
    """What `rdotool patch` did."""

    changed: bool
    patches_branch: str
    base: str
    patches: list[str]
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    skipped: int = 0
    release: str | None = None
    changelog: list[str] = field(default_factory=list)
    commit: str | None = None
    message: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PatchOptions:
    """`patch`'s options (kept in the state file so `--continue` can run it again)."""

    patches: BranchChoice = field(default_factory=BranchChoice)
    bump: bool = True
    bump_index: Optional[str] = None
    changelog_mode: ChangelogMode = ChangelogMode.DETECT
    amend: bool = False
    header: Optional[str] = None
    message: Optional[str] = None
    bugs: tuple[str, ...] = ()
    user: Optional[str] = None
    email: Optional[str] = None
    force: bool = False


@dataclass(frozen=True)
class PatchData:
    """patch's resumable state (State.data)."""

    options: PatchOptions
    today: str  # ISO date of the changelog entry, fixed when the command started


def update_patches(run: RunContext, path: Path, options: PatchOptions) -> PatchResult:
    """Regenerate the spec's patches from the patches branch (see the module docstring).

    Every file and ref it touches is journaled first: an error or a signal puts them all
    back, and after a hard kill `rdotool --abort` (or `--continue`) does.
    """
    return _start(run, path, PatchData(options, str(run.today())))


def _start(run: RunContext, path: Path, data: PatchData) -> PatchResult:
    distgit = open_distgit(path)
    states.refuse_if_busy(distgit.repo.git_dir)
    check_clean(distgit, data.options.force)
    state = states.State("patch", "write", distgit.branch, distgit.repo.head(), data)
    journal = Journal.begin(distgit.repo, state)
    try:
        result = _update(distgit, journal, data, run.settings.packager)
    except BaseException:
        journal.rollback()
        raise
    journal.finish()
    return result


def _update(distgit: Distgit, journal: Journal, data: PatchData, fallback: str) -> PatchResult:
    options = data.options
    spec = distgit.spec()
    magic = spec.magic()
    base = resolve_patches_base(distgit, spec)
    branch = resolve_patches_branch(distgit, options.patches, record=journal.ref)
    check_base_in_branch(distgit, base.ref, base.sha, branch.local, branch.sha)
    series = export_series(
        distgit.repo, base.ref, base.sha, branch.sha, base.base.skip, magic.get("patches_ignore")
    )
    unchanged = PatchResult(
        changed=False,
        patches_branch=branch.local,
        base=base.ref,
        patches=list(series.files),
        ignored=[c.subject for c in series.ignored],
        skipped=series.skipped,
        notes=list(branch.notes),
    )
    if not series_changed(distgit, spec, series):
        return unchanged
    if options.bump:
        name, mail = packager(distgit.repo, options.user, options.email, fallback)
    existing = _existing_patch_files(distgit, spec)
    targets = series_targets(distgit, spec, series)
    refuse_user_changes(distgit, targets, "patch")
    journal.files(list(targets))
    change = write_series(distgit, spec, series)
    entry: list[str] = []
    if options.bump:
        spec.bump_release(options.bump_index)
        entry = changelog_lines(series.commits, existing, options.changelog_mode, len(existing))
        if options.bugs:
            entry[0] = changelog.with_bugs(entry[0], options.bugs)
        spec.add_changelog_entry(entry, name, mail, date.fromisoformat(data.today))
    spec.save()
    message = _message(distgit, options, spec.nvr() if options.bump else None, entry, branch.local)
    sha = journal.commit([change.spec, *change.added], change.removed, message, options.amend)
    old_names = {p.name for p in existing}
    return replace(
        unchanged,
        changed=True,
        added=[n for n in change.added if n not in old_names],
        removed=change.removed,
        release=spec.raw_release,
        changelog=entry,
        commit=sha,
        message=message,
    )


def _message(
    distgit: Distgit, options: PatchOptions, nvr: str | None, entry: list[str], local: str
) -> str:
    """The commit message: -m as given; with a bump, NAME-V-R and the changelog lines;
    `--no-bump --amend` keeps the amended commit's message (as git does), -H replacing
    its first line; otherwise 'Updated patches from BRANCH'. Amending keeps the Change-Id."""
    head = distgit.repo.head_message() if options.amend else ""
    change_id = gerrit.find_change_id(head) if options.amend else None
    trailer = f"\nChange-Id: {change_id}\n" if change_id else ""
    if options.message is not None:
        text = options.message.rstrip("\n") + "\n"
        return text if not change_id or change_id in text else text + trailer
    if nvr is not None:
        return changelog.commit_message(nvr, entry, options.header, change_id)
    if options.amend:
        if options.header is None:
            return head
        rest = head.split("\n", 1)[1] if "\n" in head else "\n"
        return options.header.strip() + "\n" + rest
    first = options.header.strip() if options.header else f"Updated patches from {local}"
    return first + "\n" + trailer


def resume_patch(run: RunContext, path: Path) -> PatchResult:
    """`rdotool --continue` after a patch run that was killed: finish or run it again."""
    repo = Repo(path)
    journal = Journal.resume(repo, "patch")
    data = states.typed(journal.state, PatchData)
    sha = journal.committed()
    if sha is not None:
        journal.finish()
        return PatchResult(True, "", "", [], commit=sha, message=repo.head_message())
    journal.rollback()
    return _start(run, path, data)


def abort_patch(path: Path) -> str:
    journal = Journal.resume(Repo(path), "patch")
    restored = journal.rollback()
    return "patch aborted: " + (", ".join(restored) or "nothing") + " as before"


def _existing_patch_files(distgit: Distgit, spec: Spec) -> list[PatchFile]:
    files = []
    for name in spec.patch_files():
        text = read_bytes_as_text(distgit.file(name, "Patch file")) or ""
        files.append(parse_patch_file(name, text))
    return files
