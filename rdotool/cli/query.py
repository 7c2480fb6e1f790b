"""`rdotool query`: which version of a package each repository of a release provides."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, out


def query(
    ctx: typer.Context,
    package: Annotated[
        str,
        typer.Argument(
            metavar="PACKAGE",
            help="A binary package (python3-oslo-config) or the source it is built from.",
        ),
    ],
    release: params.RepoReleaseOpt = None,
    distro: params.DistroOpt = None,
    repo: params.RepoOpt = None,
    rdoinfo: params.RdoinfoOpt = None,
    offline: params.OfflineOpt = None,
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Show which version of PACKAGE each repository provides.

    Repositories come from the release's distrepos in rdoinfo (for --distro, default
    el9s) and --repo NAME=URL (http, https, file or a directory). Their metadata
    (repodata/repomd.xml, then primary.xml, gzip, zstd or xz) is cached; --offline
    answers from the cache. A repository that cannot be read says why in its row.
    """
    from rdotool.cli.context import run_context
    from rdotool.ops.query import query as run_query

    output = choose_format(fmt, as_json, as_yaml)
    run = run_context(ctx, rdoinfo=rdoinfo, offline=offline)
    result = run_query(run, package, release, distro.value if distro else None, tuple(repo or ()))
    if output is not OutputFormat.text:
        emit_data(asdict(result), output)
        return
    from rdotool.cli.views import render_columns

    rows = [
        (a.repo, a.name or "-", a.evr or ("error" if a.error else "-"), a.error or a.arch or "")
        for a in result.answers
    ]
    render_columns(out(), ("repository", "package", "version", "arch / problem"), rows)
