"""`rdotool info`: show a package, filter packages, or summarise rdoinfo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

from rdotool.cli.output import choose_format

if TYPE_CHECKING:  # typer's world: cli/group.build_command supplies it (see there)
    import typer

    from rdotool.cli import params

HELP = """Show rdoinfo packages.

rdotool info NAME shows one package (by package name or project).

rdotool info ATTR:REGEX ... lists the packages matching every filter (re.search;
ATTR:~REGEX negates; a bare word means name:REGEX; a list or mapping such as
maintainers or tags matches when any item or key does).

Without arguments: the releases and the number of packages per conf.

With --json or --yaml, one NAME gives the package object and filters give a list.

rdotool info diff [OLD [NEW]] shows the packages added, removed and changed between two
revisions of a git checkout of rdoinfo (default: HEAD~1 and the working tree, or HEAD
and the working tree when it has changes): tags, source-branch pins, buildsys builds,
maintainers, other fields. --tag TAG keeps that tag's changes; --names prints package
names only (for shell loops).
"""


def info(
    ctx: typer.Context,
    terms: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="[NAME | ATTR:REGEX]...",
            help="A package name or project, or filters such as conf:client.",
            autocompletion=params.complete_package,
            show_default=False,
        ),
    ] = None,
    tag: params.TagOpt = None,
    releases: Annotated[
        bool, typer.Option("--releases", help="List the releases instead (as `rdotool releases`).")
    ] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Show every field of each listed package.")
    ] = False,
    names: Annotated[
        bool, typer.Option("--names", help="info diff: only the names of the packages it touches.")
    ] = False,
    rdoinfo: params.LocalRdoinfoOpt = None,
    info_file: params.InfoFileOpt = None,
    offline: params.OfflineOpt = None,
    fetch: params.FetchOpt = False,
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Show rdoinfo packages (see HELP)."""
    from rdotool.cli.context import run_context
    from rdotool.cli.info_command import show_info

    output = choose_format(fmt, as_json, as_yaml)
    run = run_context(ctx, rdoinfo=rdoinfo, info_file=info_file, offline=offline)
    show_info(run, terms, tag, releases, full, fetch, output, names)
