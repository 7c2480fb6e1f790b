"""`rdotool new-version`: move the distgit to a new upstream version."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

from rdotool.cli.commit_header import read_header
from rdotool.cli.output import OutputFormat, choose_format, emitted, note, out

if TYPE_CHECKING:  # typer's world: cli/group.build_command supplies it (see there)
    import typer

    from rdotool.cli import distgit_params as dp
    from rdotool.cli import params
    from rdotool.ops.new_version import NewVersionResult

UC_PANEL = "upper-constraints"
UC_AUTO = "auto"  # --uc auto: the release the distgit branch belongs to


def new_version(
    ctx: typer.Context,
    version: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[VERSION]",
            help="Upstream version. [default: the newest tag on the upstream branch]",
            show_default=False,
        ),
    ] = None,
    uc: Annotated[
        Optional[str],
        typer.Option(
            "--uc",
            metavar="RELEASE|auto",
            help="Take the version upper-constraints names for this package in RELEASE "
            "(auto: the release of the distgit branch).",
            autocompletion=params.complete_release,
            rich_help_panel=UC_PANEL,
            show_default=False,
        ),
    ] = None,
    uc_file: Annotated[
        Optional[str],
        typer.Option(
            "--uc-file",
            metavar="PATH|URL",
            help="upper-constraints file to read. [default: the release's upstream_branch]",
            rich_help_panel=UC_PANEL,
            show_default=False,
        ),
    ] = None,
    python: params.PythonOpt = None,
    bump_only: Annotated[
        bool,
        typer.Option("--bump-only", "-b", help="Update the version only: no patches, no sources."),
    ] = False,
    new_sources: Annotated[
        bool,
        typer.Option(
            "--new-sources",
            "-N",
            help="Download Source0 and record it in the sources file.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the plan and change nothing.")
    ] = False,
    patches_branch: dp.PatchesBranchOpt = None,
    local_patches_branch: dp.LocalPatchesBranchOpt = None,
    local_patches: dp.LocalPatchesOpt = False,
    header_file: dp.HeaderFileOpt = None,
    bug: dp.BugOpt = None,
    user: dp.UserOpt = None,
    email: dp.EmailOpt = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            "-f",
            help="Go ahead even if the version is not newer or the tree has uncommitted changes.",
        ),
    ] = False,
    distgit: params.DistgitOpt = Path("."),
    rdoinfo: params.RdoinfoOpt = None,
    offline: params.OfflineOpt = None,
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Move the package to a new upstream version and commit.

    Sets Version, resets Release (1%{?dist}, or 0.1%{?milestone}%{?dist} with
    %global milestone for a pre-release such as 1.0.0rc1 or 4.0.0.0b1), rebases the
    patches branch onto the new tag (patches already upstream drop out), regenerates the
    patch files, moves # patches_base when the spec has one, adds '- Update to X' to
    %changelog and commits NAME-VERSION-RELEASE. Shows how requirements.txt changed
    between the two tags. Without VERSION, the newest tag on the upstream branch of the
    distgit branch's release (from rdoinfo) is taken. The distgit stays on its branch:
    when no patch needs a merge, the patches branch is moved without a checkout;
    otherwise it is rebased in .git/rdotool/rebase, and a conflict stops there: resolve
    it in that directory and `git add` the files, then `rdotool --continue` (or
    `rdotool --abort`). Nothing is ever pushed.
    """
    from rdotool.cli.context import run_context
    from rdotool.core.changelog import parse_bug_option
    from rdotool.core.patch_series import BranchChoice
    from rdotool.errors import UsageError
    from rdotool.ops.new_version import NewVersionOptions, UcTarget
    from rdotool.ops.new_version import new_version as run

    output = choose_format(fmt, as_json, as_yaml)
    if uc is not None and version is not None:
        raise UsageError(
            f"give VERSION ({version}) or --uc {uc}, not both", "--uc picks the version itself"
        )
    if uc is None and (uc_file or python):
        raise UsageError("--uc-file and --python go with --uc RELEASE")
    options = NewVersionOptions(
        bump_only=bump_only,
        patches=BranchChoice(patches_branch, local_patches_branch, local_patches),
        new_sources=new_sources,
        bugs=tuple(parse_bug_option(bug)),
        header=read_header(header_file),
        user=user,
        email=email,
    )
    uc_target = None
    if uc is not None:
        uc_target = UcTarget(None if uc == UC_AUTO else uc, uc_file, python)
    result = run(
        run_context(ctx, rdoinfo=rdoinfo, offline=offline),
        distgit,
        version,
        options,
        uc=uc_target,
        force=force,
        dry_run=dry_run,
    )
    render_result(result, output)


def render_result(result: NewVersionResult, output: OutputFormat) -> None:
    """Show what new-version did or plans."""
    if emitted(result, output):
        return
    plan = result.plan
    printer = out()
    printer.line(
        ("new version: ", "bold"),
        f"{plan.package} {plan.old} -> {plan.new}",
        (f"  ({plan.origin})", "dim"),
    )
    printer.line(
        f"  Version {plan.version}, Release {plan.release}"
        + (f", milestone {plan.milestone}" if plan.milestone else "")
    )
    if plan.patches_base:
        printer.line(f"  patches_base={plan.patches_base}")
    reqs = result.requirements
    if reqs is not None:
        if reqs.empty:
            printer.line("  requirements.txt: unchanged")
        else:
            printer.line(("requirements.txt changes:", "bold"))
            for line in reqs.added:
                printer.line(("  + " + line, "green"))
            for old, new in reqs.changed:
                printer.line(("  ~ " + new, "yellow"), (f" (was {old})", "dim"))
            for line in reqs.removed:
                printer.line(("  - " + line, "red"))
    if result.dry_run:
        note("dry run: nothing changed")
        return
    for subject in result.dropped:
        printer.line(("  dropped (now upstream): ", "dim"), subject)
    if result.patches:
        printer.line(f"  {len(result.patches)} patches: {', '.join(result.patches)}")
    if result.sources:
        printer.line(
            f"  downloaded {result.sources.filename} ({result.sources.size} bytes), sources updated"
        )
    if result.commit and result.message:
        printer.line(
            ("Committed ", "bold"), result.commit[:12], ": ", result.message.splitlines()[0]
        )
    note("nothing was pushed; review it with `git show`")
