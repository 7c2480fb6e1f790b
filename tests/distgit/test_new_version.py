"""`rdotool new-version` on real git repositories and specs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import TODAY, RunCli
from tests.factories import add_upstream_tag, git, make_single_repo_distgit, make_spec


def spec_text(repo: Path) -> str:
    return (repo / "python-foo.spec").read_text()


def patched(tmp_path: Path, rdotool: RunCli, **kwargs: object) -> Path:
    repo = make_single_repo_distgit(tmp_path, **kwargs)  # type: ignore[arg-type]
    assert rdotool("patch", "--distgit", str(repo)).exit_code == 0
    return repo


def test_new_version_updates_spec_patches_and_commits(rdotool: RunCli, tmp_path: Path) -> None:
    repo = patched(tmp_path, rdotool)
    before = spec_text(repo)
    result = rdotool("new-version", "--distgit", str(repo), "1.3.0")
    assert result.exit_code == 0, result.stderr
    expected = (
        before.replace("Version:        1.2.0", "Version:        1.3.0")
        .replace("Release:        2%{?dist}", "Release:        1%{?dist}")
        .replace(
            "%changelog\n",
            f"%changelog\n* {TODAY} Test Packager <packager@example.com> 1.3.0-1\n"
            "- Update to 1.3.0\n\n",
        )
    )
    assert spec_text(repo) == expected
    assert git(repo, "log", "-1", "--format=%B") == (
        "python-foo-1.3.0-1\n\nChangelog:\n- Update to 1.3.0"
    )
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "symbolic-ref", "--short", "HEAD") == "rpm-master"
    assert git(repo, "merge-base", "--is-ancestor", "1.3.0", "rpm-master-patches") == ""
    patch = (repo / "0001-Fix-a-bug.patch").read_text()
    assert git(repo, "rev-parse", "--short=7", "rpm-master-patches~1") in patch.splitlines()[0]
    assert not (repo / ".git" / "rdotool" / "state.json").exists()


def test_newest_tag_is_the_default(rdotool: RunCli, tmp_path: Path) -> None:
    repo = patched(tmp_path, rdotool, tags=("1.2.0", "1.3.0", "1.10.0"))
    result = rdotool("new-version", "--distgit", str(repo), "--json")
    data = json.loads(result.stdout)
    assert data["plan"]["new"] == "1.10.0"
    assert data["plan"]["origin"] == "newest upstream tag"


def test_milestones_follow_the_rdo_convention(rdotool: RunCli, tmp_path: Path) -> None:
    repo = patched(tmp_path, rdotool)
    for tag in ("2.0.0.0b1", "2.0.0.0rc1", "2.0.0"):
        add_upstream_tag(repo, tag)
    steps = []
    for tag in ("2.0.0.0b1", "2.0.0.0rc1", "2.0.0"):
        result = rdotool("new-version", "--distgit", str(repo), tag)
        assert result.exit_code == 0, result.stderr
        text = spec_text(repo)
        release = next(line for line in text.splitlines() if line.startswith("Release:"))
        milestone = [line for line in text.splitlines() if line.startswith("%global milestone")]
        steps.append((release.split()[1], milestone, git(repo, "log", "-1", "--format=%s")))
    assert steps == [
        ("0.1%{?milestone}%{?dist}", ["%global milestone .0b1"], "python-foo-2.0.0-0.1.0b1"),
        ("0.2%{?milestone}%{?dist}", ["%global milestone .0rc1"], "python-foo-2.0.0-0.2.0rc1"),
        ("1%{?dist}", [], "python-foo-2.0.0-1"),
    ]
    assert "Version:        2.0.0\n" in spec_text(repo)
    assert f"* {TODAY} Test Packager <packager@example.com> 2.0.0-0.2.0rc1\n" in spec_text(repo)


def test_pep440_prerelease_keeps_three_part_version(rdotool: RunCli, tmp_path: Path) -> None:
    repo = patched(tmp_path, rdotool)
    add_upstream_tag(repo, "1.4.0rc1")
    data = json.loads(rdotool("new-version", "--distgit", str(repo), "1.4.0rc1", "--json").stdout)
    assert (data["plan"]["version"], data["plan"]["milestone"]) == ("1.4.0", ".0rc1")
    assert "Version:        1.4.0\n" in spec_text(repo)


def test_not_newer_is_refused_unless_forced(rdotool: RunCli, tmp_path: Path) -> None:
    repo = patched(tmp_path, rdotool)
    refused = rdotool("new-version", "--distgit", str(repo), "1.2.0")
    assert refused.exit_code == ExitCode.BAD_INPUT
    assert "python-foo 1.2.0 is not newer than the packaged 1.2.0-2" in refused.stderr
    assert not (repo / ".git" / "rdotool" / "state.json").exists()
    forced = rdotool("new-version", "--distgit", str(repo), "1.2.0", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "Release:        1%{?dist}" in spec_text(repo)


def test_patch_merged_upstream_drops_out(rdotool: RunCli, tmp_path: Path) -> None:
    repo = patched(tmp_path, rdotool)
    # upstream 1.4.0 contains exactly the "Fix a bug" change
    add_upstream_tag(repo, "1.4.0", {"patch0.txt": "Fix a bug\n"})
    result = rdotool("new-version", "--distgit", str(repo), "1.4.0", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dropped"] == ["Fix a bug"]
    assert data["patches"] == ["0001-Add-a-feature-rhbz-1234.patch"]
    assert not (repo / "0001-Fix-a-bug.patch").exists()
    assert "Patch0001:      0001-Add-a-feature-rhbz-1234.patch\n" in spec_text(repo)
    assert "Patch0002" not in spec_text(repo)


def test_requirements_diff_is_shown(rdotool: RunCli, tmp_path: Path) -> None:
    repo = patched(tmp_path, rdotool)
    add_upstream_tag(repo, "1.5.0", {"requirements.txt": "pbr>=3.0.0\noslo.config>=9.0.0\n"})
    result = rdotool("new-version", "--distgit", str(repo), "1.5.0", "--dry-run")
    assert result.exit_code == 0
    assert "  + oslo.config>=9.0.0" in result.stdout
    assert "  ~ pbr>=3.0.0 (was pbr>=2.0.0)" in result.stdout
    assert "  - six>=1.10.0" in result.stdout
    assert git(repo, "log", "-1", "--format=%s") == "python-foo-1.2.0-2"  # dry run


def test_conflict_then_abort_restores_everything(rdotool: RunCli, tmp_path: Path) -> None:
    repo = patched(tmp_path, rdotool)
    add_upstream_tag(repo, "1.6.0", {"patch1.txt": "upstream wrote this differently\n"})
    head = git(repo, "rev-parse", "HEAD")
    patches_sha = git(repo, "rev-parse", "rpm-master-patches")
    before = spec_text(repo)
    result = rdotool("new-version", "--distgit", str(repo), "1.6.0")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "rebasing rpm-master-patches onto 1.6.0 stopped on a conflict" in result.stderr
    assert "then run `rdotool --continue`" in result.stderr
    # the distgit's own work tree never leaves its branch: the rebase waits in .git
    assert git(repo, "symbolic-ref", "--short", "HEAD") == "rpm-master"
    status = rdotool("status", "--distgit", str(repo), "--json")
    assert json.loads(status.stdout) == {
        "command": "new-version",
        "step": "rebase",
        "branch": "rpm-master",
        "rebase_in_progress": True,
        "rebase_worktree": str(repo / ".git" / "rdotool" / "rebase"),
        "bisect": None,
    }
    busy = rdotool("patch", "--distgit", str(repo))
    assert busy.exit_code == ExitCode.BAD_INPUT
    aborted = rdotool("--abort", "--distgit", str(repo))
    assert aborted.exit_code == 0, aborted.stderr
    assert "new-version aborted" in aborted.stdout
    assert git(repo, "symbolic-ref", "--short", "HEAD") == "rpm-master"
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "rev-parse", "rpm-master-patches") == patches_sha
    assert spec_text(repo) == before
    assert git(repo, "status", "--porcelain") == ""
    assert json.loads(rdotool("status", "--distgit", str(repo), "--json").stdout)["command"] is None
    assert not (repo / ".git" / "rdotool" / "rebase").exists()
    assert git(repo, "worktree", "list").count("\n") == 0


@pytest.mark.parametrize("finish_rebase_by_hand", [True, False])
def test_conflict_resolved_then_continue_finishes(
    rdotool: RunCli, tmp_path: Path, finish_rebase_by_hand: bool
) -> None:
    repo = patched(tmp_path, rdotool)
    add_upstream_tag(repo, "1.6.0", {"patch1.txt": "upstream wrote this differently\n"})
    assert rdotool("new-version", "--distgit", str(repo), "1.6.0").exit_code == ExitCode.BAD_INPUT
    early = rdotool("--continue", "--distgit", str(repo))
    assert early.exit_code == ExitCode.BAD_INPUT
    assert "the rebase of the patches branch still has conflicts in patch1.txt" in early.stderr
    worktree = repo / ".git" / "rdotool" / "rebase"
    (worktree / "patch1.txt").write_text("Add a feature (rhbz#1234), resolved\n")
    git(worktree, "add", "patch1.txt")
    if finish_rebase_by_hand:
        git(worktree, "-c", "core.editor=true", "rebase", "--continue")
    done = rdotool("--continue", "--distgit", str(repo))
    assert done.exit_code == 0, done.stderr
    assert "Committed" in done.stdout
    assert git(repo, "log", "-1", "--format=%s") == "python-foo-1.6.0-1"
    assert git(repo, "symbolic-ref", "--short", "HEAD") == "rpm-master"
    assert "resolved" in (repo / "0002-Add-a-feature-rhbz-1234.patch").read_text()
    assert git(repo, "status", "--porcelain") == ""


def test_bump_only_leaves_patches(rdotool: RunCli, tmp_path: Path) -> None:
    repo = patched(tmp_path, rdotool)
    patch_before = (repo / "0001-Fix-a-bug.patch").read_text()
    result = rdotool("new-version", "--distgit", str(repo), "-b", "1.7.0", "-B", "rhbz#7")
    assert result.exit_code == 0, result.stderr
    assert (repo / "0001-Fix-a-bug.patch").read_text() == patch_before
    assert "- Update to 1.7.0 (rhbz#7)\n" in spec_text(repo)
    assert git(repo, "log", "-1", "--format=%B").endswith("Resolves: rhbz#7")


def test_patches_base_moves_with_its_skip(rdotool: RunCli, tmp_path: Path) -> None:
    spec = make_spec(patches="#\n# patches_base=1.2.0+1\n#\n")
    repo = patched(tmp_path, rdotool, spec=spec, patches=("Base tweak", "Real patch"))
    assert rdotool("new-version", "--distgit", str(repo), "1.3.0").exit_code == 0
    text = spec_text(repo)
    assert "# patches_base=1.3.0+1\n" in text
    assert "Patch0001:      0001-Real-patch.patch\n" in text


def test_missing_tag_and_no_patches_branch(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    missing = rdotool("new-version", "--distgit", str(repo), "9.0.0")
    assert missing.exit_code == ExitCode.BAD_INPUT
    assert "there is no tag 9.0.0 in" in missing.stderr
    git(repo, "branch", "-q", "-D", "rpm-master-patches")
    result = rdotool("new-version", "--distgit", str(repo), "1.3.0")
    assert result.exit_code == 0, result.stderr
    assert "no patches branch rpm-master-patches: only the version is updated" in result.stderr
