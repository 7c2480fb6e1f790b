"""Stable branches: the upstream branch comes from rdoinfo's release (`stable/2025.1`,
renamed `unmaintained/2025.1` at its end), not from the distgit branch's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import BASIC_RDOINFO, RunCli
from tests.factories import add_upstream_tag, commit_all, git, make_separate_remotes_distgit


def stable_distgit(tmp_path: Path, upstream_branch: str) -> Path:
    """An epoxy-rdo distgit at 1.2.0 whose upstream has 1.2.1 on `upstream_branch` and
    2.0.0 (the next release's) on master."""
    clone = make_separate_remotes_distgit(tmp_path, branch="epoxy-rdo", tags=("1.2.0",))
    source = tmp_path / "src" / "distgit"
    add_upstream_tag(source, "2.0.0")
    git(source, "checkout", "-q", "-b", "stable", "1.2.0")
    (source / "requirements.txt").write_text("pbr>=2.0.0\nsix>=1.16.0\n")
    commit_all(source, "Release 1.2.1")
    git(source, "tag", "1.2.1")
    upstream = str(tmp_path / "up.git")
    git(source, "push", "-q", "--tags", upstream, "upstream:refs/heads/master")
    git(source, "push", "-q", upstream, f"stable:refs/heads/{upstream_branch}")
    git(clone, "fetch", "-q", "--tags", "upstream")
    return clone


@pytest.mark.parametrize("upstream_branch", ["stable/2025.1", "unmaintained/2025.1"])
def test_new_version_takes_the_newest_tag_of_the_release(
    rdotool: RunCli, tmp_path: Path, upstream_branch: str
) -> None:
    clone = stable_distgit(tmp_path, upstream_branch)
    result = rdotool(
        "new-version",
        "--distgit",
        str(clone),
        "--rdoinfo",
        str(BASIC_RDOINFO),
        "--dry-run",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)["plan"]
    assert plan["new"] == "1.2.1"
    assert plan["origin"] == f"newest tag on upstream/{upstream_branch}"


def test_reqcheck_of_a_dlrn_template_reads_the_release_branch(
    rdotool: RunCli, tmp_path: Path
) -> None:
    clone = stable_distgit(tmp_path, "unmaintained/2025.1")
    spec = clone / "python-foo.spec"
    spec.write_text(spec.read_text().replace("Version:        1.2.0", "Version:        XXX"))
    commit_all(clone, "DLRN template")
    result = rdotool("reqcheck", "--distgit", str(clone), "--rdoinfo", str(BASIC_RDOINFO), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["source"] == "requirements.txt at upstream/unmaintained/2025.1"
