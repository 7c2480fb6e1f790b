"""`rdotool patch`: carry the patches branch into the spec as patch files, then commit.

The series is base..patches-branch (non-merge commits, oldest first), minus the
`patches_base=…+N` skipped ones and those `patches_ignore=REGEX` matches, exported with
git format-patch as `NNNN-subject.patch`. Nothing changed means no commit. A failure
after the first file was touched puts every file back as it was.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from rdotool.adapters.files import write_atomic
from rdotool.adapters.git import Repo
from rdotool.adapters.spec import Spec
from rdotool.core import changelog
from rdotool.core.patch_series import (
    Commit,
    PatchFile,
    changelog_lines,
    parse_patch_file,
    select_runs,
)
from rdotool.ops.distgit import (
    Distgit,
    check_clean,
    open_distgit,
    packager,
    resolve_patches_base,
    resolve_patches_branch,
)


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
    """format-patch the series into memory (a temporary directory, never the distgit)."""
    commits = repo.log(base_sha, head)
    runs, ignored = select_runs(commits, skip, ignore)
    files: dict[str, str] = {}
    exported: list[Commit] = []
    with tempfile.TemporaryDirectory(prefix="rdotool-patches-") as tmp:
        number = 1
        for run in runs:
            for path in repo.format_patch(run[0].sha, run[-1].sha, number, Path(tmp)):
                full = path if path.is_absolute() else repo.path / path
                files[full.name] = full.read_text(encoding="utf-8", errors="surrogateescape")
            number += len(run)
            exported.extend(run)
    return Series(files, exported, ignored, skip, base_ref)


@dataclass(frozen=True)
class SpecChange:
    """Files written for one spec change, so it can be committed or undone."""

    added: list[str]  # patch files written
    removed: list[str]  # patch files deleted
    spec: str  # the spec's file name


def write_series(distgit: Distgit, spec: Spec, series: Series) -> SpecChange:
    """Write the patch files, remove the old ones and point the spec's Patch tags at them."""
    old = spec.patch_files()
    removed = [name for name in old if name not in series.files]
    for name in removed:
        (distgit.path / name).unlink(missing_ok=True)
    for name, text in series.files.items():
        write_atomic(distgit.path / name, text)
    spec.set_patches(list(series.files))
    return SpecChange(list(series.files), removed, distgit.spec_path.name)


def series_changed(distgit: Distgit, spec: Spec, series: Series) -> bool:
    """True when the series differs from the patch files the spec names now."""
    old = spec.patch_files()
    if old != list(series.files):
        return True
    for name, text in series.files.items():
        path = distgit.path / name
        if not path.exists() or path.read_text(encoding="utf-8", errors="surrogateescape") != text:
            return True
    return False


class Rollback:
    """Put back the spec and patch files (and the index) if a change does not complete."""

    def __init__(self, distgit: Distgit, spec: Spec, names: Sequence[str]) -> None:
        self.distgit = distgit
        self.spec = spec
        self.saved: dict[str, bytes | None] = {}
        for name in dict.fromkeys(names):
            path = distgit.path / name
            self.saved[name] = path.read_bytes() if path.exists() else None

    def track(self, names: Sequence[str]) -> None:
        """Also restore these files (to absent, unless saved earlier)."""
        for name in names:
            if name not in self.saved:
                path = self.distgit.path / name
                self.saved[name] = path.read_bytes() if path.exists() else None

    def undo(self) -> None:
        for name, content in self.saved.items():
            path = self.distgit.path / name
            if content is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(content)
        self.spec.restore()
        paths = [*self.saved, self.distgit.spec_path.name]
        self.distgit.repo.try_run("reset", "--quiet", "--", *paths)


def commit_change(distgit: Distgit, change: SpecChange, message: str, amend: bool = False) -> str:
    """Stage exactly the changed files and commit them."""
    repo = distgit.repo
    repo.remove(change.removed)
    repo.add([change.spec, *change.added])
    return repo.commit(message, [change.spec, *change.added, *change.removed], amend=amend)


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


def update_patches(
    path: Path,
    *,
    remote_branch: str | None = None,
    local_branch: str | None = None,
    local_patches: bool = False,
    bump: bool = True,
    bump_index: str | None = None,
    changelog_mode: str = "detect",
    amend: bool = False,
    header: str | None = None,
    bugs: Sequence[str] = (),
    user: str | None = None,
    email: str | None = None,
    force: bool = False,
    today: date | None = None,
) -> PatchResult:
    """Regenerate the spec's patches from the patches branch (see the module docstring)."""
    distgit = open_distgit(path)
    check_clean(distgit, force)
    spec = distgit.spec()
    magic = spec.magic()
    base = resolve_patches_base(distgit, spec)
    branch = resolve_patches_branch(distgit, remote_branch, local_branch, local_patches)
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
    if bump:
        name, mail = packager(distgit.repo, user, email)
    existing = _existing_patch_files(distgit, spec)
    rollback = Rollback(distgit, spec, spec.patch_files())
    rollback.track(list(series.files))
    try:
        change = write_series(distgit, spec, series)
        entry: list[str] = []
        if bump:
            spec.bump_release(bump_index)
            entry = changelog_lines(series.commits, existing, changelog_mode, len(existing))
            if bugs:
                entry[0] = changelog.with_bugs(entry[0], bugs)
            spec.add_changelog_entry(entry, name, mail, today or date.today())
        spec.save()
        change_id = changelog.find_change_id(distgit.repo.head_message()) if amend else None
        if bump:
            message = changelog.commit_message(spec.nvr(), entry, header, change_id)
        else:
            message = f"Updated patches from {branch.local}\n"
            if change_id:
                message += f"\nChange-Id: {change_id}\n"
        sha = commit_change(distgit, change, message, amend)
    except BaseException:
        rollback.undo()
        raise
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


def _existing_patch_files(distgit: Distgit, spec: Spec) -> list[PatchFile]:
    files = []
    for name in spec.patch_files():
        path = distgit.path / name
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        files.append(parse_patch_file(name, text))
    return files
