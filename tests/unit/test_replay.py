"""core/replay: which picks need no merge, and what each one sets."""

from __future__ import annotations

from typing import Optional

from rdotool.core.replay import Entry, PathChange, Pick, ancestors, plan_replay

FILE = "100644"


def blob(name: str, mode: str = FILE) -> Entry:
    return (mode, name.ljust(40, "0"))


def change(path: str, old: Optional[str], new: Optional[str]) -> PathChange:
    return PathChange(path, blob(old) if old else None, blob(new) if new else None)


def pick(*changes: PathChange) -> Pick:
    return Pick("c" * 40, changes)


def test_ancestors_outermost_first() -> None:
    assert ancestors("a/b/c.txt") == ["a", "a/b"]
    assert ancestors("top") == []


def test_a_path_the_new_base_left_alone_takes_the_commit_s_version() -> None:
    onto = {"foo.py": blob("a1"), "lib": ("040000", "d" * 40)}
    plan = plan_replay(
        [pick(change("foo.py", "a1", "a2")), pick(change("lib/new.py", None, "n1"))],
        onto,
        base_dirs={"lib"},
    )
    assert plan == [{"foo.py": blob("a2")}, {"lib/new.py": blob("n1")}]


def test_later_picks_see_the_tip_built_so_far() -> None:
    plan = plan_replay(
        [pick(change("foo.py", "a1", "a2")), pick(change("foo.py", "a2", "a3"))],
        {"foo.py": blob("a1")},
        base_dirs=set(),
    )
    assert plan == [{"foo.py": blob("a2")}, {"foo.py": blob("a3")}]


def test_a_change_already_upstream_is_dropped_and_a_partial_one_keeps_the_rest() -> None:
    onto = {"foo.py": blob("a2"), "bar.py": blob("b1")}
    plan = plan_replay(
        [
            pick(change("foo.py", "a1", "a2")),
            pick(change("foo.py", "a2", "a3"), change("bar.py", "b1", "b2")),
        ],
        onto,
        base_dirs=set(),
    )
    # the first pick's change is the new base's: it becomes empty and is dropped
    assert plan == [None, {"foo.py": blob("a3"), "bar.py": blob("b2")}]


def test_a_content_merge_is_left_to_git() -> None:
    onto = {"foo.py": blob("a9")}  # upstream changed the file the patch changes
    assert plan_replay([pick(change("foo.py", "a1", "a2"))], onto, set()) is None


def test_deletions_and_empty_commits_are_left_to_git() -> None:
    assert plan_replay([pick(change("foo.py", "a1", None))], {"foo.py": blob("a1")}, set()) is None
    assert plan_replay([pick()], {}, set()) is None


def test_an_add_over_an_existing_path_is_left_to_git() -> None:
    # even an identical add: upstream's may be a rename that git pairs its own way
    assert plan_replay([pick(change("new.py", None, "n1"))], {"new.py": blob("n1")}, set()) is None


def test_an_add_into_a_directory_the_new_base_removed_is_left_to_git() -> None:
    """git would guess a directory rename there."""
    assert plan_replay([pick(change("old/new.py", None, "n1"))], {}, base_dirs={"old"}) is None
    # a directory neither base has is simply created
    assert plan_replay([pick(change("fresh/new.py", None, "n1"))], {}, set()) == [
        {"fresh/new.py": blob("n1")}
    ]


def test_files_where_directories_are_needed_are_left_to_git() -> None:
    onto = {"docs": blob("f1")}  # a file upstream where the patch adds docs/x
    assert plan_replay([pick(change("docs/x", None, "x1"))], onto, set()) is None
    tree = {"docs": ("040000", "d" * 40)}  # a directory where the patch edits a file
    assert plan_replay([pick(change("docs", "f1", "f2"))], tree, set()) is None
    # within the series itself: a file in one commit, a directory in another
    flips = [pick(change("a", None, "a1")), pick(change("a/b", None, "b1"))]
    assert plan_replay(flips, {}, set()) is None


def test_submodules_are_left_to_git() -> None:
    gitlink = PathChange("sub", ("160000", "1" * 40), ("160000", "2" * 40))
    assert plan_replay([pick(gitlink)], {"sub": ("160000", "1" * 40)}, set()) is None


def test_a_mode_change_is_part_of_the_version() -> None:
    onto = {"run.sh": blob("s1")}
    executable = PathChange("run.sh", blob("s1"), blob("s1", "100755"))
    assert plan_replay([pick(executable)], onto, set()) == [{"run.sh": blob("s1", "100755")}]
    upstream_made_it_executable = {"run.sh": blob("s1", "100755")}
    assert (
        plan_replay([pick(change("run.sh", "s1", "s2"))], upstream_made_it_executable, set())
        is None
    )
