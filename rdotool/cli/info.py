"""`rdotool info`: show a package, filter packages, or summarise rdoinfo."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, note, out, warn

HELP = """Show rdoinfo packages.

rdotool info NAME shows one package (by package name or project).

rdotool info ATTR:REGEX ... lists the packages matching every filter (re.search;
ATTR:~REGEX negates; a bare word means name:REGEX; a list or mapping such as
maintainers or tags matches when any item or key does).

Without arguments: the releases and the number of packages per conf.

With --json or --yaml, one NAME gives the package object and filters give a list.
"""


def info(
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
    from rdotool.cli.session import open_rdoinfo
    from rdotool.ops import info as ops

    output = choose_format(fmt, as_json, as_yaml)
    loaded = open_rdoinfo(rdoinfo, info_file, offline, fetch)
    if releases:
        from rdotool.cli.releases import show_releases

        show_releases(ops.list_releases(loaded.rdoinfo), output)
        return
    if not terms:
        ops.check_tag(loaded.rdoinfo, tag)  # a typo must not pass silently here either
        summary = ops.summarize(loaded.rdoinfo)
        source = loaded.location + (f" @ {loaded.commit[:12]}" if loaded.commit else "")
        if output is OutputFormat.text:
            views.render_summary(out(), summary, source)
        else:
            emit_data(
                {
                    "rdoinfo": {"location": loaded.location, "commit": loaded.commit},
                    "releases": summary.releases,
                    "packages": summary.package_count,
                    "confs": summary.confs,
                },
                output,
            )
        return

    result = ops.query_packages(loaded.rdoinfo, terms, tag)
    for name in result.not_in_tag[:5]:
        warn(f"{name} is not in tag {tag}")
    if len(result.not_in_tag) > 5:
        warn(f"{len(result.not_in_tag) - 5} more packages are not in tag {tag}")
    if output is not OutputFormat.text:
        emit_data(result.packages[0] if result.single else result.packages, output)
        return
    printer = out()
    if result.single:
        views.render_package(printer, result.packages[0], tag)
    elif not result.packages:
        note(f"no packages match {' '.join(result.terms)}")
    elif full:
        for index, package in enumerate(result.packages):
            if index:
                printer.line()
            views.render_package(printer, package, tag)
    else:
        views.render_package_list(printer, result.packages)
        note(f"{len(result.packages)} packages match; --full shows their fields")
