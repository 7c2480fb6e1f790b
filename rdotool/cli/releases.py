"""`rdotool releases`: the OpenStack releases rdoinfo knows, with branches and build tags."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, out
from rdotool.core.rdoinfo import ReleaseStatus

if TYPE_CHECKING:
    from rdotool.ops.info import ReleaseList


def show_releases(found: ReleaseList, output: OutputFormat) -> None:
    """Render releases as a table, or emit them as data."""
    from rdotool.cli import views

    if output is OutputFormat.text:
        views.render_releases(out(), found.releases)
    else:
        emit_data(list(found.releases), output)


def releases(
    ctx: typer.Context,
    names: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="[RELEASE]...",
            help="Only these releases.",
            autocompletion=params.complete_release,
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        Optional[list[ReleaseStatus]],
        typer.Option(
            "--status",
            help="Only releases in this phase (repeatable).",
            show_default=False,
        ),
    ] = None,
    names_only: Annotated[
        bool, typer.Option("--names", help="Print only release names, one per line.")
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
    """List releases: status, distgit branch, identifier, upstream branch and repos.

    JSON/YAML give the full release entries of rdoinfo (repos with buildsys, buildsys-tags
    and distrepos). `--names --status maintained` suits shell loops.
    """
    from rdotool.cli.context import run_context
    from rdotool.ops import info as ops

    output = choose_format(fmt, as_json, as_yaml)
    run = run_context(ctx, rdoinfo=rdoinfo, info_file=info_file, offline=offline)
    found = ops.releases(run, names or (), [s.value for s in status or ()], fetch)
    if names_only:
        printer = out()
        for release in found.releases:
            printer.line(release["name"])
        return
    show_releases(found, output)
