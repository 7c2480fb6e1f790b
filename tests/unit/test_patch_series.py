"""core/patch_series.py: magic comments, patches_base, series runs, patch files, changelog."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rdotool.core.patch_series import (
    ChangelogMode,
    Commit,
    PatchesBase,
    changelog_lines,
    parse_patch_file,
    parse_patches_base,
    patches_branch_of,
    read_magic,
    select_runs,
)
from rdotool.errors import InputError


def commit(n: int, subject: str | None = None, body: str = "") -> Commit:
    return Commit(f"{n:040x}", subject or f"Change {n}", body)


@pytest.mark.parametrize(
    ("value", "base"),
    [
        (None, PatchesBase()),
        ("1.2.0", PatchesBase("1.2.0", 0)),
        ("1.2.0+2", PatchesBase("1.2.0", 2)),
        ("+1", PatchesBase(None, 1)),
    ],
)
def test_parse_patches_base(value: str | None, base: PatchesBase) -> None:
    assert parse_patches_base(value) == base


@given(
    st.one_of(st.none(), st.from_regex(r"[0-9][0-9.]{0,8}[0-9a-z]?", fullmatch=True)),
    st.integers(min_value=0, max_value=99),
)
def test_patches_base_round_trips(ref: str | None, skip: int) -> None:
    base = PatchesBase(ref, skip)
    assert parse_patches_base(base.render()) == base


def test_a_patches_base_that_is_not_ref_plus_n() -> None:
    with pytest.raises(InputError, match="is not REF or REF\\+N"):
        parse_patches_base("1.2.0+x")


def test_magic_comments_first_one_wins() -> None:
    lines = ["# patches_base=1.2.0+1", "#patches_ignore=DROP", "# patches_base=9.9"]
    assert read_magic(lines) == {"patches_base": "1.2.0+1", "patches_ignore": "DROP"}


def test_runs_split_where_ignored_commits_were() -> None:
    commits = [commit(1), commit(2, "DROP me"), commit(3), commit(4)]
    runs, ignored = select_runs(commits, 0, "DROP")
    assert [[c.subject for c in run] for run in runs] == [["Change 1"], ["Change 3", "Change 4"]]
    assert [c.subject for c in ignored] == ["DROP me"]
    skipped, _ = select_runs(commits, 2, None)
    assert [c.subject for c in skipped[0]] == ["Change 3", "Change 4"]


@given(st.lists(st.booleans(), max_size=12), st.integers(min_value=0, max_value=12))
def test_runs_keep_every_commit_once_and_in_order(drops: list[bool], skip: int) -> None:
    commits = [commit(i, "DROP" if drop else f"Keep {i}") for i, drop in enumerate(drops)]
    if skip > len(commits):
        with pytest.raises(InputError, match=r"skips \d+ commits but the patches branch has"):
            select_runs(commits, skip, "DROP")
        return
    runs, ignored = select_runs(commits, skip, "DROP")
    kept = [c for run in runs for c in run]
    assert kept == [c for c in commits[skip:] if c.subject != "DROP"]
    assert ignored == [c for c in commits[skip:] if c.subject == "DROP"]
    assert all(runs)


def test_a_bad_ignore_regex_names_it() -> None:
    with pytest.raises(InputError, match="patches_ignore=\\( is not a valid regex"):
        select_runs([commit(1)], 0, "(")


def test_patch_file_sha_and_subject() -> None:
    text = (
        "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
        "Subject: [PATCH] Fix the thing\n that wraps\n\n---\n"
    )
    parsed = parse_patch_file("0001-Fix.patch", text)
    assert parsed.sha == "0123456789abcdef0123456789abcdef01234567"
    assert parsed.subject == "Fix the thing that wraps"


def test_changelog_modes() -> None:
    old = [parse_patch_file("0001-a.patch", "Subject: [PATCH] Change 1\n")]
    commits = [commit(1), commit(2, body="Resolves: rhbz#9")]
    assert changelog_lines(commits, old, ChangelogMode.DETECT, 1) == ["- Change 2 (rhbz#9)"]
    assert changelog_lines(commits, old, ChangelogMode.COUNT, 0) == [
        "- Change 2 (rhbz#9)",
        "- Change 1",
    ]
    assert changelog_lines(commits, old, ChangelogMode.PLAIN, 1) == ["- Update patches"]
    assert changelog_lines(commits[:1], old, "detect", 1) == ["- Update patches"]


def test_patches_branch_naming() -> None:
    assert patches_branch_of("rpm-master") == "rpm-master-patches"
