"""`rdotool clone`: get a package's distgit with its remotes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rdotool.cli import params
from rdotool.cli.output import choose_format, emitted, out


def clone(
    ctx: typer.Context,
    package: Annotated[
        str,
        typer.Argument(
            metavar="PACKAGE",
            help="Package name, project or URL (as `rdotool info` and findpkg resolve it).",
            autocompletion=params.complete_package,
        ),
    ],
    directory: Annotated[
        Optional[Path],
        typer.Argument(
            metavar="[DIR]", help="Where to clone. [default: the package name]", show_default=False
        ),
    ] = None,
    branch: Annotated[
        Optional[str],
        typer.Option(
            "--branch",
            "-b",
            metavar="BRANCH",
            help="Distgit branch to check out.",
            show_default=False,
        ),
    ] = None,
    release: Annotated[
        Optional[str],
        typer.Option(
            "--release",
            "-r",
            metavar="RELEASE",
            help="Check out this release's distgit branch (e.g. epoxy -> epoxy-rdo). "
            "[default: the development release's branch]",
            autocompletion=params.complete_release,
            show_default=False,
        ),
    ] = None,
    review_user: Annotated[
        Optional[str],
        typer.Option(
            "--review-user",
            metavar="USER",
            help="Gerrit user to put into the ssh review URLs.",
            show_default=False,
        ),
    ] = None,
    no_fetch: Annotated[
        bool, typer.Option("--no-fetch", help="Add the remotes without fetching them.")
    ] = False,
    extra_remote: Annotated[
        Optional[list[str]],
        typer.Option(
            "--extra-remote",
            metavar="KEY",
            help="Also add a remote named KEY from that rdoinfo key (e.g. centos-distgit).",
            show_default=False,
        ),
    ] = None,
    rdoinfo: params.RdoinfoOpt = None,
    info_file: params.InfoFileOpt = None,
    offline: params.OfflineOpt = None,
    fetch: params.FetchOpt = False,
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Clone a package's distgit and set up its remotes from rdoinfo.

    origin is the distgit (master-distgit for the development release); upstream,
    patches, review-origin and review-patches come from the package's rdoinfo entry and
    are fetched (an unreachable one is skipped with a warning). Without --branch or
    --release the development release's branch is checked out. A DIR that already holds
    this distgit only gets its remotes fixed up.
    """
    from rdotool.cli.context import run_context
    from rdotool.ops.clone import CloneRequest
    from rdotool.ops.clone import clone as run

    output = choose_format(fmt, as_json, as_yaml)
    request = CloneRequest(
        package,
        directory,
        branch,
        release,
        review_user,
        not no_fetch,
        tuple(extra_remote or ()),
        fetch,
    )
    result = run(run_context(ctx, rdoinfo=rdoinfo, info_file=info_file, offline=offline), request)
    if emitted(result, output):
        return
    from rdotool.cli.views import render_columns

    printer = out()
    verb = "Cloned" if result.cloned else "Updated the remotes of"
    printer.line(
        (f"{verb} {result.package}", "bold"), f" in {result.path} (branch {result.branch})"
    )
    rows = [
        (r.name, r.url or "-", r.action, "yes" if r.fetched else ("failed" if r.error else "no"))
        for r in result.remotes
    ]
    render_columns(printer, ("remote", "url", "status", "fetched"), rows)
    printer.line(("branches: ", "bold"), ", ".join(result.branches))
