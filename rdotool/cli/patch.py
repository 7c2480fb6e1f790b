"""`rdotool patch`: update the spec's patches from the patches branch."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

from rdotool.cli.commit_header import read_header
from rdotool.cli.output import OutputFormat, choose_format, emitted, note, out
from rdotool.core.patch_series import ChangelogMode

if TYPE_CHECKING:  # typer's world: cli/group.build_command supplies it (see there)
    import typer

    from rdotool.cli import distgit_params as dp
    from rdotool.cli import params
    from rdotool.ops.patch import PatchResult


def patch(
    ctx: typer.Context,
    patches_branch: dp.PatchesBranchOpt = None,
    local_patches_branch: dp.LocalPatchesBranchOpt = None,
    local_patches: dp.LocalPatchesOpt = False,
    no_bump: Annotated[
        bool,
        typer.Option(
            "--no-bump",
            help="Update the patches only: no Release bump or changelog entry "
            "(commit message 'Updated patches from BRANCH').",
            rich_help_panel=dp.CHANGELOG_PANEL,
        ),
    ] = False,
    bump_index: dp.BumpIndexOpt = None,
    changelog_mode: Annotated[
        ChangelogMode,
        typer.Option(
            "--changelog",
            "-C",
            help="Changelog lines: new patches' subjects (detect), the last N commits (count), "
            "or '- Update patches' (plain).",
            rich_help_panel=dp.CHANGELOG_PANEL,
        ),
    ] = ChangelogMode.DETECT,
    amend: Annotated[
        bool,
        typer.Option(
            "--amend",
            "-a",
            help="Amend the last commit. With --no-bump its message stays (as git amends; "
            "-H replaces its first line, -m all of it); the Change-Id is kept.",
            rich_help_panel=dp.CHANGELOG_PANEL,
        ),
    ] = False,
    header_file: dp.HeaderFileOpt = None,
    message: Annotated[
        Optional[str],
        typer.Option(
            "--message",
            "-m",
            metavar="TEXT",
            help="The whole commit message (an amended commit's Change-Id is kept).",
            rich_help_panel=dp.CHANGELOG_PANEL,
            show_default=False,
        ),
    ] = None,
    bug: dp.BugOpt = None,
    user: dp.UserOpt = None,
    email: dp.EmailOpt = None,
    force: params.ForceOpt = False,
    distgit: params.DistgitOpt = Path("."),
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Regenerate the spec's patches from the patches branch and commit.

    The series is the patches branch on top of the Version's upstream tag (or
    # patches_base=REF[+N], which also skips the N oldest commits), minus commits whose
    subject matches # patches_ignore=REGEX. Files are written as NNNN-subject.patch,
    Patch tags and explicit %patch lines follow (%autosetup specs keep theirs), Release is
    bumped, a %changelog entry lists the new patches, and the commit message is
    NAME-VERSION-RELEASE + Changelog: lines, as rdopkg writes it. No change in the
    patches: no commit, exit 0.
    """
    from rdotool.cli.context import run_context
    from rdotool.core.changelog import parse_bug_option
    from rdotool.core.patch_series import BranchChoice
    from rdotool.ops.patch import PatchOptions, update_patches

    output = choose_format(fmt, as_json, as_yaml)
    options = PatchOptions(
        patches=BranchChoice(patches_branch, local_patches_branch, local_patches),
        bump=not no_bump,
        bump_index=bump_index,
        changelog_mode=changelog_mode,
        amend=amend,
        header=read_header(header_file),
        message=message,
        bugs=tuple(parse_bug_option(bug)),
        user=user,
        email=email,
        force=force,
    )
    render_result(update_patches(run_context(ctx), distgit, options), output)


def render_result(result: PatchResult, output: OutputFormat) -> None:
    """Show what patch did."""
    if emitted(result, output):
        return
    printer = out()
    source = f"{result.patches_branch} on {result.base}"
    extra = []
    if result.skipped:
        extra.append(f"{result.skipped} skipped by patches_base")
    if result.ignored:
        extra.append(f"{len(result.ignored)} ignored by patches_ignore")
    counted = f"{len(result.patches)} patches from {source}" + (
        f" ({', '.join(extra)})" if extra else ""
    )
    if not result.changed:
        printer.line(f"No changes to patches: {counted}; nothing committed.")
        return
    printer.line(("Updated patches: ", "bold"), counted)
    for name in result.patches:
        marker = "+" if name in result.added else " "
        printer.line(f"  {marker} {name}")
    for name in result.removed:
        printer.line(("  - " + name, "red"))
    if result.commit and result.message:
        printer.line(
            ("Committed ", "bold"), result.commit[:12], ": ", result.message.splitlines()[0]
        )
        for line in result.changelog:
            printer.line("  ", line)
    note("review it with `git show`")
