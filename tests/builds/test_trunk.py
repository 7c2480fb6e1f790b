"""`build --trunk`: a DLRN template built from an upstream commit as DLRN builds it.

The upstream repository is a pbr project the test makes (tags, then commits after the
tag); the distgit is shaped like RDO's rpm-master branches: `Version: XXX`,
`%{!?upstream_version: ...}`, `%{?dlrn}` and `sources_gpg` conditionals, an `upstream`
remote fetched into it. The SRPM is made for real with rpmbuild.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.factories import commit_all, git

pytestmark = pytest.mark.needs_rpm

SETUP_PY = "import setuptools\n\nsetuptools.setup(setup_requires=['pbr'], pbr=True)\n"
SETUP_CFG = """\
[metadata]
name = fooproj
summary = A project built by pbr
author = Upstream
author_email = upstream@example.org

[files]
packages = fooproj
"""

TEMPLATE = """\
%{!?sources_gpg: %{!?dlrn:%global sources_gpg 1} }
%global sources_gpg_sign 0x2426b928085a020d8a90d0d879ab7008d0896c8a
%global pypi_name fooproj
%{!?upstream_version: %global upstream_version %{version}%{?milestone}}

Name:           python-fooproj
Version:        XXX
Release:        XXX
Summary:        A project built by pbr
License:        Apache-2.0
URL:            https://opendev.org/openstack/fooproj
Source0:        https://tarballs.openstack.org/%{pypi_name}/%{pypi_name}-%{upstream_version}.tar.gz
# Required for tarball sources verification
%if 0%{?sources_gpg} == 1
Source101:      https://tarballs.openstack.org/%{pypi_name}/%{pypi_name}-%{upstream_version}.tar.gz.asc
Source102:      https://releases.openstack.org/_static/%{sources_gpg_sign}.txt
%endif
BuildArch:      noarch

%description
fooproj.

%prep
%if 0%{?sources_gpg} == 1
%{gpgverify}  --keyring=%{SOURCE102} --signature=%{SOURCE101} --data=%{SOURCE0}
%endif
%autosetup -n %{pypi_name}-%{upstream_version} -S git

%build

%install
mkdir -p %{buildroot}%{_datadir}/fooproj
cp -a fooproj %{buildroot}%{_datadir}/fooproj/

%files
%{_datadir}/fooproj

%changelog
%{?dlrn: * Thu Nov 26 2026 DLRN <dlrn@example.org> - %{version}-%{release}}
* Mon Jan 05 2026 RDO <dev@lists.rdoproject.org> 1.0.0-1
- Update to 1.0.0
"""

NVR = re.compile(r"^python-fooproj-1\.0\.1-0\.(\d{14})\.([0-9a-f]{7})\.el9s$")


def make_upstream(root: Path) -> Path:
    """fooproj: tag 1.0.0, then two commits (pbr says 1.0.1.dev2)."""
    repo = root / "fooproj"
    (repo / "fooproj").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "master")
    (repo / "setup.py").write_text(SETUP_PY)
    (repo / "setup.cfg").write_text(SETUP_CFG)
    (repo / "fooproj" / "__init__.py").write_text("")
    commit_all(repo, "Initial commit")
    git(repo, "tag", "-a", "-m", "1.0.0", "1.0.0")
    for n in (1, 2):
        (repo / "fooproj" / f"m{n}.py").write_text(f"N = {n}\n")
        commit_all(repo, f"Change {n}")
    return repo


@pytest.fixture()
def trunk(tmp_path: Path) -> tuple[Path, Path]:
    upstream = make_upstream(tmp_path)
    distgit = tmp_path / "fooproj-distgit"
    distgit.mkdir()
    git(distgit, "init", "-q", "-b", "rpm-master")
    (distgit / "python-fooproj.spec").write_text(TEMPLATE)
    (distgit / "sources").write_text("")
    commit_all(distgit, "python-fooproj template")
    git(distgit, "remote", "add", "upstream", str(upstream))
    git(distgit, "fetch", "-q", "--tags", "upstream")
    return distgit, upstream


def srpm_files(srpm: str) -> list[str]:
    listed = subprocess.run(["rpm", "-qpl", srpm], capture_output=True, text=True, check=True)
    return listed.stdout.split()


def test_a_template_builds_from_upstream_as_dlrn_does(
    rdotool: RunCli, trunk: tuple[Path, Path]
) -> None:
    distgit, upstream = trunk
    head = git(upstream, "rev-parse", "HEAD")
    before = git(distgit, "status", "--porcelain", "--untracked-files=all")
    result = rdotool("build", "--distgit", str(distgit), "--srpm", "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    assert "DLRN template" in result.stderr  # automatic, with a note
    data = json.loads(result.stdout)
    built = data["trunk"]
    match = NVR.match(built["nvr"])
    assert match, built["nvr"]
    assert match.group(2) == head[:7]
    assert built["commit"] == head and built["ref"] == "master"
    assert built["upstream_version"] == "1.0.1.dev2"
    release = f"0.{match.group(1)}.{head[:7]}"
    assert built["tarball"] == f"fooproj-1.0.1.dev2-{release}.tar.gz"
    srpm = data["srpm"]
    assert Path(srpm).name == f"{built['nvr']}.src.rpm"
    assert sorted(srpm_files(srpm)) == sorted([built["tarball"], "python-fooproj.spec"])

    rendered = Path(built["spec"]).read_text().splitlines()
    assert rendered[:3] == [
        f"%global dlrn_nvr fooproj-1.0.1.dev2-{release}",
        "%global dlrn 1",
        "%define upstream_version 1.0.1.dev2",
    ]
    assert "Version: 1.0.1" in rendered
    assert f"Release: {release}%{{?dist}}" in rendered
    assert f"Source0: {built['tarball']}" in rendered
    assert rendered[-1] == "%changelog"
    # the distgit is never modified (results_* aside, which git ignores here by status)
    after = git(distgit, "status", "--porcelain", "--untracked-files=all")
    assert [ln for ln in after.splitlines() if "results_" not in ln] == before.splitlines()


def test_the_tarball_holds_the_sdist_under_its_name(
    rdotool: RunCli, trunk: tuple[Path, Path], tmp_path: Path
) -> None:
    distgit, _ = trunk
    result = rdotool(
        "build", "--distgit", str(distgit), "--trunk", "--ref", "1.0.0", "--srpm", "--offline",
        "--upstream-python", sys.executable, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    built = json.loads(result.stdout)["trunk"]
    assert built["upstream_version"] == "1.0.0" and built["ref"] == "1.0.0"
    assert built["nvr"].startswith("python-fooproj-1.0.0-0.")
    srpm = json.loads(result.stdout)["srpm"]
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    subprocess.run(f"rpm2cpio {srpm} | cpio -idm --quiet", shell=True, cwd=unpacked, check=True)
    with tarfile.open(unpacked / built["tarball"]) as archive:
        tops = {name.split("/")[0] for name in archive.getnames()}
    assert tops == {"fooproj-1.0.0"}


def test_a_missing_upstream_says_what_to_do(rdotool: RunCli, trunk: tuple[Path, Path]) -> None:
    distgit, _ = trunk
    result = rdotool(
        "build", "--distgit", str(distgit), "--srpm", "--ref", "nosuchbranch", "--offline"
    )  # fmt: skip
    assert result.exit_code == 3
    assert "no branch, tag or commit nosuchbranch" in result.stderr
