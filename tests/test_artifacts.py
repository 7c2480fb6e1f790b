"""man/ and completions/ are generated from the CLI and must be current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "gen_artifacts", ROOT / "scripts" / "gen_artifacts.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXPECTED = generator().expected_files()


@pytest.mark.parametrize("path", sorted(EXPECTED), ids=lambda p: str(p.relative_to(ROOT)))
def test_generated_file_is_current(path: Path) -> None:
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make artifacts`"
    if path.name == "quick_help.json":
        import json

        import typer

        recorded = json.loads(path.read_text())["typer"]
        if recorded != typer.__version__:  # EL9's Python 3.9 runs an older typer
            pytest.skip(f"recorded with typer {recorded}; typer {typer.__version__} here")
    assert path.read_text() == EXPECTED[path], (
        f"{path.relative_to(ROOT)} is stale: run `make artifacts`"
    )


def test_man_page_documents_every_command_and_exit_code() -> None:
    page = EXPECTED[ROOT / "man" / "rdotool.1"]
    for command in (
        "info",
        "findpkg",
        "releases",
        "patch",
        "new\\-version",
        "reqcheck",
        "build",
        "uc report",
        "uc sync",
        "review",
        "clone",
    ):
        assert f".SS rdotool {command} " in page
    for code in ("0", "1", "2", "3", "4", "70", "130", "141"):
        assert f".TP\n\\fB{code}\\fR\n" in page
    assert "RDOTOOL_RDOINFO" in page


def test_completion_scripts_call_back_into_rdotool() -> None:
    assert "_RDOTOOL_COMPLETE=complete_bash" in EXPECTED[ROOT / "completions" / "rdotool.bash"]
    assert "compdef _rdotool_completion rdotool" in EXPECTED[ROOT / "completions" / "_rdotool"]
    assert "complete --command rdotool" in EXPECTED[ROOT / "completions" / "rdotool.fish"]


def test_registered_one_line_help_matches_each_command() -> None:
    """`rdotool --help` lists COMMANDS' one-liners without building the commands."""
    import typer.main

    from rdotool.cli import COMMANDS, app
    from rdotool.cli.compat import Context

    group = typer.main.get_command(app)
    context = Context(group, info_name="rdotool")
    for name, lazy in COMMANDS.items():
        command = group.get_command(context, name)
        first = (command.help or "").strip().split("\n\n")[0]
        assert " ".join(first.split()) == lazy.short_help, name


def test_help_imports_no_command_module() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\nfrom rdotool.cli import app\n"
        "try:\n    app(['--help'], prog_name='rdotool')\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('rdotool.cli.')), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    loaded = result.stderr.strip().splitlines()[-1]
    assert "rdotool.cli.info" not in loaded and "rdotool.cli.new_version" not in loaded


def test_man_page_has_a_synopsis_line_and_an_example_for_every_command() -> None:
    """Read from the page itself: SYNOPSIS has `rdotool PATH [OPTIONS] ARGS` for every
    command and subcommand the CLI has (and its --continue/--abort line), EXAMPLES a
    command line starting with `rdotool PATH`."""
    import re

    from rdotool.cli.application import app

    module = generator()
    import typer.main

    group = typer.main.get_command(app)
    paths = [path for path, _ in module.command_paths(group)]
    assert {"info", "bisect", "uc report", "uc sync", "review"} <= set(paths)
    page = EXPECTED[ROOT / "man" / "rdotool.1"]
    synopsis = page.split(".SH SYNOPSIS\n")[1].split(".SH ")[0]
    examples = page.split(".SH EXAMPLES\n")[1].split(".SH ")[0]
    example_lines = re.findall(r"^\\fB(rdotool .*)\\fR$", examples, re.MULTILINE)
    for path in paths:
        roff = path.replace("-", "\\-")
        assert f"\\fBrdotool {roff}\\fR [OPTIONS]" in synopsis, path
        assert any(line.startswith(f"rdotool {roff}") for line in example_lines), path
    assert "\\fBrdotool bisect\\fR (\\fB\\-\\-continue\\fR | \\fB\\-\\-abort\\fR)" in synopsis
    assert "(\\fB\\-\\-continue\\fR | \\fB\\-\\-abort\\fR) [\\fB\\-\\-distgit\\fR" in synopsis


def test_usage_lines_show_required_arguments_plainly() -> None:
    """`Usage: rdotool findpkg [OPTIONS] QUERY`, not typer's `{QUERY}` (a set of choices)."""
    import json

    recorded = json.loads((ROOT / "rdotool" / "quick_help.json").read_text())
    usages = [text.splitlines()[0] for text in recorded["help"].values()]
    assert "Usage: rdotool findpkg [OPTIONS] QUERY" in usages
    assert "Usage: rdotool clone [OPTIONS] PACKAGE [DIR]" in usages
    assert [u for u in usages if "{" in u] == []


def test_every_man_page_example_parses() -> None:
    """Each EXAMPLES command line is accepted by the command it names (options and
    arguments exist), up to a pipe."""
    import shlex

    import typer.main

    from rdotool.cli.application import app

    module = generator()
    group = typer.main.get_command(app)
    commands = dict(module.command_paths(group))
    for examples in module.EXAMPLES.values():
        for line, _ in examples:
            words = shlex.split(line.split(" | ")[0])[1:]
            if words[0].startswith("-"):
                command, args = group, words
            else:
                size = 2 if " ".join(words[:2]) in commands else 1
                command, args = commands[" ".join(words[:size])], words[size:]
            command.make_context("rdotool", list(args))  # raises on an unknown option
