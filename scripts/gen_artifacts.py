"""Generate man/rdotool.1 and completions/* from the CLI itself.

    .venv/bin/python scripts/gen_artifacts.py          # write them
    .venv/bin/python scripts/gen_artifacts.py --check  # exit 1 when they are stale

tests/test_artifacts.py runs the same functions, so a CLI change that forgets to
regenerate fails the test suite.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdotool import __version__  # noqa: E402
from rdotool.config import EnvVars  # noqa: E402
from rdotool.errors import ExitCode  # noqa: E402

PROG = "rdotool"
COMPLETE_VAR = "_RDOTOOL_COMPLETE"
SHELLS = {"bash": "rdotool.bash", "zsh": "_rdotool", "fish": "rdotool.fish"}

EXIT_CODES = {
    ExitCode.OK: "Done.",
    ExitCode.CHECK_FAILED: "A check found problems (reqcheck mismatch, upper-constraints drift).",
    ExitCode.USAGE: "Usage error: unknown option, bad argument or regular expression.",
    ExitCode.BAD_INPUT: "Bad input or state: unknown package or release, missing rdoinfo path, "
    "malformed YAML or rdoinfo entry, a file that is not UTF-8, a path that leaves the distgit, "
    "a file holding your uncommitted work that rdotool would have to rewrite, bad "
    "configuration, no cached rdoinfo while offline, an unwritable file or standard output.",
    ExitCode.EXTERNAL: "An outside tool or service failed: git, the network, rpmbuild, mock, koji.",
    ExitCode.INTERNAL: "Internal error (a bug in rdotool): rerun with --debug and report it.",
    ExitCode.INTERRUPTED: "Interrupted by SIGINT (Ctrl-C); see SAFETY.",
    ExitCode.TERMINATED: "Terminated by SIGTERM (kill, a CI time-out, systemd); see SAFETY.",
    ExitCode.PIPE_CLOSED: "Standard output was closed early (e.g. piped into head).",
}
RDOPKG = """\
rdopkg's action names run the rdotool command they mean, with the same options; `-c`
is --continue, and info, findpkg and releases take `-l DIR` for --rdoinfo. rdopkg's
`patch -B` (no bump) is --no-bump here, where -B is --bug: given without a bug number,
rdotool stops and says so instead of running."""
SAFETY = """\
Commands that change a distgit (patch, new-version, fix, reqcheck --autosync,
uc sync --commit) never lose your work. Before a file or ref is touched, its prior
state is recorded in .git/rdotool/ (a journal). An error, SIGINT or SIGTERM puts back
exactly what the command changed, and nothing else, and the command exits 3, 4, 130 or
143 with one line; new-version keeps a rebase of the patches branch it finished (you may
have resolved it by hand) and stays in progress for --continue or --abort. After a
kill that no program can catch (SIGKILL, a power cut), `rdotool status` shows the
command, `rdotool --abort` undoes it and
`rdotool --continue` finishes it (a commit already made is never made twice).

A file that holds your uncommitted changes and that the command must rewrite (the spec,
a patch file, sources) is refused before anything starts, with or without --force;
--force only lets the command run beside your other changes, which it never
stages, commits, reverts or overwrites. An untracked file in the way of a file rdotool
writes is refused the same way.

new-version never checks the patches branch out in the distgit: when no patch needs a
merge, the branch is moved onto the new tag without a checkout (the commits git rebase
would make); otherwise it is rebased in a work tree of its own, .git/rdotool/rebase. On
a conflict, resolve it there and `git add` the files, then run `rdotool --continue` in
the distgit.

