"""The run context: the environment parsed once, settings and rdoinfo read once per run."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from rdotool.errors import ConfigError, ExitCode
from rdotool.ops import context as context_module
from rdotool.ops.context import RunContext, SilentReporter
from tests.conftest import BASIC_RDOINFO, RunCli


def test_settings_are_read_once_however_often_a_run_narrows_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[dict[str, str]] = []
    real = context_module.load_settings

    def counting(env: dict[str, str]) -> object:
        reads.append(env)
        return real(env)

    monkeypatch.setattr(context_module, "load_settings", counting)
    run = RunContext(env={"RDOTOOL_INFO_FILE": "other.yml"})
    narrowed = run.with_options(rdoinfo="/somewhere", offline=None)
    assert narrowed.settings.rdoinfo == "/somewhere"
    assert narrowed.settings.info_file == "other.yml"
    assert narrowed.settings.offline is False  # None: the option was not given
    assert run.settings.rdoinfo != "/somewhere"  # the base context is unchanged
    assert run.with_options(offline=True).settings.offline is True
    assert len(reads) == 1


def test_rdoinfo_is_loaded_once_per_run_and_its_warnings_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rdotool.ops import rdoinfo as rdoinfo_module

    loads: list[object] = []
    real = rdoinfo_module.load_rdoinfo

    def counting(settings: object, **kwargs: object) -> object:
        loads.append(settings)
        return real(settings, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rdoinfo_module, "load_rdoinfo", counting)
    reporter = SilentReporter()
    run = RunContext(env={}, reporter=reporter).with_options(rdoinfo=str(BASIC_RDOINFO))
    first = run.rdoinfo()
    assert run.rdoinfo() is first
    assert run.with_options(offline=None).rdoinfo() is first  # same settings, same load
    assert len(loads) == 1
    assert reporter.warnings == list(first.warnings)


@pytest.mark.parametrize(
    ("value", "offline"), [("y", True), ("yes", True), ("1", True), ("n", False), ("off", False)]
)
def test_flags_read_from_the_environment_as_click_reads_them(value: str, offline: bool) -> None:
    assert RunContext(env={"RDOTOOL_OFFLINE": value}).settings.offline is offline


def test_a_flag_that_is_neither_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="RDOTOOL_OFFLINE must be true or false, not 'maybe'"):
        RunContext(env={"RDOTOOL_OFFLINE": "maybe"}).settings  # noqa: B018


def test_debug_comes_from_the_environment_or_the_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RDOTOOL_DEBUG", "on")
    assert RunContext.from_environment().debug is True
    monkeypatch.setenv("RDOTOOL_DEBUG", "0")
    assert RunContext.from_environment().debug is False
    assert RunContext.from_environment(debug=True).debug is True


def test_today_is_the_clock_s() -> None:
    run = RunContext(env={}, clock=lambda: datetime(2030, 12, 31, 23, 59))
    assert run.today() == date(2030, 12, 31)


def test_upstream_branches_fall_back_to_the_branch_name_with_a_warning(tmp_path: Path) -> None:
    reporter = SilentReporter()
    run = RunContext(env={}, reporter=reporter).with_options(
        rdoinfo=str(tmp_path / "nowhere"), offline=True
    )
    assert run.upstream_branches("epoxy-rdo") == ["stable/epoxy", "unmaintained/epoxy"]
    assert len(reporter.warnings) == 1
    assert reporter.warnings[0].endswith("guessing the upstream branch from epoxy-rdo")


def test_rdotool_offline_y_is_accepted_by_the_cli(
    rdotool: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once typer accepted `y` and the settings refused it: now one reader decides."""
    monkeypatch.setenv("RDOTOOL_OFFLINE", "y")
    assert rdotool("info", "--rdoinfo", str(BASIC_RDOINFO), "nova").exit_code == 0
    monkeypatch.setenv("RDOTOOL_OFFLINE", "maybe")
    refused = rdotool("info", "--rdoinfo", str(BASIC_RDOINFO), "nova")
    assert refused.exit_code == ExitCode.BAD_INPUT
    assert "RDOTOOL_OFFLINE must be true or false, not 'maybe'" in refused.stderr
