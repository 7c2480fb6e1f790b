"""rdotool installed like a tool: the wheel carries the man page and completions where
man and the shells look, and rdotool.spec becomes an SRPM with `rdotool build --srpm`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from rdotool import __version__
from tests.conftest import ROOT
from tests.factories import git

DATA = f"rdotool-{__version__}.data/data/"
SHARED = {
    "share/man/man1/rdotool.1": ROOT / "man" / "rdotool.1",
    "share/bash-completion/completions/rdotool": ROOT / "completions" / "rdotool.bash",
    "share/zsh/site-functions/_rdotool": ROOT / "completions" / "_rdotool",
    "share/fish/vendor_completions.d/rdotool.fish": ROOT / "completions" / "rdotool.fish",
}


def build(kind: str, dest: Path) -> Path:
    """The wheel or sdist of this checkout, built with hatchling (no download)."""
    result = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", kind, "-d", str(dest)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (artifact,) = dest.iterdir()
    return artifact


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build("wheel", tmp_path_factory.mktemp("wheel"))


def test_the_wheel_carries_man_page_completions_and_license(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for target, source in SHARED.items():
            assert DATA + target in names
            assert archive.read(DATA + target) == source.read_bytes()
        assert f"rdotool-{__version__}.dist-info/licenses/LICENSE" in names
        metadata = archive.read(f"rdotool-{__version__}.dist-info/METADATA").decode()
    assert "Requires-Python: >=3.9" in metadata
    assert "License-Expression: Apache-2.0" in metadata


def test_pip_install_puts_them_under_the_prefix(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    for target in SHARED:
        assert (env / target).is_file(), target
    if shutil.which("man"):
        found = subprocess.run(
            ["man", "-M", str(env / "share" / "man"), "-w", "rdotool"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert found.stdout.strip() == str(env / "share/man/man1/rdotool.1")


def test_spec_version_follows_the_package() -> None:
    spec = (ROOT / "rdotool.spec").read_text()
    assert re.search(rf"^Version:\s+{re.escape(__version__)}$", spec, re.MULTILINE)
    assert "%pyproject_wheel" in spec and "%pyproject_save_files rdotool" in spec


@pytest.mark.needs_rpm
def test_rdotool_builds_its_own_srpm(tmp_path: Path) -> None:
    """Dogfood: a distgit of rdotool.spec and the sdist, built as a packager would."""
    distgit = tmp_path / "rdotool"
    distgit.mkdir()
    shutil.copy(ROOT / "rdotool.spec", distgit)
    shutil.copy(ROOT / "rdotool.rpmlintrc", distgit)
    sdist = build("sdist", tmp_path / "sdist")
    shutil.copy(sdist, distgit / sdist.name)
    git(distgit, "init", "-q", "-b", "rpm-master")
    git(distgit, "add", "rdotool.spec", "rdotool.rpmlintrc")
    git(distgit, "-c", "user.name=P", "-c", "user.email=p@example.com", "commit", "-q", "-m", "x")
    result = subprocess.run(
        [sys.executable, "-m", "rdotool", "build", "--srpm", "--distgit", str(distgit), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    import json

    data = json.loads(result.stdout)
    assert data["backend"] == "srpm"
    assert [r["nvr"] for r in data["rpms"]] == [f"rdotool-{__version__}-1.el9s"]
    srpm = Path(data["srpm"])
    listed = subprocess.run(["rpm", "-qlp", str(srpm)], capture_output=True, text=True)
    assert sorted(listed.stdout.split()) == sorted(["rdotool.spec", sdist.name])
    if shutil.which("rpmlint"):
        lint = subprocess.run(
            [
                "rpmlint",
                "-r",
                str(distgit / "rdotool.rpmlintrc"),
                str(distgit / "rdotool.spec"),
                str(srpm),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert " 0 errors" in lint.stdout, lint.stdout
