"""`rdotool uc bump` on a release world of local bare repositories (tests/uc/bump_world.py):
four packages pinned behind UC, one of which conflicts; the distgits' commits, the
SRPMs, what the Gerrit stand-in received, the rdoinfo pin commit, the table and JSON;
--continue after resolving; SIGINT in the middle, then --continue."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rdotool.errors import ExitCode
from tests.conftest import TODAY, RunCli
from tests.distgit.tarball_server import tarball_server
from tests.factories import git
from tests.uc.bump_world import PACKAGES, BumpWorld, make_bump_world

pytestmark = pytest.mark.needs_rpm

GERRIT_URL = "https://review.example.org/c/openstack/foo-distgit/+/4242"
FINISHED = ("python-alpha", "python-beta", "python-delta")
ALL_DONE = "done   done         done      done   done    "  # the table's step columns


@pytest.fixture
def world(tmp_path: Path) -> Iterator[BumpWorld]:
    with tarball_server() as server:
        yield make_bump_world(tmp_path / "world", server)


def bump_args(world: BumpWorld, *extra: str) -> list[str]:
    return [
        "uc", "bump", "--release", "epoxy", "--rdoinfo", str(world.rdoinfo),
        "--uc-file", str(world.uc_file), "--workdir", str(world.workdir), *extra,
    ]  # fmt: skip


def steps(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {
        p["bump"]["package"]: {s: r["status"] for s, r in p["steps"].items()}
        for p in data["packages"]
    }


def test_dry_run_prints_the_plan_and_writes_nothing(rdotool: RunCli, world: BumpWorld) -> None:
    result = rdotool(*bump_args(world, "--dry-run"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "uc bump epoxy: the plan (nothing written)",
        "package          from -> to      status      distgit",
        *(
            f"python-{p:<8}  1.2.0 -> 1.3.0  pin-behind  {world.workdir / f'python-{p}'}"
            for p in PACKAGES
        ),
    ]
    assert "steps: clone, new-version, reqcheck, build, review" in result.stderr
    assert not world.workdir.exists()
    only = json.loads(rdotool(*bump_args(world, "--dry-run", "--json", "beta")).stdout)
    assert [p["bump"]["package"] for p in only["packages"]] == ["python-beta"]
    unknown = rdotool(*bump_args(world, "--dry-run", "nosuch"))
    assert unknown.exit_code == ExitCode.BAD_INPUT and "nosuch" in unknown.stderr


def test_a_release_bump_then_continue_after_resolving(rdotool: RunCli, world: BumpWorld) -> None:
    result = rdotool(
        *bump_args(world, "--send", "--rdoinfo-checkout", str(world.rdoinfo), "-j", "2", "--json")
    )
    assert result.exit_code == ExitCode.CHECK_FAILED, result.stderr  # the conflict
    data = json.loads(result.stdout)
    done = dict.fromkeys(("clone", "new-version", "reqcheck", "build", "review"), "done")
    assert steps(data) == {
        **{name: done for name in FINISHED},
        "python-conflict": {
            "clone": "done", "new-version": "failed", "reqcheck": "pending",
            "build": "pending", "review": "pending",
        },
    }  # fmt: skip
    assert data["counts"] == {"finished": 3, "failed": 1, "pending": 0}
    conflict = next(p for p in data["packages"] if p["bump"]["package"] == "python-conflict")
    failure = conflict["steps"]["new-version"]
    assert "stopped on a conflict in foo.py" in failure["detail"]
    assert f"rdotool uc bump --continue --workdir {world.workdir}" in failure["hint"]
    assert failure["log"] == str(world.workdir / ".rdotool-uc-bump/logs/python-conflict.log")
    for line in (f"{name} 1.2.0 -> 1.3.0: done" for name in FINISHED):
        assert line in result.stderr.splitlines()

    for name in FINISHED:
        distgit = world.workdir / name
        project = name.removeprefix("python-")
        assert git(distgit, "log", "--format=%s", "origin/epoxy-rdo..HEAD").splitlines() == [
            f"{name}-1.3.0-1"
        ]
        spec = (distgit / f"{name}.spec").read_text()
        assert "Version:        1.3.0\n" in spec
        assert "Requires:       python3-requests >= 2.0\n" in spec
        assert (
            f"* {TODAY} Test Packager <packager@example.com> 1.3.0-1\n- Update to 1.3.0\n" in spec
        )
        message = git(distgit, "log", "-1", "--format=%B")
        assert (
            "Sync Requires with requirements.txt at 1.3.0\n\nAdded: python3-requests >= 2.0"
            in message
        )
        assert "Change-Id: I" in message
        srpms = list(distgit.glob("results_*/1.3.0/*/rpmbuild/SRPMS/*.src.rpm"))
        assert [p.name for p in srpms] == [f"{name}-1.3.0-1.el9s.src.rpm"]
        assert world.received(project) == [
            ("refs/for/epoxy-rdo%topic=uc-bump-epoxy", git(distgit, "rev-parse", "HEAD"))
        ]
        package = next(p for p in data["packages"] if p["bump"]["package"] == name)
        assert package["review_urls"] == [GERRIT_URL]
    assert world.received("conflict") == []
    pins = git(world.rdoinfo, "log", "-1", "--format=%B")
    assert pins == (
        "Bump epoxy pins to upper-constraints\n\n"
        "alpha: 1.2.0 -> 1.3.0\nbeta: 1.2.0 -> 1.3.0\ndelta: 1.2.0 -> 1.3.0"
    )
    assert data["pin_commits"] == [git(world.rdoinfo, "rev-parse", "HEAD")]

    # resolve the conflict where the hint says, then --continue: only it runs again
    worktree = world.workdir / "python-conflict" / ".git" / "rdotool" / "rebase"
    (worktree / "foo.py").write_text("VERSION = 'downstream'\nNAME = 'foo'\n")
    git(worktree, "add", "foo.py")
    logs = {n: (world.workdir / f".rdotool-uc-bump/logs/{n}.log").read_text() for n in FINISHED}
    again = rdotool("uc", "bump", "--continue", "--workdir", str(world.workdir))
    assert again.exit_code == 0, again.stdout + again.stderr
    assert again.stdout.splitlines() == [
        "package          from -> to      clone  new-version  reqcheck  build  review  url",
        *(f"python-{p:<8}  1.2.0 -> 1.3.0  {ALL_DONE}{GERRIT_URL}" for p in PACKAGES),
        f"rdoinfo pins committed: {data['pin_commits'][0][:12]}",
        f"rdoinfo pins committed: {git(world.rdoinfo, 'rev-parse', 'HEAD')[:12]}",
        "4 packages: 4 finished",
    ]
    assert again.stderr.splitlines() == ["python-conflict 1.2.0 -> 1.3.0: done"]
    for name in FINISHED:  # not redone
        assert (world.workdir / f".rdotool-uc-bump/logs/{name}.log").read_text() == logs[name]
        assert len(world.received(name.removeprefix("python-"))) == 1
    assert git(world.rdoinfo, "log", "-1", "--format=%B").endswith("conflict: 1.2.0 -> 1.3.0")
    resolved = world.workdir / "python-conflict"
    assert "VERSION = 'downstream'" in git(
        resolved, "show", "HEAD:0001-Carry-a-downstream-version.patch"
    )
    assert len(world.received("conflict")) == 1
    nothing = rdotool("uc", "bump", "--continue", "--workdir", str(world.workdir))
    assert nothing.exit_code == 0 and nothing.stderr == ""


def test_a_dirty_distgit_is_refused_and_a_bump_in_progress_too(
    rdotool: RunCli, world: BumpWorld
) -> None:
    first = rdotool(*bump_args(world, "--build", "none", "alpha"))
    assert first.exit_code == 0, first.stdout + first.stderr
    spec = world.workdir / "python-alpha" / "python-alpha.spec"
    spec.write_text(spec.read_text() + "# local edit\n")
    dirty = rdotool(*bump_args(world, "--build", "none", "--json", "alpha", "beta"))
    assert dirty.exit_code == ExitCode.CHECK_FAILED
    clone = next(
        p for p in json.loads(dirty.stdout)["packages"] if p["bump"]["package"] == "python-alpha"
    )["steps"]["clone"]
    assert clone["status"] == "failed" and "uncommitted changes" in clone["detail"]
    again = rdotool(*bump_args(world, "--build", "none"))
    assert again.exit_code == ExitCode.BAD_INPUT
    assert "holds a bump of epoxy that is not finished" in again.stderr


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_leaves_every_distgit_consistent_and_continue_completes(
    world: BumpWorld, signum: int
) -> None:
    """The tarball server stalls every download: the three packages that get there are
    in their build step when rdotool receives the signal (Ctrl-C, or a kill)."""
    world.server.mode = "stall"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    running = subprocess.Popen(
        [sys.executable, "-m", "rdotool", *bump_args(world, "-j", "4")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while len({path for path, _ in world.server.requests}) < 3:
            assert time.monotonic() < deadline, "the builds never asked for their tarballs"
            assert running.poll() is None, running.communicate()
            time.sleep(0.05)
        running.send_signal(signum)
        _out, err = running.communicate(timeout=60)
    finally:
        if running.poll() is None:
            running.kill()
        # only now: a download that went on would end truncated, not interrupted
        world.server.release.set()
    assert running.returncode == 128 + signum, err
    assert f"interrupted by {signal.Signals(signum).name}" in err
    states = {
        name: json.loads((world.workdir / f".rdotool-uc-bump/packages/{name}.json").read_text())
        for name in (*FINISHED, "python-conflict")
    }
    for name in FINISHED:
        assert states[name]["steps"]["reqcheck"]["status"] == "done"
        assert states[name]["steps"]["build"]["status"] == "interrupted"
        distgit = world.workdir / name
        assert git(distgit, "status", "--porcelain", "--untracked-files=no") == ""
        assert not (distgit / ".git" / "rdotool" / "state.json").exists()
        assert git(distgit, "log", "-1", "--format=%s") == f"{name}-1.3.0-1"

    world.server.mode = "ok"
    finished = subprocess.run(
        [sys.executable, "-m", "rdotool", "uc", "bump", "--continue",
         "--workdir", str(world.workdir), "--json"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert finished.returncode == ExitCode.CHECK_FAILED, finished.stderr  # still the conflict
    data = json.loads(finished.stdout)
    for name in FINISHED:
        assert steps(data)[name] == dict.fromkeys(
            ("clone", "new-version", "reqcheck", "build", "review"), "done"
        )


def test_continue_send_sends_the_reviews_a_first_run_dry_ran(
    rdotool: RunCli, world: BumpWorld
) -> None:
    first = rdotool(*bump_args(world, "--json", "alpha", "beta"))
    assert first.exit_code == 0, first.stderr
    reviews = [p["steps"]["review"] for p in json.loads(first.stdout)["packages"]]
    assert all(
        r["status"] == "done" and r["detail"].startswith("dry run: git push") for r in reviews
    )
    assert world.received("alpha") == world.received("beta") == []
    sent = rdotool("uc", "bump", "--continue", "--send", "--workdir", str(world.workdir), "--json")
    assert sent.exit_code == 0, sent.stderr
    data = json.loads(sent.stdout)
    assert [p["review_urls"] for p in data["packages"]] == [[GERRIT_URL], [GERRIT_URL]]
    for project in ("alpha", "beta"):
        distgit = world.workdir / f"python-{project}"
        assert world.received(project) == [
            ("refs/for/epoxy-rdo%topic=uc-bump-epoxy", git(distgit, "rev-parse", "HEAD"))
        ]
        # the rest was not redone: still one commit over origin
        assert len(git(distgit, "log", "--format=%s", "origin/epoxy-rdo..HEAD").splitlines()) == 1


def test_a_distgit_already_at_the_uc_version_gets_only_its_requires(
    rdotool: RunCli, world: BumpWorld, tmp_path: Path
) -> None:
    """delta's distgit was moved to 1.3.0 by hand but its Requires were not synced:
    new-version is skipped, reqcheck commits on its own, the rest goes on."""
    from tests.factories import commit_all

    hand = tmp_path / "hand"
    git(tmp_path, "clone", "-q", "-b", "epoxy-rdo", str(world.distgit("delta")), str(hand))
    spec = hand / "python-delta.spec"
    spec.write_text(spec.read_text().replace("Version:        1.2.0", "Version:        1.3.0"))
    commit_all(hand, "Update to 1.3.0 by hand")
    git(hand, "push", "-q", "origin", "epoxy-rdo")
    git(hand, "push", "-q", str(world.gerrit("delta")), "epoxy-rdo")  # merged through Gerrit
    result = rdotool(*bump_args(world, "--json", "delta"))
    assert result.exit_code == 0, result.stderr
    (package,) = json.loads(result.stdout)["packages"]
    assert package["steps"]["new-version"] == {
        "status": "skipped", "detail": "already at 1.3.0", "hint": "",
        "log": str(world.workdir / ".rdotool-uc-bump/logs/python-delta.log"),
    }  # fmt: skip
    assert package["steps"]["reqcheck"]["detail"] == "added 1, raised 0, committed"
    distgit = world.workdir / "python-delta"
    assert git(distgit, "log", "--format=%s", "origin/epoxy-rdo..HEAD").splitlines() == [
        "Sync Requires with requirements.txt at 1.3.0"
    ]
    assert package["steps"]["build"]["status"] == "done"


def test_a_package_without_gerrit_skips_its_review(rdotool: RunCli, world: BumpWorld) -> None:
    """Most dependencies have no review-origin in rdoinfo: the review step says so."""
    from tests.factories import commit_all

    rdo = world.rdoinfo / "rdo.yml"
    gerrit = world.gerrit("beta")
    rdo.write_text(
        rdo.read_text().replace(
            f"  review-origin: file://{gerrit}\n  review-patches: file://{gerrit}\n", "", 1
        )
    )
    commit_all(world.rdoinfo, "beta has no Gerrit")
    result = rdotool(*bump_args(world, "--build", "none", "--json", "beta"))
    assert result.exit_code == 0, result.stderr
    (package,) = json.loads(result.stdout)["packages"]
    assert (package["steps"]["review"]["status"], package["steps"]["review"]["detail"]) == (
        "skipped",
        "no review-origin remote (not reviewed on Gerrit)",
    )
