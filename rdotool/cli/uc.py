"""`rdotool uc report` / `uc sync`: a release's rdoinfo pins against upper-constraints."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Optional

import typer

from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, emitted, note, out
from rdotool.core.uc_report import UcStatus

app = typer.Typer(
    help="Compare a release's rdoinfo pins and builds with upper-constraints; sync the pins.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

STYLES = {
    "equal": "green",
    "pin-behind": "red",
    "build-behind": "yellow",
    "ahead": "magenta",
    "unpinned": "cyan",
    "not-packaged": "dim",
    "pinned-ref": "dim",
    "version-locked": "dim",
    "under-review": "dim",
}

TagOpt = Annotated[
    Optional[str],
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        help="rdoinfo tag holding the pins. [default: RELEASE, or RELEASE-uc in development]",
        show_default=False,
    ),
]
UcFileOpt = Annotated[
    Optional[str],
    typer.Option(
        "--uc-file",
        metavar="PATH|URL",
        help="upper-constraints file. [default: the release's upstream_branch, cached]",
        show_default=False,
    ),
]


@app.command("report")
def report(
    ctx: typer.Context,
    release: params.RequiredReleaseOpt,
    tag: TagOpt = None,
    uc_file: UcFileOpt = None,
    python: params.PythonOpt = None,
    status: Annotated[
        Optional[list[UcStatus]],
        typer.Option(
            "--status",
            help="Only entries with this status (repeatable).",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when a pin or a build is behind.")
    ] = False,
    rdoinfo: params.RdoinfoOpt = None,
    offline: params.OfflineOpt = None,
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Show every upper-constraints entry against the release's pin and build.

    Statuses: equal; pin-behind (pin < UC); build-behind (built < pin); ahead (pin > UC);
    unpinned; not-packaged; pinned-ref (a branch or commit pin); version-locked and
    under-review (left alone by sync). Versions compare with RPM rules.
    """
    from rdotool.cli.context import run_context
    from rdotool.errors import ExitCode
    from rdotool.ops.uc_pins import uc_report

    output = choose_format(fmt, as_json, as_yaml)
    statuses = [s.value for s in status or ()]
    run = run_context(ctx, rdoinfo=rdoinfo, offline=offline)
    result = uc_report(run, release, tag, uc_file, python, statuses)
    if output is not OutputFormat.text:
        emit_data(asdict(result), output)
    else:
        from rdotool.cli.views import render_columns

        printer = out()
        printer.line(
            (
                f"{result.release} ({result.tag}) against {result.source} "
                f"for Python {result.python}",
                "bold",
            )
        )
        rows = [
            (r.name, r.uc, r.pin or "-", r.built or "-", r.package or "-", r.status)
            for r in result.rows
        ]
        render_columns(printer, ("uc name", "uc", "pin", "built", "package", "status"), rows)
        summary = ", ".join(f"{n} {s}" for s, n in result.counts.items())
        printer.line((f"{sum(result.counts.values())} entries: ", "bold"), summary)
    if check and result.behind:
        raise typer.Exit(int(ExitCode.CHECK_FAILED))


@app.command("sync")
def sync(
    ctx: typer.Context,
    release: params.RequiredReleaseOpt,
    tag: TagOpt = None,
    uc_file: UcFileOpt = None,
    python: params.PythonOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the diff; change nothing.")
    ] = False,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit the change in the rdoinfo checkout.")
    ] = False,
    lower_ahead: Annotated[
        bool,
        typer.Option(
            "--lower-ahead", help="Also lower pins that are above upper-constraints (a downgrade)."
        ),
    ] = False,
    rdoinfo: params.RdoinfoOpt = None,
    offline: params.OfflineOpt = None,
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Set the release's pins to upper-constraints in a local rdoinfo checkout.

    Pins that are behind, and unpinned packages of the tag, get source-branch: UC in
    tags/TAG.yml (pins above UC only with --lower-ahead); version-locked and under-review
    packages, packages outside the tag and branch/commit pins are left alone. Only those
    lines change; a second run changes nothing.
    """
    from rdotool.cli.context import run_context
    from rdotool.ops.uc_pins import uc_sync

    output = choose_format(fmt, as_json, as_yaml)
    run = run_context(ctx, rdoinfo=rdoinfo, offline=offline)
    synced = uc_sync(run, release, tag, uc_file, python, dry_run, commit, lower_ahead)
    if emitted(synced, output):
        return
    printer = out()
    if not synced.bumps:
        printer.line(f"{synced.path}: every pin already matches upper-constraints")
        return
    for project, before, after in synced.bumps:
        printer.line(f"  {project}: {before or 'unpinned'} -> {after}")
    if dry_run:
        printer.line(synced.diff.rstrip("\n"))
        note("dry run: nothing changed")
    elif synced.commit:
        printer.line(("Committed ", "bold"), synced.commit[:12])
