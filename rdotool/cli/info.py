"""`rdotool info`: show a package, filter packages, or summarise rdoinfo."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, note, out

HELP = """Show rdoinfo packages.

rdotool info NAME shows one package (by package name or project).

rdotool info ATTR:REGEX ... lists the packages matching every filter (re.search;
ATTR:~REGEX negates; a bare word means name:REGEX; a list or mapping such as
maintainers or tags matches when any item or key does).

Without arguments: the releases and the number of packages per conf.

With --json or --yaml, one NAME gives the package object and filters give a list.
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
    from rdotool.cli import views
    from rdotool.cli.context import run_context
    from rdotool.ops import info as ops

    output = choose_format(fmt, as_json, as_yaml)
    run = run_context(ctx, rdoinfo=rdoinfo, info_file=info_file, offline=offline)
    answer = ops.info(run, terms or (), tag, releases, fetch)
    if isinstance(answer, ops.ReleaseList):
        from rdotool.cli.releases import show_releases

        show_releases(answer, output)
    elif isinstance(answer, ops.InfoSummary):
        source = answer.location + (f" @ {answer.commit[:12]}" if answer.commit else "")
        if output is OutputFormat.text:
            views.render_summary(out(), answer, source)
        else:
            emit_data(
                {
                    "rdoinfo": {"location": answer.location, "commit": answer.commit},
                    "releases": answer.releases,
                    "packages": answer.package_count,
                    "confs": answer.confs,
                },
                output,
            )
    elif output is not OutputFormat.text:
        emit_data(answer.packages[0] if answer.single else answer.packages, output)
    elif answer.single:
        views.render_package(out(), answer.packages[0], tag)
    elif not answer.packages:
        note(f"no packages match {' '.join(answer.terms)}")
    elif full:
        for index, package in enumerate(answer.packages):
            if index:
                out().line()
            views.render_package(out(), package, tag)
    else:
        views.render_package_list(out(), answer.packages)
        note(f"{len(answer.packages)} packages match; --full shows their fields")
