"""`build --trunk`: a DLRN template built from an upstream commit as DLRN builds it.

The upstream repository is a pbr project the test makes (tags, then commits after the
tag); the distgit is shaped like RDO's rpm-master branches: `Version: XXX`,
`%{!?upstream_version: ...}`, `%{?dlrn}` and `sources_gpg` conditionals, an `upstream`
remote fetched into it. The SRPM is made for real with rpmbuild.
"""

from __future__ import annotations

import json
import os
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


OSLO_SPEC = """\
%{!?sources_gpg: %{!?dlrn:%global sources_gpg 1} }
%global sources_gpg_sign 0x2426b928085a020d8a90d0d879ab7008d0896c8a
%global sname oslo.config
%global pypi_name oslo-config
# doc and tests are enabled by default unless %%repo_bootstrap
%bcond doc %[!0%{?repo_bootstrap}]
%bcond tests %[!0%{?repo_bootstrap}]

%{!?upstream_version: %global upstream_version %{version}%{?milestone}}
# we are excluding some BRs from automatic generator
%global excluded_brs doc8 bandit pre-commit hacking flake8-import-order
%if %{without doc}
%global excluded_brs %{excluded_brs} sphinx openstackdocstheme
%endif

Name:       python-oslo-config
Epoch:      2
Version:    XXX
Release:    XXX
Summary:    OpenStack common configuration library

License:    Apache-2.0
URL:        https://launchpad.net/%{sname}
Source0:    https://tarballs.openstack.org/%{sname}/%{sname}-%{upstream_version}.tar.gz
# Required for tarball sources verification
%if 0%{?sources_gpg} == 1
Source101:        https://tarballs.openstack.org/%{sname}/%{sname}-%{upstream_version}.tar.gz.asc
Source102:        https://releases.openstack.org/_static/%{sources_gpg_sign}.txt
%endif

BuildArch:  noarch

%description
The oslo-config library.

%package -n python3-%{pypi_name}
Summary:    OpenStack common configuration library

%description -n python3-%{pypi_name}
The oslo-config library.

%prep
%autosetup -n %{sname}-%{upstream_version} -S git

%files -n python3-%{pypi_name}

%changelog
* Wed Mar 05 2025 RDO <dev@lists.rdoproject.org> 2:9.7.1-1
- Update to 9.7.1
"""


