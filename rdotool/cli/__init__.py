"""The command line: `app` (typer) and `main()`, the console-script entry point.

Only this package imports typer and rich. Command modules import the rest lazily
inside their functions so that `rdotool --help` and shell completion stay fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from rdotool.cli import findpkg as _findpkg
from rdotool.cli import info as _info
from rdotool.cli import patch as _patch
from rdotool.cli import releases as _releases
from rdotool.cli.group import DEBUG_KEY, RdotoolGroup

app = typer.Typer(
    cls=RdotoolGroup,
    name="rdotool",
    no_args_is_help=True,
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
) -> None:
    """Packaging toolkit for RDO."""
    if debug:
        ctx.meta[DEBUG_KEY] = True


app.command("info", help=_info.HELP)(_info.info)
app.command("findpkg")(_findpkg.findpkg)
app.command("releases")(_releases.releases)
app.command("patch")(_patch.patch)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="rdotool")
