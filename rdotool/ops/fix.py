"""`rdotool fix`: bump Release and open a %changelog entry for a spec-only change.

The packager edits the spec (and describes the change under the new entry), then
`rdotool --continue` commits with the usual message; `rdotool --abort` puts the spec back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdotool.core import changelog
from rdotool.errors import InputError
from rdotool.ops import state as states
from rdotool.ops.context import RunContext
from rdotool.ops.distgit import check_clean, open_distgit, packager, refuse_user_changes
from rdotool.ops.journal import Journal


@dataclass(frozen=True)
class FixResult:
    """What `fix` did: the opened entry, or the commit after --continue."""

    spec: str
    release: str
    header: str
    commit: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class FixData:
    """fix's resumable state (State.data)."""

    left_out: list[str]  # files already changed before a `fix --force`: not committed


def start_fix(
    run: RunContext,
    path: Path,
    bump_index: str | None = None,
    user: str | None = None,
    email: str | None = None,
    force: bool = False,
) -> FixResult:
    distgit = open_distgit(path)
    states.refuse_if_busy(distgit.repo.git_dir)
    check_clean(distgit, force)
    refuse_user_changes(distgit, {distgit.spec_path.name: None}, "fix")
    name, mail = packager(distgit.repo, user, email, run.settings.packager)
    spec = distgit.spec()
    # with --force, the files already changed stay out of the fix's commit
    left_out = distgit.repo.dirty_files()
    state = states.State("fix", "edit", distgit.branch, distgit.repo.head(), FixData(left_out))
    journal = Journal.begin(distgit.repo, state)
    try:
        journal.file(distgit.spec_path.name)
        release = spec.bump_release(bump_index)
        header = spec.add_changelog_entry([], name, mail, run.today())
        spec.save()
    except BaseException:
        journal.rollback()
        raise
    return FixResult(distgit.spec_path.name, release, header)


def finish_fix(path: Path, header_text: str | None = None) -> FixResult:
    """Commit the edited spec and the files the packager changed since `fix` started
    (those already changed before a `fix --force` stay out)."""
    distgit = open_distgit(path)
    journal = Journal.resume(distgit.repo, "fix")
    data = states.typed(journal.state, FixData)
    spec = distgit.spec()
    done = journal.committed()
    if done is None:
        entry = [line for line in spec.changelog_top_lines() if line.strip()]
        if not entry:
            raise InputError(
                f"the new %changelog entry in {distgit.spec_path.name} is empty",
                "describe the change under it (e.g. '- Fix the thing'), then `rdotool --continue`",
            )
        left_out = data.left_out
        changed = [n for n in distgit.repo.dirty_files() if n not in left_out]
        if distgit.spec_path.name not in changed:
            changed.append(distgit.spec_path.name)
        message = changelog.commit_message(spec.nvr(), entry, header_text)
        done = journal.commit(changed, [], message, False)
    else:
        message = distgit.repo.head_message()
    journal.finish()
    return FixResult(
        distgit.spec_path.name, spec.raw_release, spec.changelog_top_header() or "", done, message
    )


def abort_fix(path: Path) -> str:
    """Put the spec back as it was before `fix`; the packager's other edits stay."""
    distgit = open_distgit(path)
    Journal.resume(distgit.repo, "fix").rollback()
    return f"fix aborted: {distgit.spec_path.name} is as it was"
