"""`rdotool build`: real rpmbuild end to end, a stand-in mock, a Koji hub on loopback."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import pytest
from typer.testing import Result

from rdotool.errors import ExitCode
from tests.builds.fixtures import (
    hello_tarball,
    install_fake_mock,
    koji_hub,
    make_hello_distgit,
    read_json,
)
from tests.conftest import RunCli
from tests.distgit.tarball_server import TarballServer, tarball_server
from tests.factories import commit_all, git


@pytest.fixture
def server() -> TarballServer:
    with tarball_server() as state:
        state.files["hello-1.0.tar.gz"] = hello_tarball()
        yield state  # type: ignore[misc]


@pytest.fixture
def fake_mock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The stand-in mock first on PATH; returns the file it records its argv in."""
    install_fake_mock(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_MOCK_RECORD", str(tmp_path / "argv.json"))
    return tmp_path / "argv.json"


@pytest.fixture
def hello(tmp_path: Path, server: TarballServer) -> Path:
    return make_hello_distgit(tmp_path, server.url("hello-%{version}.tar.gz"))


def test_rpmbuild_end_to_end(rdotool: RunCli, hello: Path, server) -> None:
    result = rdotool(
        "build", "--distgit", str(hello), "--backend", "rpmbuild", "--nodeps", "--json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [path for path, _ in server.requests] == ["/hello-1.0.tar.gz"]
    assert data["downloaded"] == ["hello-1.0.tar.gz"]
    assert (hello / "hello-1.0.tar.gz").read_bytes() == hello_tarball()
    results = hello / "results_hello" / "1.0" / "1.el9s"
    assert data["result_dir"] == str(results)
    assert [(r["nvr"], r["arch"]) for r in data["rpms"]] == [
        ("hello-1.0-1.el9s", "src"),
        ("hello-1.0-1.el9s", "noarch"),
    ]
    binary = Path(data["rpms"][1]["path"])
    assert binary.is_file() and binary.is_relative_to(results)
    assert data["rpms"][1]["size"] == binary.stat().st_size
    assert set(data["logs"]) == {"build.log", "srpm.log"}
    assert data["duration"] > 0
    import subprocess

    files = subprocess.run(["rpm", "-qpl", str(binary)], capture_output=True, text=True).stdout
    assert "/usr/share/hello/distro" in files  # %if 0%{?rhel} >= 9 was true: target macros
    assert not (Path.home() / "rpmbuild").exists()


def test_rpmbuild_text_table(rdotool: RunCli, hello: Path) -> None:
    result = rdotool(
        "build", "--distgit", str(hello), "--backend", "rpmbuild", "--nodeps", "--distro", "el10s"
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["nvr", "arch", "size", "path"]
    assert lines[1].startswith("hello-1.0-1.el10s  src ")
    assert lines[2].startswith("hello-1.0-1.el10s  noarch ")
    assert "build: srpm" in result.stderr and "build: building" in result.stderr


def test_rpmbuild_checks_build_requires(rdotool: RunCli, hello: Path) -> None:
    import subprocess

    result = rdotool("build", "--distgit", str(hello), "--backend", "rpmbuild")
    empty_rpmdb = subprocess.run(["rpm", "-qa"], capture_output=True, text=True).stdout == ""
    if empty_rpmdb:  # Debian/Ubuntu: rpm knows no installed package
        assert result.exit_code == ExitCode.BAD_INPUT
        assert "rpm database is not its package database" in result.stderr
        assert "pass --nodeps" in result.stderr
    else:
        assert result.exit_code == 0, result.stderr


def test_source_checks(rdotool: RunCli, hello: Path, server) -> None:
    no_download = rdotool(
        "build", "--distgit", str(hello), "--backend", "rpmbuild", "--no-download"
    )
    assert no_download.exit_code == ExitCode.BAD_INPUT
    assert "Source0 hello-1.0.tar.gz is not downloaded and --no-download is set" in (
        no_download.stderr
    )
    (hello / "hello-1.0.tar.gz").write_bytes(b"tampered")
    tampered = rdotool("build", "--distgit", str(hello), "--backend", "rpmbuild", "--nodeps")
    assert tampered.exit_code == ExitCode.BAD_INPUT
    assert "hello-1.0.tar.gz does not match its SHA512 in the sources file" in tampered.stderr
    (hello / "hello-1.0.tar.gz").unlink()
    (hello / "hello.conf").unlink()
    missing = rdotool("build", "--distgit", str(hello), "--backend", "rpmbuild", "--nodeps")
    assert missing.exit_code == ExitCode.BAD_INPUT
    assert "Source1 hello.conf is missing from" in missing.stderr


def test_spec_syntax_error(rdotool: RunCli, hello: Path) -> None:
    spec = hello / "hello.spec"
    spec.write_text(spec.read_text().replace("BuildArch:", "Bogus:          yes\nBuildArch:"))
    result = rdotool("build", "--distgit", str(hello), "--backend", "rpmbuild", "--nodeps")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert (
        result.stderr.splitlines()[0]
        == f"rdotool: error: {spec}:9: Unknown tag: Bogus:          yes"
    )


def test_mock_backend_argv_results_and_logs(rdotool: RunCli, hello: Path, fake_mock: Path) -> None:
    result = rdotool(
        "build",
        "--distgit",
        str(hello),
        "--no-clean",
        "--enablerepo",
        "crb",
        "--addrepo",
        "https://trunk.example.org/repo",
        "--with",
        "doc",
        "--without",
        "tests",
        "-D",
        "rdo_flag 1",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    results = hello / "results_hello" / "1.0" / "1.el9s"
    srpm = results / "rpmbuild" / "SRPMS" / "hello-1.0-1.el9s.src.rpm"
    assert read_json(fake_mock) == [
        "-r",
        "centos-stream+epel-9-x86_64",
        "--resultdir",
        str(results),
        "--no-clean",
        "--enablerepo",
        "crb",
        "--addrepo",
        "https://trunk.example.org/repo",
        "--with",
        "doc",
        "--without",
        "tests",
        "--define",
        "dist .el9s",
        "--define",
        "rhel 9",
        "--define",
        "el9 1",
        "--define",
        "rdo_flag 1",
        "--rebuild",
        str(srpm),
    ]
    data = json.loads(result.stdout)
    assert data["backend"] == "mock"
    assert sorted((r["nvr"], r["arch"]) for r in data["rpms"]) == [
        ("hello-1.0-1.el9s", "noarch"),
        ("hello-1.0-1.el9s", "src"),
    ]
    assert set(data["logs"]) == {"mock.log", "build.log", "root.log", "state.log"}
    assert "build: installing build dependencies" in result.stderr
    assert "build: building" in result.stderr and "build: done" in result.stderr


@pytest.mark.parametrize(
    ("failure", "first", "line"),
    [
        ("build", "mock failed (exit 10) in %build: ", None),
        (
            "deps",
            "mock failed (exit 30) in BuildRequires: missing BuildRequires: python3-nothing",
            "No matching package to install: 'python3-nothing'",
        ),
    ],
)
def test_mock_failures_name_the_phase_and_the_first_error(
    rdotool: RunCli,
    hello: Path,
    fake_mock: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: str,
    first: str,
    line: str | None,
) -> None:
    monkeypatch.setenv("FAKE_MOCK_FAIL", failure)
    result = rdotool("build", "--distgit", str(hello))
    assert result.exit_code == ExitCode.EXTERNAL
    results = hello / "results_hello" / "1.0" / "1.el9s"
    assert first in result.stderr
    assert line is None or f"  | {line}" in result.stderr
    assert f"{results / 'mock.log'}" in result.stderr
    assert "Traceback" not in result.stderr


def test_mock_config_that_does_not_exist(
    rdotool: RunCli, hello: Path, fake_mock: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_MOCK_FAIL", "config")
    result = rdotool("build", "--distgit", str(hello), "-r", "nope")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "mock has no config nope" in result.stderr


def test_dry_run_prints_what_the_run_does(
    rdotool: RunCli, hello: Path, server, fake_mock: Path
) -> None:
    """The dry run's lines come from the functions the run uses: the mock command line
    it prints is the one mock then receives, SRPM name and target macros included."""
    planned = rdotool("build", "--distgit", str(hello), "--backend", "mock", "--dry-run")
    assert planned.exit_code == 0, planned.stderr
    lines = planned.stdout.splitlines()
    results = hello / "results_hello" / "1.0" / "1.el9s"
    srpm = results / "rpmbuild" / "SRPMS" / "hello-1.0-1.el9s.src.rpm"
    assert lines[0] == "would download: hello-1.0.tar.gz"
    assert lines[1] == f"would make: {srpm}"
    assert lines[2].startswith("would run: rpmbuild -bs --nodeps --define '_topdir ")
    assert "--define 'dist .el9s' --define 'rhel 9' --define 'el9 1'" in lines[2]
    assert lines[3].startswith("would run: mock -r centos-stream+epel-9-x86_64 --resultdir ")
    assert server.requests == []  # nothing downloaded
    assert not (hello / "results_hello").exists()
    built = rdotool("build", "--distgit", str(hello), "--backend", "mock")
    assert built.exit_code == 0, built.stderr
    assert lines[3] == "would run: " + shlex.join(["mock", *json.loads(fake_mock.read_text())])


def test_dry_run_of_rpmbuild_passes_the_target_macros(rdotool: RunCli, hello: Path) -> None:
    planned = rdotool(
        "build", "--distgit", str(hello), "-b", "rpmbuild", "--distro", "el10s", "--dry-run"
    )
    assert planned.exit_code == 0, planned.stderr
    rebuild = planned.stdout.splitlines()[-1]
    assert rebuild.startswith("would run: rpmbuild --rebuild --define '_topdir ")
    assert "--define 'dist .el10s' --define 'rhel 10' --define 'el10 1'" in rebuild
    assert rebuild.endswith("/SRPMS/hello-1.0-1.el10s.src.rpm")


def test_sources_a_define_turns_off_are_not_downloaded(
    rdotool: RunCli, tmp_path: Path, server
) -> None:
    """RDO's `%{!?sources_gpg: %global sources_gpg 1}` and `%if 0%{?sources_gpg} == 1`
    around the signature sources: `-D 'sources_gpg 0'` means they are not needed."""
    repo = make_hello_distgit(tmp_path, server.url("hello-%{version}.tar.gz"))
    spec = repo / "hello.spec"
    text = spec.read_text().replace(
        "Source1:        hello.conf\n",
        "Source1:        hello.conf\n"
        "%if 0%{?sources_gpg} == 1\n"
        f"Source101:      {server.url('hello-%{version}.tar.gz.asc')}\n"
        "%endif\n",
    )
    spec.write_text("%{!?sources_gpg: %global sources_gpg 1}\n" + text)
    commit_all(repo, "gpg")
    with_gpg = rdotool("build", "--distgit", str(repo), "-b", "rpmbuild", "--dry-run")
    assert with_gpg.exit_code == 0, with_gpg.stderr
    assert "would download: hello-1.0.tar.gz.asc" in with_gpg.stdout.splitlines()
    without = rdotool(
        "build", "--distgit", str(repo), "-b", "rpmbuild", "-D", "sources_gpg 0", "--dry-run"
    )
    assert without.exit_code == 0, without.stderr
    downloads = [line for line in without.stdout.splitlines() if "would download" in line]
    assert downloads == ["would download: hello-1.0.tar.gz"]
    assert "--define 'sources_gpg 0'" in without.stdout


EPOXY_TARGET = "cloud9s-openstack-epoxy-el9s"


def koji_build(
    rdotool: RunCli, hello: Path, hub_url: str, *extra: str, target: str = EPOXY_TARGET
) -> Result:
    return rdotool(
        "build",
        "--distgit",
        str(hello),
        "--backend",
        "koji",
        "--hub",
        hub_url,
        "--target",
        target,
        "--poll",
        "0.01",
        *extra,
    )


def test_koji_scratch_build_from_srpm(rdotool: RunCli, hello: Path) -> None:
    with koji_hub() as hub:
        result = koji_build(rdotool, hello, hub.url, "--scratch", "--json")
    assert result.exit_code == 0, result.stderr
    names = hub.names()
    assert names[0] == "getBuildTarget" and names[1] == "uploadFile"
    assert "build" in names and names[-1] == "listTaskOutput"
    ((path, content),) = hub.uploads.items()
    srpms = hello / "results_hello" / "1.0" / "1.el9s" / "rpmbuild" / "SRPMS"
    assert bytes(content) == (srpms / "hello-1.0-1.el9s.src.rpm").read_bytes()
    build_args = next(args for name, args in hub.calls if name == "build")
    assert build_args == (path, EPOXY_TARGET, {"scratch": True})
    data = json.loads(result.stdout)
    assert data["task_id"] == 4242
    assert [(r["nvr"], r["arch"]) for r in data["rpms"]] == [
        ("hello-1.0-1.el9s", "src"),
        ("hello-1.0-1.el9s", "noarch"),
    ]
    assert "build: koji task open" in result.stderr and "build: koji task closed" in result.stderr


def test_koji_scm_nowait_and_failure(rdotool: RunCli, hello: Path) -> None:
    url = "git+https://review.rdoproject.org/r/rpms/hello#" + git(hello, "rev-parse", "HEAD")
    with koji_hub() as hub:
        result = koji_build(rdotool, hello, hub.url, "--scm", url, "--nowait", "--json")
    assert result.exit_code == 0, result.stderr
    assert hub.names() == ["getBuildTarget", "build"]
    assert hub.calls[1][1] == (url, EPOXY_TARGET, {})
    assert json.loads(result.stdout)["task_id"] == 4242
    with koji_hub() as hub:
        hub.fail = True
        failed = koji_build(rdotool, hello, hub.url, "--scm", url)
    assert failed.exit_code == ExitCode.EXTERNAL
    assert "Koji task 4242 failed: " in failed.stderr
    assert "mock exited with status 10" in failed.stderr
    with koji_hub() as hub:
        unknown = koji_build(rdotool, hello, hub.url, "--scm", url, target="nope")
    assert unknown.exit_code == ExitCode.BAD_INPUT
    assert "Koji has no build target nope" in unknown.stderr


def test_missing_build_requires_are_named(
    rdotool: RunCli, hello: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rdotool.adapters import rpmbuild

    # as on a Fedora host: the rpm database is the package database (real rpm queries below)
    monkeypatch.setattr(rpmbuild, "host_rpmdb_is_empty", lambda: False)
    spec = hello / "hello.spec"
    spec.write_text(
        spec.read_text().replace(
            "BuildRequires:  coreutils\n",
            "BuildRequires:  coreutils\nBuildRequires:  rdotool-test-no-such-package >= 1\n",
        )
    )
    commit_all(hello, "a BuildRequires no host provides")
    result = rdotool("build", "--distgit", str(hello), "--backend", "rpmbuild")
    assert result.exit_code == ExitCode.BAD_INPUT
    # coreutils too where the rpm database does not list it (Debian): never a false "met"
    assert "rdotool: error: missing BuildRequires: " in result.stderr
    assert "rdotool-test-no-such-package >= 1" in result.stderr
    assert "install them, pass --nodeps, or build with mock" in result.stderr


def test_koji_dry_run_lists_the_calls(rdotool: RunCli, hello: Path) -> None:
    result = rdotool(
        "build",
        "--distgit",
        str(hello),
        "--backend",
        "koji",
        "--target",
        "t1",
        "--scratch",
        "--dry-run",
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "would download: hello-1.0.tar.gz",
        f"would make: {hello}/results_hello/1.0/1.el9s/rpmbuild/SRPMS/hello-1.0-1.el9s.src.rpm",
    ]
    assert lines[3] == "would run: koji getBuildTarget t1"
    assert lines[4].startswith("would run: koji uploadFile ")
    assert lines[5].endswith(" t1 scratch") and lines[5].startswith("would run: koji build ")


def test_an_unreadable_rpm_in_the_results_is_named(
    rdotool: RunCli, hello: Path, fake_mock: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_MOCK_FAIL", "garbage")
    result = rdotool("build", "--distgit", str(hello))
    assert result.exit_code == ExitCode.EXTERNAL, result.stderr
    assert "broken-1.0-1.noarch.rpm, which is not a readable RPM" in result.stderr
    assert "Traceback" not in result.stderr


def test_sizes_for_people() -> None:
    from rdotool.cli.build import size_text

    assert [size_text(n) for n in (0, 512, 1536, 3 * 1024 * 1024)] == [
        "-",
        "512 B",
        "1.5 KiB",
        "3.0 MiB",
    ]
