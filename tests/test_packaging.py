"""The installed command: entry points, version, what a warm `info` imports, completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from rdotool import __version__
from tests.conftest import BASIC_RDOINFO

HEAVY = ("specfile", "rpm", "git", "requests", "yaml", "pydantic")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


def test_version_matches_metadata() -> None:
    assert __version__ == version("rdotool")


def test_python_dash_m() -> None:
    result = run("-m", "rdotool", "--version")
    assert result.returncode == 0
    assert result.stdout == f"rdotool {__version__}\n"


def test_warm_info_imports_no_heavy_module(tmp_path: Path) -> None:
    probe = (
        "import sys, json\n"
        "from rdotool.cli import app\n"
        "try:\n"
        "    app(['info', '--rdoinfo', sys.argv[1], 'nova', '--json'], prog_name='rdotool')\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in sys.argv[2].split(','))\n"
        "print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)\n"
    )
    env = {"RDOTOOL_CACHE_DIR": str(tmp_path / "cache")}
    cold = run("-c", probe, str(BASIC_RDOINFO), ",".join(HEAVY), env=env)
    assert cold.returncode == 0, cold.stderr
    warm = run("-c", probe, str(BASIC_RDOINFO), ",".join(HEAVY), env=env)
    report = json.loads(warm.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "heavy": []}
    assert json.loads(warm.stdout)["name"] == "openstack-nova"


def test_shell_completion_of_package_names(tmp_path: Path) -> None:
    env = {
        "RDOTOOL_RDOINFO": str(BASIC_RDOINFO),
        "RDOTOOL_CACHE_DIR": str(tmp_path / "cache"),
        "_RDOTOOL_COMPLETE": "complete_bash",
        "COMP_WORDS": "rdotool info python-n",
        "COMP_CWORD": "2",
    }
    result = run("-m", "rdotool", env=env)
    assert result.stdout.split() == ["python-novaclient"]
    env.update(COMP_WORDS="rdotool rel", COMP_CWORD="1")
    assert run("-m", "rdotool", env=env).stdout.split() == ["releases"]
    env.update(COMP_WORDS="rdotool info nova --tag flam", COMP_CWORD="4")
    assert run("-m", "rdotool", env=env).stdout.split() == ["flamingo", "flamingo-uc"]
    env.update(COMP_WORDS="rdotool releases e", COMP_CWORD="2")
    assert run("-m", "rdotool", env=env).stdout.split() == ["epoxy"]


def test_output_closed_early_exits_141_quietly(shared_rdoinfo: Path) -> None:
    # The full listing of the real snapshot is megabytes: far more than a pipe buffers.
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rdotool",
            "info",
            "--rdoinfo",
            str(shared_rdoinfo),
            "name:.",
            "--full",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == "puppet-aodh\n"
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait() == 141
    assert "Traceback" not in stderr
    assert "Error" not in stderr


def test_version_imports_neither_typer_nor_rich() -> None:
    """`--version` prints a string: the console script answers before loading the CLI."""
    probe = (
        "import sys\n"
        "sys.argv = ['rdotool', '--version']\n"
        "from rdotool.__main__ import main\n"
        "main()\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click', 'rich'))\n"
        "print(loaded, file=sys.stderr)\n"
    )
    result = run("-c", probe)
    assert result.stdout == f"rdotool {__version__}\n"
    assert result.stderr.strip() == "[]"


def test_version_to_a_full_device_is_an_error_not_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "rdotool", "--version"], stdout=full, stderr=subprocess.PIPE
        )
    assert result.returncode == 3
    assert result.stderr.decode() == (
        "rdotool: error: cannot write to standard output: No space left on device\n"
        "hint: check the file or device the output goes to\n"
    )


def test_command_name_completion_imports_neither_typer_nor_rich() -> None:
    """`rdotool re<TAB>` is answered from rdotool/registry.py before the CLI loads."""
    probe = (
        "import sys\n"
        "sys.argv = ['rdotool']\n"
        "from rdotool.__main__ import main\n"
        "main()\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click', 'rich'))\n"
        "print(loaded, file=sys.stderr)\n"
    )
    env = {"_RDOTOOL_COMPLETE": "complete_bash", "COMP_WORDS": "rdotool re", "COMP_CWORD": "1"}
    result = run("-c", probe, env=env)
    assert result.stdout.split() == ["releases", "reqcheck", "reqdiff", "review"]
    assert result.stderr.strip() == "[]"
    options = run("-m", "rdotool", env={**env, "COMP_WORDS": "rdotool --ver"})
    assert options.stdout.split() == ["--version"]  # options still come from the CLI
