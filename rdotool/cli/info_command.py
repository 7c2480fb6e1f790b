"""What `rdotool info` does once its options are parsed: ask ops.info, render the answer.

Kept apart from the typer signature in cli/info.py so that the quick path
(rdotool/quick.py) answers a warm `info NAME` without importing typer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from rdotool.cli.output import OutputFormat, emit_data, note, out
from rdotool.ops.context import RunContext


def show_info(
    run: RunContext,
    terms: Optional[Sequence[str]],
    tag: Optional[str],
    releases: bool,
    full: bool,
    fetch: bool,
    output: OutputFormat,
) -> None:
    """Show the packages TERMS name, the releases, or the summary (see cli/info.HELP)."""
    from rdotool.cli import views
    from rdotool.ops import info as ops

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
