"""`rdotool status`, and the root `--continue` / `--abort` of multi-step commands."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from rdotool.cli import distgit_params as dp
from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, note, out


def status(
    distgit: dp.DistgitOpt = Path("."),
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Show the rdotool command in progress in the distgit, if any."""
    from rdotool.ops.resume import status as read_status

    output = choose_format(fmt, as_json, as_yaml)
    current = read_status(distgit)
    if output is not OutputFormat.text:
        emit_data(asdict(current), output)
        return
    printer = out()
    if current.command is None:
        printer.line("No rdotool command in progress.")
        return
    printer.line(
        ("In progress: ", "bold"),
        f"rdotool {current.command} on {current.branch}",
        f" (next step: {current.step})",
    )
    if current.rebase_worktree:
        printer.line(f"  the rebase of the patches branch is stopped in {current.rebase_worktree}:")
        printer.line("  resolve the conflicts there and `git add` them")
    elif current.rebase_in_progress:
        printer.line("  a git rebase is stopped: resolve it, then `git rebase --continue`")
    note("`rdotool --continue` resumes it, `rdotool --abort` undoes it")


def continue_in(distgit: Path, output: OutputFormat) -> None:
    """Run `rdotool --continue` and show the result."""
    from rdotool.cli.session import ProgressBar
    from rdotool.ops.resume import continue_command

    with ProgressBar("Source0") as bar:
        command, result = continue_command(distgit, progress=bar.download)
    if command == "new-version":
        from rdotool.cli.new_version import render_result

        render_result(result, output)
        return
    if output is not OutputFormat.text:
        emit_data(asdict(result), output)
        return
    if result.commit is None:
        message = getattr(result, "message", None) or "nothing to commit, the distgit is up to date"
        out().line(f"rdotool {command}: {message}")
        return
    out().line(("Committed ", "bold"), result.commit[:12], ": ", result.message.splitlines()[0])


def abort_in(distgit: Path) -> None:
    from rdotool.ops.resume import abort_command

    out().line(abort_command(distgit))
