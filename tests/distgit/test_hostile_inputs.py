"""Bad input in and around a distgit: exit 3 with one sentence naming the file, never 70;
paths from specs confined; line endings, modes and long lines handled as they come."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import BASIC_RDOINFO, RunCli
from tests.factories import commit_all, git, make_single_repo_distgit, make_spec

LATIN1 = b"caf\xe9"


def assert_bad_input(result, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == ExitCode.BAD_INPUT, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for needle in needles:
        assert needle in result.stderr


def test_non_utf8_spec_names_file_and_line(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    spec = repo / "python-foo.spec"
    spec.write_bytes(spec.read_bytes().replace(b"A test library", b"A " + LATIN1))
    commit_all(repo, "latin1")
    for argv in (["patch"], ["new-version", "1.3.0"], ["fix"], ["reqcheck"]):
        result = rdotool(*argv, "--distgit", str(repo))
        assert_bad_input(result, "python-foo.spec:7: not UTF-8 text (byte 0xe9)", "iconv")


def test_non_utf8_patch_content_is_carried_byte_for_byte(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path, patches=())
    git(repo, "checkout", "-q", "rpm-master-patches")
    (repo / "latin1.txt").write_bytes(LATIN1 + b"\n")
    commit_all(repo, "Add a latin1 file")
    git(repo, "checkout", "-q", "rpm-master")
    assert rdotool("patch", "--distgit", str(repo)).exit_code == 0
    assert b"+" + LATIN1 + b"\n" in (repo / "0001-Add-a-latin1-file.patch").read_bytes()
    commits = git(repo, "rev-list", "--count", "HEAD")
    again = rdotool("patch", "--distgit", str(repo))  # the same bytes: nothing to commit
    assert again.exit_code == 0, again.stderr
    assert git(repo, "rev-list", "--count", "HEAD") == commits


@pytest.mark.parametrize("option", ["--requirements", "-H"])
def test_non_utf8_files_given_on_the_command_line(
    rdotool: RunCli, tmp_path: Path, option: str
) -> None:
    repo = make_single_repo_distgit(tmp_path)
    given = tmp_path / "given.txt"
    given.write_bytes(b"six>=1.0\n# " + LATIN1 + b"\n")
    command = "reqcheck" if option == "--requirements" else "patch"
    result = rdotool(command, "--distgit", str(repo), option, str(given))
    assert_bad_input(result, f"{given}:2: not UTF-8 text")


def test_sources_file_with_an_unknown_checksum_or_bytes(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    (repo / "sources").write_text("FOO123 (f) = abcd\n")
    assert_bad_input(
        rdotool("build", "--distgit", str(repo), "--dry-run"),
        "sources:1: unknown checksum type FOO123",
    )
    (repo / "sources").write_bytes(b"SHA512 (" + LATIN1 + b".tar.gz) = 00\n")
    assert_bad_input(rdotool("build", "--distgit", str(repo), "--dry-run"), "not UTF-8 text")


def test_non_utf8_config_file(rdotool: RunCli, tmp_path: Path, isolation: Path) -> None:
    config = isolation / ".config" / "rdotool" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_bytes(b"rdoinfo: " + LATIN1 + b"\n")
    assert_bad_input(
        rdotool("info", "--rdoinfo", str(BASIC_RDOINFO), "nova"), "config.yaml:1: not UTF-8"
    )


@pytest.mark.parametrize("content", ["[1, 2]", "{not json", "DIR"])
def test_state_file_of_the_wrong_shape(rdotool: RunCli, tmp_path: Path, content: str) -> None:
    repo = make_single_repo_distgit(tmp_path)
    state = repo / ".git" / "rdotool" / "state.json"
    state.parent.mkdir()
    if content == "DIR":
        state.mkdir()
    else:
        state.write_text(content)
    for argv in (["status"], ["--abort"], ["--continue"], ["patch"], ["fix"]):
        result = rdotool(*(argv if argv[0].startswith("--") else [argv[0]]), "--distgit", str(repo))
        assert_bad_input(result, "state.json")


def test_repo_without_commit_and_orphan_patches_branch(rdotool: RunCli, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    (empty / "x.spec").write_text(make_spec())
    assert_bad_input(rdotool("patch", "--distgit", str(empty)), "has no commit yet")
    repo = make_single_repo_distgit(tmp_path)
    git(repo, "branch", "-q", "-D", "rpm-master-patches")
    git(repo, "checkout", "-q", "--orphan", "rpm-master-patches")
    commit_all(repo, "Unrelated history")
    git(repo, "checkout", "-q", "rpm-master")
    assert_bad_input(
        rdotool("patch", "--distgit", str(repo)), "rpm-master-patches does not contain 1.2.0"
    )


@pytest.mark.parametrize("where", ["../victim.patch", "ABSOLUTE"])
def test_patch_paths_in_the_spec_stay_inside_the_distgit(
    rdotool: RunCli, tmp_path: Path, where: str
) -> None:
    victim = tmp_path / "victim.patch"
    victim.write_text("precious\n")
    name = str(victim) if where == "ABSOLUTE" else where
    spec = make_spec(patches=f"Patch0001: {name}\n")
    repo = make_single_repo_distgit(tmp_path, patches=("Fix a bug", "Another"), spec=spec)
    for argv in (["patch"], ["new-version", "1.3.0"]):
        result = rdotool(*argv, "--distgit", str(repo))
        assert_bad_input(result, "points outside")
        assert victim.read_text() == "precious\n"
        assert git(repo, "status", "--porcelain") == ""


@pytest.mark.parametrize("option", ["-u", "-e"])
def test_newlines_in_the_packager_never_reach_the_spec(
    rdotool: RunCli, tmp_path: Path, option: str
) -> None:
    repo = make_single_repo_distgit(tmp_path)
    before = (repo / "python-foo.spec").read_text()
    result = rdotool("fix", "--distgit", str(repo), option, "x\n%install\nrm -rf /")
    assert_bad_input(result, "newline")
    assert (repo / "python-foo.spec").read_text() == before


def test_crlf_spec_stays_crlf_and_new_files_follow_the_umask(
    rdotool: RunCli, tmp_path: Path
) -> None:
    repo = make_single_repo_distgit(tmp_path)
    spec = repo / "python-foo.spec"
    spec.write_bytes(spec.read_bytes().replace(b"\n", b"\r\n"))
    commit_all(repo, "CRLF")
    old_mask = os.umask(0o077)
    try:
        result = rdotool("patch", "--distgit", str(repo))
    finally:
        os.umask(old_mask)
    assert result.exit_code == 0, result.stderr
    data = spec.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert b"Patch0001:" in data
    mode = stat.S_IMODE((repo / "0001-Fix-a-bug.patch").stat().st_mode)
    assert mode == 0o600


def test_a_200k_character_line_is_handled_in_linear_time(tmp_path: Path) -> None:
    """python-specfile counts brackets quadratically; rdotool's fix makes this finish
    (the old code did not within minutes); the time limit is a liveness guard only."""
    spec = make_spec().replace("Summary:        A test library", "Summary:        " + "x" * 200_000)
    repo = make_single_repo_distgit(tmp_path, spec=spec)
    result = subprocess.run(
        [sys.executable, "-m", "rdotool", "patch", "--distgit", str(repo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_full_stdout_and_closed_pipe(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "rdotool", "info", "--rdoinfo", str(BASIC_RDOINFO), "--json"]
    with open("/dev/full", "w") as full:
        result = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert result.returncode == ExitCode.BAD_INPUT
    assert result.stderr.strip() == (
        "rdotool: error: cannot write to standard output: No space left on device\n"
        "hint: check the file or device the output goes to"
    )
    read_end, write_end = os.pipe()
    os.close(read_end)
    closed = subprocess.run(argv, stdout=write_end, stderr=subprocess.PIPE, text=True, check=False)
    os.close(write_end)
    assert closed.returncode == ExitCode.PIPE_CLOSED, closed.stderr
    assert "Traceback" not in closed.stderr


def test_info_with_an_unknown_tag_and_no_filter(rdotool: RunCli) -> None:
    result = rdotool("info", "--rdoinfo", str(BASIC_RDOINFO), "--tag", "nosuchtag")
    assert_bad_input(result, "no package in rdoinfo carries the tag nosuchtag")


def test_placeholder_sources_are_never_made_in_the_distgit(
    rdotool: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """python-specfile writes 13-byte placeholders for missing sources while it parses; a
    kill at that moment left one in the distgit, and `build` then skipped the download."""
    from specfile.spec_parser import SpecParser

    made: list[Path] = []
    original = SpecParser._make_dummy_sources

    def recording(self, sources, non_empty_sources):  # type: ignore[no-untyped-def]
        made.append(Path(self.sourcedir))
        return original(self, sources, non_empty_sources)

    monkeypatch.setattr(SpecParser, "_make_dummy_sources", recording)
    repo = make_single_repo_distgit(tmp_path)
    assert rdotool("patch", "--distgit", str(repo)).exit_code == 0
    assert made, "python-specfile no longer makes placeholders: drop the mirror directory"
    assert all(repo.resolve() not in (p.resolve(), *p.resolve().parents) for p in made)


def test_release_of_only_dist_and_an_upper_constraints_file_not_utf8(
    rdotool: RunCli, tmp_path: Path
) -> None:
    repo = make_single_repo_distgit(tmp_path, spec=make_spec(release="%{?dist}"))
    assert_bad_input(rdotool("reqcheck", "--distgit", str(repo)), "python-foo.spec:6")
    uc = tmp_path / "uc.txt"
    uc.write_bytes(b"six===1.16.0\n" + LATIN1 + b"===1\n")
    result = rdotool(
        "uc", "report", "--release", "epoxy", "--rdoinfo", str(BASIC_RDOINFO), "--uc-file", str(uc)
    )
    assert_bad_input(result, f"{uc}:2: not UTF-8 text")


def test_unusable_state_and_cache_locations(
    rdotool: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locations that cannot be written even by root: a file where a directory belongs."""
    repo = make_single_repo_distgit(tmp_path)
    (repo / ".git" / "rdotool").write_text("a file, not a directory\n")
    result = rdotool("patch", "--distgit", str(repo))
    assert_bad_input(result, "rdotool")
    assert git(repo, "status", "--porcelain") == ""
    monkeypatch.setenv("RDOTOOL_CACHE_DIR", "/dev/null/cache")
    info = rdotool("info", "--rdoinfo", str(BASIC_RDOINFO), "nova")
    assert info.exit_code == 0, info.stderr  # the parsed cache is optional: a warning
    assert "could not write the parsed-rdoinfo cache" in info.stderr


def test_a_parsed_cache_of_the_wrong_shape_is_ignored(
    rdotool: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("RDOTOOL_CACHE_DIR", str(cache))
    assert rdotool("info", "--rdoinfo", str(BASIC_RDOINFO), "nova").exit_code == 0
    cached = next(p for p in (cache / "parsed").glob("*.json") if ".names." not in p.name)
    for broken in ("[1, 2]", '{"schema": 2, "info": 5}', '{"schema": 2}\n{', "DIR"):
        if cached.is_dir():
            cached.rmdir()
        if broken == "DIR":
            cached.unlink()
            cached.mkdir()
        else:
            cached.write_text(broken)
        result = rdotool("info", "--rdoinfo", str(BASIC_RDOINFO), "nova")
        assert result.exit_code == 0, (broken, result.stderr)
        assert "openstack-nova" in result.stdout
