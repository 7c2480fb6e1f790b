"""`rdotool reqcheck` / `reqdiff` on real git repositories and real specs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import RunCli
from tests.factories import add_upstream_tag, make_single_repo_distgit, make_spec

REQUIREMENTS_1_2 = """\
# The order of packages is significant, because pip processes them in the order
pbr!=2.1.0,>=2.0.0 # Apache-2.0
oslo.config>=6.1.0 # Apache-2.0
PyYAML>=3.12 # MIT
PasteDeploy>=1.5.0 # MIT
dnspython>=1.16.0 # http://www.dnspython.org/LICENSE
six # MIT
requests[security]>=2.14.2 # Apache-2.0
stevedore~=3.0 # Apache-2.0
futures>=3.0;python_version=='2.7' # BSD
tomli>=1.1.0;python_version<'3.11' # MIT
pywin32>=1.0;sys_platform=='win32' # PSF
"""
REQUIREMENTS_1_1 = "pbr>=2.0.0\noldlib>=1.0\nsix\n"

LEGACY_REQUIRES = """\
Requires:       python3-oslo-config >= 2:6.0.0
Requires:       python3-PyYAML >= 5.1
Requires:       python3-paste-deploy
Requires:       python3-dns >= 1.16.0, python3-six
Requires:       python3-stevedore >= 3.2.0
Requires:       python3-oldlib
Requires:       python3-extra-thing >= 1
Requires:       /bin/sh
%if 0%{?rhel} > 9
Requires:       python3-tomli >= 1.1.0
%endif
"""


def distgit_with(
    tmp_path: Path, requires: str, build: str = "%{py3_build}", install: str = "%{py3_install}"
) -> Path:
    spec = (
        make_spec()
        .replace("BuildArch:      noarch\n", f"BuildArch:      noarch\n{requires}")
        .replace("%build\n", f"%build\n{build}\n")
        .replace("%install\n", f"%install\n{install}\n")
    )
    repo = make_single_repo_distgit(tmp_path, tags=("1.1.0",), base_tag="1.1.0", spec=spec)
    add_upstream_tag(repo, "1.1.0-requirements", {"requirements.txt": REQUIREMENTS_1_1})
    _retag(repo, "1.1.0", "1.1.0-requirements")
    add_upstream_tag(repo, "1.2.0", {"requirements.txt": REQUIREMENTS_1_2})
    return repo


def _retag(repo: Path, tag: str, target: str) -> None:
    from tests.factories import git

    git(repo, "tag", "-f", tag, target)
    git(repo, "tag", "-d", target)


def names(findings: list[dict]) -> list[str]:
    return [f["name"] for f in findings]


def test_legacy_spec_every_category(rdotool: RunCli, tmp_path: Path) -> None:
    repo = distgit_with(tmp_path, LEGACY_REQUIRES)
    result = rdotool("reqcheck", "--distgit", str(repo), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["source"] == "requirements.txt at 1.2.0"
    assert report["python"] == "3.9"
    assert names(report["met"]) == ["PyYAML", "dnspython", "six", "stevedore"]
    assert names(report["any"]) == ["PasteDeploy"]
    assert names(report["mismatch"]) == ["oslo.config"]
    assert report["mismatch"][0]["spec"] == "python3-oslo-config >= 2:6.0.0"
    assert report["mismatch"][0]["required"] == ">=6.1.0"
    assert names(report["missing"]) == ["pbr", "requests", "tomli"]
    assert names(report["excess"]) == ["python3-extra-thing"]
    assert names(report["removed"]) == ["python3-oldlib"]
    assert report["non_python"] == ["/bin/sh"]
    assert report["generated"] == []
    assert report["skipped_by_marker"] == [
        "futures>=3.0;python_version=='2.7'",
        "pywin32>=1.0;sys_platform=='win32'",
    ]


def test_el10_and_python_3_12(rdotool: RunCli, tmp_path: Path) -> None:
    repo = distgit_with(tmp_path, LEGACY_REQUIRES)
    report = json.loads(
        rdotool("reqcheck", "--distgit", str(repo), "--distro", "el10", "--json").stdout
    )
    assert report["python"] == "3.12"
    assert "tomli" not in names(report["missing"])  # its marker excludes Python 3.12
    assert "python3-tomli" in names(report["excess"])  # the el10 branch of the spec requires it
    py39 = json.loads(
        rdotool(
            "reqcheck", "--distgit", str(repo), "--distro", "el10", "--python", "3.9", "--json"
        ).stdout
    )
    assert "tomli" in names(py39["met"])


@pytest.mark.parametrize("name", ["python3-PyYAML", "python3-yaml", "python3dist(pyyaml)"])
def test_pyyaml_is_not_a_false_missing(rdotool: RunCli, tmp_path: Path, name: str) -> None:
    repo = distgit_with(tmp_path, f"Requires:       {name} >= 3.12\n")
    report = json.loads(rdotool("reqcheck", "--distgit", str(repo), "--json").stdout)
    assert "PyYAML" in names(report["met"])
    assert "PyYAML" not in names(report["missing"])


def test_pyproject_spec_reports_generated(rdotool: RunCli, tmp_path: Path) -> None:
    repo = distgit_with(
        tmp_path,
        "Requires:       python3-oslo-config >= 6.1.0\n",
        build="%pyproject_wheel",
        install="%pyproject_install",
    )
    report = json.loads(rdotool("reqcheck", "--distgit", str(repo), "--json").stdout)
    assert report["generated_runtime"] is True
    assert names(report["met"]) == ["oslo.config"]
    assert report["missing"] == []
    assert names(report["generated"]) == [
        "pbr",
        "PyYAML",
        "PasteDeploy",
        "dnspython",
        "six",
        "requests",
        "stevedore",
        "tomli",
    ]


def test_text_output_groups(rdotool: RunCli, tmp_path: Path) -> None:
    repo = distgit_with(tmp_path, LEGACY_REQUIRES)
    result = rdotool("reqcheck", "--distgit", str(repo))
    lines = result.stdout.splitlines()
    assert lines[0] == "requirements.txt at 1.2.0 for Python 3.9: python-foo"
    assert "MISMATCH (1)" in lines
    assert "  oslo.config >=6.1.0  (spec: python3-oslo-config >= 2:6.0.0)  in python-foo" in lines
    assert "MISSING (3)" in lines
    assert "non-Python requires: /bin/sh" in lines


def test_strict_exit_codes(rdotool: RunCli, tmp_path: Path) -> None:
    repo = distgit_with(tmp_path, LEGACY_REQUIRES)
    assert (
        rdotool("reqcheck", "--distgit", str(repo), "--strict").exit_code == ExitCode.CHECK_FAILED
    )
    clean = tmp_path / "clean.txt"
    clean.write_text("PyYAML>=3.12\nsix\n")
    ok = rdotool("reqcheck", "--distgit", str(repo), "--strict", "--requirements", str(clean))
    assert ok.exit_code == 0, ok.stderr


def test_override_file(rdotool: RunCli, tmp_path: Path) -> None:
    repo = distgit_with(tmp_path, LEGACY_REQUIRES)
    override = tmp_path / "override.yml"
    override.write_text(
        "packages:\n  all:\n  - name: python-pbr\n"
        "  python-foo:\n  - name: python-oslo-config\n    version: '>= 6.0.0'\n"
    )
    report = json.loads(
        rdotool("reqcheck", "--distgit", str(repo), "-O", str(override), "--json").stdout
    )
    assert report["ignored"] == ["pbr"]
    oslo = next(f for f in report["met"] if f["name"] == "oslo.config")
    assert oslo["required"] == ">= 6.0.0"
    assert oslo["note"] == ">=6.1.0 overridden"


def test_spec_lines_and_ref(rdotool: RunCli, tmp_path: Path) -> None:
    repo = distgit_with(tmp_path, LEGACY_REQUIRES)
    lines = rdotool("reqcheck", "--distgit", str(repo), "--spec").stdout.splitlines()
    assert lines == [
        "Requires:       python3-pbr >= 2.0.0",
        "Requires:       python3-requests >= 2.14.2",
        "Requires:       python3-tomli >= 1.1.0",
        "Requires:       python3-oslo-config >= 6.1.0",
    ]
    old = json.loads(rdotool("reqcheck", "--distgit", str(repo), "-R", "1.1.0", "--json").stdout)
    assert old["source"] == "requirements.txt at 1.1.0"
    assert names(old["met"]) == ["six"]


def test_errors(rdotool: RunCli, tmp_path: Path) -> None:
    repo = distgit_with(tmp_path, LEGACY_REQUIRES)
    bad_ref = rdotool("reqcheck", "--distgit", str(repo), "-R", "9.9.9")
    assert bad_ref.exit_code == ExitCode.BAD_INPUT
    assert "there is no ref 9.9.9" in bad_ref.stderr
    bad_file = tmp_path / "bad.txt"
    bad_file.write_text("six\nthis is not a requirement!\n")
    broken = rdotool("reqcheck", "--distgit", str(repo), "--requirements", str(bad_file))
    assert broken.exit_code == ExitCode.BAD_INPUT
    assert f"{bad_file}:2: cannot parse" in broken.stderr
    target = rdotool("reqcheck", "--distgit", str(repo), "--distro", "el7")
    assert target.exit_code == ExitCode.USAGE


def test_reqdiff(rdotool: RunCli, tmp_path: Path) -> None:
    repo = distgit_with(tmp_path, LEGACY_REQUIRES)
    add_upstream_tag(
        repo,
        "1.3.0",
        {
            "requirements.txt": REQUIREMENTS_1_2.replace(
                "oslo.config>=6.1.0", "oslo.config>=7.0.0"
            ).replace("six # MIT\n", "")
            + "tenacity>=6.0\n"
        },
    )
    result = rdotool("reqdiff", "--distgit", str(repo))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "requirements.txt 1.2.0 -> 1.3.0",
        "  ADDED    tenacity>=6.0",
        "  CHANGED  oslo.config>=7.0.0  (was oslo.config>=6.1.0)",
        "  REMOVED  six",
    ]
    data = json.loads(rdotool("reqdiff", "1.1.0", "1.2.0", "--distgit", str(repo), "--json").stdout)
    assert data["diff"]["removed"] == ["oldlib>=1.0"]
    # each command's hints name its own way to give a ref: reqdiff has no -R
    missing = rdotool("reqdiff", "9.9.9", "--distgit", str(repo))
    assert missing.exit_code == ExitCode.BAD_INPUT
    assert "there is no ref 9.9.9" in missing.stderr
    assert "rdotool reqdiff OLD [NEW]" in missing.stderr and "-R" not in missing.stderr
    reqcheck = rdotool("reqcheck", "-R", "9.9.9", "--distgit", str(repo))
    assert "or pass -R REF" in reqcheck.stderr


def test_autosync_adds_and_raises_then_commits(rdotool: RunCli, tmp_path: Path) -> None:
    from tests.factories import git

    repo = distgit_with(tmp_path, LEGACY_REQUIRES)
    spec = repo / "python-foo.spec"
    before = spec.read_text()
    result = rdotool("reqcheck", "--distgit", str(repo), "--autosync")
    assert result.exit_code == 0, result.stderr
    after = spec.read_text()
    expected = before.replace(
        "Requires:       python3-oslo-config >= 2:6.0.0",
        "Requires:       python3-oslo-config >= 2:6.1.0",
    ).replace(
        "%endif\n\n%description",
        "%endif\nRequires:       python3-pbr >= 2.0.0\nRequires:       python3-requests >= 2.14.2\n"
        "Requires:       python3-tomli >= 1.1.0\n\n%description",
    )
    assert after == expected
    assert "+Requires:       python3-pbr >= 2.0.0" in result.stdout
    assert "-Requires:       python3-oslo-config >= 2:6.0.0" in result.stdout
    assert git(repo, "status", "--porcelain") == "M python-foo.spec"  # not committed
    again = json.loads(rdotool("reqcheck", "--distgit", str(repo), "--json").stdout)
    assert again["missing"] == [] and again["mismatch"] == []
    git(repo, "checkout", "-q", "python-foo.spec")
    committed = rdotool("reqcheck", "--distgit", str(repo), "--autosync", "--commit", "--json")
    assert committed.exit_code == 0, committed.stderr
    data = json.loads(committed.stdout)["autosync"]
    assert data["commit"] == git(repo, "rev-parse", "HEAD")
    assert git(repo, "log", "-1", "--format=%B").splitlines()[:3] == [
        "Sync Requires with requirements.txt at 1.2.0",
        "",
        "Added: python3-pbr >= 2.0.0",
    ]
    assert git(repo, "status", "--porcelain") == ""


def test_autosync_never_lowers_and_keeps_python3dist_style(rdotool: RunCli, tmp_path: Path) -> None:
    repo = distgit_with(tmp_path, "Requires:       python3dist(pyyaml) >= 6.0\n")
    reqs = tmp_path / "reqs.txt"
    reqs.write_text("PyYAML>=3.12\nsix>=1.10\n")
    result = rdotool("reqcheck", "--distgit", str(repo), "--requirements", str(reqs), "--autosync")
    assert result.exit_code == 0, result.stderr
    text = (repo / "python-foo.spec").read_text()
    assert "Requires:       python3dist(pyyaml) >= 6.0\n" in text  # stricter: kept
    assert "Requires:       python3dist(six) >= 1.10\n" in text
    usage = rdotool("reqcheck", "--distgit", str(repo), "--commit")
    assert usage.exit_code == ExitCode.USAGE


def test_dlrn_template_reads_the_upstream_branch(rdotool: RunCli, tmp_path: Path) -> None:
    from tests.factories import git

    repo = distgit_with(tmp_path, "Requires:       python3-six\n")
    spec = repo / "python-foo.spec"
    spec.write_text(spec.read_text().replace("Version:        1.2.0", "Version:        XXX"))
    git(repo, "commit", "-q", "-am", "DLRN template")
    missing = rdotool("reqcheck", "--distgit", str(repo))
    assert missing.exit_code == ExitCode.BAD_INPUT
    assert "the spec's Version is XXX (a DLRN template)" in missing.stderr
    git(repo, "update-ref", "refs/remotes/upstream/master", git(repo, "rev-parse", "1.2.0"))
    result = rdotool("reqcheck", "--distgit", str(repo), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["source"] == "requirements.txt at upstream/master"
    assert names(report["met"]) == ["six"]


def test_all_distgits_under_a_directory(rdotool: RunCli, tmp_path: Path) -> None:
    root = tmp_path / "distgits"
    (root / "one").mkdir(parents=True)
    (root / "two").mkdir()
    legacy = distgit_with(root / "one", LEGACY_REQUIRES)
    clean = distgit_with(root / "two", "Requires:       python3-six\n")
    legacy.rename(root / "python-legacy")
    clean.rename(root / "python-clean")
    (root / "not-a-distgit").mkdir()
    (root / "python-clean" / "python-foo.spec").rename(root / "python-clean" / "python-bar.spec")
    from tests.factories import commit_all

    commit_all(root / "python-clean", "rename spec")
    result = rdotool("reqcheck", "--all", str(root), "--json")
    assert result.exit_code == 0, result.stderr
    data = {Path(r["path"]).name: r for r in json.loads(result.stdout)}
    assert set(data) == {"python-legacy", "python-clean"}
    assert data["python-legacy"]["counts"]["mismatch"] == 1
    assert data["python-legacy"]["counts"]["missing"] == 3
    assert data["python-clean"]["package"] == "python-bar"
    assert data["python-clean"]["counts"]["met"] == 1
    text = rdotool("reqcheck", "--all", str(root), "--strict")
    assert text.exit_code == ExitCode.CHECK_FAILED
    assert text.stdout.splitlines()[0].split()[:4] == ["distgit", "package", "met", "any"]
    # a second checkout of one package is named by its directory; one that cannot be
    # checked fails the run, with or without --strict
    import shutil

    shutil.copytree(root / "python-legacy", root / "legacy-copy")
    broken = root / "python-clean" / "python-bar.spec"
    broken.write_text(broken.read_text().replace("Name:", "Nme:"))
    commit_all(root / "python-clean", "break the spec")
    for extra in ((), ("--strict",)):
        failed = rdotool("reqcheck", "--all", str(root), *extra)
        assert failed.exit_code == ExitCode.BAD_INPUT, failed.stderr
        assert "1 of 3 distgits under" in failed.stderr
        names = [line.split()[0] for line in failed.stdout.splitlines()[1:]]
        assert sorted(names) == ["legacy-copy", "python-clean", "python-legacy"]
    empty = rdotool("reqcheck", "--all", str(tmp_path / "distgits" / "not-a-distgit"))
    assert empty.exit_code == ExitCode.BAD_INPUT
