"""adapters/git_replay against `git rebase` itself: on the same repository, the replay
makes the very commits `git rebase --onto` makes, or declines and changes nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from rdotool.adapters.git import Repo
from rdotool.adapters.git_replay import SCRATCH_REF, replay_onto
from tests.factories import commit_all, git


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """One committer date for both ways, so equal commits have equal ids."""
    monkeypatch.setenv("GIT_COMMITTER_DATE", "1700000000 +0100")


def write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """Upstream 1.0 -> 2.0 (foo.py and docs/ changed) and `patches` on 1.0."""
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    write(path, {"foo.py": "v = 1\n", "bar.py": "b = 1\n", "docs/index.rst": "Docs\n"})
    commit_all(path, "1.0")
    git(path, "tag", "1.0")
    git(path, "branch", "patches")
    write(path, {"foo.py": "v = 2\n", "docs/usage.rst": "Usage\n"})
    commit_all(path, "2.0")
    git(path, "tag", "2.0")
    git(path, "checkout", "-q", "patches")
    return path


def patch(repo: Path, message: str, files: dict[str, str]) -> None:
    write(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--cleanup=verbatim", "-m", message)


def replayed_and_rebased(repo: Path) -> tuple[bool, str, str]:
    """(replay done, its branch, git rebase's branch) on two copies of `repo`, with the
    branch not checked out, as new-version runs them."""
    git(repo, "checkout", "-q", "--detach")
    ours, theirs = repo.parent / "ours", repo.parent / "theirs"
    shutil.copytree(repo, ours, symlinks=True)
    shutil.copytree(repo, theirs, symlinks=True)
    done = replay_onto(Repo(ours), "refs/tags/2.0", "refs/tags/1.0", "patches")
    worktree = repo.parent / "wt"
    git(theirs, "worktree", "add", "-q", str(worktree), "patches")
    subprocess.run(
        ["git", "-c", "core.editor=true", "rebase", "--quiet", "--onto", "refs/tags/2.0", "1.0"],
        cwd=worktree,
        check=True,
        capture_output=True,
    )
    git(theirs, "worktree", "remove", "--force", str(worktree))
    return done, git(ours, "rev-parse", "patches"), git(theirs, "rev-parse", "patches")


def test_the_same_commits_as_git_rebase(repo: Path) -> None:
    patch(repo, "Fix bar\n\nCloses-Bug: #1\n", {"bar.py": "b = 2\n"})
    patch(repo, "Add a doc", {"docs/extra.rst": "Extra\n", "new/dir/file.txt": "x\n"})
    (repo / "run.sh").write_text("#!/bin/sh\n")
    (repo / "run.sh").chmod(0o755)
    os.symlink("bar.py", repo / "link")
    patch(repo, "Script and link", {})
    done, ours, theirs = replayed_and_rebased(repo)
    assert done and ours == theirs
    ours_repo = repo.parent / "ours"
    assert git(ours_repo, "log", "--format=%s", "2.0..patches").splitlines() == [
        "Script and link",
        "Add a doc",
        "Fix bar",
    ]
    reflog = git(ours_repo, "reflog", "-1", "--format=%gs", "patches")
    assert reflog == f"rebase (finish): refs/heads/patches onto {git(repo, 'rev-parse', '2.0')}"
    assert git(ours_repo, "for-each-ref", SCRATCH_REF) == ""


@pytest.mark.parametrize(
    "message",
    [
        "No newline at the end",
        "Trailing spaces   \n\n\n",
        "Subject\n# not a comment to git rebase\n\nbody\n",
        "Caf\u00e9 \u2013 unicode\n",
    ],
)
def test_messages_are_kept_byte_for_byte(repo: Path, message: str) -> None:
    patch(repo, message, {"bar.py": "b = 3\n"})
    done, ours, theirs = replayed_and_rebased(repo)
    assert done and ours == theirs


def test_a_commit_already_upstream_is_dropped_as_git_drops_it(repo: Path) -> None:
    patch(repo, "Backport v = 2", {"foo.py": "v = 2\n"})
    patch(repo, "Fix bar", {"bar.py": "b = 2\n"})
    done, ours, theirs = replayed_and_rebased(repo)
    assert done and ours == theirs
    assert git(repo.parent / "ours", "log", "--format=%s", "2.0..patches") == "Fix bar"


def test_nothing_left_moves_the_branch_to_the_new_tag(repo: Path) -> None:
    patch(repo, "Backport v = 2", {"foo.py": "v = 2\n"})
    done, ours, theirs = replayed_and_rebased(repo)
    assert done and ours == theirs == git(repo, "rev-parse", "2.0")


@pytest.mark.parametrize(
    ("files", "why"),
    [
        ({"foo.py": "v = 1\nw = 1\n"}, "a content merge: upstream changed foo.py too"),
        ({"docs/index.rst": None}, "a deletion"),
    ],
)
def test_what_needs_a_merge_is_declined_and_nothing_changes(
    repo: Path, files: dict[str, str | None], why: str
) -> None:
    for name, text in files.items():
        if text is None:
            (repo / name).unlink()
        else:
            write(repo, {name: text})
    commit_all(repo, why)
    before = git(repo, "for-each-ref")
    git(repo, "checkout", "-q", "--detach")
    assert not replay_onto(Repo(repo), "refs/tags/2.0", "refs/tags/1.0", "patches"), why
    assert git(repo, "for-each-ref") == before


def test_an_add_into_a_directory_upstream_removed_is_declined(tmp_path: Path) -> None:
    path = tmp_path / "moved"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    write(path, {"old/a.py": "a\n", "old/b.py": "b\n"})
    commit_all(path, "1.0")
    git(path, "tag", "1.0")
    git(path, "branch", "patches")
    git(path, "mv", "old", "new")
    git(path, "commit", "-q", "-m", "2.0")
    git(path, "tag", "2.0")
    git(path, "checkout", "-q", "patches")
    patch(path, "Add c", {"old/c.py": "c\n"})
    git(path, "checkout", "-q", "--detach")
    assert not replay_onto(Repo(path), "refs/tags/2.0", "refs/tags/1.0", "patches")


@pytest.mark.parametrize(
    "setting",
    [
        ("commit.gpgSign", "true"),
        ("rebase.backend", "apply"),
        ("rebase.updateRefs", "true"),
        ("notes.rewriteRef", "refs/notes/commits"),
        ("i18n.commitEncoding", "ISO-8859-1"),
    ],
)
def test_settings_that_change_what_rebase_does_leave_it_to_git(
    repo: Path, setting: tuple[str, str]
) -> None:
    patch(repo, "Fix bar", {"bar.py": "b = 2\n"})
    git(repo, "checkout", "-q", "--detach")
    git(repo, "config", *setting)
    assert not replay_onto(Repo(repo), "refs/tags/2.0", "refs/tags/1.0", "patches")


def test_hooks_a_branch_checked_out_and_odd_commits_leave_it_to_git(repo: Path) -> None:
    patch(repo, "Fix bar", {"bar.py": "b = 2\n"})
    # the branch is checked out here: git would not move it under the work tree
    assert not replay_onto(Repo(repo), "refs/tags/2.0", "refs/tags/1.0", "patches")
    git(repo, "checkout", "-q", "--detach")
    hook = repo / ".git" / "hooks" / "post-rewrite"
    hook.write_text("#!/bin/sh\n")
    hook.chmod(0o755)
    assert not replay_onto(Repo(repo), "refs/tags/2.0", "refs/tags/1.0", "patches")
    hook.unlink()
    git(repo, "checkout", "-q", "patches")
    git(repo, "-c", "user.name=J. R.", "commit", "-q", "--allow-empty", "-m", "empty")
    git(repo, "checkout", "-q", "--detach")
    assert not replay_onto(Repo(repo), "refs/tags/2.0", "refs/tags/1.0", "patches")


def test_an_author_git_would_tidy_or_an_encoding_leave_it_to_git(repo: Path) -> None:
    write(repo, {"bar.py": "b = 2\n"})
    git(repo, "add", "-A")
    git(repo, "-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "-m", "Latin")
    git(repo, "checkout", "-q", "--detach")
    assert not replay_onto(Repo(repo), "refs/tags/2.0", "refs/tags/1.0", "patches")
    # git itself never writes a name ending in a character it trims; other tools may
    git(repo, "checkout", "-q", "1.0")
    write(repo, {"bar.py": "b = 3\n"})
    git(repo, "add", "bar.py")
    tree = git(repo, "write-tree")
    git(repo, "checkout", "-q", "--detach", "-f", "1.0")
    raw = (
        f"tree {tree}\nparent {git(repo, 'rev-parse', '1.0')}\n"
        "author J. Random Hacker. <j@example.com> 1700000000 +0000\n"
        "committer C <c@example.com> 1700000000 +0000\n\nDot\n"
    )
    odd = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=repo,
        input=raw,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    git(repo, "branch", "-f", "patches", odd)
    assert not replay_onto(Repo(repo), "refs/tags/2.0", "refs/tags/1.0", "patches")


def test_hooks_under_core_hookspath_leave_it_to_git(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch(repo, "Fix bar", {"bar.py": "b = 2\n"})
    git(repo, "checkout", "-q", "--detach")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    hooks = tmp_path / "home" / "hooks"
    hooks.mkdir(parents=True)
    (hooks / "pre-rebase").write_text("#!/bin/sh\nexit 1\n")
    (hooks / "pre-rebase").chmod(0o755)
    git(repo, "config", "core.hooksPath", "~/hooks")  # git expands ~ here
    assert not replay_onto(Repo(repo), "refs/tags/2.0", "refs/tags/1.0", "patches")
    (hooks / "pre-rebase").chmod(0o644)  # not executable: git runs no hook
    assert replay_onto(Repo(repo), "refs/tags/2.0", "refs/tags/1.0", "patches")
