"""`rdotool findpkg`: the single best package for a name, project, URL or PyPI name."""

from __future__ import annotations

from typing import Annotated

import typer

from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, out


def findpkg(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help="Package name, project, upstream or distgit URL, or PyPI name (oslo.config).",
            autocompletion=params.complete_package,
        ),
    ],
    strict: Annotated[
        bool,
        typer.Option("--strict", "-s", help="Only exact name, project, URL or canonical name."),
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
    """Find the one package that best matches QUERY and show it.

    Tries the exact name, then name/project/URL ignoring case and URL decoration
    (`https://…`, `.git`, `-distgit`, `openstack/`), then the PEP 503 canonical name;
    unless --strict, a URL containing a project name and finally the shortest package
    name containing QUERY. No match: exit 3 with close names suggested.
    """
    from rdotool.cli import views
    from rdotool.cli.context import run_context
    from rdotool.ops import info as ops

    output = choose_format(fmt, as_json, as_yaml)
    run = run_context(ctx, rdoinfo=rdoinfo, info_file=info_file, offline=offline)
    package = ops.findpkg(run, query, strict, fetch)
    if output is OutputFormat.text:
        views.render_package(out(), package)
    else:
        emit_data(package, output)
