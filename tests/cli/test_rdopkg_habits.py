"""rdopkg's spellings work; where a flag means something else here, rdotool stops."""

from __future__ import annotations

from pathlib import Path

import pytest

from rdotool.cli import ALIASES, app
from rdotool.errors import ExitCode
from rdotool.registry import rdopkg_trap
from tests.conftest import BASIC_RDOINFO, RunCli
from tests.factories import git, make_single_repo_distgit


def expansion(argv: list[str]) -> tuple[str, list[str]]:
    """The command and arguments the root group resolves `argv` to."""
    import typer.main

    from rdotool.cli.compat import Context

    group = typer.main.get_command(app)
    name, _, args = group.resolve_command(Context(group, info_name="rdotool"), list(argv))
    return name, args


@pytest.mark.parametrize(
    ("argv", "command", "args"),
    [
        (["update-patches", "-a"], "patch", ["--local-patches", "--no-bump", "-a"]),
        (
            ["mockbuild", "-r", "fedora-rawhide-x86_64"],
            "build",
            ["--backend", "mock", "-r", "fedora-rawhide-x86_64"],
        ),
        (["kojibuild", "--scratch"], "build", ["--backend", "koji", "--scratch"]),
        (
            ["cbsbuild", "--scratch"],
            "build",
            ["--backend", "koji", "--profile", "cbs", "--scratch"],
        ),
        (["release"], "releases", []),
        (["review-spec", "--dry-run"], "review", ["--dry-run"]),
        (["review-patch"], "review", ["--patches"]),
    ],
)
def test_rdopkg_action_names(argv: list[str], command: str, args: list[str]) -> None:
    assert expansion(argv) == (command, args)
    assert argv[0] in ALIASES


def test_aliases_are_listed_in_help(rdotool: RunCli) -> None:
    shown = rdotool("--help").stdout
    assert "rdopkg spellings:" in shown
    assert "update-patches  patch --local-patches --no-bump" in shown


def test_update_patches_runs_patch_local_without_bump(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    result = rdotool("update-patches", "--distgit", str(repo))
    assert result.exit_code == 0, result.stderr
    assert git(repo, "log", "-1", "--format=%s") == "Updated patches from rpm-master-patches"
    assert "Release:        1%{?dist}" in (repo / "python-foo.spec").read_text()


def test_dash_c_continues_and_info_dash_l(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    assert rdotool("fix", "--distgit", str(repo)).exit_code == 0
    spec = repo / "python-foo.spec"
    text = spec.read_text()
    at = text.index("\n", text.index("%changelog\n* ") + 11) + 1
    spec.write_text(text[:at] + "- Fix it\n" + text[at:])
    done = rdotool("-c", "--distgit", str(repo))
    assert done.exit_code == 0, done.stderr
    assert git(repo, "log", "-1", "--format=%s") == "python-foo-1.2.0-2"
    shown = rdotool("info", "-l", str(BASIC_RDOINFO), "nova")
    assert shown.exit_code == 0 and shown.stdout.startswith("openstack-nova\n")
    releases = rdotool("release", "-l", str(BASIC_RDOINFO))
    assert releases.stdout == rdotool("releases", "--rdoinfo", str(BASIC_RDOINFO)).stdout


@pytest.mark.parametrize(
    ("argv", "trapped"),
    [
        (["patch", "-lBa"], True),
        (["patch", "-B"], True),
        (["patch", "-B", "-l"], True),
        (["patch", "-l", "-B", "--amend"], True),
        (["patch", "-B", "rhbz#123"], False),
        (["patch", "-B123,456"], False),
        (["patch", "-uBob"], False),  # -B inside -u's value
        (["new-version", "-B", "-l"], False),  # rdopkg's new-version -B is --bug too
        (["patch", "--", "-B"], False),
    ],
)
def test_the_patch_dash_b_trap(argv: list[str], trapped: bool) -> None:
    message = rdopkg_trap(argv)
    assert (message is not None) == trapped
    if trapped:
        assert "Did you mean --no-bump?" in str(message)


def test_dash_b_trap_stops_before_anything_runs(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    result = rdotool("patch", "--distgit", str(repo), "-lBa")
    assert result.exit_code == ExitCode.USAGE
    assert "Did you mean --no-bump?" in result.stderr
    assert git(repo, "log", "-1", "--format=%s") == "Initial distgit"


@pytest.mark.parametrize(
    ("typo", "meant"), [("patc", "patch"), ("mockbild", "mockbuild"), ("reqchek", "reqcheck")]
)
def test_unknown_commands_get_a_did_you_mean(rdotool: RunCli, typo: str, meant: str) -> None:
    result = rdotool(typo)
    assert result.exit_code == ExitCode.USAGE
    assert f"No such command '{typo}'. Did you mean {meant}" in result.stderr


def test_findpkg_by_binary_package_name(rdotool: RunCli) -> None:
    for binary in ("python3-novaclient", "python3-novaclient-tests", "openstack-nova-compute"):
        result = rdotool("findpkg", "-l", str(BASIC_RDOINFO), binary)
        assert result.exit_code == 0, (binary, result.stderr)
    assert rdotool("findpkg", "-l", str(BASIC_RDOINFO), "python3-novaclient").stdout.startswith(
        "python-novaclient\n"
    )
    assert rdotool("findpkg", "-l", str(BASIC_RDOINFO), "openstack-nova-compute").stdout.startswith(
        "openstack-nova\n"
    )
