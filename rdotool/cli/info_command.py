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
    names: bool = False,
) -> None:
    """Show the packages TERMS name, the releases, or the summary (see cli/info.HELP);
    `info diff [OLD [NEW]]` compares two revisions of rdoinfo."""
    from rdotool.cli import views
    from rdotool.ops import info as ops

    if terms and terms[0] == "diff":
        show_rdoinfo_diff(run, list(terms[1:]), tag, names, output)
        return
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


def show_rdoinfo_diff(
    run: RunContext, revisions: list[str], tag: Optional[str], names: bool, output: OutputFormat
) -> None:
    """`info diff [OLD [NEW]]`: the packages a change of rdoinfo touches, and how."""
    from dataclasses import asdict

    from rdotool.errors import UsageError
    from rdotool.ops.info_diff import rdoinfo_diff

    if len(revisions) > 2:
        raise UsageError("info diff takes at most OLD and NEW")
    old = revisions[0] if revisions else None
    new = revisions[1] if len(revisions) > 1 else None
    result = rdoinfo_diff(run, old, new, tag)
    if names:
        listed = result.diff.names()
        if output is OutputFormat.text:
            printer = out()
            for name in listed:
                printer.line(name)
        else:
            emit_data(listed, output)
        return
    if output is not OutputFormat.text:
        emit_data(asdict(result), output)
        return
    printer = out()
    printer.line(("rdoinfo: ", "bold"), f"{result.old} -> {result.new}")
    diff = result.diff
    for name in diff.added:
        printer.line(("added: ", "bold"), name)
    for name in diff.removed:
        printer.line(("removed: ", "bold"), name)
    for change in diff.changed:
        printer.line(("changed: ", "bold"), change.name)
        tags = [f"+{t}" for t in change.tags_added] + [f"-{t}" for t in change.tags_removed]
        if tags:
            printer.line(f"  tags: {' '.join(tags)}")
        for tag_name, (before, after) in change.pins.items():
            printer.line(f"  {tag_name} source-branch: {before or '-'} -> {after or '-'}")
        for build_tag, (before, after) in change.builds.items():
            printer.line(f"  {build_tag}: {before or '-'} -> {after or '-'}")
        people = [f"+{m}" for m in change.maintainers_added]
        people += [f"-{m}" for m in change.maintainers_removed]
        if people:
            printer.line(f"  maintainers: {' '.join(people)}")
        for item in change.fields:
            printer.line(f"  {item.field}: {item.old} -> {item.new}")
    if not (diff.added or diff.removed or diff.changed):
        note("no package changed")
