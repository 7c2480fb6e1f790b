"""The promises packagers rely on: --force leaves their changes out, --abort undoes exactly
what rdotool did, resume goes on from a resolved rebase in every remote layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import RunCli
from tests.factories import (
    add_upstream_tag,
    commit_all,
    git,
    make_separate_remotes_distgit,
    make_single_repo_distgit,
)

SPEC = "python-foo.spec"


def patched(tmp_path: Path, rdotool: RunCli) -> Path:
    repo = make_single_repo_distgit(tmp_path)
    assert rdotool("patch", "--distgit", str(repo)).exit_code == 0
    return repo


def describe(repo: Path, entry: str) -> None:
    """Write a %changelog line under the entry `fix` opened (what the packager does)."""
    text = (repo / SPEC).read_text()
    header_end = text.index("\n", text.index("%changelog\n* ") + len("%changelog\n"))
    (repo / SPEC).write_text(text[: header_end + 1] + entry + "\n" + text[header_end + 1 :])


def test_fix_force_commits_only_the_fix(rdotool: RunCli, tmp_path: Path) -> None:
    repo = patched(tmp_path, rdotool)
    (repo / "sources").write_text("SHA512 (mine.tar.gz) = 00\n")
    (repo / ".gitignore").write_text("/mine.tar.gz\n")  # untracked, also the user's
    assert rdotool("fix", "--distgit", str(repo)).exit_code == ExitCode.BAD_INPUT
    started = rdotool("fix", "--distgit", str(repo), "--force")
    assert started.exit_code == 0, started.stderr
    describe(repo, "- Fix the thing")
    (repo / "0001-Fix-a-bug.patch").write_text("edited during the fix\n")
    done = rdotool("--continue", "--distgit", str(repo))
    assert done.exit_code == 0, done.stderr
    committed = git(repo, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert sorted(committed) == ["0001-Fix-a-bug.patch", SPEC]
    assert (repo / "sources").read_text() == "SHA512 (mine.tar.gz) = 00\n"
    assert git(repo, "status", "--porcelain") == " M sources\n?? .gitignore".strip()


def test_fix_force_abort_keeps_the_users_edits(rdotool: RunCli, tmp_path: Path) -> None:
    repo = patched(tmp_path, rdotool)
    spec_before = (repo / SPEC).read_text()
    (repo / "sources").write_text("mine\n")
    assert rdotool("fix", "--distgit", str(repo), "--force").exit_code == 0
    (repo / "README").write_text("written during the fix\n")
    aborted = rdotool("--abort", "--distgit", str(repo))
    assert aborted.exit_code == 0, aborted.stderr
    assert (repo / SPEC).read_text() == spec_before
    assert (repo / "sources").read_text() == "mine\n"
    assert (repo / "README").read_text() == "written during the fix\n"


@pytest.mark.parametrize(
    "argv",
    [["fix", "--force"], ["patch", "--force"], ["new-version", "--force", "-l", "1.3.0"]],
    ids=["fix", "patch", "new-version"],
)
def test_a_file_rdotool_must_rewrite_is_never_taken_from_the_user(
    rdotool: RunCli, tmp_path: Path, argv: list[str]
) -> None:
    repo = make_single_repo_distgit(tmp_path, patches=("Fix a bug",))
    if argv[0] != "patch":
        assert rdotool("patch", "--distgit", str(repo)).exit_code == 0
    else:  # give patch something to do
        git(repo, "checkout", "-q", "rpm-master-patches")
        (repo / "more.txt").write_text("more\n")
        commit_all(repo, "More")
        git(repo, "checkout", "-q", "rpm-master")
    head = git(repo, "rev-parse", "HEAD")
    edited = (repo / SPEC).read_text() + "# my uncommitted edit\n"
    (repo / SPEC).write_text(edited)
    result = rdotool(argv[0], "--distgit", str(repo), *argv[1:])
    assert result.exit_code == ExitCode.BAD_INPUT, result.stderr
    assert f"{SPEC} has uncommitted changes and rdotool {argv[0]} must rewrite it" in (
        result.stderr
    )
    assert (repo / SPEC).read_text() == edited
    assert git(repo, "rev-parse", "HEAD") == head
    assert json.loads(rdotool("status", "--distgit", str(repo), "--json").stdout)["command"] is None
    assert rdotool("--abort", "--distgit", str(repo)).exit_code == ExitCode.BAD_INPUT
    assert (repo / SPEC).read_text() == edited


def test_patch_never_overwrites_an_untracked_file(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    mine = repo / "0001-Fix-a-bug.patch"
    mine.write_text("my own notes\n")
    result = rdotool("patch", "--distgit", str(repo))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "0001-Fix-a-bug.patch in" in result.stderr and "would overwrite it" in result.stderr
    assert mine.read_text() == "my own notes\n"
    assert git(repo, "log", "-1", "--format=%s") == "Initial distgit"


def test_new_version_abort_on_a_fresh_clone_removes_the_branch_it_made(
    rdotool: RunCli, tmp_path: Path
) -> None:
    clone = make_separate_remotes_distgit(tmp_path)
    source = tmp_path / "src" / "distgit"
    add_upstream_tag(source, "1.6.0", {"patch1.txt": "upstream wrote this differently\n"})
    git(source, "push", "-q", "--tags", str(tmp_path / "up.git"), "upstream:refs/heads/master")
    git(clone, "fetch", "-q", "--tags", "upstream")
    refs_before = git(clone, "for-each-ref")
    stopped = rdotool("new-version", "--distgit", str(clone), "1.6.0")
    assert stopped.exit_code == ExitCode.BAD_INPUT
    busy = rdotool("patch", "--distgit", str(clone))
    assert busy.exit_code == ExitCode.BAD_INPUT
    assert "new-version is in progress" in busy.stderr
    assert rdotool("--abort", "--distgit", str(clone)).exit_code == 0
    assert git(clone, "for-each-ref") == refs_before
    assert git(clone, "branch", "--list", "rpm-master-patches") == ""
    assert git(clone, "status", "--porcelain", "--ignored") == ""


def test_resolved_conflict_resumes_with_a_patches_remote(rdotool: RunCli, tmp_path: Path) -> None:
    """The resume goes on from the resolved rebase: it does not reset the local patches
    branch to the remote one again."""
    clone = make_separate_remotes_distgit(tmp_path)
    source = tmp_path / "src" / "distgit"
    add_upstream_tag(source, "1.6.0", {"patch1.txt": "upstream wrote this differently\n"})
    git(source, "push", "-q", "--tags", str(tmp_path / "up.git"), "upstream:refs/heads/master")
    git(clone, "fetch", "-q", "--tags", "upstream")
    assert rdotool("new-version", "--distgit", str(clone), "1.6.0").exit_code == 3
    worktree = clone / ".git" / "rdotool" / "rebase"
    (worktree / "patch1.txt").write_text("resolved by hand\n")
    git(worktree, "add", "patch1.txt")
    git(worktree, "-c", "core.editor=true", "rebase", "--continue")
    done = rdotool("--continue", "--distgit", str(clone))
    assert done.exit_code == 0, done.stderr
    assert "resolved by hand" in (clone / "0002-Add-a-feature-rhbz-1234.patch").read_text()
    assert git(clone, "for-each-ref", "refs/rdotool/") == ""
    assert git(clone, "merge-base", "--is-ancestor", "1.6.0", "rpm-master-patches") == ""


def test_only_commits_after_the_old_base_are_rebased(rdotool: RunCli, tmp_path: Path) -> None:
    """Stable-branch commits below the old tag (`Update .gitreview`) never become patches."""
    repo = make_single_repo_distgit(tmp_path, patches=())
    # a stable branch: 1.2.0, then stable-only maintenance, then 1.2.1 on top of it
    git(repo, "checkout", "-q", "-b", "stable", "1.2.0")
    (repo / ".gitreview").write_text("defaultbranch=stable\n")
    commit_all(repo, "Update .gitreview for stable")
    (repo / "foo.py").write_text("VERSION = '1.2.1'\n")
    commit_all(repo, "Release 1.2.1")
    git(repo, "tag", "1.2.1")
    git(repo, "branch", "-q", "-f", "rpm-master-patches", "1.2.1")
    git(repo, "checkout", "-q", "rpm-master-patches")
    (repo / "downstream.txt").write_text("ours\n")
    commit_all(repo, "Downstream fix")
    git(repo, "checkout", "-q", "rpm-master")
    assert rdotool("new-version", "--distgit", str(repo), "-b", "1.2.1").exit_code == 0
    assert rdotool("patch", "--distgit", str(repo)).exit_code == 0
    result = rdotool("new-version", "--distgit", str(repo), "1.3.0", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["patches"] == ["0001-Downstream-fix.patch"]
    log = git(repo, "log", "--format=%s", "1.3.0..rpm-master-patches")
    assert log == "Downstream fix"
