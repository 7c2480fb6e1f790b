"""`rdotool reqcheck` per subpackage, on distgits shaped like RDO's: the module's
`python3-foo` against requirements.txt, `python3-foo-tests` against
test-requirements.txt, `python3-foo+EXTRA` against the project's extras (a pyproject
spec with %pyproject_extras_subpkg, as python-tooz; a legacy one with the extras
subpackage written out)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rdotool.errors import ExitCode
from tests.conftest import RunCli
from tests.factories import add_upstream_tag, make_single_repo_distgit

pytestmark = pytest.mark.needs_rpm

REQUIREMENTS = "pbr>=2.0.0\noslo.config>=6.1.0\n"
TEST_REQUIREMENTS = """\
hacking>=6.1.0 # linters: the spec's excluded_brs leaves it out
oslotest>=3.2.0
stestr>=2.0.0
oslo.config>=6.1.0 # also a runtime requirement: comes with python3-foo
"""
SETUP_CFG = """\
[metadata]
name = foo
python_requires = >=3.8

[extras]
redis =
  redis>=4.0.0 # MIT
etcd3gw =
  etcd3gw>=2.3.0
"""
PYPROJECT = """\
[project]
name = "foo"
requires-python = ">=3.11"

[project.optional-dependencies]
redis = ["redis>=4.0.0"]
etcd3gw = ["etcd3gw>=2.3.0"]
"""

SPEC = """\
%{{!?upstream_version: %global upstream_version %{{version}}%{{?milestone}}}}
%global pypi_name foo
%global excluded_brs doc8 hacking
Name:           python-%{{pypi_name}}
Version:        1.2.0
Release:        1%{{?dist}}
Summary:        Foo
License:        Apache-2.0
URL:            https://opendev.org/openstack/foo
Source0:        https://tarballs.opendev.org/openstack/foo/foo-%{{upstream_version}}.tar.gz
BuildArch:      noarch

%description
Foo.

%package -n python3-%{{pypi_name}}
Summary:        Foo
{main}
%description -n python3-%{{pypi_name}}
Foo.
{extra_package}
%package -n python3-%{{pypi_name}}-tests
Summary:        Foo's tests
Requires:       python3-%{{pypi_name}} = %{{version}}-%{{release}}
Requires:       python3-oslotest
Requires:       python3-oslo-config >= 2:6.1.0
Requires:       python3-mock
%description -n python3-%{{pypi_name}}-tests
Tests.

%prep
%autosetup -n foo-%{{upstream_version}} -S git

%build
{build}

%install
{install}

%files -n python3-%{{pypi_name}}
%{{python3_sitelib}}/foo
{metadata}

%files -n python3-%{{pypi_name}}-tests
%{{python3_sitelib}}/foo/tests

