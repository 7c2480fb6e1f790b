"""`rdotool lint` on the tests' RDO-shaped distgit, broken one check at a time.

rpmlint is replaced by a stand-in on PATH (so that the figures do not depend on the
machine's rpmlint); it records its argv and prints what RPMLINT_SAYS says."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import RunCli
from tests.factories import commit_all, make_single_repo_distgit

pytestmark = pytest.mark.needs_rpm

FAKE_RPMLINT = """#!/bin/sh
echo "$@" > "$RPMLINT_RECORD"
printf '%b' "$RPMLINT_SAYS"
"""


@pytest.fixture()
def rpmlint_stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "rpmlint").write_text(FAKE_RPMLINT)
    (bin_dir / "rpmlint").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.setenv("RPMLINT_RECORD", str(tmp_path / "rpmlint-argv"))
    monkeypatch.setenv("RPMLINT_SAYS", "")


@pytest.fixture()
def distgit(tmp_path: Path, rpmlint_stand_in: None) -> Path:
    return make_single_repo_distgit(tmp_path)


def lint_json(rdotool: RunCli, repo: Path, *extra: str) -> tuple[int, list[dict[str, object]]]:
    result = rdotool("lint", "--distgit", str(repo), "--json", *extra)
    return result.exit_code, json.loads(result.stdout)["findings"]


def test_a_clean_distgit_has_no_finding(rdotool: RunCli, distgit: Path, tmp_path: Path) -> None:
    result = rdotool("lint", "--distgit", str(distgit), "--distro", "el9s,el10s")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "python-foo.spec: 0 errors, 0 warnings" in result.stderr
    assert (tmp_path / "rpmlint-argv").read_text().strip() == str(distgit / "python-foo.spec")


def edit_spec(old: str, new: str) -> Callable[[Path], None]:
    def apply(repo: Path) -> None:
        spec = repo / "python-foo.spec"
        text = spec.read_text()
        assert old in text, old
        spec.write_text(text.replace(old, new, 1))

    return apply


def write_sources(text: str) -> Callable[[Path], None]:
    return lambda repo: (repo / "sources").write_text(text)


def old_patch_syntax(repo: Path) -> None:
    (repo / "0000-old.patch").write_text("")
    edit_spec("BuildArch:", "Patch0: 0000-old.patch\nBuildArch:")(repo)
    edit_spec("%autosetup -n", "%setup -q -n %{pypi_name}-%{upstream_version}\n%patch0 -p1\n#")(
        repo
    )


def wrong_checksum(repo: Path) -> None:
    (repo / "extra.tar.gz").write_bytes(b"data")
    (repo / "sources").write_text(f"SHA512 (extra.tar.gz) = {hashlib.sha512(b'x').hexdigest()}\n")


CASES = [
    ("patch-number", "error", old_patch_syntax),
    ("no-dist", "error", edit_spec("Release:        1%{?dist}", "Release:        1")),
    ("missing-file", "error", edit_spec("BuildArch:", "Patch0001: 0001-gone.patch\nBuildArch:")),
    ("sources-format", "error", write_sources("SHA512 (x.tar.gz) = nothex\n")),
    ("sources-checksum", "error", wrong_checksum),
    ("changelog-release", "error", edit_spec("> 1.2.0-1", "> 1.1.0-1")),
    ("changelog-weekday", "warning", edit_spec("* Thu Aug 08 2024", "* Fri Aug 08 2024")),
    (
        "changelog-order",
        "warning",
        edit_spec("- Update", "- Update\n\n* Mon Aug 12 2024 RDO <rdo@example.org> 1.1.0-1\n- x"),
    ),
    ("patches-base", "warning", edit_spec("%description", "# patches_base=9.9.9\n%description")),
    ("spec-parse", "error", edit_spec("BuildArch:", "%if 0%{?rhel}\nBuildArch:")),
]


@pytest.mark.parametrize(("rule", "severity", "breaker"), CASES, ids=[c[0] for c in CASES])
def test_each_check_finds_what_it_is_for(
    rdotool: RunCli, distgit: Path, rule: str, severity: str, breaker: Callable[[Path], None]
) -> None:
    breaker(distgit)
    commit_all(distgit, f"break {rule}")
    code, findings = lint_json(rdotool, distgit)
    assert [(f["id"], f["severity"]) for f in findings] == [(rule, severity)], findings
    assert code == (ExitCode.CHECK_FAILED if severity == "error" else 0)
    code, findings = lint_json(rdotool, distgit, "--ignore", rule)
    assert (code, findings) == (0, [])


def test_rpmlint_findings_are_included_and_can_be_ignored(
    rdotool: RunCli, distgit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "RPMLINT_SAYS",
        "python-foo.spec:12: E: hardcoded-library-path in %{_prefix}/lib\\n"
        "python-foo.spec: W: no-buildroot-tag\\n"
        "0 packages and 1 specfiles checked; 1 errors, 1 warnings.\\n",
    )
    result = rdotool("lint", "--distgit", str(distgit))
    assert result.exit_code == ExitCode.CHECK_FAILED
    assert result.stdout.splitlines() == [  # by file, then line (0: the whole file)
        "python-foo.spec: warning: no-buildroot-tag [rpmlint:no-buildroot-tag]",
        "python-foo.spec:12: error: in %{_prefix}/lib [rpmlint:hardcoded-library-path]",
    ]
    ignored = rdotool("lint", "--distgit", str(distgit), "--ignore", "hardcoded-library-path")
    assert ignored.exit_code == 0


def test_a_dlrn_template_is_not_held_to_release_rules(rdotool: RunCli, tmp_path: Path) -> None:
    from tests.factories import make_spec

    spec = make_spec(version="XXX", release="XXX")
    repo = make_single_repo_distgit(tmp_path / "t", spec=spec)
    code, findings = lint_json(rdotool, repo)
    assert code == 0, findings
    assert [f["id"] for f in findings if f["severity"] == "error"] == []


@pytest.mark.parametrize("shape", ["TEMPLATE", "OSLO_SPEC", "PUPPET_SPEC"])
def test_rdo_shaped_specs_have_no_error(
    rdotool: RunCli, distgit: Path, tmp_path: Path, shape: str
) -> None:
    """The real-world shapes the trunk tests use (sources_gpg, %bcond, Epoch, templates)."""
    import tests.builds.test_trunk as shapes
    from tests.factories import git

    repo = tmp_path / shape
    repo.mkdir()
    git(repo, "init", "-q", "-b", "rpm-master")
    (repo / "package.spec").write_text(getattr(shapes, shape))
    (repo / "sources").write_text("# not used for RDO Trunk builds.\n")
    commit_all(repo, "spec")
    code, findings = lint_json(rdotool, repo, "--distro", "el9s,el10s")
    assert code == 0 and [f for f in findings if f["severity"] == "error"] == [], findings


PYPROJECT_SPEC = """\
%{!?upstream_version: %global upstream_version %{version}%{?milestone}}
%global pypi_name foo
%bcond tests 1

