"""adapters/git.Repo on real repositories: git's command line without GitPython."""

from __future__ import annotations

from pathlib import Path

import pytest

from rdotool.adapters.git import GitError, Repo
from tests.factories import git


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    (path / "a.txt").write_text("a\n")
    git(path, "add", "a.txt")
    git(path, "commit", "-q", "-m", "first")
    git(path, "tag", "1.0")
    return path


def test_found_from_a_subdirectory_and_a_file(repo: Path) -> None:
    (repo / "sub").mkdir()
    assert Repo(repo / "sub").path == repo
    assert Repo(repo / "a.txt").path == repo
    assert Repo(repo).git_dir == repo / ".git"


def test_failures_name_git_s_reason(repo: Path) -> None:
    with pytest.raises(GitError, match=r"git show failed: .*nosuch"):
        Repo(repo).run("show", "nosuch:file")
    assert Repo(repo).try_run("merge-base", "--is-ancestor", "1.0", "1.0") == ""
    assert Repo(repo).rev_parse("refs/tags/nosuch") is None


def test_a_tag_moved_by_a_git_command_is_read_again(repo: Path) -> None:
    """Tags are remembered while only reading commands run; any other clears them."""
    handle = Repo(repo)
    first = handle.rev_parse("refs/tags/1.0")
    git(repo, "commit", "-q", "--allow-empty", "-m", "second")
    git(repo, "tag", "-f", "1.0")  # behind rdotool's back: still the remembered commit
    assert handle.rev_parse("refs/tags/1.0") == first
    handle.run("update-ref", "refs/heads/other", "HEAD")  # a writing command: forgotten
    assert handle.rev_parse("refs/tags/1.0") == handle.head() != first
    assert handle.rev_parse("HEAD") == handle.head()  # other refs are never remembered


def test_identity_as_git_config_get_gives_it(repo: Path) -> None:
    git(repo, "config", "user.name", "Local Name")
    git(repo, "config", "user.email", "local@example.com")
    assert Repo(repo).user_identity() == ("Local Name", "local@example.com")
    assert Repo(repo).user_identity() == (
        Repo(repo).config("user.name"),
        Repo(repo).config("user.email"),
    )
    git(repo, "config", "--unset", "user.email")
    name, _ = Repo(repo).user_identity()
    assert name == "Local Name"


def test_output_that_is_not_utf8_is_kept_as_surrogates(repo: Path) -> None:
    (repo / "latin1.txt").write_bytes(b"caf\xe9\n")
    git(repo, "add", "latin1.txt")
    git(repo, "commit", "-q", "-m", "latin1")
    text = Repo(repo).show_file("HEAD", "latin1.txt")
    assert text is not None and text.encode("utf-8", "surrogateescape") == b"caf\xe9"


def test_head_and_branch_in_one_command(repo: Path, tmp_path: Path) -> None:
    assert Repo(repo).head_and_branch() == (git(repo, "rev-parse", "HEAD"), "main")
    git(repo, "checkout", "-q", "-b", "feature/x")
    assert Repo(repo).head_and_branch()[1] == "feature/x"
    git(repo, "checkout", "-q", "--detach")
    assert Repo(repo).head_and_branch() == (git(repo, "rev-parse", "HEAD"), None)
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q", "-b", "rpm-master")
    assert Repo(empty).head_and_branch() == (None, "rpm-master")
