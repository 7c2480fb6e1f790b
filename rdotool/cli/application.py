"""The typer application: `app` and `main()`, which rdotool/__main__.py calls.

Only rdotool/cli imports typer and rich. Commands are registered by name in COMMANDS
and built only when used (see cli/group.py): `rdotool --help` imports no command module,
and `rdotool info` only cli/info.py. Command modules import the rest inside their
functions, so shell completion stays fast too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rdotool.cli.compat import resolve_annotations
from rdotool.cli.group import DEBUG_KEY, RdotoolGroup
from rdotool.registry import ALIASES, COMMANDS


class RootGroup(RdotoolGroup):
    lazy_commands = COMMANDS
    aliases = ALIASES


app = typer.Typer(
    cls=RootGroup,
    name="rdotool",
    no_args_is_help=True,
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Packaging toolkit for RDO: query rdoinfo, work on distgits, build and review.",
    epilog="Exit codes: 0 done, 1 a check found problems, 2 usage error, 3 bad input or "
    "state, 4 an outside tool or service failed, 70 internal error (a bug), 130 interrupted "
    "(143 on SIGTERM), 141 output closed early. See rdotool(1).",
)


def _version(value: bool) -> None:
    if value:
        from rdotool import __version__

        typer.echo(f"rdotool {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks and debugging details.")
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--continue",
            "-c",
            help="Resume the command in progress in the distgit (new-version, fix).",
        ),
    ] = False,
    abort: Annotated[
        bool,
        typer.Option(
            "--abort",
            help="Undo the command in progress: branches and files back as they were.",
        ),
    ] = False,
    distgit: Annotated[
        Path,
        typer.Option(
            "--distgit",
            metavar="DIR",
            help="Distgit for --continue/--abort. [default: the current directory]",
            show_default=False,
        ),
    ] = Path("."),
    as_json: Annotated[
        bool,
        typer.Option("--json", help="With --continue: print the result as JSON."),
    ] = False,
) -> None:
    """Packaging toolkit for RDO."""
    from rdotool.cli.context import start_run

    if debug:
        ctx.meta[DEBUG_KEY] = True
    run = start_run(ctx, debug)
    if ctx.invoked_subcommand is not None:
        if resume or abort or as_json:
            ctx.fail("--continue, --abort and --json go without a command: `rdotool --continue`")
        return
    if resume and abort:
        ctx.fail("choose one of --continue and --abort")
    if resume or abort:
        from rdotool.cli import resume as progress

        if resume:
            from rdotool.cli.output import OutputFormat

            output = OutputFormat.json if as_json else OutputFormat.text
            progress.continue_in(run, distgit, output)
        else:
            progress.abort_in(distgit)
    else:
        ctx.fail("Missing command.")


resolve_annotations(app)  # the root callback's options (see cli/compat.py)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="rdotool")