@pytest.mark.shared_data
def test_the_real_oslo_config_layout_with_rdoinfo(
    rdotool: RunCli, tmp_path: Path, shared_rdoinfo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rdoinfo's snapshot names flamingo (development, rpm-master -> master) and pins
    oslo-config to 9.7.1 in epoxy: the default REF follows both."""
    upstream = tmp_path / "oslo.config"
    (upstream / "oslo_config").mkdir(parents=True)
    git(upstream, "init", "-q", "-b", "master")
    (upstream / "setup.py").write_text(SETUP_PY)
    (upstream / "setup.cfg").write_text(
        SETUP_CFG.replace("fooproj", "oslo.config", 1).replace(
            "packages = fooproj", "packages = oslo_config"
        )
    )
    (upstream / "oslo_config" / "__init__.py").write_text("")
    commit_all(upstream, "Initial")
    for tag in ("9.7.0", "9.7.1"):
        (upstream / "oslo_config" / "version.py").write_text(f"V = '{tag}'\n")
        commit_all(upstream, f"Release {tag}")
        git(upstream, "tag", "-a", "-m", tag, tag)
    (upstream / "oslo_config" / "cfg.py").write_text("x = 1\n")
    head = commit_all(upstream, "A change on master")
    distgit = tmp_path / "oslo-config-distgit"
    distgit.mkdir()
    git(distgit, "init", "-q", "-b", "rpm-master")
    (distgit / "python-oslo-config.spec").write_text(OSLO_SPEC)
    commit_all(distgit, "template")
    git(distgit, "branch", "epoxy-rdo")
    git(distgit, "remote", "add", "upstream", str(upstream))
    git(distgit, "fetch", "-q", "--tags", "upstream")
    monkeypatch.setenv("RDOTOOL_RDOINFO", str(shared_rdoinfo))

    master = rdotool("build", "--distgit", str(distgit), "--srpm", "--offline", "--json")
    assert master.exit_code == 0, master.stderr
    built = json.loads(master.stdout)["trunk"]
    assert built["ref"] == "master" and built["commit"] == head
    assert built["upstream_version"] == "9.7.2.dev1"
    assert re.fullmatch(r"python-oslo-config-9\.7\.2-0\.\d{14}\.[0-9a-f]{7}\.el9s", built["nvr"])
    assert re.fullmatch(
        r"oslo[._]config-9\.7\.2\.dev1-0\.\d{14}\.[0-9a-f]{7}\.tar\.gz", built["tarball"]
    )
    rendered = Path(built["spec"]).read_text()
    assert "Source101" in rendered  # kept, but %{?dlrn} turns sources_gpg off:
    assert rendered.startswith("%global dlrn_nvr oslo")

    git(distgit, "checkout", "-q", "epoxy-rdo")
    epoxy = rdotool("build", "--distgit", str(distgit), "--srpm", "--offline", "--json")
    assert epoxy.exit_code == 0, epoxy.stderr
    assert "rdoinfo pins epoxy to source-branch 9.7.1" in epoxy.stderr
    pinned = json.loads(epoxy.stdout)["trunk"]
    assert pinned["ref"] == "9.7.1" and pinned["upstream_version"] == "9.7.1"
    assert pinned["nvr"].startswith("python-oslo-config-9.7.1-0.")
    assert sorted(srpm_files(json.loads(epoxy.stdout)["srpm"])) == sorted(
        [pinned["tarball"], "python-oslo-config.spec"]
    )


PUPPET_SPEC = """\
%{!?upstream_version: %global upstream_version %{version}%{?milestone}}
Name:           puppet-keystone
Version:        XXX
Release:        XXX
Summary:        Puppet module for OpenStack Keystone
License:        Apache-2.0
Source0:        https://tarballs.opendev.org/openstack/%{name}/%{name}-%{upstream_version}.tar.gz
BuildArch:      noarch

%description
Puppet module for OpenStack Keystone.

%prep
%setup -q -n openstack-keystone-%{upstream_version}

%install

%files

%changelog
"""


def test_a_puppet_module_takes_metadata_json_and_dlrn_s_tree_tarball(
    rdotool: RunCli, tmp_path: Path
) -> None:
    upstream = tmp_path / "puppet-keystone"
    (upstream / "manifests").mkdir(parents=True)
    git(upstream, "init", "-q", "-b", "master")
    (upstream / "metadata.json").write_text(
        json.dumps({"name": "openstack-keystone", "version": "26.0.0"})
    )
    (upstream / "manifests" / "init.pp").write_text("class keystone {}\n")
    commit_all(upstream, "Initial")
    git(upstream, "tag", "-a", "-m", "26.0.0", "26.0.0")
    (upstream / "manifests" / "init.pp").write_text("class keystone { }\n")
    commit_all(upstream, "After the tag")
    distgit = tmp_path / "puppet-keystone-distgit"
    distgit.mkdir()
    git(distgit, "init", "-q", "-b", "rpm-master")
    (distgit / "puppet-keystone.spec").write_text(PUPPET_SPEC)
    commit_all(distgit, "template")
    git(distgit, "remote", "add", "upstream", str(upstream))
    git(distgit, "fetch", "-q", "--tags", "upstream")
    result = rdotool(
        "build", "--distgit", str(distgit), "--srpm", "--offline", "--json", "--ref", "master"
    )
    assert result.exit_code == 0, result.stderr
    built = json.loads(result.stdout)["trunk"]
    # a commit after the tag bumps the last number, as DLRN does
    assert built["upstream_version"] == "26.0.1"
    assert built["nvr"].startswith("puppet-keystone-26.0.1-0.")
    release = built["nvr"].removeprefix("puppet-keystone-26.0.1-").removesuffix(".el9s")
    assert built["tarball"] == f"26.0.1-{release}.tar.gz"  # DLRN names it VERSION.tar.gz
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    srpm = json.loads(result.stdout)["srpm"]
    subprocess.run(f"rpm2cpio {srpm} | cpio -idm --quiet", shell=True, cwd=unpacked, check=True)
    with tarfile.open(unpacked / built["tarball"]) as archive:
        names = archive.getnames()
    assert "openstack-keystone-26.0.1/manifests/init.pp" in names
    assert not [n for n in names if "/.git" in n]


def test_a_trunk_build_with_mock_and_another_numbering(
    rdotool: RunCli, trunk: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trunk SRPM goes to the chosen backend as any SRPM (a stand-in mock here)."""
    from tests.builds.fixtures import install_fake_mock

    distgit, _ = trunk
    install_fake_mock(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_MOCK_RECORD", str(tmp_path / "argv.json"))
    result = rdotool(
        "build", "--distgit", str(distgit), "--offline", "--json",
        "--release-numbering", "minor.date.hash", "--release-minor", "2",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    nvr = data["trunk"]["nvr"]
    assert re.fullmatch(r"python-fooproj-1\.0\.1-2\.\d{14}\.[0-9a-f]{7}\.el9s", nvr), nvr
    argv = json.loads((tmp_path / "argv.json").read_text())
    assert argv[argv.index("--rebuild") + 1] == data["srpm"]
    assert Path(data["srpm"]).name == f"{nvr}.src.rpm"
    assert data["result_dir"].endswith(f"results_python-fooproj/1.0.1/{nvr.split('-', 3)[3]}")
