"""A Python without librpm's bindings: every command works or says how to install them
(exit 3); comparing versions never needs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rdotool.adapters.librpm import install_command
from rdotool.errors import ExitCode
from tests.conftest import BASIC_RDOINFO
from tests.factories import git, make_single_repo_distgit

# what the PyPI `rpm` shim raises when the system bindings do not match this Python
SHIM = (
    'raise ImportError("Failed to import system RPM module. '
    'Make sure RPM Python bindings are installed on your system.")\n'
)


@pytest.fixture
def no_rpm(tmp_path: Path) -> dict[str, str]:
    shadow = tmp_path / "shadow" / "rpm"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(SHIM)
    # and no distribution bindings to fall back on (this machine has them for its Python)
    (shadow.parent / "sitecustomize.py").write_text(
        "import rdotool.adapters.librpm as librpm\n"
        "librpm.system_bindings = lambda roots=None: None\n"
    )
    return {**os.environ, "PYTHONPATH": str(shadow.parent), "RDOTOOL_OFFLINE": "1"}


def run(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rdotool", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_version_comparisons_work_without_librpm(no_rpm: dict[str, str], tmp_path: Path) -> None:
    uc = tmp_path / "uc.txt"
    uc.write_text("oslo.config===9.7.1\nsix===1.16.0\n")
    info = run(no_rpm, "info", "--rdoinfo", str(BASIC_RDOINFO), "nova")
    assert info.returncode == 0, info.stderr
    report = run(
        no_rpm,
        "uc",
        "report",
        "--release",
        "epoxy",
        "--rdoinfo",
        str(BASIC_RDOINFO),
        "--uc-file",
        str(uc),
    )
    assert report.returncode in (0, 1), report.stderr
    assert "Traceback" not in report.stderr
    repo = make_single_repo_distgit(tmp_path)
    diff = run(no_rpm, "reqdiff", "--distgit", str(repo), "1.2.0", "1.3.0")
    assert diff.returncode == 0, diff.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["patch"],
        ["fix"],
        ["new-version", "1.3.0"],
        ["reqcheck"],
        ["reqdiff"],
        ["build", "--dry-run", "--backend", "rpmbuild"],
    ],
    ids=lambda argv: argv[0],
)
def test_commands_that_read_the_spec_say_how_to_install_librpm(
    no_rpm: dict[str, str], tmp_path: Path, argv: list[str]
) -> None:
    repo = make_single_repo_distgit(tmp_path)
    head = git(repo, "rev-parse", "HEAD")
    result = run(no_rpm, *argv, "--distgit", str(repo))
    assert result.returncode == ExitCode.BAD_INPUT, result.stderr
    assert "librpm's Python bindings cannot be loaded" in result.stderr
    assert install_command() in result.stderr
    assert "Traceback" not in result.stderr
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == ""


def test_install_command_per_distribution(tmp_path: Path) -> None:
    release = tmp_path / "os-release"
    release.write_text('ID=debian\nVERSION_ID="12"\n')
    assert install_command(release) == "sudo apt-get install rpm python3-rpm"
    release.write_text('ID="centos"\nID_LIKE="rhel fedora"\n')
    assert install_command(release) == "sudo dnf install python3-rpm rpm-build"


def test_the_systems_bindings_are_found_when_import_rpm_fails(no_rpm: dict[str, str]) -> None:
    """A venv whose `rpm` shim fails still loads the distribution's bindings when they
    are built for this Python (skipped where the system has none for it)."""
    from rdotool.adapters.librpm import system_bindings

    if system_bindings() is None:
        pytest.skip(f"no distribution rpm bindings for Python {sys.version_info[:2]}")
    probe = (
        "from rdotool.adapters.librpm import load\n"
        "rpm = load()\n"
        "print(rpm.labelCompare(('0', '1.0', '1'), ('0', '1.0~rc1', '1')))\n"
    )
    shim_only = Path(no_rpm["PYTHONPATH"]) / "shim-only"
    shim_only.mkdir()
    (shim_only / "rpm").mkdir()
    (shim_only / "rpm" / "__init__.py").write_text(SHIM)
    env = {**no_rpm, "PYTHONPATH": str(shim_only)}
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


def test_system_bindings_must_match_this_python(tmp_path: Path) -> None:
    from rdotool.adapters.librpm import system_bindings

    package = tmp_path / "rpm"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "_rpm.cpython-20-x86_64-linux-gnu.so").write_text("")  # another Python's
    assert system_bindings((tmp_path,)) is None
    import importlib.machinery

    (package / f"_rpm{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_text("")
    assert system_bindings((tmp_path,)) == package


def test_no_command_is_an_internal_error_without_librpm(
    no_rpm: dict[str, str], tmp_path: Path
) -> None:
    uc = tmp_path / "uc.txt"
    uc.write_text("six===1.16.0\n")
    repo = make_single_repo_distgit(tmp_path)
    rdoinfo = ("--rdoinfo", str(BASIC_RDOINFO))
    runs = [
        ["status", "--distgit", str(repo)],
        ["--continue", "--distgit", str(repo)],
        ["--abort", "--distgit", str(repo)],
        ["findpkg", *rdoinfo, "nova"],
        ["releases", *rdoinfo],
        ["review", "--dry-run", "--distgit", str(repo)],
        ["uc", "sync", "--release", "epoxy", *rdoinfo, "--uc-file", str(uc), "--dry-run"],
        ["reqdiff", "--distgit", str(repo), "1.2.0", "1.3.0"],
    ]
    for argv in runs:
        result = run(no_rpm, *argv)
        assert result.returncode in (0, 1, 3, 4), (argv, result.stderr)
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