Name:           python-%{pypi_name}
Version:        1.2.0
Release:        1%{?dist}
Summary:        A test library
License:        Apache-2.0
URL:            https://opendev.org/openstack/foo
Source0:        https://tarballs.opendev.org/openstack/%{pypi_name}/%{pypi_name}-%{upstream_version}.tar.gz
BuildArch:      noarch

%description
Foo.

%package -n python3-%{pypi_name}
Summary:        A test library
BuildRequires:  python3-devel
BuildRequires:  pyproject-rpm-macros
Requires:       python-%{pypi_name}-lang = %{version}-%{release}
{requires}
%description -n python3-%{pypi_name}
Foo.

%if %{with tests}
%package -n python3-%{pypi_name}-tests
Summary:        Foo's tests
Requires:       python3-%{pypi_name} = %{version}-%{release}
Requires:       python3-pbr
Requires:       python3-six >= 1.0
%description -n python3-%{pypi_name}-tests
Tests.
%endif

%package -n python-%{pypi_name}-lang
Summary:        Translations
%description -n python-%{pypi_name}-lang
Translations.

%prep
%autosetup -n %{pypi_name}-%{upstream_version} -S git

%generate_buildrequires
%pyproject_buildrequires

%build
%pyproject_wheel

%install
%pyproject_install

