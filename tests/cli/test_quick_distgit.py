"""patch, new-version and reqcheck run without typer (rdotool/quick.py) exactly as the CLI
runs them: each case runs both ways on two copies of one distgit, with the same commit
dates, and must give the same output, exit code and repository (commit ids included)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import add_upstream_tag, git, make_single_repo_distgit, make_spec

CLI = "import sys; sys.argv[0] = 'rdotool'; from rdotool.cli.application import main; main()"
QUICK = (
    "import sys, atexit\n"
    "sys.argv[0] = 'rdotool'\n"
    "atexit.register(lambda: sys.stderr.write('\\nTYPER %s' % ('typer' in sys.modules)))\n"
    "from rdotool.__main__ import main\n"
    "main()\n"
)
DATES = {"GIT_AUTHOR_DATE": "2026-03-05T12:00:00Z", "GIT_COMMITTER_DATE": "2026-03-05T12:00:00Z"}


def state(repo: Path) -> tuple[str, ...]:
    return (
        git(repo, "rev-parse", "HEAD"),
        git(repo, "status", "--porcelain", "--untracked-files=all"),
        git(repo, "for-each-ref", "--format=%(refname) %(objectname)"),
    )


def both(template: Path, tmp_path: Path, args: list[str]) -> tuple[int, str, bool]:
    """(exit code, stdout, whether the quick path ran without typer), after checking that
    both ways give the same output, exit code and repository."""
    results = []
    for name, code in (("cli", CLI), ("quick", QUICK)):
        repo = tmp_path / name
        shutil.copytree(template, repo, symlinks=True)
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=repo,
            capture_output=True,
            text=True,
            env={**os.environ, **DATES, "RDOTOOL_CACHE_DIR": str(tmp_path / "cache")},
        )
        err, _, typer = done.stderr.rpartition("\nTYPER ")
        err = (err if name == "quick" else done.stderr).replace(str(repo), "DISTGIT")
        results.append((done.returncode, done.stdout.replace(str(repo), "DISTGIT"), err))
        results.append(state(repo))
        quick_without_typer = typer.strip() == "False"
    assert results[0] == results[2]  # output and exit code
    assert results[1] == results[3]  # the repository
    return results[0][0], results[0][1], quick_without_typer


@pytest.fixture(scope="module")
def patched_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template")
    repo = make_single_repo_distgit(root, patches=("Fix a bug", "Add a feature"))
    return repo


@pytest.mark.parametrize(
    ("args", "quick"),
    [
        (["patch"], True),
        (["patch", "-l", "--no-bump"], True),
        (["patch", "-l", "-C", "count", "--json"], True),
        (["patch", "-l", "-B", "rhbz#1234", "-m", "Carry the fixes"], True),
        (["patch", "--changelog=plain", "-l", "-o", "JSON"], True),  # --format: any case
        (["patch", "--changelog=PLAIN", "-l"], False),  # a case-sensitive choice: typer's error
        (["patch", "-p", "nosuch/branch"], True),
        (["patch", "-lB"], False),  # rdopkg's no-bump cluster: the CLI stops and says so
        (["patch", "-l", "-B", "abc"], False),  # the same habit, spelled apart
        (["patch", "-l", "-B"], False),
        (["patch", "extra"], False),
        (["patch", "--bogus"], False),
        (["new-version", "-l", "1.3.0"], True),
        (["new-version", "-l", "1.3.0", "--json"], True),
        (["new-version", "9.9.9"], True),
        (["new-version", "1.3.0", "1.4.0"], False),
        (["reqcheck"], True),
        (["reqcheck", "-R", "1.3.0", "--json"], True),
        (["reqcheck", "--distro", "el9s", "--strict"], True),
        (["reqcheck", "--distro", "EL9S"], False),
        (["reqcheck", "--distro", "el7"], False),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else str(a),
)
def test_distgit_commands_as_the_cli_runs_them(
    args: list[str], quick: bool, patched_template: Path, tmp_path: Path
) -> None:
    _, _, without_typer = both(patched_template, tmp_path, args)
    assert without_typer is quick


def test_strict_reqcheck_exits_1_after_its_report(tmp_path: Path) -> None:
    spec = make_spec().replace(
        "BuildArch:      noarch\n", "BuildArch:      noarch\nRequires: python3-six\n"
    )
    repo = make_single_repo_distgit(tmp_path / "t", spec=spec, tags=("1.2.0",))
    add_upstream_tag(repo, "1.3.0", {"requirements.txt": "pbr>=1.0\nsix>=1.0\n"})
    code, out, without_typer = both(repo, tmp_path, ["reqcheck", "-R", "1.3.0", "--strict"])
    assert (code, without_typer) == (1, True)
    assert "MISSING" in out
