"""`rdotool review`: send the distgit change or the patches branch to Gerrit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rdotool.cli import distgit_params as dp
from rdotool.cli import params
from rdotool.cli.output import choose_format, emitted, note, out


def review(
    patches: Annotated[
        bool,
        typer.Option("--patches", help="Send the patches branch to review-patches instead."),
    ] = False,
    local_patches_branch: dp.LocalPatchesBranchOpt = None,
    branch: Annotated[
        Optional[str],
        typer.Option(
            "--branch",
            metavar="BRANCH",
            help="Target branch on Gerrit. [default: the distgit (or patches) branch]",
            show_default=False,
        ),
    ] = None,
    topic: Annotated[
        Optional[str],
        typer.Option("--topic", "-t", metavar="TOPIC", help="Gerrit topic.", show_default=False),
    ] = None,
    reviewers: Annotated[
        Optional[str],
        typer.Option("--reviewers", metavar="a,b", help="Reviewers to add.", show_default=False),
    ] = None,
    wip: Annotated[bool, typer.Option("--wip", help="Mark the change work in progress.")] = False,
    private: Annotated[bool, typer.Option("--private", help="Make the change private.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the git push and the commits; send nothing.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Send even when there is more than one commit.")
    ] = False,
    distgit: params.DistgitOpt = Path("."),
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Send the current distgit change to Gerrit (git push to refs/for/BRANCH).

    Pushes HEAD to review-origin, or with --patches the patches branch to
    review-patches, with --topic/--reviewers/--wip/--private as Gerrit push options.
    A commit without a Change-Id gets one (as Gerrit's commit-msg hook computes it) and is
    amended; rdotool says so. Refuses a dirty tree, a detached HEAD, and more than one
    commit unless --yes. Prints the change URLs Gerrit replies with.
    """
    from rdotool.ops.review import submit_review

    output = choose_format(fmt, as_json, as_yaml)
    names = [r.strip() for r in (reviewers or "").split(",") if r.strip()]
    result = submit_review(
        distgit,
        patches=patches,
        local_branch=local_patches_branch,
        target=branch,
        topic=topic,
        reviewers=names,
        wip=wip,
        private=private,
        dry_run=dry_run,
        yes=yes,
    )
    if result.amended:
        note(
            f"added Change-Id {result.change_ids[-1]} to the last commit "
            f"(now {result.amended[:12]})"
        )
    if emitted(result, output):
        return
    printer = out()
    if result.dry_run:
        printer.line(("would run: ", "bold"), " ".join(result.command))
    for (sha, subject), change in zip(result.commits, result.change_ids):
        printer.line(f"  {sha[:12]} {subject}", (f"  {change}", "dim"))
    if result.dry_run:
        if result.added_change_id:
            note("the last commit has no Change-Id: one would be added")
        return
    printer.line(("Sent to ", "bold"), f"{result.remote} ({result.url}) as {result.refspec}")
    for url in result.urls:
        printer.line("  ", (url, "bold"))
