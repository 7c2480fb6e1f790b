"""The command line: `app` (typer) and `main()`, the console-script entry point.

Only this package imports typer and rich. Command modules import the rest lazily
inside their functions so that `rdotool --help` and shell completion stay fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rdotool.cli import clone as _clone
from rdotool.cli import findpkg as _findpkg
from rdotool.cli import fix as _fix
from rdotool.cli import info as _info
from rdotool.cli import new_version as _new_version
from rdotool.cli import patch as _patch
from rdotool.cli import releases as _releases
from rdotool.cli import reqcheck as _reqcheck
from rdotool.cli import review as _review
from rdotool.cli.group import DEBUG_KEY, RdotoolGroup

app = typer.Typer(
    cls=RdotoolGroup,
    name="rdotool",
    no_args_is_help=True,
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Packaging toolkit for RDO: query rdoinfo, work on distgits, build and review.",
    epilog="Exit codes: 0 done, 1 a check found problems, 2 usage error, 3 bad input or "
    "state, 4 an outside tool or service failed, 130 interrupted. See rdotool(1).",
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
) -> None:
    """Packaging toolkit for RDO."""
    if debug:
        ctx.meta[DEBUG_KEY] = True
    if ctx.invoked_subcommand is not None:
        if resume or abort:
            ctx.fail("--continue and --abort go without a command: `rdotool --continue`")
        return
    if resume and abort:
        ctx.fail("choose one of --continue and --abort")
    if resume:
        from rdotool.cli.output import OutputFormat

        _fix.continue_in(distgit, OutputFormat.text)
    elif abort:
        _fix.abort_in(distgit)
    else:
        ctx.fail("Missing command.")


app.command("info", help=_info.HELP)(_info.info)
app.command("findpkg")(_findpkg.findpkg)
app.command("releases")(_releases.releases)
app.command("patch")(_patch.patch)
app.command("new-version")(_new_version.new_version)
app.command("fix")(_fix.fix)
app.command("clone")(_clone.clone)
app.command("review")(_review.review)
app.command("reqcheck")(_reqcheck.reqcheck)
app.command("reqdiff")(_reqcheck.reqdiff)
app.command("status")(_fix.status)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="rdotool")
