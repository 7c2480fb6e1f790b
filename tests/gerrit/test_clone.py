"""`rdotool clone` against local bare repositories named in an rdoinfo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import RunCli
from tests.factories import git
from tests.gerrit.world import World, make_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path / "world")


def test_clone_sets_up_remotes_and_fetches(rdotool: RunCli, world: World, tmp_path: Path) -> None:
    dest = tmp_path / "python-foo"
    result = rdotool("clone", "foo", str(dest), "--rdoinfo", str(world.rdoinfo), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["package"] == "python-foo"
    assert data["branch"] == "rpm-master"  # the development release's branch
    assert data["cloned"] is True
    remotes = {r["name"]: r for r in data["remotes"]}
    assert {n: r["url"] for n, r in remotes.items()} == {
        "origin": f"file://{world.distgit}",
        "upstream": f"file://{world.upstream}",
        "patches": f"file://{world.patches}",
        "review-origin": f"file://{world.gerrit_origin}",
        "review-patches": f"file://{world.gerrit_patches}",
    }
    assert all(r["fetched"] for r in remotes.values())
    assert git(dest, "remote").split() == [
        "origin",
        "patches",
        "review-origin",
        "review-patches",
        "upstream",
    ]
    assert git(dest, "tag", "--list") == "1.2.0\n1.3.0"  # upstream tags for patch/new-version
    assert "patches/rpm-master-patches" in git(dest, "branch", "-r")
    assert (dest / "python-foo.spec").exists()


def test_clone_text_summary(rdotool: RunCli, world: World, tmp_path: Path) -> None:
    result = rdotool("clone", "python-foo", str(tmp_path / "d"), "--rdoinfo", str(world.rdoinfo))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Cloned python-foo in {tmp_path / 'd'} (branch rpm-master)"
    assert lines[1].split() == ["remote", "url", "status", "fetched"]
    assert lines[2].split() == ["origin", f"file://{world.distgit}", "cloned", "yes"]
    assert lines[-1] == "branches: rpm-master"


def test_clone_release_branch_and_review_user(
    rdotool: RunCli, world: World, tmp_path: Path
) -> None:
    info = world.rdoinfo / "rdo-full.yml"
    info.write_text(
        info.read_text().replace(
            f"review-origin: file://{world.gerrit_origin}",
            "review-origin: ssh://review.example.org:29418/openstack/foo-distgit.git",
        )
    )
    dest = tmp_path / "epoxy"
    result = rdotool(
        "clone",
        "foo",
        str(dest),
        "--release",
        "epoxy",
        "--review-user",
        "jdoe",
        "--rdoinfo",
        str(world.rdoinfo),
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["branch"] == "epoxy-rdo"
    review = next(r for r in data["remotes"] if r["name"] == "review-origin")
    assert review["url"] == "ssh://jdoe@review.example.org:29418/openstack/foo-distgit.git"
    assert review["fetched"] is False and review["error"]  # unreachable: skipped, warned
    assert "could not fetch review-origin" in result.stderr
    assert git(dest, "symbolic-ref", "--short", "HEAD") == "epoxy-rdo"


def test_clone_into_the_same_distgit_fixes_remotes(
    rdotool: RunCli, world: World, tmp_path: Path
) -> None:
    dest = tmp_path / "python-foo"
    git(tmp_path, "clone", "-q", f"file://{world.distgit}", str(dest))
    git(dest, "remote", "add", "upstream", "https://wrong.example.org/foo")
    result = rdotool(
        "clone", "foo", str(dest), "--rdoinfo", str(world.rdoinfo), "--json", "--no-fetch"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["cloned"] is False
    actions = {r["name"]: r["action"] for r in data["remotes"]}
    assert actions == {
        "origin": "kept",
        "upstream": "updated",
        "patches": "added",
        "review-origin": "added",
        "review-patches": "added",
    }
    assert git(dest, "remote", "get-url", "upstream") == f"file://{world.upstream}"


def test_clone_package_without_review_remotes(
    rdotool: RunCli, world: World, tmp_path: Path
) -> None:
    result = rdotool(
        "clone",
        "python-bar",
        str(tmp_path / "bar"),
        "--rdoinfo",
        str(world.rdoinfo),
        "--no-fetch",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    missing = [r["name"] for r in json.loads(result.stdout)["remotes"] if r["action"] == "missing"]
    assert missing == ["patches", "review-origin", "review-patches"]
    assert "python-bar has no review-origin in rdoinfo: no review-origin remote" in result.stderr


def test_clone_errors(rdotool: RunCli, world: World, tmp_path: Path) -> None:
    unknown = rdotool("clone", "pyhton-foo", "--rdoinfo", str(world.rdoinfo))
    assert unknown.exit_code == ExitCode.BAD_INPUT
    assert "no package pyhton-foo; did you mean python-foo?" in unknown.stderr
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine\n")
    taken = rdotool("clone", "foo", str(other), "--rdoinfo", str(world.rdoinfo))
    assert taken.exit_code == ExitCode.BAD_INPUT
    assert f"{other} exists and is not the distgit of python-foo" in taken.stderr
    info = world.rdoinfo / "rdo-full.yml"
    info.write_text(
        info.read_text().replace(
            f"distgit: file://{world.distgit}\n  master", "distgit: file:///nowhere/x.git\n  master"
        )
    )
    info.write_text(
        info.read_text().replace(
            f"master-distgit: file://{world.distgit}", "master-distgit: file:///nowhere/x.git"
        )
    )
    gone = rdotool("clone", "foo", str(tmp_path / "gone"), "--rdoinfo", str(world.rdoinfo))
    assert gone.exit_code == ExitCode.EXTERNAL
    assert "could not clone python-foo from file:///nowhere/x.git" in gone.stderr
    both = rdotool(
        "clone", "foo", "--branch", "x", "--release", "epoxy", "--rdoinfo", str(world.rdoinfo)
    )
    assert both.exit_code == ExitCode.USAGE


def test_clone_of_a_missing_release_branch_says_so(
    rdotool: RunCli, world: World, tmp_path: Path
) -> None:
    dest = tmp_path / "d"
    result = rdotool(
        "clone", "foo", str(dest), "--branch", "nosuch-rdo", "--rdoinfo", str(world.rdoinfo)
    )
    assert result.exit_code == ExitCode.BAD_INPUT, result.stderr
    assert "has no branch nosuch-rdo" in result.stderr
    assert "network" not in result.stderr
    assert not dest.exists() and not list(tmp_path.glob(".d.*"))


def test_clone_interrupted_after_every_git_command(world: World, tmp_path: Path) -> None:
    """SIGINT/SIGTERM after each git command: no DIR, or DIR fully set up; no staging
    directory and no git process left behind."""
    import signal
    import subprocess

    from tests.distgit.test_interruptions import Harness, snapshot

    (tmp_path / "h").mkdir()
    harness = Harness(tmp_path / "h")
    argv = ["clone", "foo"]
    reference = tmp_path / "reference"
    done = harness.run(world.rdoinfo, *argv, str(reference), flag="--rdoinfo")
    assert done.returncode == 0, done.stderr
    expected = (snapshot(reference), git(reference, "remote", "-v"))
    total = done.git_commands  # type: ignore[attr-defined]
    assert total >= 6
    for index in range(1, total + 1):
        signum = signal.SIGTERM if index % 2 else signal.SIGINT
        dest = tmp_path / f"clone-{index}"
        result = harness.run(
            world.rdoinfo, *argv, str(dest), kill_at=index, signum=int(signum), flag="--rdoinfo"
        )
        where = f"{signum.name} after git command {index}/{total}"
        assert result.returncode == 128 + signum, where + result.stderr
        assert "Traceback" not in result.stderr, where
        assert not list(tmp_path.glob(f".clone-{index}.*")), where
        if dest.exists():
            assert (snapshot(dest), git(dest, "remote", "-v")) == expected, where
        left = subprocess.run(["pgrep", "-f", str(dest)], capture_output=True, text=True)
        assert left.stdout == "", where
