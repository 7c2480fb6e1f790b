"""`rdotool info diff`: a git history made from the rdoinfo snapshot, then one change
of each kind rdoinfo's CI acts on, compared as text, JSON and names."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA, RunCli
from tests.factories import commit_all, git

pytestmark = pytest.mark.shared_data


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path.name} has no {old!r}"
    path.write_text(text.replace(old, new, 1))


def drop_project(tree: Path, project: str) -> None:
    """Retire a package: its block goes from every file (rdo.yml, tags, builds)."""
    block = re.compile(rf"^- project: {re.escape(project)}\n(?:  .*\n|    .*\n)*", re.MULTILINE)
    for path in tree.rglob("*.yml"):
        text = path.read_text()
        if f"project: {project}\n" in text:
            path.write_text(block.sub("", text))


@pytest.fixture()
def rdoinfo_repo(tmp_path: Path) -> Path:
    source = SHARED_DATA / "rdoinfo"
    if not (source / "rdo-full.yml").exists():
        pytest.skip("no rdoinfo snapshot in ../shared/data")
    tree = tmp_path / "rdoinfo"
    shutil.copytree(source, tree)
    git(tree, "init", "-q", "-b", "master")
    commit_all(tree, "snapshot")
    return tree


def change_everything(tree: Path) -> None:
    edit(
        tree / "tags" / "epoxy.yml",
        "- project: oslo-config\n  tags:\n    epoxy:\n      source-branch: 9.7.1\n",
        "- project: oslo-config\n  tags:\n    epoxy:\n      source-branch: 9.7.2\n",
    )
    edit(
        tree / "buildsys-tags" / "cloud9s-openstack-epoxy-release.yml",
        "cloud9s-openstack-epoxy-release: python-oslo-config-9.7.1-1.el9s",
        "cloud9s-openstack-epoxy-release: python-oslo-config-9.7.2-1.el9s",
    )
    edit(
        tree / "rdo.yml",
        "- project: oslo-config\n  conf: rpmfactory-lib\n",
        "- project: oslo-config\n  conf: rpmfactory-lib\n  maintainers:\n"
        "  - newcomer@example.com\n",
    )
    edit(
        tree / "rdo.yml",
        "- project: oslo-concurrency\n",
        "- project: oslo-newthing\n  conf: rpmfactory-lib\n"
        "  upstream: https://opendev.org/openstack/oslo.newthing\n- project: oslo-concurrency\n",
    )
    edit(
        tree / "tags" / "epoxy.yml",
        "- project: oslo-rootwrap\n",
        "- project: oslo-newthing\n  tags:\n    epoxy:\n- project: oslo-rootwrap\n",
    )
    drop_project(tree, "oslo-serialization")


def test_each_kind_of_change_between_two_commits(rdotool: RunCli, rdoinfo_repo: Path) -> None:
    change_everything(rdoinfo_repo)
    commit_all(rdoinfo_repo, "pins, builds, a maintainer, a new package, a retired one")
    result = rdotool("info", "diff", "--rdoinfo", str(rdoinfo_repo))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # a clean working tree is HEAD: the last commit's change
    assert re.fullmatch(r"rdoinfo: HEAD~1 \([0-9a-f]{12}\) -> HEAD \([0-9a-f]{12}\)", lines[0])
    assert lines[1:] == [
        "added: python-oslo-newthing",
        "removed: python-oslo-serialization",
        "changed: python-oslo-config",
        "  epoxy source-branch: 9.7.1 -> 9.7.2",
        "  cloud9s-openstack-epoxy-release: python-oslo-config-9.7.1-1.el9s ->"
        " python-oslo-config-9.7.2-1.el9s",
        # the entry's own maintainers replace those of its conf (rdoinfo's layering)
        "  maintainers: +newcomer@example.com -apevec@redhat.com -lbezdick@redhat.com",
    ]
    data = json.loads(rdotool("info", "diff", "--rdoinfo", str(rdoinfo_repo), "--json").stdout)
    assert data["new"].startswith("HEAD (") and data["old"].startswith("HEAD~1 (")
    changed = data["diff"]["changed"][0]
    assert changed["pins"] == {"epoxy": ["9.7.1", "9.7.2"]}
    assert changed["maintainers_added"] == ["newcomer@example.com"]
    assert changed["maintainers_removed"] == ["apevec@redhat.com", "lbezdick@redhat.com"]
    names = rdotool("info", "diff", "--rdoinfo", str(rdoinfo_repo), "--names")
    assert names.stdout.split() == [
        "python-oslo-config",
        "python-oslo-newthing",
        "python-oslo-serialization",
    ]


def test_the_working_tree_a_tag_and_explicit_revisions(rdotool: RunCli, rdoinfo_repo: Path) -> None:
    first = git(rdoinfo_repo, "rev-parse", "HEAD")
    change_everything(rdoinfo_repo)  # not committed: HEAD against the working tree
    dirty = rdotool("info", "diff", "--rdoinfo", str(rdoinfo_repo), "--names")
    assert dirty.exit_code == 0, dirty.stderr
    text = rdotool("info", "diff", "--rdoinfo", str(rdoinfo_repo))
    assert re.fullmatch(
        r"rdoinfo: HEAD \([0-9a-f]{12}\) -> working tree", text.stdout.split("\n")[0]
    )
    assert "python-oslo-newthing" in dirty.stdout.split()
    only_epoxy = rdotool("info", "diff", "--rdoinfo", str(rdoinfo_repo), "--tag", "epoxy")
    assert only_epoxy.stdout.splitlines()[1:] == [
        "added: python-oslo-newthing",
        "removed: python-oslo-serialization",
        "changed: python-oslo-config",
        "  epoxy source-branch: 9.7.1 -> 9.7.2",
        "  cloud9s-openstack-epoxy-release: python-oslo-config-9.7.1-1.el9s ->"
        " python-oslo-config-9.7.2-1.el9s",
    ]
    commit_all(rdoinfo_repo, "second")
    explicit = rdotool("info", "diff", first, "HEAD", "--rdoinfo", str(rdoinfo_repo), "--names")
    assert explicit.stdout.split() == dirty.stdout.split()
    same = rdotool("info", "diff", "HEAD", "HEAD", "--rdoinfo", str(rdoinfo_repo))
    assert same.exit_code == 0 and "no package changed" in same.stderr
    bad = rdotool("info", "diff", "nosuchrev", "--rdoinfo", str(rdoinfo_repo))
    assert bad.exit_code == 3 and "no revision nosuchrev" in bad.stderr


def test_a_revision_that_is_not_rdoinfo_is_named(rdotool: RunCli, tmp_path: Path) -> None:
    repo = tmp_path / "notrdoinfo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "master")
    (repo / "README").write_text("x\n")
    commit_all(repo, "one")
    (repo / "README").write_text("y\n")
    commit_all(repo, "two")
    result = rdotool("info", "diff", "--rdoinfo", str(repo))
    assert result.exit_code == 3
    assert f"{repo} at HEAD~1 has no rdo-full.yml" in result.stderr


# Two revisions of the real rdoinfo (redhat-openstack/rdoinfo), the second being the
# commit ../shared/data/rdoinfo is a snapshot of (its SNAPSHOT file names it).
REAL_OLD, REAL_NEW = "fdcddc5390f7", "2cdac3d7e0ef"


def test_two_real_revisions_of_an_rdoinfo_clone(rdotool: RunCli, tmp_path: Path) -> None:
    """Opt-in: RDOINFO_CLONE names a clone of rdoinfo's real history (the suite
    has no network to make one). Three real commits: a package dropped from flamingo,
    a CBS build bumped, another replaced by a newer upstream series."""
    import os

    clone = os.environ.get("RDOINFO_CLONE")
    if not clone:
        pytest.skip("set RDOINFO_CLONE to a clone of rdoinfo to run it")
    repo = tmp_path / "rdoinfo"
    git(tmp_path, "clone", "-q", "--no-checkout", clone, str(repo))
    if not git(repo, "rev-parse", "--verify", "-q", f"{REAL_NEW}^{{commit}}", check=False):
        pytest.skip(f"{clone} does not hold commit {REAL_NEW}")
    git(repo, "checkout", "-q", REAL_NEW)
    result = rdotool("info", "diff", REAL_OLD, REAL_NEW, "--rdoinfo", str(repo))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"rdoinfo: {REAL_OLD} -> {REAL_NEW}",
        "changed: golang-github-openstack-k8s-operators-os-diff",
        "  tags: -flamingo -flamingo-uc -under-review",
        "changed: openstack-network-scripts",
        "  cloud10s-openstack-flamingo-testing: openstack-network-scripts-10.11.1-7.el10s ->"
        " openstack-network-scripts-10.11.1-8.el10s",
        "changed: rdo-openvswitch",
        "  cloud10s-openstack-flamingo-testing: rdo-openvswitch-3.4-1.el10s ->"
        " rdo-openvswitch-3.5-2.el10s",
    ]
    clean = rdotool("info", "diff", "--rdoinfo", str(repo), "--names")
    assert clean.stdout.split() == ["rdo-openvswitch"]  # HEAD~1..HEAD