%changelog
* Thu Aug 08 2024 RDO <dev@lists.rdoproject.org> 1.2.0-1
- Update to 1.2.0
"""

PYPROJECT_SPEC = SPEC.format(
    main=(
        "BuildRequires:  pyproject-rpm-macros\n"
        "Requires:       python3-%{pypi_name}+redis = %{version}-%{release}\n"
        "Requires:       python3-%{pypi_name}+zake = %{version}-%{release}\n"
    ),
    extra_package="",
    build="%pyproject_wheel",
    install="%pyproject_install\n%pyproject_extras_subpkg -n python3-%{pypi_name} redis zake",
    metadata="%{python3_sitelib}/%{pypi_name}-*.dist-info",
)
LEGACY_SPEC = SPEC.format(
    main=(
        "Requires:       python3-pbr\n"
        "Requires:       python3-oslo-config >= 2:6.1.0\n"
        "%if 0%{?rhel} >= 9\n"
        "Requires:       python3-oslo-config >= 2:6.1.0\n"  # written twice: shown once
        "%endif\n"
    ),
    extra_package=(
        "\n%package -n python3-%{pypi_name}+redis\n"
        "Summary:        Foo's redis extra\n"
        "Requires:       python3-%{pypi_name} = %{version}-%{release}\n"
        "Requires:       python3-redis >= 3.0\n"
        "%description -n python3-%{pypi_name}+redis\n"
        "Redis.\n"
    ),
    build="%{py3_build}",
    install="%{py3_install}",
    metadata="%{python3_sitelib}/%{pypi_name}-*.egg-info\n\n%files -n python3-%{pypi_name}+redis",
)


def distgit(tmp_path: Path, spec: str, extras_file: str = "setup.cfg") -> Path:
    repo = make_single_repo_distgit(tmp_path, tags=("1.1.0",), base_tag="1.1.0", spec=spec)
    files = {
        "requirements.txt": REQUIREMENTS,
        "test-requirements.txt": TEST_REQUIREMENTS,
        extras_file: SETUP_CFG if extras_file == "setup.cfg" else PYPROJECT,
    }
    add_upstream_tag(repo, "1.2.0", files)
    return repo


def check(rdotool: RunCli, repo: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = rdotool("reqcheck", "--distgit", str(repo), "--json", *extra)
    assert result.exit_code in (0, ExitCode.CHECK_FAILED), result.stderr
    return result.exit_code, json.loads(result.stdout)


def found(report: dict[str, Any], scope: str) -> dict[str, list[tuple[str, str]]]:
    """category -> [(name or spec, subpackage)] of one scope."""
    categories = ("met", "any", "mismatch", "missing", "generated", "excess", "removed")
    return {
        category: [
            (f["spec"] if category == "excess" else f["name"], f["package"])
            for f in report[category]
            if f["scope"] == scope
        ]
        for category in categories
        if any(f["scope"] == scope for f in report[category])
    }


@pytest.mark.parametrize("extras_file", ["setup.cfg", "pyproject.toml"])
def test_pyproject_spec_each_subpackage_against_its_own_list(
    rdotool: RunCli, tmp_path: Path, extras_file: str
) -> None:
    repo = distgit(tmp_path, PYPROJECT_SPEC, extras_file)
    code, report = check(rdotool, repo)
    assert [(s["name"], s["packages"], s["strict"]) for s in report["scopes"]] == [
        ("runtime", ["python3-foo"], True),
        ("tests", ["python3-foo-tests"], False),
        ("extra:redis", ["python3-foo+redis"], True),
    ]
    # the module's requirements: generated; its Requires on its own extras are no EXCESS
    assert found(report, "runtime") == {
        "generated": [("pbr", "python3-foo"), ("oslo.config", "python3-foo")]
    }
    # tests: oslo.config comes with python3-foo, hacking is in excluded_brs
    assert found(report, "tests") == {
        "any": [("oslotest", "python3-foo-tests")],
        "missing": [("stestr", "python3-foo-tests")],
        "excess": [("python3-mock", "python3-foo-tests")],
    }
    assert report["ignored"] == ["hacking (excluded_brs)"]
    assert found(report, "extra:redis") == {"generated": [("redis", "python3-foo+redis")]}
    assert [(f["name"], f["package"]) for f in report["unknown_extras"]] == [
        ("zake", "python3-foo+zake")
    ]
    assert report["unknown_extras"][0]["note"] == "the project declares no extra zake at 1.2.0"
    assert report["unpackaged_extras"] == ["etcd3gw"]
    # requires-python against the distro's Python: EL9's 3.9 is too old for >=3.11
    too_old = (
        "1.2.0 requires Python >=3.11; el9s has Python 3.9: this version does not install there"
    )
    assert report["notes"] == ([too_old] if extras_file == "pyproject.toml" else [])
    assert check(rdotool, repo, "--distro", "el10s")[1]["notes"] == []
    assert code == 0  # no --strict
    strict = rdotool("reqcheck", "--distgit", str(repo), "--strict")
    assert strict.exit_code == ExitCode.CHECK_FAILED  # the unknown extra
    text = strict.stdout.splitlines()
    assert text[0] == "requirements.txt at 1.2.0 for Python 3.9: python3-foo"
    assert (
        "test-requirements.txt at 1.2.0 for Python 3.9: python3-foo-tests"
        " (not counted by --strict)" in text
    )
    assert "  stestr >=2.0.0  in python3-foo-tests" in text
    assert "  python3-foo+zake  [the project declares no extra zake at 1.2.0]" in text
    assert "extras the spec does not package: etcd3gw" in text


def test_without_the_unknown_extra_tests_findings_do_not_fail_strict(
    rdotool: RunCli, tmp_path: Path
) -> None:
    spec = PYPROJECT_SPEC.replace(" redis zake", " redis").replace(
        "Requires:       python3-%{pypi_name}+zake = %{version}-%{release}\n", ""
    )
    repo = distgit(tmp_path, spec)
    strict = rdotool("reqcheck", "--distgit", str(repo), "--strict")
    assert strict.exit_code == 0, strict.stdout + strict.stderr
    assert "MISSING (1)" in strict.stdout  # stestr, for python3-foo-tests only
    lines = rdotool("reqcheck", "--distgit", str(repo), "--spec")
    assert lines.stdout.splitlines() == ["Requires:       python3-stestr >= 2.0.0"]
    assert "Requires for python3-foo-tests:" in lines.stderr


def test_legacy_spec_met_only_by_the_module_and_extras_checked(
    rdotool: RunCli, tmp_path: Path
) -> None:
    repo = distgit(tmp_path, LEGACY_SPEC)
    code, report = check(rdotool, repo, "--strict")
    assert [s["name"] for s in report["scopes"]] == ["runtime", "tests", "extra:redis"]
    runtime = [f for f in report["met"] if f["scope"] == "runtime"]
    # met by python3-foo's own Requires, written twice in the spec but shown once
    assert [(f["name"], f["spec"], f["package"]) for f in runtime] == [
        ("oslo.config", "python3-oslo-config >= 2:6.1.0", "python3-foo")
    ]
    assert [(f["name"], f["spec"]) for f in report["any"] if f["scope"] == "runtime"] == [
        ("pbr", "python3-pbr")
    ]
    assert found(report, "extra:redis") == {"mismatch": [("redis", "python3-foo+redis")]}
    assert report["unknown_extras"] == []
    assert code == ExitCode.CHECK_FAILED  # the extra's bound is below upstream's


def test_the_module_s_requirements_are_not_met_by_the_tests_subpackage(
    rdotool: RunCli, tmp_path: Path
) -> None:
    """oslo.config in python-oslo-log: only the -tests subpackage Requires it, so for
    the module it is missing (legacy) or generated (pyproject), never MET."""
    legacy = LEGACY_SPEC.replace("Requires:       python3-oslo-config >= 2:6.1.0\n", "")
    repo = distgit(tmp_path / "legacy", legacy)
    _, report = check(rdotool, repo)
    assert ("oslo.config", "python3-foo") in found(report, "runtime")["missing"]
    assert all(f["name"] != "oslo.config" for f in report["met"])
