"""`rdotool fix`: bump Release and open a %changelog entry for a spec-only change.

The packager edits the spec (and describes the change under the new entry), then
`rdotool --continue` commits with the usual message; `rdotool --abort` puts the spec back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdotool.core import changelog
from rdotool.errors import InputError
from rdotool.ops import state as states
from rdotool.ops.distgit import check_clean, open_distgit, packager


@dataclass(frozen=True)
class FixResult:
    """What `fix` did: the opened entry, or the commit after --continue."""

    spec: str
    release: str
    header: str
    commit: str | None = None
    message: str | None = None


def start_fix(
    path: Path,
    bump_index: str | None = None,
    user: str | None = None,
    email: str | None = None,
    force: bool = False,
    today: date | None = None,
) -> FixResult:
    distgit = open_distgit(path)
    states.refuse_if_busy(distgit.repo.git_dir)
    check_clean(distgit, force)
    name, mail = packager(distgit.repo, user, email)
    spec = distgit.spec()
    state = states.State("fix", "edit", distgit.branch, distgit.repo.head())
    try:
        release = spec.bump_release(bump_index)
        header = spec.add_changelog_entry([], name, mail, today or date.today())
        spec.save()
        states.save_state(distgit.repo.git_dir, state)
    except BaseException:
        spec.restore()
        raise
    return FixResult(distgit.spec_path.name, release, header)


def finish_fix(path: Path, header_text: str | None = None) -> FixResult:
    """Commit the edited spec (and the other files the packager changed)."""
    distgit = open_distgit(path)
    spec = distgit.spec()
    entry = [line for line in spec.changelog_top_lines() if line.strip()]
    if not entry:
        raise InputError(
            f"the new %changelog entry in {distgit.spec_path.name} is empty",
            "describe the change under it (e.g. '- Fix the thing'), then `rdotool --continue`",
        )
    changed = distgit.repo.dirty_files()
    message = changelog.commit_message(spec.nvr(), entry, header_text)
    distgit.repo.add(changed)
    sha = distgit.repo.commit(message, changed)
    states.clear_state(distgit.repo.git_dir)
    return FixResult(
        distgit.spec_path.name, spec.raw_release, spec.changelog_top_header() or "", sha, message
    )


def abort_fix(path: Path) -> str:
    distgit = open_distgit(path)
    distgit.repo.run("checkout", "HEAD", "--", distgit.spec_path.name)
    states.clear_state(distgit.repo.git_dir)
    return f"fix aborted: {distgit.spec_path.name} is as it was"
