"""`rdotool uc report` / `uc sync`: a release's rdoinfo pins against upper-constraints."""

from __future__ import annotations

from typing import Annotated

import typer

from rdotool.cli import params, uc_bump, uc_report
from rdotool.cli.group import supply_typer_world
from rdotool.cli.output import choose_format, emitted, note, out

app = typer.Typer(
    help="Compare a release's rdoinfo pins and builds with upper-constraints; sync the pins;"
    " bump the packages.",
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

# `uc report` runs without typer from rdotool/quick.py: its function lives in
# cli/uc_report.py, which imports typer's names for type checking only
supply_typer_world(uc_report)
app.command("report")(uc_report.report)
app.command("bump")(uc_bump.bump)


@app.command("sync")
def sync(
    ctx: typer.Context,
    release: params.RequiredReleaseOpt,
    tag: params.UcTagOpt = None,
    uc_file: params.UcFileOpt = None,
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
