"""Hostile or broken rdoinfo trees: one sentence naming the file, exit 3, bounded memory."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import BASIC_RDOINFO, RunCli

CORE_NAME = "    name: openstack-%(project)s"
BOMB = "\n".join(
    [
        "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
        *(f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)),
    ]
)


def hostile_tree(tmp_path: Path, old: str, new: str) -> Path:
    tree = tmp_path / "rdoinfo"
    shutil.copytree(BASIC_RDOINFO, tree)
    text = (tree / "rdo.yml").read_text()
    assert old in text
    (tree / "rdo.yml").write_text(text.replace(old, new, 1))
    return tree


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("import:\n- tags.yml", "import: 5", "'import' must be a list of file paths, not a number"),
        ("import:\n- tags.yml", "import:\n- ../x.yml", "import '../x.yml' points outside"),
        ("import:\n- tags.yml", "import:\n- /etc/passwd", "import '/etc/passwd' points outside"),
        (
            "package-default:\n",
            "package-default: [1, 2]\nunused-default:\n",
            "'package-default' must be a mapping of package fields, not a list",
        ),
        ("- name: flamingo", "- name: 123", "release name 123 must be a string, not a number"),
        (
            "  repos:\n  - name: el9s\n    buildsys: cbs/cloud9s-openstack-flamingo-el9s",
            "  repos: [el9s]\n  other:\n  - name: el9s\n    buildsys: x",
            "release flamingo: 'repos' must be a list of mappings",
        ),
        ("import:\n- tags.yml", "import:\n- tags.yml\n" + BOMB, "its YAML aliases expand to more"),
        (CORE_NAME, "    name: openstack-%(project)1500000000s", "asks for a field width"),
    ],
    ids=[
        "import-int",
        "import-up",
        "import-abs",
        "default-list",
        "name-int",
        "repos",
        "bomb",
        "width",
    ],
)
def test_hostile_rdoinfo_is_bad_input(
    rdotool: RunCli, tmp_path: Path, old: str, new: str, message: str
) -> None:
    tree = hostile_tree(tmp_path, old, new)
    result = rdotool("info", "--rdoinfo", str(tree), "--json")
    assert result.exit_code == ExitCode.BAD_INPUT, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_an_alias_bomb_stays_within_a_small_memory_limit(tmp_path: Path) -> None:
    """In a real process capped at 1 GiB of address space: an error, not a MemoryError."""
    tree = hostile_tree(tmp_path, "import:\n- tags.yml", "import:\n- tags.yml\n" + BOMB)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    result = subprocess.run(
        [sys.executable, "-m", "rdotool", "info", "--rdoinfo", str(tree)],
        capture_output=True,
        text=True,
        preexec_fn=cap,
        timeout=60,
        check=False,
    )
    assert result.returncode == ExitCode.BAD_INPUT, result.stderr
    assert "aliases expand" in result.stderr


def test_credentials_in_urls_are_never_shown(rdotool: RunCli, tmp_path: Path) -> None:
    tree = hostile_tree(
        tmp_path,
        "    master-distgit: https://github.com/rdo-packages/%(project)s-distgit.git",
        "    master-distgit: https://packager:s3cret@127.0.0.1:9/%(project)s-distgit.git",
    )
    shown = rdotool("info", "--rdoinfo", str(tree), "openstack-nova")
    assert shown.exit_code == 0, shown.stderr
    assert "https://packager:***@127.0.0.1:9/nova-distgit.git" in shown.stdout
    as_json = rdotool("info", "--rdoinfo", str(tree), "openstack-nova", "--json")
    assert "s3cret" not in as_json.stdout and "packager:***@" in as_json.stdout
    cloned = rdotool(
        "clone", "--rdoinfo", str(tree), "openstack-nova", str(tmp_path / "nova"), "--no-fetch"
    )
    assert cloned.exit_code == ExitCode.EXTERNAL
    assert "packager:***@127.0.0.1:9" in cloned.stderr
    assert "s3cret" not in cloned.stderr + cloned.stdout


def test_a_package_name_that_is_a_path_is_not_a_clone_directory(
    rdotool: RunCli, tmp_path: Path
) -> None:
    tree = hostile_tree(tmp_path, CORE_NAME, "    name: ../escape-%(project)s")
    result = rdotool("clone", "--rdoinfo", str(tree), "nova", "--no-fetch")
    assert result.exit_code == ExitCode.BAD_INPUT, result.stderr
    assert "'../escape-nova', which is not a plain directory name" in result.stderr
    assert not (tmp_path.parent / "escape-nova").exists()
