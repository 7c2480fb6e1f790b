"""Spec edits change only what they must: full files compared with expected ones."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DATA, TODAY, RunCli
from tests.factories import git, make_single_repo_distgit, make_spec

COMPLEX = (DATA / "specs" / "openstack-bar.spec").read_text()


def complex_distgit(tmp_path: Path) -> Path:
    repo = make_single_repo_distgit(tmp_path, patches=("Fix a bug", "Second fix"), spec=COMPLEX)
    git(repo, "mv", "python-foo.spec", "openstack-bar.spec")
    git(repo, "commit", "-q", "-m", "name the spec after the package")
    return repo


def expected_spec(replacements: dict[str, str], evr: str, entry: str) -> str:
    """COMPLEX with the second patch carried, `replacements` made and a new entry on top."""
    text = COMPLEX
    for old, new in {
        **replacements,
        "Patch0001: 0001-Fix-a-bug.patch\n": (
            "Patch0001: 0001-Fix-a-bug.patch\nPatch0002: 0002-Second-fix.patch\n"
        ),
        "%patch -P 1 -p1\n": "%patch -P 1 -p1\n%patch -P 2 -p1\n",
        "%changelog\n": (
            f"%changelog\n* {TODAY} Test Packager <packager@example.com> {evr}\n{entry}\n"
        ),
    }.items():
        assert old in text
        text = text.replace(old, new)
    return text


def test_patch_on_a_complex_spec_changes_only_its_lines(rdotool: RunCli, tmp_path: Path) -> None:
    repo = complex_distgit(tmp_path)
    result = rdotool("patch", "--distgit", str(repo))
    assert result.exit_code == 0, result.stderr
    expected = expected_spec(
        {"Release:          3%{?dist}": "Release:          4%{?dist}"},
        "1:1.2.0-4",
        "- Second fix\n- Fix a bug\n",
    )
    assert (repo / "openstack-bar.spec").read_text() == expected
    assert git(repo, "log", "-1", "--format=%s") == "openstack-bar-1.2.0-4"


def test_new_version_on_a_complex_spec_changes_only_its_lines(
    rdotool: RunCli, tmp_path: Path
) -> None:
    repo = complex_distgit(tmp_path)
    result = rdotool("new-version", "--distgit", str(repo), "1.3.0")
    assert result.exit_code == 0, result.stderr
    expected = expected_spec(
        {
            "Version:          1.2.0": "Version:          1.3.0",
            "Release:          3%{?dist}": "Release:          1%{?dist}",
            "# patches_base=1.2.0\n": "# patches_base=1.3.0\n",
        },
        "1:1.3.0-1",
        "- Update to 1.3.0\n",
    )
    assert (repo / "openstack-bar.spec").read_text() == expected
    assert git(repo, "log", "-1", "--format=%s") == "openstack-bar-1.3.0-1"


def test_dlrn_template_spec_gets_a_real_version(rdotool: RunCli, tmp_path: Path) -> None:
    spec = make_spec(version="XXX", release="XXX").replace(
        "* Thu Aug 08 2024 RDO <dev@lists.rdoproject.org> XXX-XXX\n- Update to XXX\n", "\n"
    )
    repo = make_single_repo_distgit(tmp_path, spec=spec)
    result = rdotool("new-version", "--distgit", str(repo), "1.3.0", "--bump-only")
    assert result.exit_code == 0, result.stderr
    text = (repo / "python-foo.spec").read_text()
    expected = (
        spec.replace("Version:        XXX", "Version:        1.3.0")
        .replace("Release:        XXX", "Release:        1%{?dist}")
        .replace(
            "%changelog\n\n",  # the template's empty %changelog: its blank line is replaced
            f"%changelog\n* {TODAY} Test Packager <packager@example.com> 1.3.0-1\n"
            "- Update to 1.3.0\n\n",
        )
    )
    assert text == expected


def test_macros_in_version_and_release_are_kept(rdotool: RunCli, tmp_path: Path) -> None:
    spec = (
        make_spec(version="%{pkgver}", release="%{rel}%{?dist}")
        .replace(
            "%global pypi_name foo\n",
            "%global pypi_name foo\n%global pkgver 1.2.0\n%global rel 3\n",
        )
        .replace("> %{pkgver}-%{rel}\n", "> 1.2.0-3\n")
    )
    repo = make_single_repo_distgit(tmp_path, spec=spec)
    assert rdotool("patch", "--distgit", str(repo)).exit_code == 0
    text = (repo / "python-foo.spec").read_text()
    assert "%global rel 4\n" in text and "Release:        %{rel}%{?dist}\n" in text
    assert git(repo, "log", "-1", "--format=%s") == "python-foo-1.2.0-4"
    result = rdotool("new-version", "--distgit", str(repo), "1.3.0")
    assert result.exit_code == 0, result.stderr
    text = (repo / "python-foo.spec").read_text()
    assert "%global pkgver 1.3.0\n" in text and "Version:        %{pkgver}\n" in text
    assert "%global rel 1\n" in text and "Release:        %{rel}%{?dist}\n" in text
    assert git(repo, "log", "-1", "--format=%s") == "python-foo-1.3.0-1"
