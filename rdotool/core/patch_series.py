"""The patches branch as a series of patch files: magic comments, selection, naming.

Magic comments in the spec steer it (the syntax rdopkg reads):

    # patches_base=REF[+N]   the upstream ref the patches sit on; +N skips the N oldest commits
    # patches_ignore=REGEX   commits whose subject matches are not exported
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Optional

from rdotool.errors import InputError

MAGIC = re.compile(r"^#\s*(?P<name>patches_base|patches_ignore)\s?=\s?(?P<value>\S*)")


@dataclass(frozen=True)
class Commit:
    """One commit of the patches branch."""

    sha: str
    subject: str
    body: str = ""

    @property
    def bugs(self) -> list[str]:
        from rdotool.core.changelog import find_bugs

        return find_bugs(self.subject + "\n" + self.body)


PATCHES_SUFFIX = "-patches"


def patches_branch_of(branch: str) -> str:
    """rdopkg's naming: the patches of `rpm-master` live on `rpm-master-patches`."""
    return branch + PATCHES_SUFFIX


@dataclass(frozen=True)
class BranchChoice:
    """Which patches branch the packager named: -p REMOTE/BRANCH, -P BRANCH, -l."""

    remote: Optional[str] = None
    local: Optional[str] = None
    local_only: bool = False

    @property
    def given(self) -> bool:
        return bool(self.remote or self.local or self.local_only)


@dataclass(frozen=True)
class PatchesBase:
    """`# patches_base=REF+N`: the base ref (None: the Version's tag) and commits skipped."""

    ref: str | None = None
    skip: int = 0

    def render(self) -> str:
        return (self.ref or "") + (f"+{self.skip}" if self.skip else "")


def parse_patches_base(value: str | None) -> PatchesBase:
    """Parse the value of `# patches_base=` (`1.2.0`, `1.2.0+2`, `+1`)."""
    if not value:
        return PatchesBase()
    ref, plus, skip = value.rpartition("+")
    if not plus:
        return PatchesBase(ref=value)
    if not skip.isdigit():
        raise InputError(
            f"patches_base={value} is not REF or REF+N", "fix the magic comment in the spec"
        )
    return PatchesBase(ref=ref or None, skip=int(skip))


def read_magic(lines: Sequence[str]) -> dict[str, str]:
    """Magic comment values in the spec's lines (the first occurrence of each wins)."""
    found: dict[str, str] = {}
    for line in lines:
        match = MAGIC.match(line)
        if match and match.group("name") not in found:
            found[match.group("name")] = match.group("value")
    return found


def select_runs(
    commits: Sequence[Commit], skip: int, ignore: str | None
) -> tuple[list[list[Commit]], list[Commit]]:
    """Commits to export (oldest first) as contiguous runs, and the ones ignored by regex.

    `skip` drops the oldest commits; `ignore` drops commits whose subject matches and
    splits the series there (each run is one `git format-patch` call, numbered on).
    """
    if skip > len(commits):
        raise InputError(
            f"patches_base skips {skip} commits but the patches branch has {len(commits)}",
            "lower the +N of patches_base",
        )
    pattern = None
    if ignore:
        try:
            pattern = re.compile(ignore)
        except re.error as exc:
            raise InputError(f"patches_ignore={ignore} is not a valid regex: {exc}") from exc
    runs: list[list[Commit]] = [[]]
    ignored: list[Commit] = []
    for commit in commits[skip:]:
        if pattern is not None and pattern.search(commit.subject):
            ignored.append(commit)
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(commit)
    return [run for run in runs if run], ignored


@dataclass(frozen=True)
class PatchFile:
    """What identifies an existing patch file: the commit it came from and its subject."""

    name: str
    sha: str | None
    subject: str | None


def parse_patch_file(name: str, text: str) -> PatchFile:
    """Read `From <sha>` and `Subject: [PATCH] …` from a git format-patch file."""
    sha = None
    match = re.match(r"From ([0-9a-f]{7,40}) ", text)
    if match:
        sha = match.group(1)
    subject_match = re.search(r"^Subject: (.*(?:\n[ \t].*)*)", text, re.MULTILINE)
    subject = None
    if subject_match:
        subject = " ".join(subject_match.group(1).split())
        subject = re.sub(r"^\[PATCH[^\]]*\]\s*", "", subject)
    return PatchFile(name, sha, subject)


class ChangelogMode(str, Enum):
    """rdopkg's `patch -C` modes: which commits become %changelog lines."""

    DETECT = "detect"
    COUNT = "count"  # (upper case: a str Enum member `count` would hide str.count)
    PLAIN = "plain"


def changelog_lines(
    commits: Sequence[Commit],
    existing: Sequence[PatchFile],
    mode: ChangelogMode | str,
    old_count: int,
) -> list[str]:
    """The %changelog lines for exported commits, newest first (rdopkg's -C modes).

    detect: commits not in the old patch files (by sha or subject); count: the newest
    (exported - old_count) commits; plain: none. Nothing new gives `- Update patches`.
    """
    mode = ChangelogMode(mode)
    if mode is ChangelogMode.DETECT:
        shas = [p.sha for p in existing if p.sha]
        subjects = {p.subject for p in existing if p.subject}
        new = [
            c
            for c in commits
            if not any(c.sha.startswith(s) or s.startswith(c.sha) for s in shas)
            and c.subject not in subjects
        ]
    elif mode is ChangelogMode.COUNT:
        new = list(commits[old_count:]) if len(commits) > old_count else []
    else:
        new = []
    from rdotool.core.changelog import with_bugs

    lines = [with_bugs(f"- {c.subject}", c.bugs) for c in reversed(new)]
    return lines or ["- Update patches"]
