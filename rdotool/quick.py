"""Answers rdotool gives without loading its CLI (typer and click cost ~35 ms a process).

The commands packagers and shells run most are answered here, exactly as the CLI would
answer them, or not at all (then the CLI runs and decides, errors included):

- `rdotool [COMMAND [SUBCOMMAND]] --help` prints the text the CLI prints, recorded in
  quick_help.json by `make artifacts`; only at 80 columns or more (where click's layout
  is fixed at 78) and only with the typer that recorded it;
- bash completion of a package name (`rdotool info openstack-oc<TAB>`) reads the name
  list kept beside the parsed rdoinfo cache;
- `info`, `patch`, `new-version` and `reqcheck`, when quick_commands.json says the
  command takes every word given: the command's own function runs, with the values
  typer would hand it, behind the same error boundary (cli/boundary.py).

quick_commands.json holds each command's options and arguments as rdotool declares them
to typer; tests/test_artifacts.py fails when either file is stale, and
tests/cli/test_quick.py compares every answer given here with the CLI's own.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
HELP_FILE = os.path.join(HERE, "quick_help.json")
COMMANDS_FILE = os.path.join(HERE, "quick_commands.json")
HELP_FLAGS = ("--help", "-h")
# commands whose typer function runs without typer (its module imports typer's names for
# type checking only: cli/group.build_command supplies them when typer builds it)
RUN_WITHOUT_TYPER = ("info", "patch", "new-version", "reqcheck", "uc report")
MIN_COLUMNS = 80  # click lays help out at min(columns, 80) - 2: fixed from 80 columns on


def answer(args: Sequence[str], env: Mapping[str, str]) -> Optional[int]:
    """The exit code when rdotool answered `args` here, None when the CLI must run."""
    if env.get("_RDOTOOL_COMPLETE"):
        return _complete(env)
    if args and args[-1] in HELP_FLAGS:
        return _help(args[:-1], env)
    for name in RUN_WITHOUT_TYPER:
        words = name.split()
        if list(args[: len(words)]) == words:
            return _run_command(name, args[len(words) :])
    return None


# --- what `make artifacts` recorded -----------------------------------------------------
_loaded: dict[str, Any] = {}


def _recorded(path: str) -> Any:
    if path not in _loaded:
        try:
            with open(path, encoding="utf-8") as handle:
                _loaded[path] = json.load(handle)
        except (OSError, ValueError):
            _loaded[path] = None
    return _loaded[path]


def _help_texts() -> Optional[dict[str, str]]:
    """The recorded help texts, when the installed typer is the one that recorded them
    (another typer may word or lay out its help differently)."""
    recorded = _recorded(HELP_FILE)
    if not isinstance(recorded, dict) or recorded.get("typer") != _typer_version():
        return None
    return recorded.get("help")


def _typer_version() -> Optional[str]:
    """typer's version, read from its __init__.py without importing it."""
    from importlib.util import find_spec

    spec = find_spec("typer")
    if spec is None or spec.origin is None:
        return None
    try:
        with open(spec.origin, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("__version__"):
                    return line.split("=", 1)[1].strip().strip("\"'")
    except OSError:
        return None
    return None


def _command(name: str) -> Optional[dict[str, Any]]:
    """A command's options and arguments as rdotool declares them (any typer)."""
    commands = _recorded(COMMANDS_FILE)
    command = commands.get(name) if isinstance(commands, dict) else None
    return command if isinstance(command, dict) else None


# --- help -------------------------------------------------------------------------------
def _help(path: Sequence[str], env: Mapping[str, str]) -> Optional[int]:
    texts = _help_texts()
    if texts is None or any(word.startswith("-") for word in path):
        return None
    text = texts.get(" ".join(path))
    if text is None or _columns(env) < MIN_COLUMNS:
        return None
    return _print(text)


def _columns(env: Mapping[str, str]) -> int:
    """The width click would lay out for, found as shutil.get_terminal_size finds it."""
    try:
        columns = int(env.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80
    return columns or 80


def _print(text: str) -> int:
    """Write `text` to stdout with the CLI's exits for a closed or full output."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        from rdotool.cli.boundary import silence_stdout
        from rdotool.errors import ExitCode

        silence_stdout()
        if isinstance(exc, BrokenPipeError):
            return int(ExitCode.PIPE_CLOSED)
        sys.stderr.write(
            f"rdotool: error: cannot write to standard output: {exc.strerror}\n"
            "hint: check the file or device the output goes to\n"
        )
        return int(ExitCode.BAD_INPUT)
    return 0


# --- parsing ----------------------------------------------------------------------------
class _NotQuickError(Exception):
    """A word the quick parser leaves to the CLI (which accepts it or says what is wrong)."""


def _parse(
    command: dict[str, Any], words: Sequence[str], partial: bool = False
) -> tuple[dict[str, Any], list[str], Optional[str]]:
    """(option values by parameter, positional words, the option still awaiting its value
    when `partial`) for a command line quick_commands.json describes fully."""
    options: dict[str, list[Any]] = command["options"]
    values: dict[str, Any] = {}
    positional: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if not word.startswith("-") or word == "-":
            positional.append(word)
            continue
        if word == "--" or word in HELP_FLAGS:
            raise _NotQuickError(word)
        name, equals, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        if name not in options:
            raise _NotQuickError(word)  # unknown, or a cluster of short flags: typer reads it
        parameter, kind, extra = options[name]
        if kind == "flag":
            if attached:
                raise _NotQuickError(word)
            values[parameter] = extra
            continue
        if not kind.startswith(("choice", "value")):
            raise _NotQuickError(word)
        if equals:
            value = attached
        elif index < len(words):
            value = words[index]
            index += 1
        elif partial:
            return values, positional, name
        else:
            raise _NotQuickError(word)  # a missing value: typer's usage error
        if kind.startswith("choice"):
            fold = str.casefold if extra["any_case"] else str
            matches = [choice for choice in extra["choices"] if fold(choice) == fold(value)]
            if not matches:
                raise _NotQuickError(word)
            value = _enum(kind)(matches[0]) if kind.startswith("choice:") else matches[0]
        values[parameter] = value
    return values, positional, None


def _enum(kind: str) -> Any:
    """The Enum a "choice:module:Class" option's value becomes (as typer converts it)."""
    from importlib import import_module

    _, module, name = kind.split(":", 2)
    return getattr(import_module(module), name)


# --- completion -------------------------------------------------------------------------
def _complete(env: Mapping[str, str]) -> Optional[int]:
    """Bash completion of a package-name argument (`rdotool info nov<TAB>`)."""
    line = env.get("COMP_WORDS", "")
    if env.get("_RDOTOOL_COMPLETE") != "complete_bash" or any(c in line for c in "'\"\\"):
        return None
    words = line.split()
    try:
        cword = int(env.get("COMP_CWORD", ""))
    except ValueError:
        return None
    if cword == 1:
        return _complete_command_name(words[1] if len(words) > 1 else "")
    command = _command(words[1]) if cword >= 2 and len(words) > 1 else None
    incomplete = words[cword] if cword < len(words) else ""
    if command is None or incomplete.startswith("-"):
        return None
    try:
        values, positional, awaiting = _parse(command, words[2:cword], partial=True)
    except _NotQuickError:
        return None
    if awaiting is not None or _argument(command, len(positional)) != "package":
        return None  # an option's value, or another argument: the CLI completes it
    options = {"rdoinfo": values.get("rdoinfo"), "info_file": values.get("info_file")}
    try:
        from rdotool.config import load_settings
        from rdotool.ops.rdoinfo import cached_package_names

        # the name list kept beside the parsed cache, as RunContext.package_names reads it
        known = cached_package_names(load_settings(dict(env)).with_options(**options))
        if known is None:  # no current list: rdoinfo is loaded as the CLI loads it
            from rdotool.ops.context import RunContext

            run = RunContext.from_environment().with_options(**options, offline=True)
            known = run.package_names()
        # as ops.info.names_starting lists them, without importing the query modules
        names = [name for name in known if name.startswith(incomplete)]
    except Exception:  # completion must never break the shell
        names = []
    return _print_completions(names)


def _print_completions(names: Sequence[str]) -> int:
    """One per line, as typer prints bash completions (a lone newline for none)."""
    return _print("\n".join(names) + "\n")


def _complete_command_name(prefix: str) -> Optional[int]:
    if prefix.startswith("-"):
        return None  # options: the CLI lists them
    from rdotool.registry import COMMANDS

    return _print_completions([name for name in COMMANDS if name.startswith(prefix)])


def _argument(command: dict[str, Any], position: int) -> Optional[str]:
    """What the argument at `position` completes ("package", ...), None past the last."""
    for _name, nargs, completes in command["arguments"]:
        if nargs == -1 or position < nargs:
            return completes  # type: ignore[no-any-return]
        position -= nargs
    return None


# --- commands ---------------------------------------------------------------------------
class _QuickContext:
    """What a command function asks of typer's context: the run context (cli/context.py)."""

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def find_root(self) -> _QuickContext:
        return self


def _run_command(name: str, words: Sequence[str]) -> Optional[int]:
    """Run the command's own typer function with the options typer would hand it."""
    from rdotool.registry import rdopkg_trap

    command = _command(name)
    if command is None or rdopkg_trap([*name.split(), *words]) is not None:
        return None  # an rdopkg habit meaning something else here: the CLI says so
    try:
        values, positional, _ = _parse(command, words)
    except _NotQuickError:
        return None
    for argument, nargs, _completes in command["arguments"]:
        if nargs == -1:
            if positional:
                values[argument] = list(positional)
            positional = []
        elif positional:
            if nargs != 1:
                return None
            values[argument] = positional.pop(0)
    if positional or any(name not in values for name in command.get("required", ())):
        return None  # more arguments than the command takes, or one missing: typer's error
    debug = bool(values.pop("debug", False))

    from importlib import import_module

    from rdotool import signals
    from rdotool.cli.boundary import reported
    from rdotool.cli.progress import TerminalReporter
    from rdotool.ops.context import RunContext
    from rdotool.registry import COMMANDS, SUBCOMMANDS

    lazy = COMMANDS[name] if name in COMMANDS else SUBCOMMANDS[name]
    function = getattr(import_module(lazy.module), lazy.function)
    run = RunContext.from_environment(debug=debug, reporter=TerminalReporter())
    signals.arm()  # a signal now rolls the command back (see rdotool/signals.py)
    try:
        return reported(lambda: function(_QuickContext(run), **values), lambda: run.debug)
    finally:
        signals.arm(False)
