"""`rdotool releases`: the OpenStack releases rdoinfo knows, with branches and build tags."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Optional

import typer

from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, out


def show_releases(releases: Sequence[dict[str, Any]], output: OutputFormat) -> None:
    """Render releases as a table, or emit them as data."""
    from rdotool.cli import views

    if output is OutputFormat.text:
        views.render_releases(out(), releases)
    else:
        emit_data(list(releases), output)


def releases(
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
        Optional[list[str]],
        typer.Option(
            "--status",
            metavar="STATUS",
            help="Only releases in this phase: development, maintained, "
            "extended_maintenance or eol (repeatable).",
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
    from rdotool.cli.session import open_rdoinfo
    from rdotool.core.rdoinfo import RELEASE_STATUSES
    from rdotool.errors import UsageError
    from rdotool.ops import info as ops

    for value in status or []:
        if value not in RELEASE_STATUSES:
            raise UsageError(
                f"unknown release status {value!r}", f"use one of {', '.join(RELEASE_STATUSES)}"
            )
    output = choose_format(fmt, as_json, as_yaml)
    loaded = open_rdoinfo(rdoinfo, info_file, offline, fetch)
    found = ops.list_releases(loaded.rdoinfo, names or (), status or ())
    if names_only:
        printer = out()
        for release in found:
            printer.line(release["name"])
        return
    show_releases(found, output)
