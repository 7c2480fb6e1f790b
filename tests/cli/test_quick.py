"""rdotool/quick.py answers help, package-name completion and `info` without typer, and
every answer is the CLI's own: each case runs both ways and compares stdout, stderr and
the exit code. Cases the quick path leaves to the CLI are compared too (they must still
come out right)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rdotool import quick
from tests.conftest import BASIC_RDOINFO

CLI = "import sys; sys.argv[0] = 'rdotool'; from rdotool.cli.application import main; main()"
QUICK = (
    "import sys, atexit\n"
    "sys.argv[0] = 'rdotool'\n"
    "heavy = ('typer', 'click', 'rich', 'yaml', 'specfile', 'git', 'rpm')\n"
    "atexit.register(lambda: sys.stderr.write('\\nLOADED ' + ' '.join(sorted(\n"
    "    m for m in sys.modules if m.split('.')[0] in heavy)) + '\\n'))\n"
    "from rdotool.__main__ import main\n"
    "main()\n"
)
HELP = json.loads(Path(quick.HELP_FILE).read_text())
HELP_RECORDED_HERE = quick._typer_version() == HELP["typer"]


def both(args: list[str], env: dict[str, str]) -> tuple[tuple[int, str, str], list[str]]:
    """(exit code, stdout, stderr) as the CLI gives them, after checking the quick path
    gives the same; and the heavy modules the quick path loaded."""
    full_env = {**os.environ, "COLUMNS": "100", **env}
    cli = subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=full_env
    )
    fast = subprocess.run(
        [sys.executable, "-c", QUICK, *args], capture_output=True, text=True, env=full_env
    )
    stderr, _, loaded = fast.stderr.rpartition("\nLOADED ")
    assert (fast.returncode, fast.stdout, stderr) == (cli.returncode, cli.stdout, cli.stderr)
    return (cli.returncode, cli.stdout, cli.stderr), loaded.split()


help_recorded_here = pytest.mark.skipif(
    not HELP_RECORDED_HERE, reason="quick_help.json was recorded with another typer version"
)


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    cache = {"RDOTOOL_CACHE_DIR": str(tmp_path / "cache"), "RDOTOOL_RDOINFO": str(BASIC_RDOINFO)}
    subprocess.run(
        [sys.executable, "-m", "rdotool", "info", "nova"],
        env={**os.environ, **cache},
        check=True,
        capture_output=True,
    )  # the parsed cache is warm from here on
    return cache


@help_recorded_here
@pytest.mark.parametrize("path", sorted(HELP["help"]), ids=lambda p: p or "rdotool")
def test_every_help_text_without_typer(path: str, env: dict[str, str]) -> None:
    (code, out, _), loaded = both([*path.split(), "--help"], env)
    assert code == 0 and out.startswith("Usage: rdotool")
    assert loaded == []


@help_recorded_here
def test_narrow_terminals_and_other_spellings_get_the_cli_s_help(env: dict[str, str]) -> None:
    _, loaded = both(["info", "--help"], {**env, "COLUMNS": "60"})
    assert "typer" in loaded  # laid out for 60 columns by click itself
    _, loaded = both(["info", "-t", "x", "--help"], env)
    assert "typer" in loaded
    (code, _, err), _ = both(["nosuch", "--help"], env)
    assert code == 2 and "No such command" in err


INFO_CASES = [
    (["info", "nova"], True),
    (["info", "nova", "--json"], True),
    (["info", "-o", "YAML", "nova"], True),
    (["info", "--format=json", "python-novaclient"], True),
    (["info", "conf:client"], True),
    (["info", "--full", "conf:client"], True),
    (["info"], True),
    (["info", "--tag", "flamingo", "nova"], True),
    (["info", "-t", "nosuchtag", "nova"], True),
    (["info", "nosuchpackage"], True),
    (["info", "name:["], True),
    (["info", "--json", "--yaml", "nova"], True),
    (["info", "--offline", "-l", str(BASIC_RDOINFO), "nova"], True),
    (["info", "--rdoinfo", "/nonexistent", "nova"], True),
    (["info", "nova", "--debug"], True),
    (["info", "--bogus", "nova"], False),
    (["info", "--tag"], False),
    (["info", "-o", "xml", "nova"], False),
    (["info", "--", "nova"], False),
    (["info", "--full=yes", "nova"], False),
]


@pytest.mark.parametrize(
    ("args", "quick_path"), INFO_CASES, ids=[" ".join(a) for a, _ in INFO_CASES]
)
def test_info_answers_as_the_cli_does(
    args: list[str], quick_path: bool, env: dict[str, str]
) -> None:
    _, loaded = both(args, env)
    assert ("typer" not in loaded) is quick_path
    if quick_path:
        yaml_output = any(a.lower() == "yaml" for a in args)  # --yaml needs PyYAML
        assert [m for m in loaded if not (yaml_output and m.startswith("yaml"))] == []


UC_CASES = [
    (["--release", "flamingo"], True),
    (["--release", "flamingo", "--json"], True),
    (["--release", "flamingo", "--check"], True),
    (["--release", "flamingo", "-t", "nosuchtag"], True),
    (["--release", "nosuchrelease"], True),
    (["--release", "flamingo", "--status", "pin-behind"], False),  # repeatable: typer
    ([], False),  # --release is required: typer's usage error
    (["--release"], False),
]


@pytest.mark.parametrize(
    ("args", "quick_path"), UC_CASES, ids=[" ".join(a) or "none" for a, _ in UC_CASES]
)
def test_uc_report_answers_as_the_cli_does(
    args: list[str], quick_path: bool, env: dict[str, str], tmp_path: Path
) -> None:
    uc = tmp_path / "upper-constraints.txt"
    uc.write_text(
        "oslo.config===9.7.0\npython-novaclient===18.9.0\nrequests===2.32.3\n"
        "python-openstackclient===8.0.0;python_version>='3.10'\n"
    )
    (code, out, _), loaded = both(["uc", "report", "--uc-file", str(uc), *args], env)
    assert ("typer" not in loaded) is quick_path
    if quick_path:
        assert loaded == []
    if args[:2] == ["--release", "flamingo"] and len(args) == 2:
        assert code == 0 and "3 entries: 1 ahead, 2 not-packaged" in out  # 3.9: no osc line


COMPLETIONS = [
    ("rdotool info python-n", 2, True),
    ("rdotool info", 2, True),
    ("rdotool info nova python-n", 3, True),
    ("rdotool info -l DIR python-n", 4, True),
    ("rdotool info --offline python-n", 3, True),
    ("rdotool findpkg nov", 2, True),
    ("rdotool clone openstack-n", 2, True),
    ("rdotool clone openstack-nova di", 3, False),  # a directory: the CLI completes it
    ("rdotool info --tag flam", 3, False),
    ("rdotool info --ta", 2, False),
    ("rdotool info --bogus x", 3, False),
    ("rdotool rel", 1, True),
    ("rdotool zz", 1, True),
    ("rdotool --ver", 1, False),
    ("rdotool uc report --release e", 4, False),
]


@pytest.mark.parametrize(
    ("line", "cword", "quick_path"), COMPLETIONS, ids=[f"{c[0]}@{c[1]}" for c in COMPLETIONS]
)
def test_completion_as_the_cli_completes(
    line: str, cword: int, quick_path: bool, env: dict[str, str]
) -> None:
    words = line.replace("DIR", str(BASIC_RDOINFO))
    completion = {"_RDOTOOL_COMPLETE": "complete_bash", "COMP_WORDS": words}
    (code, _, _), loaded = both([], {**env, **completion, "COMP_CWORD": str(cword)})
    assert code == 0
    assert ("typer" not in loaded) is quick_path


def test_completion_of_names_reads_only_the_names_list(env: dict[str, str]) -> None:
    """The package names come from the small list beside the parsed cache: with the big
    cache file gone stale, completion still answers (and loads no YAML)."""
    completion = {"_RDOTOOL_COMPLETE": "complete_bash", "COMP_WORDS": "rdotool info python-n"}
    parsed = Path(env["RDOTOOL_CACHE_DIR"]) / "parsed"
    for cache in parsed.glob("*.json"):
        if ".names." not in cache.name:
            cache.write_text("{}")
    result = subprocess.run(
        [sys.executable, "-c", QUICK],
        capture_output=True,
        text=True,
        env={**os.environ, **env, **completion, "COMP_CWORD": "2"},
    )
    assert result.stdout.split() == ["python-novaclient"]
    assert result.stderr.split("LOADED")[-1].split() == []


def test_help_of_another_typer_is_left_to_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quick, "_typer_version", lambda: "0.0.1")
    assert quick.answer(["--help"], {"COLUMNS": "100"}) is None
