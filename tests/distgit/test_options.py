"""The remaining patch/new-version options, separate remotes, and a failing git step."""

from __future__ import annotations

import json
from pathlib import Path

from rdotool.errors import ExitCode
from tests.conftest import RunCli
from tests.factories import (
    commit_all,
    git,
    make_separate_remotes_distgit,
    make_single_repo_distgit,
)

# runs after the checkout of the rebase work tree, and locks the distgit's own index
LOCK_INDEX_HOOK = '#!/bin/sh\ntouch "$(git rev-parse --git-common-dir)/index.lock"\n'


def test_custom_local_patches_branch(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    git(repo, "branch", "-q", "-m", "rpm-master-patches", "my-series")
    missing = rdotool("patch", "--distgit", str(repo))
    assert missing.exit_code == ExitCode.BAD_INPUT
    assert "no patches branch: neither rpm-master-patches nor patches/rpm-master-patches" in (
        missing.stderr
    )
    result = rdotool("patch", "--distgit", str(repo), "-P", "my-series", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["patches_branch"] == "my-series"


def test_explicit_remote_patches_branch(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    other = tmp_path / "other.git"
    git(tmp_path, "init", "-q", "--bare", str(other))
    git(repo, "push", "-q", str(other), "rpm-master-patches:refs/heads/stable-patches")
    git(repo, "remote", "add", "gerrit", str(other))
    git(repo, "fetch", "-q", "gerrit")
    result = rdotool("patch", "--distgit", str(repo), "-p", "gerrit/stable-patches", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["patches"]) == 2
    bad = rdotool("patch", "--distgit", str(repo), "-p", "nobranch")
    assert bad.exit_code == ExitCode.USAGE
    assert "-p/--patches-branch needs REMOTE/BRANCH" in bad.stderr


def test_changelog_modes(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path, patches=("One", "Two", "Three"))
    plain = rdotool("patch", "--distgit", str(repo), "-C", "plain", "--json")
    assert json.loads(plain.stdout)["changelog"] == ["- Update patches"]
    git(repo, "checkout", "-q", "rpm-master-patches")
    (repo / "four.txt").write_text("4\n")
    commit_all(repo, "Four")
    git(repo, "checkout", "-q", "rpm-master")
    count = rdotool("patch", "--distgit", str(repo), "-C", "count", "--json")
    assert json.loads(count.stdout)["changelog"] == ["- Four"]
    wrong = rdotool("patch", "--distgit", str(repo), "-C", "guess")
    assert wrong.exit_code == ExitCode.USAGE


def test_commit_header_from_stdin(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path, patches=("Only",))
    result = rdotool("patch", "--distgit", str(repo), "-H", "-", input="From stdin\n")
    assert result.exit_code == 0, result.stderr
    assert git(repo, "log", "-1", "--format=%s") == "From stdin"


def test_separate_remotes_layout(rdotool: RunCli, tmp_path: Path) -> None:
    """upstream and patches as remotes of their own, the distgit cloned from its repo."""
    clone = make_separate_remotes_distgit(tmp_path)
    assert git(clone, "branch", "--list", "rpm-master-patches") == ""
    remote_before = git(clone, "rev-parse", "patches/rpm-master-patches")
    done = rdotool("new-version", "--distgit", str(clone), "1.3.0", "--json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["patches"] == [
        "0001-Fix-a-bug.patch",
        "0002-Add-a-feature-rhbz-1234.patch",
    ]
    assert git(clone, "log", "-1", "--format=%s") == "python-foo-1.3.0-1"
    git(clone, "fetch", "-q", "patches")
    assert git(clone, "rev-parse", "patches/rpm-master-patches") == remote_before  # no push


def test_failing_git_step_in_new_version_then_abort_or_continue(
    rdotool: RunCli, tmp_path: Path
) -> None:
    repo = make_single_repo_distgit(tmp_path)
    assert rdotool("patch", "--distgit", str(repo)).exit_code == 0
    head = git(repo, "rev-parse", "HEAD")
    patches_sha = git(repo, "rev-parse", "rpm-master-patches")
    before = (repo / "python-foo.spec").read_text()
    hook = repo / ".git" / "hooks" / "post-checkout"

    def lock_index_after_checkouts() -> None:
        hook.write_text(LOCK_INDEX_HOOK)
        hook.chmod(0o755)

    def unlock() -> None:
        hook.unlink()
        (repo / ".git" / "index.lock").unlink()

    lock_index_after_checkouts()  # a real git failure in the middle of new-version
    failed = rdotool("new-version", "--distgit", str(repo), "1.3.0")
    assert failed.exit_code == ExitCode.EXTERNAL, failed.stderr
    assert "index.lock" in failed.stderr
    unlock()
    aborted = rdotool("--abort", "--distgit", str(repo))
    assert aborted.exit_code == 0, aborted.stderr
    assert (repo / "python-foo.spec").read_text() == before
    assert git(repo, "symbolic-ref", "--short", "HEAD") == "rpm-master"
    assert git(repo, "rev-parse", "rpm-master-patches") == patches_sha
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == ""

    lock_index_after_checkouts()
    assert rdotool("new-version", "--distgit", str(repo), "1.3.0").exit_code == ExitCode.EXTERNAL
    unlock()
    resumed = rdotool("--continue", "--distgit", str(repo))
    assert resumed.exit_code == 0, resumed.stderr
    assert git(repo, "log", "-1", "--format=%s") == "python-foo-1.3.0-1"
    assert git(repo, "status", "--porcelain") == ""
