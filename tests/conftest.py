"""Shared fixtures: an isolated environment for every test, the CLI runner, rdoinfo trees."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from rdotool.cli import app
from rdotool.cli.progress import TerminalReporter
from rdotool.ops.context import RunContext

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
BASIC_RDOINFO = DATA / "rdoinfo" / "basic"
SHARED_DATA = Path(os.environ.get("RDOTOOL_SHARED_DATA", ROOT.parent / "shared" / "data"))
SHARED_RDOINFO = SHARED_DATA / "rdoinfo"

RunCli = Callable[..., Result]

# the clock of every in-process run (changelog dates); a day of the week a test can name
NOW = datetime(2026, 3, 5, 12, 0)
TODAY = NOW.strftime("%a %b %d %Y")  # as %changelog writes it: Thu Mar 05 2026


@pytest.fixture(autouse=True)
def isolation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the developer's home, git config, cache and environment."""
    home = tmp_path / "home"
    home.mkdir()
    for name in list(os.environ):
        if name.startswith(("RDOTOOL_", "GIT_", "XDG_")) or name == "_RDOTOOL_COMPLETE":
            monkeypatch.delenv(name)
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[user]\n\tname = Test Packager\n\temail = packager@example.com\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("RDOTOOL_CACHE_DIR", str(tmp_path / "cache"))
    return home


@pytest.fixture
def rdotool() -> RunCli:
    """Run the CLI in-process; stdout and stderr are kept apart."""
    import inspect

    # click 8.1 (typer 0.23, Python 3.9) mixes stderr into stdout unless told not to;
    # later versions keep them apart and have no such parameter
    mixes = "mix_stderr" in inspect.signature(CliRunner.__init__).parameters
    runner = CliRunner(**({"mix_stderr": False} if mixes else {}))

    def run(*args: str, input: str | None = None) -> Result:
        # the run context the root callback would build, with the test clock
        context = RunContext.from_environment(clock=lambda: NOW, reporter=TerminalReporter())
        return runner.invoke(app, list(args), input=input, catch_exceptions=False, obj=context)

    return run


@pytest.fixture
def basic_rdoinfo(tmp_path: Path) -> Path:
    """A writable copy of the small rdoinfo in tests/data/rdoinfo/basic."""
    dest = tmp_path / "rdoinfo"
    shutil.copytree(BASIC_RDOINFO, dest)
    return dest


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One parsed cache for all tests on the real snapshot (parsing it takes ~1 s)."""
    return tmp_path_factory.mktemp("shared-cache")


@pytest.fixture
def shared_rdoinfo(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """../shared/data/rdoinfo (read-only), skipped when absent."""
    if not (SHARED_RDOINFO / "rdo.yml").is_file():
        pytest.skip(f"{SHARED_RDOINFO} is absent")
    monkeypatch.setenv("RDOTOOL_CACHE_DIR", str(shared_cache))
    yield SHARED_RDOINFO


# Test folders whose every test reads specs (python-specfile needs librpm's bindings).
NEEDS_RPM_DIRS = {"distgit", "builds", "reqcheck"}


def _rpm_missing() -> str | None:
    """Why librpm's bindings cannot be used by this Python, or None when they can."""
    try:
        import rpm

        rpm.labelCompare(("0", "1", "1"), ("0", "1", "1"))
    except Exception as exc:  # ImportError, or a shim that loads but cannot work
        import sys

        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        return f"librpm's Python bindings do not work on Python {version} ({exc})"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the spec-reading tests needs_rpm; skip them, saying why, without bindings."""
    reason = _rpm_missing()
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        if parts and parts[0] in NEEDS_RPM_DIRS:
            item.add_marker(pytest.mark.needs_rpm)
        if reason and item.get_closest_marker("needs_rpm"):
            item.add_marker(pytest.mark.skip(reason=reason))
