"""When a rebase needs no merge: the rule that lets new-version move a patches branch
onto a new tag without a work tree.

`git rebase --onto TAG OLD_BASE` replays each commit with a three-way merge (git's
`ort`): base = the commit's parent, ours = the tip built so far, theirs = the commit.
For a path, when ours still holds the base's version the merge takes theirs; when ours
already holds theirs (the change is upstream) it keeps ours. If every path a commit
touches is one of those two cases, the merge's answer needs no content merge and no
rename detection, and it can be computed from the object ids alone. Anything else
(a real content merge, a deletion, a directory the new tag removed or turned into a
file, submodules) is left to `git rebase`, which also stops for conflicts.

A commit whose every change is already upstream becomes empty and is dropped, as
`git rebase` drops it; a commit that was empty to begin with is left to git.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Optional

# (mode, object id) as `git ls-tree` and `git log --raw` give them; trees are "040000"
Entry = tuple[str, str]
TREE_MODE = "040000"
GITLINK_MODE = "160000"


@dataclass(frozen=True)
class PathChange:
    """One path of a commit's raw diff against its parent (no rename detection)."""

    path: str
    old: Optional[Entry]  # None: the commit adds the path
    new: Optional[Entry]  # None: the commit deletes it


@dataclass(frozen=True)
class Pick:
    """One commit to replay, with what it changes."""

    sha: str
    changes: tuple[PathChange, ...]


def ancestors(path: str) -> list[str]:
    """The directories above `path`, outermost first: a/b/c -> [a, a/b]."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def plan_replay(
    picks: Sequence[Pick], onto: Mapping[str, Entry], base_dirs: set[str]
) -> Optional[list[Optional[dict[str, Entry]]]]:
    """For each pick, the paths to set on the tip built so far (None: the pick becomes
    empty and is dropped); None when any pick needs a real merge.

    `onto` holds the new base's entries for every touched path and its directories
    (absent: not in the tree); `base_dirs` the directories that exist in the old base.
    """
    ours: dict[str, Optional[Entry]] = {}  # paths of the tip built so far, as changed
    ours_dirs: set[str] = set()  # directories the replayed picks created
    theirs_dirs = set(base_dirs)  # directories of the original chain, as it goes
    added = {c.path for p in picks for c in p.changes if c.old is None}
    touched = {c.path for p in picks for c in p.changes}
    if any(d in added for path in touched for d in ancestors(path)):
        return None  # a path that is a file in one commit and a directory in another
    plan: list[Optional[dict[str, Entry]]] = []
    for pick in picks:
        if not pick.changes:
            return None  # empty to begin with: git's rules for keeping those apply
        updates: dict[str, Entry] = {}
        for change in pick.changes:
            current = ours[change.path] if change.path in ours else onto.get(change.path)
            result = _merge_path(change, current)
            if result is None:
                return None
            if change.old is None and not _directories_kept(
                change.path, onto, ours_dirs, theirs_dirs
            ):
                return None
            if result != current:
                updates[change.path] = result
        for change in pick.changes:
            theirs_dirs.update(ancestors(change.path))
        if not updates:
            plan.append(None)
            continue
        for path, entry in updates.items():
            ours[path] = entry
            ours_dirs.update(ancestors(path))
        plan.append(updates)
    return plan


def _merge_path(change: PathChange, current: Optional[Entry]) -> Optional[Entry]:
    """The three-way result for one path when it needs no content merge, else None."""
    if change.new is None:
        return None  # deletions can feed rename detection: git decides
    if GITLINK_MODE in (change.new[0], (change.old or ("", ""))[0]):
        return None
    if current is not None and current[0] in (TREE_MODE, GITLINK_MODE):
        return None
    if change.old is None:
        # added: only onto a tip without that path (an identical add upstream may be
        # a rename there, which git pairs its own way)
        return change.new if current is None else None
    if current == change.old:
        return change.new
    if current == change.new:
        return current  # already upstream
    return None


def _directories_kept(
    path: str, onto: Mapping[str, Entry], ours_dirs: set[str], theirs_dirs: set[str]
) -> bool:
    """A path added under directories the tip still has as directories: one the old
    chain had but the new base removed would make git guess a directory rename."""
    for directory in ancestors(path):
        entry = onto.get(directory)
        if entry is not None and entry[0] != TREE_MODE:
            return False  # a file where the commit needs a directory
        on_tip = entry is not None or directory in ours_dirs
        if directory in theirs_dirs and not on_tip:
            return False
    return True
