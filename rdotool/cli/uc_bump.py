"""`rdotool uc bump`: every package behind upper-constraints, from new-version to review."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from rdotool.cli import params
from rdotool.cli.output import choose_format
from rdotool.core.uc_bump import BUILDS

# the choices of --build, for the command line to validate and complete
BuildStep = Enum("BuildStep", {name: name for name in BUILDS}, type=str)  # type: ignore[misc]
SRPM = BuildStep("srpm")

if TYPE_CHECKING:
    from rdotool.core.uc_bump import PackageState
    from rdotool.ops.uc_bump import BumpOutcome

MARKS = {
    "done": "done",
    "skipped": "-",
    "failed": "FAILED",
    "interrupted": "stopped",
    "pending": ".",
}


def bump(
    ctx: typer.Context,
    packages: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="[PACKAGE]...",
            help="Only these packages (rdoinfo name, project or UC name). [default: every "
            "package behind]",
            autocompletion=params.complete_package,
            show_default=False,
        ),
    ] = None,
    release: Annotated[
        Optional[str],
        typer.Option(
            "--release",
            metavar="RELEASE",
            autocompletion=params.complete_release,
            help="The rdoinfo release to bump (not with --continue).",
            show_default=False,
        ),
    ] = None,
    workdir: Annotated[
        Path,
        typer.Option(
            "--workdir",
            metavar="DIR",
            help="Where the distgits, the run's state and its logs are kept.",
        ),
    ] = Path("uc-bump"),
    uc_file: params.UcFileOpt = None,
    python: params.PythonOpt = None,
    status: Annotated[
        Optional[str],
        typer.Option(
            "--status",
            metavar="STATUS[,STATUS]",
            help="Which rows of uc report to bump. [default: pin-behind,build-behind]",
            show_default=False,
        ),
    ] = None,
    build: Annotated[
        BuildStep,
        typer.Option(
            "--build", help="The build step (koji: a scratch build on the release's target)."
        ),
    ] = SRPM,
    send: Annotated[
        bool, typer.Option("--send", help="Send each change to Gerrit (else a dry run).")
    ] = False,
    topic: Annotated[
        Optional[str],
        typer.Option(
            "--topic",
            metavar="TOPIC",
            help="Gerrit topic. [default: uc-bump-RELEASE]",
            show_default=False,
        ),
    ] = None,
    rdoinfo_checkout: Annotated[
        Optional[Path],
        typer.Option(
            "--rdoinfo-checkout",
            metavar="PATH",
            help="Also commit the pins of the bumped packages in this rdoinfo checkout.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        Optional[int],
        typer.Option(
            "-j",
            "--jobs",
            metavar="N",
            min=1,
            help="Packages at a time. [default: the CPU count]",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--continue", help="Retry what the run in --workdir did not finish."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan; write nothing.")
    ] = False,
    rdoinfo: params.RdoinfoOpt = None,
    offline: params.OfflineOpt = None,
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Bring every package behind upper-constraints to its UC version, ready for review.

    For each package uc report finds pin-behind or build-behind (for the distro with the
    oldest Python, as uc sync), in its distgit under --workdir (cloned on the release's
    branch, or reused: fetched and fast-forwarded; refused when dirty): new-version to
    the UC version, reqcheck --autosync --commit, the --build step, then review (a dry
    run unless --send). Packages run in parallel (-j), one line each on stderr as they
    end; one failing does not stop the others. With --rdoinfo-checkout, the pins of the
    packages bumped are committed there as one change. The run is kept in --workdir:
    --continue retries only what did not finish (a rebase conflict: resolve it as the
    failure says, then --continue). Ends with a table (a column per step) or --json;
    exit 1 when a package failed.
    """
    from rdotool.cli.context import run_context
    from rdotool.cli.output import OutputFormat, emit_data, note
    from rdotool.errors import ChecksFailed, UsageError
    from rdotool.ops.uc_bump import BumpRequest, uc_bump

    output = choose_format(fmt, as_json, as_yaml)
    run = run_context(ctx, rdoinfo=rdoinfo, offline=offline)
    if resume and (release or packages or dry_run):
        raise UsageError("--continue takes the run in --workdir as it was started")
    if not resume and not release:
        raise UsageError("uc bump needs --release RELEASE (or --continue)")
    statuses = tuple(s.strip() for s in (status or "pin-behind,build-behind").split(","))
    request = BumpRequest(
        release=release or "", workdir=workdir, names=tuple(packages or ()),
        statuses=tuple(s for s in statuses if s), uc_file=uc_file, python=python,
        build=build.value, send=send, topic=topic, rdoinfo_checkout=rdoinfo_checkout,
        jobs=jobs, dry_run=dry_run, resume=resume,
    )  # fmt: skip
    outcome = uc_bump(run, request, _progress_line)
    for message in outcome.notes:
        note(message)
    if output is not OutputFormat.text:
        from dataclasses import asdict

        emit_data(asdict(outcome), output)
    else:
        _render(outcome)
    if outcome.failed:
        raise ChecksFailed()


def _progress_line(state: PackageState) -> None:
    """One line on stderr as a package's worker ends."""
    from rdotool.cli.output import err

    bump = state.bump
    step = state.next_step()
    if step is None:
        what = ("done", "green")
    else:
        result = state.steps[step]
        what = (f"{result.status} at {step}: {result.detail}", "red")
    err().line(f"{bump.package} {bump.old or '?'} -> {bump.new}: ", what)


def _render(outcome: BumpOutcome) -> None:
    from rdotool.cli.output import note, out
    from rdotool.cli.views import render_columns
    from rdotool.core.uc_bump import STEPS

    printer = out()
    if outcome.dry_run:
        printer.line((f"uc bump {outcome.release}: the plan (nothing written)", "bold"))
        plan = [
            (s.bump.package, f"{s.bump.old or '?'} -> {s.bump.new}", s.bump.status, s.path)
            for s in outcome.packages
        ]
        render_columns(printer, ("package", "from -> to", "status", "distgit"), plan)
        note(f"steps: {', '.join(STEPS)}")
        return
    rows = [
        (
            s.bump.package, f"{s.bump.old or '?'} -> {s.bump.new}",
            *(MARKS[s.steps[step].status] for step in STEPS), " ".join(s.review_urls),
        )
        for s in outcome.packages
    ]  # fmt: skip
    render_columns(printer, ("package", "from -> to", *STEPS, "url"), rows)
    failed = [s for s in outcome.packages if s.failed]
    for state in failed:
        step = state.next_step() or ""
        result = state.steps[step]
        printer.line(
            (f"{state.bump.package}: {result.status} at {step}: ", "bold red"), result.detail
        )
        if result.hint:
            printer.line(("  hint: ", "bold yellow"), result.hint)
        printer.line(("  log: ", "dim"), result.log)
    counts = ", ".join(f"{n} {what}" for what, n in outcome.counts.items() if n)
    for commit in outcome.pin_commits:
        printer.line(("rdoinfo pins committed: ", "bold"), commit[:12])
    printer.line((f"{len(outcome.packages)} packages: ", "bold"), counts)
