"""`rdotool patch` on real git repositories and real specs (python-specfile + librpm)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import TODAY, RunCli
from tests.factories import commit_all, git, make_single_repo_distgit, make_spec


def spec_text(repo: Path) -> str:
    return (repo / "python-foo.spec").read_text()


def status(repo: Path) -> str:
    return git(repo, "status", "--porcelain")


def test_patch_writes_files_spec_and_commit(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    before = spec_text(repo)
    result = rdotool("patch", "--distgit", str(repo))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in repo.glob("*.patch")) == [
        "0001-Fix-a-bug.patch",
        "0002-Add-a-feature-rhbz-1234.patch",
    ]
    expected = (
        before.replace("Release:        1%{?dist}", "Release:        2%{?dist}")
        .replace(
            "%{pypi_name}-%{upstream_version}.tar.gz\n",
            "%{pypi_name}-%{upstream_version}.tar.gz\n"
            "Patch0001:      0001-Fix-a-bug.patch\n"
            "Patch0002:      0002-Add-a-feature-rhbz-1234.patch\n",
        )
        .replace(
            "%changelog\n",
            f"%changelog\n* {TODAY} Test Packager <packager@example.com> 1.2.0-2\n"
            "- Add a feature (rhbz#1234)\n- Fix a bug\n\n",
        )
    )
    assert spec_text(repo) == expected
    assert git(repo, "log", "-1", "--format=%B") == (
        "python-foo-1.2.0-2\n\nChangelog:\n- Add a feature (rhbz#1234)\n- Fix a bug\n\n"
        "Resolves: rhbz#1234"
    )
    assert status(repo) == ""
    patch = (repo / "0002-Add-a-feature-rhbz-1234.patch").read_text()
    assert re.search(r"^Subject: \[PATCH\] Add a feature \(rhbz#1234\)$", patch, re.M)
    assert "Committed" in result.stdout and "python-foo-1.2.0-2" in result.stdout


def test_patch_twice_changes_nothing(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    rdotool("patch", "--distgit", str(repo))
    head = git(repo, "rev-parse", "HEAD")
    result = rdotool("patch", "--distgit", str(repo))
    assert result.exit_code == 0
    assert "No changes to patches: 2 patches from rpm-master-patches on 1.2.0" in result.stdout
    assert git(repo, "rev-parse", "HEAD") == head


def test_new_patch_is_the_only_changelog_line_and_dropped_patch_is_removed(
    rdotool: RunCli, tmp_path: Path
) -> None:
    repo = make_single_repo_distgit(tmp_path)
    rdotool("patch", "--distgit", str(repo))
    git(repo, "checkout", "-q", "rpm-master-patches")
    git(repo, "reset", "-q", "--hard", "HEAD~1")  # drop "Add a feature"
    (repo / "new.txt").write_text("x\n")
    commit_all(repo, "Backport a fix")
    git(repo, "checkout", "-q", "rpm-master")
    result = rdotool("patch", "--distgit", str(repo), "--json")
    data = json.loads(result.stdout)
    assert data["patches"] == ["0001-Fix-a-bug.patch", "0002-Backport-a-fix.patch"]
    assert data["removed"] == ["0002-Add-a-feature-rhbz-1234.patch"]
    assert data["changelog"] == ["- Backport a fix"]
    assert not (repo / "0002-Add-a-feature-rhbz-1234.patch").exists()
    assert "Patch0002:      0002-Backport-a-fix.patch" in spec_text(repo)
    assert "Release:        3%{?dist}" in spec_text(repo)
    assert status(repo) == ""
    assert git(repo, "show", "--name-status", "--format=", "HEAD").splitlines() == [
        "D\t0002-Add-a-feature-rhbz-1234.patch",
        "A\t0002-Backport-a-fix.patch",
        "M\tpython-foo.spec",
    ]


def test_explicit_patch_lines_use_the_dash_p_form(rdotool: RunCli, tmp_path: Path) -> None:
    spec = make_spec(
        patches="Patch0001: 0001-Old.patch\n",
        prep="%setup -q -n %{pypi_name}-%{upstream_version}\n%patch0001 -p1\n\nrm -rf *.egg-info",
    )
    repo = make_single_repo_distgit(tmp_path, spec=spec)
    (repo / "0001-Old.patch").write_text("old\n")
    commit_all(repo, "old patch")
    assert rdotool("patch", "--distgit", str(repo)).exit_code == 0
    text = spec_text(repo)
    assert (
        "%setup -q -n %{pypi_name}-%{upstream_version}\n%patch -P 1 -p1\n%patch -P 2 -p1\n\n"
        in text
    )
    assert "%patch0001" not in text
    assert (
        "Patch0001: 0001-Fix-a-bug.patch\nPatch0002: 0002-Add-a-feature-rhbz-1234.patch\n" in text
    )
    assert not (repo / "0001-Old.patch").exists()


def test_patches_base_skip_and_ignore(rdotool: RunCli, tmp_path: Path) -> None:
    spec = make_spec(patches="#\n# patches_base=1.2.0+1\n# patches_ignore=DROP-IN\n#\n")
    repo = make_single_repo_distgit(
        tmp_path, patches=("Skipped base fix", "First", "DROP-IN local hack", "Second"), spec=spec
    )
    result = rdotool("patch", "--distgit", str(repo), "--json")
    data = json.loads(result.stdout)
    assert data["patches"] == ["0001-First.patch", "0002-Second.patch"]
    assert data["skipped"] == 1
    assert data["ignored"] == ["DROP-IN local hack"]
    text = spec_text(repo)
    assert "#\n# patches_base=1.2.0+1\n# patches_ignore=DROP-IN\n#\nPatch0001:" in text
    assert data["changelog"] == ["- Second", "- First"]


def test_no_bump_amend_keeps_change_id(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    change_id = "I" + "a" * 40
    (repo / "README").write_text("x\n")
    git(repo, "add", "README")
    git(repo, "commit", "-q", "-m", f"Prepare\n\nChange-Id: {change_id}")
    result = rdotool("patch", "--distgit", str(repo), "--no-bump", "--amend")
    assert result.exit_code == 0, result.stderr
    # amend means what git means: the amended commit keeps its message
    assert git(repo, "log", "-1", "--format=%B") == f"Prepare\n\nChange-Id: {change_id}"
    assert "Release:        1%{?dist}" in spec_text(repo)
    assert git(repo, "log", "-1", "--format=%s", "HEAD~1") == "Initial distgit"


def test_amend_keeps_an_rdopkg_message_and_h_or_m_replace_it(
    rdotool: RunCli, tmp_path: Path
) -> None:
    repo = make_single_repo_distgit(tmp_path, patches=("Fix a bug",))
    change_id = "I" + "b" * 40
    original = (
        "python-foo-1.2.0-2\n\nChangelog:\n- Fix a bug\n\nResolves: rhbz#42\n\n"
        f"Change-Id: {change_id}"
    )
    (repo / "README").write_text("x\n")
    git(repo, "add", "README")
    git(repo, "commit", "-q", "-m", original)
    assert rdotool("patch", "--distgit", str(repo), "--no-bump", "--amend").exit_code == 0
    assert git(repo, "log", "-1", "--format=%B") == original
    git(repo, "checkout", "-q", "rpm-master-patches")
    (repo / "more.txt").write_text("more\n")
    commit_all(repo, "Another fix")
    git(repo, "checkout", "-q", "rpm-master")
    header = tmp_path / "h.txt"
    header.write_text("New first line\n")
    args = ("patch", "--distgit", str(repo), "--no-bump", "--amend")
    assert rdotool(*args, "-H", str(header)).exit_code == 0
    assert git(repo, "log", "-1", "--format=%B") == original.replace(
        "python-foo-1.2.0-2", "New first line"
    )
    git(repo, "checkout", "-q", "rpm-master-patches")
    (repo / "third.txt").write_text("third\n")
    commit_all(repo, "Third fix")
    git(repo, "checkout", "-q", "rpm-master")
    assert rdotool(*args, "-m", "Rebased the patches").exit_code == 0
    assert git(repo, "log", "-1", "--format=%B") == (
        f"Rebased the patches\n\nChange-Id: {change_id}"
    )
    assert git(repo, "rev-list", "--count", "HEAD") == "2"


def test_header_file_bugs_and_user(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path, patches=("Only fix",))
    header = tmp_path / "header.txt"
    header.write_text("Bump to carry the CVE fix\n")
    result = rdotool(
        "patch",
        "--distgit",
        str(repo),
        "-H",
        str(header),
        "-B",
        "rhbz#42,rhbz#43",
        "-u",
        "Jane Packager",
        "-e",
        "jane@example.com",
        "-R",
        "MAJOR",
    )
    assert result.exit_code == 0, result.stderr
    assert git(repo, "log", "-1", "--format=%B") == (
        "Bump to carry the CVE fix\n\nChangelog:\n- Only fix (rhbz#42 rhbz#43)\n\n"
        "Resolves: rhbz#42\nResolves: rhbz#43"
    )
    assert f"* {TODAY} Jane Packager <jane@example.com> 1.2.0-2\n" in spec_text(repo)


def test_dirty_tree_is_refused_and_force_leaves_it_out(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    (repo / "sources").write_text("SHA512 (foo.tar.gz) = abc\n")
    refused = rdotool("patch", "--distgit", str(repo))
    assert refused.exit_code == ExitCode.BAD_INPUT
    assert f"{repo} has uncommitted changes: sources" in refused.stderr
    forced = rdotool("patch", "--distgit", str(repo), "--force")
    assert forced.exit_code == 0
    assert status(repo) == "M sources"
    assert "sources" not in git(repo, "show", "--name-only", "--format=", "HEAD")


def test_missing_base_tag(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path, spec=make_spec(version="9.9.9"))
    result = rdotool("patch", "--distgit", str(repo))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "the upstream ref 9.9.9 the patches sit on is not in" in result.stderr
    assert "git fetch upstream --tags" in result.stderr


def test_failing_git_step_restores_everything(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    before = spec_text(repo)
    (repo / ".git" / "index.lock").write_text("")  # another git process, as far as git knows
    result = rdotool("patch", "--distgit", str(repo))
    assert result.exit_code == ExitCode.EXTERNAL
    assert "git add failed: Unable to create" in result.stderr
    assert "index.lock': File exists." in result.stderr
    (repo / ".git" / "index.lock").unlink()
    assert spec_text(repo) == before
    assert list(repo.glob("*.patch")) == []
    assert status(repo) == ""


def test_not_a_distgit(rdotool: RunCli, tmp_path: Path) -> None:
    result = rdotool("patch", "--distgit", str(tmp_path))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "is not in a git repository" in result.stderr


@pytest.mark.parametrize("layout", ["remote-branch"])
def test_remote_patches_branch_keeps_local_commits_in_a_backup(
    rdotool: RunCli, tmp_path: Path, layout: str
) -> None:
    repo = make_single_repo_distgit(tmp_path)
    patches = tmp_path / "patches.git"
    git(tmp_path, "init", "-q", "--bare", str(patches))
    git(repo, "remote", "add", "patches", str(patches))
    git(repo, "push", "-q", "patches", "rpm-master-patches")
    git(repo, "fetch", "-q", "patches")
    git(repo, "checkout", "-q", "rpm-master-patches")
    (repo / "local.txt").write_text("local\n")
    commit_all(repo, "Local only work")
    local_sha = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "rpm-master")
    result = rdotool("patch", "--distgit", str(repo))
    assert result.exit_code == 0, result.stderr
    assert "rpm-master-patches had commits that are not on patches/rpm-master-patches" in (
        result.stderr
    )
    backups = git(repo, "for-each-ref", "--format=%(objectname)", "refs/rdotool/backup/")
    assert backups == local_sha
    assert "Local only work" not in spec_text(repo)
    local = rdotool("patch", "--distgit", str(repo), "-l")
    assert local.exit_code == 0
    assert git(repo, "rev-parse", "rpm-master-patches") == git(
        repo, "rev-parse", "patches/rpm-master-patches"
    )
