"""`rdotool review`: pushes into a bare repository standing in for Gerrit, which records
the refs it receives (push options travel in the ref name, as Gerrit reads them)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import RunCli
from tests.factories import commit_all, git
from tests.gerrit.world import World, make_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path / "world")


@pytest.fixture
def clone(rdotool: RunCli, world: World, tmp_path: Path) -> Path:
    dest = tmp_path / "python-foo"
    assert rdotool("clone", "foo", str(dest), "--rdoinfo", str(world.rdoinfo)).exit_code == 0
    return dest


def change(repo: Path, text: str = "x\n", message: str = "Fix the spec") -> str:
    (repo / "README").write_text(text)
    return commit_all(repo, message)


def test_review_pushes_with_change_id_and_options(
    rdotool: RunCli, world: World, clone: Path
) -> None:
    change(clone)
    result = rdotool(
        "review",
        "--distgit",
        str(clone),
        "-t",
        "bump-foo",
        "--reviewers",
        "alice,bob",
        "--wip",
        "--private",
    )
    assert result.exit_code == 0, result.stderr
    ((ref, sha),) = world.received(world.gerrit_origin)
    assert ref == "refs/for/rpm-master%topic=bump-foo,r=alice,r=bob,wip,private"
    assert sha == git(clone, "rev-parse", "HEAD")
    message = git(clone, "log", "-1", "--format=%B")
    assert re.fullmatch(r"Fix the spec\n\nChange-Id: I[0-9a-f]{40}", message)
    assert (
        git(world.gerrit_origin, "for-each-ref", "--format=%(refname) %(objectname)", "refs/for/")
        == f"{ref} {sha}"
    )
    assert git(world.gerrit_origin, "log", "-1", "--format=%B", sha) == message
    assert "added Change-Id I" in result.stderr
    # the commit listed is the one pushed (the reworded one), not the one before it
    assert f"  {sha[:12]} Fix the spec" in result.stdout
    assert "https://review.example.org/c/openstack/foo-distgit/+/4242" in result.stdout
    assert git(clone, "status", "--porcelain") == ""


def test_existing_change_id_is_kept(rdotool: RunCli, world: World, clone: Path) -> None:
    existing = "I" + "1" * 40
    change(clone, message=f"Fix the spec\n\nChange-Id: {existing}")
    head = git(clone, "rev-parse", "HEAD")
    result = rdotool("review", "--distgit", str(clone), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["change_ids"] == [existing]
    assert data["amended"] is None
    assert data["urls"] == ["https://review.example.org/c/openstack/foo-distgit/+/4242"]
    assert world.received(world.gerrit_origin) == [("refs/for/rpm-master", head)]


def test_dry_run_sends_nothing(rdotool: RunCli, world: World, clone: Path) -> None:
    head = change(clone)
    result = rdotool("review", "--distgit", str(clone), "--dry-run", "-t", "x")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "would run: git push --no-follow-tags review-origin HEAD:refs/for/rpm-master%topic=x"
    )
    assert f"{head[:12]} Fix the spec" in result.stdout
    assert "the last commit has no Change-Id: one would be added" in result.stderr
    assert world.received(world.gerrit_origin) == []
    assert git(clone, "rev-parse", "HEAD") == head  # not amended either


def test_patches_branch_goes_to_review_patches(rdotool: RunCli, world: World, clone: Path) -> None:
    git(clone, "branch", "-q", "rpm-master-patches", "patches/rpm-master-patches")
    git(clone, "checkout", "-q", "rpm-master-patches")
    (clone / "fix.txt").write_text("fix\n")
    commit_all(clone, "Backport a fix")
    git(clone, "checkout", "-q", "rpm-master")
    result = rdotool("review", "--distgit", str(clone), "--patches")
    assert result.exit_code == 0, result.stderr
    ((ref, sha),) = world.received(world.gerrit_patches)
    assert ref == "refs/for/rpm-master-patches"
    assert sha == git(clone, "rev-parse", "rpm-master-patches")
    assert "Change-Id: I" in git(clone, "log", "-1", "--format=%B", "rpm-master-patches")
    assert git(clone, "symbolic-ref", "--short", "HEAD") == "rpm-master"


def test_refusals(rdotool: RunCli, world: World, clone: Path) -> None:
    nothing = rdotool("review", "--distgit", str(clone))
    assert nothing.exit_code == ExitCode.BAD_INPUT
    assert "nothing to send: every commit of HEAD is already on review-origin" in nothing.stderr
    change(clone, "1\n", "One")
    change(clone, "2\n", "Two")
    many = rdotool("review", "--distgit", str(clone))
    assert many.exit_code == ExitCode.BAD_INPUT
    assert "2 commits would be sent for review" in many.stderr
    assert "pass --yes" in many.stderr
    (clone / "README").write_text("dirty\n")
    dirty = rdotool("review", "--distgit", str(clone), "--yes")
    assert dirty.exit_code == ExitCode.BAD_INPUT
    assert "has uncommitted changes: README" in dirty.stderr
    git(clone, "checkout", "-q", "README")
    git(clone, "checkout", "-q", "--detach")
    detached = rdotool("review", "--distgit", str(clone))
    assert detached.exit_code == ExitCode.BAD_INPUT
    assert "is on a detached HEAD" in detached.stderr
    assert world.received(world.gerrit_origin) == []


def test_older_commit_without_change_id_is_refused(rdotool: RunCli, clone: Path) -> None:
    change(clone, "1\n", "No id")
    change(clone, "2\n", "Has id\n\nChange-Id: I" + "2" * 40)
    result = rdotool("review", "--distgit", str(clone), "--yes")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "(No id) has no Change-Id" in result.stderr


def test_no_review_remote(rdotool: RunCli, world: World, tmp_path: Path) -> None:
    dest = tmp_path / "bar"
    assert (
        rdotool(
            "clone", "python-bar", str(dest), "--rdoinfo", str(world.rdoinfo), "--no-fetch"
        ).exit_code
        == 0
    )
    git(dest, "checkout", "-q", "-b", "work")
    change(dest)
    result = rdotool("review", "--distgit", str(dest))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert f"{dest} has no review-origin remote" in result.stderr
    assert "rdotool clone PACKAGE" in result.stderr


def test_push_rejected_by_gerrit_is_reported(rdotool: RunCli, world: World, clone: Path) -> None:
    hook = world.gerrit_origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'ERROR: missing Change-Id in message footer' >&2\nexit 1\n")
    change(clone)
    result = rdotool("review", "--distgit", str(clone))
    assert result.exit_code == ExitCode.EXTERNAL
    assert "git push to review-origin failed" in result.stderr
