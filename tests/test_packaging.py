"""The installed command: entry points, version, what a warm `info` imports, completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

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
    assert result.stdout.split() == ["releases", "reqcheck", "reqdiff", "reqquery", "review"]
    assert result.stderr.strip() == "[]"
    options = run("-m", "rdotool", env={**env, "COMP_WORDS": "rdotool --ver"})
    assert options.stdout.split() == ["--version"]  # options still come from the CLI


START_UP_CASES = [
    # (arguments, extra environment, most modules loaded: today's count + ~15 %)
    (["--version"], {}, 45),
    (["--help"], {"COLUMNS": "100"}, 90),
    (["info", "--help"], {"COLUMNS": "100"}, 90),
    ([], {"_RDOTOOL_COMPLETE": "complete_bash", "COMP_WORDS": "rdotool re", "COMP_CWORD": "1"}, 85),
    (
        [],
        {"_RDOTOOL_COMPLETE": "complete_bash", "COMP_WORDS": "rdotool info py", "COMP_CWORD": "2"},
        105,
    ),
    (["info", "python-novaclient"], {}, 145),
]
NEVER_AT_START_UP = ("typer", "click", "rich", "yaml", "specfile", "git", "rpm", "hashlib",
                     "_hashlib", "subprocess", "email", "requests", "pydantic")  # fmt: skip
# completion answers in a few tens of milliseconds: not even dataclasses (it loads inspect,
# ~10 ms of CPU)
NEVER_IN_COMPLETION = ("dataclasses", "inspect", "datetime")


@pytest.mark.parametrize(
    ("args", "extra", "most"), START_UP_CASES, ids=[str(c[:2]) for c in START_UP_CASES]
)
def test_what_the_frequent_commands_load(
    args: list[str], extra: dict[str, str], most: int, tmp_path: Path
) -> None:
    """The answers packagers and shells ask for most load few modules, and none of the
    heavy ones: typer, YAML, librpm, OpenSSL (through hashlib), subprocess. Counted, not
    timed: a module that sneaks in shows here whatever the machine's speed."""
    env = {"RDOTOOL_CACHE_DIR": str(tmp_path / "cache"), "RDOTOOL_RDOINFO": str(BASIC_RDOINFO)}
    assert run("-m", "rdotool", "info", "nova", env=env).returncode == 0  # a warm cache
    if sys.version_info < (3, 10) and "--help" in args:
        pytest.skip("help texts are recorded with the typer of Python 3.10+")
    probe = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + ' '.join(sys.modules)))\n"
        "sys.argv[0] = 'rdotool'\n"
        "from rdotool.__main__ import main\n"
        "main()\n"
    )
    result = run("-c", probe, *args, env={**env, **extra})
    assert result.returncode == 0, result.stderr
    loaded = result.stderr.rpartition("\nMODULES ")[2].split()
    assert [m for m in loaded if m.split(".")[0] in NEVER_AT_START_UP] == []
    if "_RDOTOOL_COMPLETE" in extra:
        assert [m for m in loaded if m.split(".")[0] in NEVER_IN_COMPLETION] == []
    assert len(loaded) <= most, sorted(loaded)
