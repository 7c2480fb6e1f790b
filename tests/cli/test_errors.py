"""Bad input through the CLI: one sentence, a hint, the documented exit code, no traceback."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rdotool import __version__
from rdotool.errors import ExitCode
from tests.conftest import BASIC_RDOINFO, RunCli
from tests.factories import make_rdoinfo_remote


def assert_clean_error(result, code: ExitCode, message: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("rdotool: error: ")
    assert message in result.stderr.splitlines()[0]


def test_yaml_syntax_error(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    deps = basic_rdoinfo / "deps.yml"
    text = deps.read_text().replace("  name: python-sphinx", "  name: python-sphinx: x")
    deps.write_text(text)
    line = text.splitlines().index("  name: python-sphinx: x") + 1
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "nova")
    assert_clean_error(
        result, ExitCode.BAD_INPUT, f"{deps}:{line}:22: invalid YAML: mapping values"
    )
    assert "hint: fix the syntax at that line" in result.stderr


def test_unknown_conf(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    rdo = basic_rdoinfo / "rdo.yml"
    rdo.write_text(
        rdo.read_text().replace("conf: rpmfactory-puppet\n  upstream:", "conf: puppet\n  upstream:")
    )
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "nova")
    assert_clean_error(result, ExitCode.BAD_INPUT, "package puppet-apache: unknown conf 'puppet'")
    assert f"{rdo}:" in result.stderr


def test_missing_rdoinfo_path(rdotool: RunCli, tmp_path: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(tmp_path / "nope"), "nova")
    assert_clean_error(
        result, ExitCode.BAD_INPUT, f"rdoinfo directory {tmp_path / 'nope'} does not exist"
    )
    assert "hint: pass --rdoinfo PATH" in result.stderr


def test_unreachable_git_url_without_cache(rdotool: RunCli, tmp_path: Path) -> None:
    url = f"file://{tmp_path}/gone.git"
    result = rdotool("info", "--rdoinfo", url, "nova")
    assert_clean_error(result, ExitCode.EXTERNAL, f"could not clone rdoinfo from {url}: ")


def test_unreachable_git_url_with_cache(rdotool: RunCli, tmp_path: Path, monkeypatch) -> None:
    url, _ = make_rdoinfo_remote(tmp_path, BASIC_RDOINFO)
    assert rdotool("info", "--rdoinfo", url, "nova").exit_code == 0
    shutil.rmtree(tmp_path / "rdoinfo.git")
    monkeypatch.setenv("RDOTOOL_FETCH_AGE", "0")
    result = rdotool("info", "--rdoinfo", url, "nova", "--json")
    assert result.exit_code == 0
    assert '"name": "openstack-nova"' in result.stdout
    assert result.stderr.startswith("rdotool: warning: could not fetch rdoinfo (git fetch of ")
    assert "using the cached copy from" in result.stderr


def test_offline_without_cache(rdotool: RunCli, tmp_path: Path) -> None:
    result = rdotool("info", "--rdoinfo", "https://example.invalid/rdoinfo.git", "--offline", "x")
    assert_clean_error(result, ExitCode.BAD_INPUT, "there is no cached copy of rdoinfo")


def test_bad_config_is_reported(rdotool: RunCli, isolation: Path) -> None:
    config = isolation / ".config" / "rdotool" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("fetch-age: often\n")
    result = rdotool("info", "nova")
    assert_clean_error(result, ExitCode.BAD_INPUT, "fetch-age must be a number of seconds")


def test_unknown_option_is_a_usage_error(rdotool: RunCli) -> None:
    result = rdotool("info", "--colour")
    assert result.exit_code == ExitCode.USAGE
    assert "No such option: --colour" in result.stderr


def test_internal_errors_are_short_unless_debug(
    rdotool: RunCli, basic_rdoinfo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rdotool.ops import info as ops

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(ops, "query_packages", broken)
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "nova")
    assert result.exit_code == ExitCode.INTERNAL
    assert result.stderr.splitlines() == [
        "rdotool: error: internal error: ZeroDivisionError: boom",
        "hint: this is a bug in rdotool; rerun with --debug and report the traceback",
    ]
    debug = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "nova", "--debug")
    assert debug.exit_code == ExitCode.INTERNAL
    assert "Traceback (most recent call last)" in debug.stderr
    root_debug = rdotool("--debug", "info", "--rdoinfo", str(basic_rdoinfo), "nova")
    assert "Traceback (most recent call last)" in root_debug.stderr


def test_debug_shows_traceback_for_user_errors_too(rdotool: RunCli, tmp_path: Path) -> None:
    result = rdotool("info", "--debug", "--rdoinfo", str(tmp_path / "nope"))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "Traceback" in result.stderr
    assert "rdotool: error: rdoinfo directory" in result.stderr


def test_version(rdotool: RunCli) -> None:
    result = rdotool("--version")
    assert result.exit_code == 0
    assert result.stdout == f"rdotool {__version__}\n"


def test_no_arguments_prints_help(rdotool: RunCli) -> None:
    result = rdotool()
    assert "Usage: rdotool [OPTIONS] COMMAND [ARGS]..." in result.stdout + result.stderr
    for command in ("info", "findpkg", "releases"):
        assert command in result.stdout + result.stderr


def _before_any_rdotool_code(returncode: int, signum: int, stderr: str) -> bool:
    """Whether the process ended in the interpreter's start-up: killed by the signal with
    nothing said, or a KeyboardInterrupt traceback none of whose frames is rdotool's."""
    if returncode == -signum and "rdotool" not in stderr:
        return True
    frames = re.findall(r'File "([^"]+)"', stderr)
    return bool(frames) and not any("/rdotool/" in frame for frame in frames)


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["INT", "TERM"])
def test_a_signal_during_start_up_ends_in_one_line(
    tmp_path: Path, delay: float, signum: signal.Signals
) -> None:
    """From the first instant: no traceback, and 130/143 (or death by the signal itself
    before Python has run a line of rdotool)."""
    env = {**os.environ, "RDOTOOL_RDOINFO": str(tmp_path / "nowhere")}
    process = subprocess.Popen(
        [sys.executable, "-m", "rdotool", "info", "openstack-nova"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    if _before_any_rdotool_code(process.returncode, signum, stderr):
        pytest.skip(
            "the signal landed in Python's own start-up (site or runpy) before any rdotool "
            "code ran: Python's default action, which rdotool cannot change"
        )
    assert "Traceback" not in stderr
    assert process.returncode in (128 + signum, -signum, ExitCode.BAD_INPUT), stderr
    if process.returncode == 128 + signum:
        assert stderr.strip().splitlines()[-1].startswith("rdotool: ")


@pytest.mark.parametrize("where", ["debug", "message"])
def test_a_signal_while_an_error_is_reported_is_an_interruption(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The race test_a_signal_during_start_up_ends_in_one_line once hit: the command
    failed (no rdoinfo), and SIGINT landed in the error boundary's handler. Here the
    signal is raised at those two points on purpose: one line, exit 130, no traceback."""
    import rdotool.cli.boundary as boundary
    from rdotool.errors import InputError
    from rdotool.signals import Interrupted

    def fail() -> None:
        raise InputError("rdoinfo directory /nowhere does not exist")

    def interrupt(*_args: object) -> bool:
        raise Interrupted(signal.SIGINT)

    if where == "message":
        printed = boundary.error
        calls: list[str] = []

        def error_then_signal(message: str, hint: str | None, details: object = None) -> None:
            calls.append(message)
            if len(calls) == 1:
                raise Interrupted(signal.SIGINT)
            printed(message, hint)

        monkeypatch.setattr(boundary, "error", error_then_signal)
        code = boundary.reported(fail, lambda: False)
    else:
        code = boundary.reported(fail, interrupt)
    assert code == 128 + signal.SIGINT
    stderr = capsys.readouterr().err
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "rdotool: error: interrupted by SIGINT"
