"""Milestone and release-candidate bumps on specs shaped like RDO's real ones: what
`rpmspec -P` makes of Source0 and of the %setup directory is the test."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import DATA, RunCli
from tests.factories import git, make_single_repo_distgit

SHAPES = DATA / "specs" / "rdo-shapes"
MILESTONES = (".0b1", ".0rc1", ".0rc2", "")

pytestmark = pytest.mark.skipif(shutil.which("rpmspec") is None, reason="rpmspec is not installed")


def preprocessed(spec: Path) -> str:
    """The spec as rpm sees it (`rpmspec -P`), on a DLRN-free system."""
    result = subprocess.run(
        ["rpmspec", "-P", "--define", f"_sourcedir {spec.parent}", str(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def source0_and_setup_dir(spec: Path) -> tuple[str, str]:
    text = preprocessed(spec)
    source0 = re.search(r"^Source0:\s*(\S+)", text, re.MULTILINE)
    # %setup/%autosetup -n DIR expand to `rm -rf 'DIR'` and the unpack into it
    setup = re.search(r"^rm -rf '([^'/]+)'$", text, re.MULTILINE)
    assert source0 and setup, text
    return source0[1].rsplit("/", 1)[1], setup[1]


@pytest.mark.parametrize(
    ("shape", "tarball", "major"),
    [
        ("python-oslo-widget.spec", "oslo.widget-{v}.tar.gz", "6.0.0"),
        ("python-oslo-settings.spec", "oslo.settings-{v}.tar.gz", "10.0.0"),
    ],
)
def test_milestone_bumps_name_the_exact_upstream_tarball(
    rdotool: RunCli, tmp_path: Path, shape: str, tarball: str, major: str
) -> None:
    text = (SHAPES / shape).read_text()
    repo = make_single_repo_distgit(tmp_path, spec=text, patches=())
    spec = repo / "python-foo.spec"
    for step in (major + milestone for milestone in MILESTONES):
        result = rdotool("new-version", "--distgit", str(repo), "--bump-only", step)
        assert result.exit_code == 0, result.stderr
        name, setup_dir = source0_and_setup_dir(spec)
        assert name == tarball.format(v=step)
        assert setup_dir == name.removesuffix(".tar.gz")
        assert git(repo, "status", "--porcelain") == ""
    lines = spec.read_text().splitlines()
    assert not [line for line in lines if "milestone " in line and line.startswith("%global")]
    # the rest of the spec is as it was: only Version, Release and %changelog moved
    before = [ln for ln in text.splitlines() if not ln.startswith(("Version:", "Release:"))]
    after = [ln for ln in lines if not ln.startswith(("Version:", "Release:"))]
    changelog = after.index("%changelog")
    assert after[:changelog] == before[: before.index("%changelog")]


def test_milestone_defined_after_its_use_is_moved_up(rdotool: RunCli, tmp_path: Path) -> None:
    text = (SHAPES / "python-oslo-widget.spec").read_text()
    text = text.replace("%global with_doc 1\n", "%global with_doc 1\n%global milestone .0b1\n")
    text = text.replace("Version:        5.5.1", "Version:        6.0.0")
    text = text.replace("Release:        1%{?dist}", "Release:        0.1%{?milestone}%{?dist}")
    repo = make_single_repo_distgit(tmp_path, spec=text, patches=())
    result = rdotool("new-version", "--distgit", str(repo), "--bump-only", "6.0.0.0rc1")
    assert result.exit_code == 0, result.stderr
    spec = repo / "python-foo.spec"
    assert spec.read_text().splitlines()[0] == "%global milestone .0rc1"
    assert spec.read_text().count("milestone .0") == 1
    assert source0_and_setup_dir(spec)[0] == "oslo.widget-6.0.0.0rc1.tar.gz"


def test_a_broken_edit_is_an_error_not_a_crash(rdotool: RunCli, tmp_path: Path) -> None:
    text = (SHAPES / "python-oslo-widget.spec").read_text()
    repo = make_single_repo_distgit(tmp_path, spec=text.replace("Name:", "Nme:"), patches=())
    result = rdotool("new-version", "--distgit", str(repo), "--bump-only", "6.0.0.0rc1")
    assert result.exit_code == ExitCode.BAD_INPUT, result.stderr
    assert "python-foo.spec" in result.stderr and "Traceback" not in result.stderr


def test_dlrn_template_is_replaced_with_a_real_version(rdotool: RunCli, tmp_path: Path) -> None:
    text = (SHAPES / "python-widgetclient-dlrn.spec").read_text()
    repo = make_single_repo_distgit(tmp_path, spec=text, patches=())
    result = rdotool("new-version", "--distgit", str(repo), "--bump-only", "6.0.0.0rc1")
    assert result.exit_code == 0, result.stderr
    assert "replaces the DLRN template" in result.stderr
    spec = repo / "python-foo.spec"
    assert source0_and_setup_dir(spec) == (
        "python-widgetclient-6.0.0.0rc1.tar.gz",
        "python-widgetclient-6.0.0.0rc1",
    )
    assert "Release:        0.1%{?milestone}%{?dist}" in spec.read_text()
