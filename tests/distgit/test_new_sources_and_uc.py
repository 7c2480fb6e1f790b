"""new-version --new-sources (loopback HTTP), faults mid-download, --uc on real data, fix."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import SHARED_DATA, RunCli
from tests.distgit.tarball_server import TarballServer, tarball_server
from tests.factories import (
    commit_all,
    git,
    make_single_repo_distgit,
    make_spec,
    make_tarball,
)

TARBALL = make_tarball("foo", "1.3.0")


@pytest.fixture
def server() -> TarballServer:
    with tarball_server() as state:
        state.files["foo-1.3.0.tar.gz"] = TARBALL
        yield state  # type: ignore[misc]


def distgit_for(tmp_path: Path, server: TarballServer) -> Path:
    spec = make_spec(source0=server.url("%{pypi_name}-%{upstream_version}.tar.gz"))
    return make_single_repo_distgit(tmp_path, spec=spec)


def test_new_sources_downloads_and_records(rdotool: RunCli, tmp_path: Path, server) -> None:
    repo = distgit_for(tmp_path, server)
    result = rdotool("new-version", "--distgit", str(repo), "1.3.0", "--new-sources", "--json")
    assert result.exit_code == 0, result.stderr
    assert [path for path, _ in server.requests] == ["/foo-1.3.0.tar.gz"]
    assert server.requests[0][1]["User-Agent"].startswith("rdotool/")
    assert (repo / "foo-1.3.0.tar.gz").read_bytes() == TARBALL
    digest = hashlib.sha512(TARBALL).hexdigest()
    assert (repo / "sources").read_text() == f"SHA512 (foo-1.3.0.tar.gz) = {digest}\n"
    assert (repo / ".gitignore").read_text() == "/foo-1.3.0.tar.gz\n"
    data = json.loads(result.stdout)
    assert data["sources"]["sha512"] == digest
    committed = git(repo, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert sorted(committed) == [
        ".gitignore",
        "0001-Fix-a-bug.patch",
        "0002-Add-a-feature-rhbz-1234.patch",
        "python-foo.spec",
        "sources",
    ]
    assert git(repo, "status", "--porcelain") == ""  # the tarball is ignored, not committed


def test_download_failing_half_way_keeps_tree_then_continue(
    rdotool: RunCli, tmp_path: Path, server
) -> None:
    repo = distgit_for(tmp_path, server)
    before = (repo / "python-foo.spec").read_text()
    server.mode = "truncate"
    failed = rdotool("new-version", "--distgit", str(repo), "1.3.0", "--new-sources")
    assert failed.exit_code == ExitCode.EXTERNAL
    assert "foo-1.3.0.tar.gz" in failed.stderr
    assert (repo / "python-foo.spec").read_text() == before
    assert not list(repo.glob("foo-1.3.0.tar.gz*")) and not list(repo.glob(".foo-1.3.0*"))
    assert git(repo, "status", "--porcelain") == ""
    assert (
        json.loads(rdotool("status", "--distgit", str(repo), "--json").stdout)["step"] == "update"
    )
    server.mode = "ok"
    done = rdotool("--continue", "--distgit", str(repo))
    assert done.exit_code == 0, done.stderr
    assert git(repo, "log", "-1", "--format=%s") == "python-foo-1.3.0-1"


def test_not_an_archive_is_refused(rdotool: RunCli, tmp_path: Path, server) -> None:
    repo = distgit_for(tmp_path, server)
    server.files["foo-1.3.0.tar.gz"] = b"<html>not found</html>"
    result = rdotool("new-version", "--distgit", str(repo), "1.3.0", "--new-sources")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "did not give an archive" in result.stderr
    assert not (repo / "foo-1.3.0.tar.gz").exists()


def test_ctrl_c_mid_download_then_abort_or_continue(tmp_path: Path, server) -> None:
    repo = distgit_for(tmp_path, server)
    head = git(repo, "rev-parse", "HEAD")
    before = (repo / "python-foo.spec").read_text()
    server.mode = "stall"
    command = [
        sys.executable,
        "-m",
        "rdotool",
        "new-version",
        "--distgit",
        str(repo),
        "1.3.0",
        "--new-sources",
    ]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert server.stalled.wait(timeout=30), "the download never started"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == ExitCode.INTERRUPTED, stderr
    assert "rdotool: error: interrupted" in stderr
    assert "Traceback" not in stderr
    assert (repo / "python-foo.spec").read_text() == before
    assert git(repo, "status", "--porcelain") == ""
    assert (repo / ".git" / "rdotool" / "state.json").exists()

    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "rdotool", *args, "--distgit", str(repo)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    aborted = run("--abort")
    assert aborted.returncode == 0, aborted.stderr
    assert git(repo, "rev-parse", "HEAD") == head
    assert not (repo / ".git" / "rdotool" / "state.json").exists()

    server.mode, server.stalled = "stall", type(server.stalled)()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert server.stalled.wait(timeout=30)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)
    server.mode = "ok"
    server.release.set()
    finished = run("--continue")
    assert finished.returncode == 0, finished.stderr
    assert git(repo, "log", "-1", "--format=%s") == "python-foo-1.3.0-1"
    assert (repo / "foo-1.3.0.tar.gz").read_bytes() == TARBALL


def oslo_config_distgit(tmp_path: Path) -> Path:
    spec = make_spec(version="9.7.1").replace(
        "%global pypi_name foo", "%global pypi_name oslo-config"
    )
    repo = make_single_repo_distgit(
        tmp_path, tags=("9.7.1", "9.7.2", "10.0.0"), base_tag="9.7.1", spec=spec, branch="epoxy-rdo"
    )
    return repo


@pytest.mark.shared_data
def test_uc_takes_the_version_upper_constraints_names(
    rdotool: RunCli, tmp_path: Path, shared_rdoinfo: Path
) -> None:
    repo = oslo_config_distgit(tmp_path)
    uc = SHARED_DATA / "upper-constraints" / "stable-2025.1.txt"
    result = rdotool(
        "new-version",
        "--distgit",
        str(repo),
        "--uc",
        "epoxy",
        "--uc-file",
        str(uc),
        "--rdoinfo",
        str(shared_rdoinfo),
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)["plan"]
    assert plan["new"] == "9.7.2"
    assert plan["origin"] == "upper-constraints of epoxy: oslo.config===9.7.2"
    assert git(repo, "log", "-1", "--format=%s") == "python-oslo-config-9.7.2-1"


@pytest.mark.shared_data
def test_uc_of_another_release_than_the_branch_s_says_so(
    rdotool: RunCli, tmp_path: Path, shared_rdoinfo: Path
) -> None:
    """--uc epoxy on a dalmatian-rdo branch: the version is epoxy's, the origin says
    epoxy, and a warning says the branch belongs to dalmatian."""
    spec = make_spec(version="9.7.1").replace(
        "%global pypi_name foo", "%global pypi_name oslo-config"
    )
    repo = make_single_repo_distgit(
        tmp_path, tags=("9.7.1", "9.7.2"), base_tag="9.7.1", spec=spec, branch="dalmatian-rdo"
    )
    uc = SHARED_DATA / "upper-constraints" / "stable-2025.1.txt"
    result = rdotool(
        "new-version", "--distgit", str(repo), "--uc", "epoxy", "--uc-file", str(uc),
        "--rdoinfo", str(shared_rdoinfo), "--dry-run", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["plan"]["origin"] == (
        "upper-constraints of epoxy: oslo.config===9.7.2"
    )
    assert (
        "branch dalmatian-rdo belongs to dalmatian; the version comes from the"
        " upper-constraints of epoxy" in result.stderr
    )


@pytest.mark.shared_data
def test_uc_release_from_branch_and_cached_file(
    rdotool: RunCli, tmp_path: Path, shared_rdoinfo: Path, monkeypatch
) -> None:
    repo = oslo_config_distgit(tmp_path)
    cache = Path(os.environ["RDOTOOL_CACHE_DIR"]) / "upper-constraints" / "stable_2025.1.txt"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text((SHARED_DATA / "upper-constraints" / "stable-2025.1.txt").read_text())
    try:
        result = rdotool(
            "new-version",
            "--distgit",
            str(repo),
            "--uc",
            "auto",
            "--dry-run",
            "--offline",
            "--rdoinfo",
            str(shared_rdoinfo),
            "--json",
        )
    finally:
        cache.unlink()
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["plan"]["new"] == "9.7.2"  # branch epoxy-rdo -> epoxy


def test_uc_errors(rdotool: RunCli, tmp_path: Path, basic_rdoinfo: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    uc_file = tmp_path / "uc.txt"
    args = (
        "new-version",
        "--distgit",
        str(repo),
        "--uc",
        "epoxy",
        "--uc-file",
        str(uc_file),
        "--rdoinfo",
        str(basic_rdoinfo),
    )
    unknown = rdotool(*args)
    assert unknown.exit_code == ExitCode.BAD_INPUT
    assert "no package python-foo" in unknown.stderr
    uc_file.write_text("oslo.config===9.7.2\n")
    spec = repo / "python-foo.spec"
    renamed = spec.read_text().replace("%global pypi_name foo", "%global pypi_name novaclient")
    spec.write_text(renamed)
    commit_all(repo, "rename")
    missing = rdotool(*args)
    assert missing.exit_code == ExitCode.BAD_INPUT
    assert "has no entry for python-novaclient" in missing.stderr
    assert "python-novaclient" in missing.stderr.splitlines()[1]


def test_fix_opens_an_entry_and_continue_commits(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    started = rdotool("fix", "--distgit", str(repo))
    assert started.exit_code == 0, started.stderr
    spec = repo / "python-foo.spec"
    assert "Release:        2%{?dist}" in spec.read_text()
    empty = rdotool("--continue", "--distgit", str(repo))
    assert empty.exit_code == ExitCode.BAD_INPUT
    assert "the new %changelog entry in python-foo.spec is empty" in empty.stderr
    text = spec.read_text()
    header_end = text.index("1.2.0-2\n") + len("1.2.0-2\n")
    spec.write_text(text[:header_end] + "- Fix the summary (rhbz#5)" + text[header_end:])
    done = rdotool("--continue", "--distgit", str(repo))
    assert done.exit_code == 0, done.stderr
    assert git(repo, "log", "-1", "--format=%B") == (
        "python-foo-1.2.0-2\n\nChangelog:\n- Fix the summary (rhbz#5)\n\nResolves: rhbz#5"
    )
    assert git(repo, "status", "--porcelain") == ""


def test_fix_abort_restores_the_spec(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    before = (repo / "python-foo.spec").read_text()
    assert rdotool("fix", "--distgit", str(repo)).exit_code == 0
    again = rdotool("fix", "--distgit", str(repo))
    assert again.exit_code == ExitCode.BAD_INPUT
    assert "rdotool fix is in progress" in again.stderr
    assert rdotool("--abort", "--distgit", str(repo)).exit_code == 0
    assert (repo / "python-foo.spec").read_text() == before
    nothing = rdotool("--abort", "--distgit", str(repo))
    assert nothing.exit_code == ExitCode.BAD_INPUT
    assert "no rdotool command is in progress here" in nothing.stderr