%files -n python3-%{pypi_name}
%{python3_sitelib}/foo
%{python3_sitelib}/*.dist-info

%if %{with tests}
%files -n python3-%{pypi_name}-tests
%{python3_sitelib}/foo/tests
%endif

%files -n python-%{pypi_name}-lang

%changelog
* Thu Aug 08 2024 RDO <dev@lists.rdoproject.org> 1.2.0-1
- Update to 1.2.0
"""


def pyproject_distgit(tmp_path: Path, requires: str) -> Path:
    """The RDO pyproject shape (python3-foo ships the dist-info; -tests and -lang apart)
    on the tests' upstream, whose requirements.txt at 1.2.0 is pbr>=2.0.0, six>=1.10.0."""
    return make_single_repo_distgit(tmp_path, spec=PYPROJECT_SPEC.replace("{requires}", requires))


@pytest.mark.usefixtures("rpmlint_stand_in")
def test_generated_python_requires_are_found_precisely(rdotool: RunCli, tmp_path: Path) -> None:
    """Flagged: python3-pbr (upstream lists pbr) and python3-six >= 1.10.0 (upstream's
    own bound), on the subpackage with the dist-info. Kept: a bound above upstream's, a
    pin, python3-libvirt (upstream does not list it), and the -tests subpackage's."""
    requires = (
        "Requires:       python3-pbr\n"
        "Requires:       python3dist(six) >= 1.10.0\n"
        "Requires:       python3-libvirt\n"
    )
    repo = pyproject_distgit(tmp_path / "dup", requires)
    code, findings = lint_json(rdotool, repo)
    assert code == 0
    assert [(f["id"], f["severity"], f["line"]) for f in findings] == [
        ("python-requires-generated", "warning", 22),
        ("python-requires-generated", "warning", 23),
    ]
    assert findings[0]["message"] == (
        "Requires: python3-pbr (python3-foo) duplicates what the dependency generator makes"
        " of pbr>=2.0.0 (requirements.txt at 1.2.0): drop it"
    )
    assert "python3dist(six) >= 1.10.0" in str(findings[1]["message"])
    text = rdotool("lint", "--distgit", str(repo))
    assert "python-foo.spec:22: warning: Requires: python3-pbr" in text.stdout
    ignored = rdotool("lint", "--distgit", str(repo), "--ignore", "python-requires-generated")
    assert ignored.stdout == ""

    kept = (
        "Requires:       python3-six >= 1.16.0\n"
        "Requires:       python3-pbr = 2.0.0\n"
        "Requires:       python3-libvirt\n"
    )
    code, findings = lint_json(rdotool, pyproject_distgit(tmp_path / "kept", kept))
    assert (code, findings) == (0, [])


@pytest.mark.usefixtures("rpmlint_stand_in")
def test_generated_requires_read_upstream_where_reqcheck_does(
    rdotool: RunCli, tmp_path: Path
) -> None:
    """-R REF reads another ref; with no upstream to read, the check says it did not run
    (a warning, in JSON `notes`) rather than pass silently."""
    from tests.factories import add_upstream_tag, git

    repo = pyproject_distgit(tmp_path, "Requires:       python3-requests\n")
    assert lint_json(rdotool, repo)[1] == []  # 1.2.0 does not list requests
    add_upstream_tag(repo, "2.0.0", {"requirements.txt": "pbr>=2.0.0\nrequests>=2.0\n"})
    code, findings = lint_json(rdotool, repo, "-R", "2.0.0")
    assert code == 0 and [f["line"] for f in findings] == [22]
    assert "requests>=2.0 (requirements.txt at 2.0.0)" in str(findings[0]["message"])
    git(repo, "tag", "-d", "1.2.0")
    result = rdotool("lint", "--distgit", str(repo), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["notes"] == [
        "python-requires-generated not checked: there is no tag 1.2.0 (the spec's Version) in"
        f" {repo} (git fetch upstream --tags, or -R REF naming upstream's release)"
    ]
    assert "rdotool: warning: python-requires-generated not checked" in result.stderr
    ignored = rdotool("lint", "--distgit", str(repo), "--ignore", "python-requires-generated")
    assert ignored.exit_code == 0 and "not checked" not in ignored.stderr


@pytest.mark.usefixtures("rpmlint_stand_in")
def test_requires_python_against_each_target(rdotool: RunCli, tmp_path: Path) -> None:
    """Upstream's requires-python (pyproject.toml at the Version's tag) that a target's
    Python does not meet is a warning per target."""
    from tests.factories import add_upstream_tag, git

    repo = pyproject_distgit(tmp_path, "")
    git(repo, "tag", "-d", "1.2.0")
    add_upstream_tag(repo, "1.2.0", {"pyproject.toml": '[project]\nrequires-python = ">=3.11"\n'})
    code, findings = lint_json(rdotool, repo, "--distro", "el9s,el10s")
    assert code == 0
    assert [(f["id"], f["severity"], f["message"]) for f in findings] == [
        ("requires-python", "warning", "1.2.0 requires Python >=3.11; el9s has Python 3.9")
    ]
    assert lint_json(rdotool, repo, "--distro", "el10s")[1] == []