Paths named by a spec, rdoinfo, a sources file or the command line must stay inside the
distgit or rdoinfo checkout; credentials in URLs are shown as user:***@host."""
ENVIRONMENT = {
    EnvVars.RDOINFO: "rdoinfo location (directory or git URL), like --rdoinfo.",
    EnvVars.INFO_FILE: "rdoinfo entry file, like --info-file (default rdo-full.yml).",
    EnvVars.FETCH_AGE: "Seconds (or 30m, 2h, 1d) before a cached rdoinfo clone is fetched "
    "again (default 3600).",
    EnvVars.OFFLINE: "1 (or yes, on, y, t) to never fetch, like --offline.",
    EnvVars.CACHE_DIR: "Cache directory (default $XDG_CACHE_HOME/rdotool, ~/.cache/rdotool).",
    EnvVars.CONFIG: "Config file (default $XDG_CONFIG_HOME/rdotool/config.yaml).",
    EnvVars.DEBUG: "1 to show tracebacks, like --debug.",
    EnvVars.PACKAGER: "Name <email>: the changelog author when git config names none "
    "(and neither -u/-e).",
    EnvVars.NO_COLOR: "Set to turn colours off (they are also off when output is not a terminal).",
}
DESCRIPTION = """\
rdotool is the RDO packagers' toolkit, the successor of rdopkg. It answers questions
about rdoinfo (the metadata of RDO's packages and releases) and works on distgits.
Results go to standard output (text, or JSON/YAML with --json/--yaml/--format);
progress, warnings and errors go to standard error.

rdoinfo is read from a local directory or from a git URL cloned into the cache and
fetched again when older than fetch-age. When fetching fails the cached copy is used
with a warning. The merged rdoinfo is cached as JSON (keyed by the clone's commit, or
by the files' modification times for a local directory), so warm queries do not parse
YAML."""
CONFIG = """\
Settings come from, lowest first: defaults, the config file, RDOTOOL_* variables,
command-line options. The config file is YAML with the keys rdoinfo, info-file,
fetch-age, offline and cache-dir, e.g.:"""
CONFIG_EXAMPLE = """\
rdoinfo: ~/src/rdoinfo
fetch-age: 2h"""
# command -> (command line, what it does): every command has at least one (a test checks)
EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "info": [
        ("rdotool info openstack-nova", "Show one package."),
        (
            "rdotool info openstack-nova --tag epoxy --json | jq -r '.\"source-branch\"'",
            "The epoxy pin of a package, for scripts.",
        ),
        ("rdotool info conf:client maintainers:jcapitao", "Packages matching every filter."),
        (
            "rdotool info tags:^epoxy$ name:~^puppet",
            "Packages in epoxy that are not puppet modules.",
        ),
        (
            "rdotool info diff --rdoinfo ~/rdoinfo --names",
            "Packages the last rdoinfo commit changed, one a line (what CI rebuilds).",
        ),
    ],
    "findpkg": [("rdotool findpkg oslo.config", "The package of a PyPI name, project or URL.")],
    "releases": [
        ("rdotool releases --status maintained --names", "Maintained release names, one a line.")
    ],
    "clone": [
        (
            "rdotool clone python-oslo-config",
            "Clone the distgit with its upstream, patches and review remotes.",
        )
    ],
    "patch": [
        ("rdotool patch", "Regenerate the patches from the patches branch, bump and commit."),
        ("rdotool patch -l --no-bump", "From the local patches branch, without a new Release."),
    ],
    "new-version": [
        ("rdotool new-version", "Move to the newest upstream tag, rebasing the patches."),
        ("rdotool new-version --uc epoxy", "Move to the version epoxy's upper-constraints names."),
        ("rdotool --continue", "After resolving a conflicted rebase, finish the update."),
    ],
    "fix": [
        (
            "rdotool fix",
            "Bump Release and open a %changelog entry; describe the change, then"
            " `rdotool --continue` commits it.",
        )
    ],
    "status": [("rdotool status", "Say what is in progress in this distgit, if anything.")],
    "reqcheck": [
        ("rdotool reqcheck --strict", "Exit 1 when a runtime requirement is missing or too low."),
        ("rdotool reqcheck --spec", "Requires: lines to paste, grouped by subpackage."),
    ],
    "reqdiff": [("rdotool reqdiff 9.7.1 10.0.0", "How requirements.txt changed between tags.")],
    "build": [
        ("rdotool build", "Build with mock if installed, else rpmbuild on this host."),
        ("rdotool build --trunk --upstream ../nova", "A trunk (DLRN) build of upstream's HEAD."),
    ],
    "query": [
        (
            "rdotool query python3-oslo-config --release epoxy",
            "The version each repository of epoxy ships.",
        )
    ],
    "reqquery": [
        ("rdotool reqquery --release epoxy --strict", "Exit 1 when a Requires is not shipped.")
    ],
    "lint": [("rdotool lint --distro el9s,el10s", "Check the spec before sending a review.")],
    "bisect": [
        ("rdotool bisect 30.0.0", "Find the upstream commit since 30.0.0 that breaks the build."),
        ("rdotool bisect --abort", "Forget the bisect in progress and its builds."),
    ],
    "uc report": [
        (
            "rdotool uc report --release epoxy --status pin-behind --check",
            "Exit 1 when a pin or a build is behind upper-constraints.",
        ),
        (
            "rdotool uc report --release epoxy --html uc.html",
            "The report as one sortable, filterable page.",
        ),
    ],
    "uc sync": [
        (
            "rdotool uc sync --release epoxy --rdoinfo ~/rdoinfo --commit",
            "Set the epoxy pins to upper-constraints and commit.",
        )
    ],
    "uc bump": [
        (
            "rdotool uc bump --release epoxy --workdir ~/bump --dry-run",
            "The packages behind upper-constraints, from -> to, and the steps.",
        ),
        (
            "rdotool uc bump --release epoxy --workdir ~/bump --send --rdoinfo-checkout ~/rdoinfo",
            "New version, Requires, SRPM and a review for each; the pins committed in rdoinfo.",
        ),
        (
            "rdotool uc bump --continue --workdir ~/bump",
            "Retry what did not finish (after resolving a conflict).",
        ),
    ],
    "review": [("rdotool review -t bump-nova", "Send the change to Gerrit under a topic.")],
}
# modes of a command, shown as their own synopsis lines
MODES = ("--continue", "--abort")


def _roff(text: str) -> str:
    """Escape text for roff: backslashes, leading dots/quotes, and hyphens in options."""
    out = text.replace("\\", "\\e").replace("-", "\\-")
    lines = []
    for line in out.splitlines():
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]


def _param_lines(param: Any) -> Iterable[str]:
    if param.param_type_name == "argument":
        return
    if getattr(param, "hidden", False) or param.name in {"help"}:
        return
    names = ", ".join([*param.opts, *param.secondary_opts])
    metavar = ""
    if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
        choices = getattr(param.type, "choices", None)
        shown = "|".join(str(getattr(c, "value", c)) for c in choices) if choices else None
        metavar = " " + (param.metavar or shown or param.type.name.upper())
    yield ".TP"
    yield f"\\fB{_roff(names)}\\fR{_roff(metavar)}"
    help_text = " ".join((param.help or "").split())
    envvar = getattr(param, "envvar", None)
    if envvar and "env var" not in help_text:
        help_text += f" [env var: {envvar}]"
    yield _roff(help_text)


def render_man(group: Any) -> str:
    """The rdotool(1) page, from the click command tree typer builds."""
    lines = [
        f'.TH RDOTOOL 1 "" "rdotool {__version__}" "rdotool manual"',
        ".SH NAME",
        "rdotool \\- packaging toolkit for RDO (OpenStack RPMs)",
        ".SH SYNOPSIS",
        *synopsis(group),
        ".SH DESCRIPTION",
    ]
    for paragraph in _paragraphs(DESCRIPTION):
        lines += [".PP", _roff(paragraph)]
    lines.append(".SH GLOBAL OPTIONS")
    for param in group.params:
        if param.name in {"install_completion", "show_completion"}:
            continue
        lines += list(_param_lines(param))
    lines.append(".SH COMMANDS")
    root = _context(group)
    for name in sorted(group.list_commands(root)):
        lines += _command_lines(f"{PROG} {name}", group.get_command(root, name))
    lines += [".SH RDOPKG SPELLINGS"]
    for paragraph in _paragraphs(RDOPKG):
        lines += [".PP", _roff(paragraph)]
    for alias, expansion in getattr(group, "aliases", {}).items():
        lines += [".TP", f"\\fB{PROG} {_roff(alias)}\\fR", _roff(f"{PROG} {' '.join(expansion)}")]
    lines += [".SH SAFETY"]
    for paragraph in _paragraphs(SAFETY):
        lines += [".PP", _roff(paragraph)]
    lines += [".SH EXIT STATUS"]
    for code, meaning in EXIT_CODES.items():
        lines += [".TP", f"\\fB{int(code)}\\fR", _roff(meaning)]
    lines += [".SH ENVIRONMENT"]
    for var, meaning in ENVIRONMENT.items():
        lines += [".TP", f"\\fB{var}\\fR", _roff(meaning)]
    lines += [".SH FILES", ".TP", "\\fI~/.config/rdotool/config.yaml\\fR"]
    lines += [_roff(" ".join(CONFIG.split())), ".RS", ".nf", _roff(CONFIG_EXAMPLE), ".fi", ".RE"]
    lines += [
        ".TP",
        "\\fI~/.cache/rdotool/\\fR",
        _roff("rdoinfo clones (rdoinfo/) and parsed rdoinfo (parsed/); safe to delete."),
    ]
    lines += [".SH EXAMPLES"]
    for examples in EXAMPLES.values():
        for command_line, meaning in examples:
            lines += [".TP", f"\\fB{_roff(command_line)}\\fR", _roff(meaning)]
    lines += [
        ".SH SEE ALSO",
        "\\fBrdopkg\\fR(1), \\fBgit\\fR(1), \\fBrpmbuild\\fR(8), \\fBmock\\fR(1)",
    ]
    return "\n".join(lines) + "\n"


def command_paths(group: Any) -> list[tuple[str, Any]]:
    """(`uc report`, command) for every command and subcommand, in the --help order."""
    found = []
    context = _context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if hasattr(command, "list_commands"):
            inner = _context(command)
            found += [
                (f"{name} {sub}", command.get_command(inner, sub))
                for sub in command.list_commands(inner)
            ]
        else:
            found.append((name, command))
    return found


def synopsis(group: Any) -> list[str]:
    """One line for the tool, one for its resume modes, one per command (and another for
    a command's own --continue/--abort)."""
    bold = "\\fB{}\\fR".format
    lines = [
        f"{bold(PROG)} [{bold(_roff('--version'))}] [{bold(_roff('--debug'))}]"
        " \\fICOMMAND\\fR [\\fIARGS\\fR]...",
        ".br",
        f"{bold(PROG)} ({bold(_roff('--continue'))} | {bold(_roff('--abort'))})"
        f" [{bold(_roff('--distgit'))} \\fIDIR\\fR] [{bold(_roff('--json'))}]",
    ]
    for path, command in command_paths(group):
        context = _context(command)
        arguments = [
            p.make_metavar(context) for p in command.params if p.param_type_name == "argument"
        ]
        line = " ".join([bold(_roff(f"{PROG} {path}")), "[OPTIONS]", *map(_roff, arguments)])
        lines += [".br", line]
        modes = [m for m in MODES if any(m in p.opts for p in command.params)]
        if modes:
            shown = " | ".join(bold(_roff(m)) for m in modes)
            lines += [".br", f"{bold(_roff(f'{PROG} {path}'))} ({shown})"]
    return lines


def _command_lines(title: str, command: Any) -> list[str]:
    """A .SS section for a command, then one for each subcommand of a group (`uc report`)."""
    context = _context(command)
    if hasattr(command, "list_commands"):
        lines: list[str] = []
        for name in sorted(command.list_commands(context)):
            lines += _command_lines(f"{title} {name}", command.get_command(context, name))
        return lines
    usage = " ".join(
        p.make_metavar(context) for p in command.params if p.param_type_name == "argument"
    )
    lines = [".SS " + _roff(f"{title} [OPTIONS] {usage}".rstrip())]
    for paragraph in _paragraphs(command.help or ""):
        lines += [".PP", _roff(paragraph)]
    for param in command.params:
        if param.param_type_name == "argument":
            lines += [
                ".TP",
                f"\\fI{_roff(param.make_metavar(context))}\\fR",
                _roff(" ".join((param.help or "").split())),
            ]
    for param in command.params:
        lines += list(_param_lines(param))
    return lines


def _context(command: Any) -> Any:
    from rdotool.cli.compat import Context

    return Context(command, info_name=command.name)


def render_completion(shell: str) -> str:
    """The completion script for `shell`; it asks rdotool at each TAB (names, packages...)."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell) + "\n"


QUICK_HELP = ROOT / "rdotool" / "quick_help.json"
QUICK_COMMANDS = ROOT / "rdotool" / "quick_commands.json"
HELP_COLUMNS = "80"  # click formats help at min(terminal, 80) - 2 columns


def render_quick_files(group: Any) -> tuple[str, str]:
    """What rdotool/quick.py needs to answer without typer: the help text of every
    command as the CLI prints it (at 80 columns and more, with this typer), and each
    command's options and arguments (how it parses them, what its arguments complete)."""
    import json
    import os
    import subprocess

    import typer

    paths: list[tuple[str, ...]] = [()]
    commands: dict[str, Any] = {}
    for name in group.list_commands(_context(group)):
        command = group.get_command(_context(group), name)
        paths.append((name,))
        subcommands = getattr(command, "commands", None)
        if subcommands:
            paths += [(name, sub) for sub in subcommands]
            commands.update({f"{name} {sub}": _params(c) for sub, c in subcommands.items()})
        else:
            commands[name] = _params(command)
    env = {**os.environ, "COLUMNS": HELP_COLUMNS, "NO_COLOR": "1"}
    env.pop("_RDOTOOL_COMPLETE", None)
    probe = "import sys; from rdotool.cli import main; sys.argv[0] = 'rdotool'; main()"
    helps = {}
    for path in paths:
        shown = subprocess.run(
            [sys.executable, "-c", probe, *path, "--help"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        helps[" ".join(path)] = shown.stdout
    return (
        json.dumps({"typer": typer.__version__, "help": helps}, indent=1, sort_keys=True) + "\n",
        json.dumps(commands, indent=1, sort_keys=True) + "\n",
    )


def _params(command: Any) -> dict[str, Any]:
    """A command's options (option string -> [parameter, kind, value]) and arguments.

    kind: "flag" (value: what the flag sets), "value" (a string), "choice" (value: the
    choices and whether any case is accepted; "choice:module:Enum" when the function
    gets the Enum member), "other" (a type or behaviour the quick path leaves to typer)."""
    options: dict[str, list[Any]] = {}
    arguments: list[list[Any]] = []
    defaults: dict[str, Any] = {}
    enums = _enums(command)
    for param in command.params:
        completes = _completer(param)
        if param.param_type_name == "argument":
            arguments.append([param.name, param.nargs, completes])
            continue
        kind, values = _option_kind(param)
        if kind == "choice" and param.name in enums:
            kind = f"choice:{enums[param.name]}"  # typer hands the function the Enum member
        if completes and kind == "value":
            kind = f"value:{completes}"  # a string, whose completion rdotool offers
        for opt in param.opts:
            options[opt] = [param.name, kind, values if kind != "flag" else True]
        for opt in param.secondary_opts:
            options[opt] = [param.name, kind, False]
        if param.expose_value:
            default = param.default
            default = default.value if hasattr(default, "value") else default
            plain = default is None or isinstance(default, (bool, str, int, float))
            defaults[param.name] = default if plain else {"opaque": type(default).__name__}
    required = sorted(param.name for param in command.params if param.required)
    return {"options": options, "arguments": arguments, "defaults": defaults, "required": required}


def _enums(command: Any) -> dict[str, str]:
    """Parameters the command function declares as an Enum: name -> "module:Class"."""
    import enum
    import typing

    function = getattr(command.callback, "__wrapped__", command.callback)
    hints = typing.get_type_hints(function, include_extras=True) if function else {}
    found = {}
    for name, hint in hints.items():
        pending = [hint]
        while pending:
            current = pending.pop()
            if isinstance(current, type) and issubclass(current, enum.Enum):
                found[name] = f"{current.__module__}:{current.__qualname__}"
            pending.extend(typing.get_args(current))
    return found


def _option_kind(param: Any) -> tuple[str, Any]:
    if param.multiple or param.nargs != 1 or param.envvar or param.count:
        return "other", None
    if param.callback is not None and param.name != "debug":
        return "other", None
    if param.is_flag:  # typer's flags are boolean: True, False for a secondary `--no-x`
        return ("flag", None) if getattr(param, "is_bool_flag", True) else ("other", None)
    if getattr(param.type, "choices", None) is not None:
        choices = [getattr(c, "value", c) for c in param.type.choices]
        return "choice", {"choices": choices, "any_case": not param.type.case_sensitive}
    if param.type.name in ("text", "str"):  # click 8.1, typer 0.28
        return "value", None
    return "other", None


def _completer(param: Any) -> str | None:
    """What a parameter's shell completion offers: "package", "tag", "release" or None."""
    custom = getattr(param, "_custom_shell_complete", None)
    if custom is None:
        return None
    import inspect

    function = inspect.getclosurevars(custom).nonlocals.get("autocompletion", custom)
    return {
        "complete_package": "package",
        "complete_tag": "tag",
        "complete_release": "release",
    }.get(getattr(function, "__name__", ""), "other")


def expected_files() -> dict[Path, str]:
    """Every generated file and the content it should have."""
    import typer

    from rdotool.cli import app

    group = typer.main.get_command(app)
    files = {ROOT / "man" / "rdotool.1": render_man(group)}
    for shell, filename in SHELLS.items():
        files[ROOT / "completions" / filename] = render_completion(shell)
    files[QUICK_HELP], files[QUICK_COMMANDS] = render_quick_files(group)
    return files


def main(argv: list[str]) -> int:
    stale = []
    for path, content in expected_files().items():
        current = path.read_text() if path.exists() else None
        if current == content:
            continue
        stale.append(path)
        if "--check" not in argv:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
            print(f"wrote {path.relative_to(ROOT)}")
    if "--check" in argv and stale:
        print("stale: " + ", ".join(str(p.relative_to(ROOT)) for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
