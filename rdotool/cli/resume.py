"""`rdotool status`, and the root `--continue` / `--abort` of multi-step commands."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, emitted, note, out
from rdotool.ops.context import RunContext


def status(
    distgit: params.DistgitOpt = Path("."),
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Show the rdotool command in progress in the distgit, if any."""
    from rdotool.ops.resume import status as read_status

    output = choose_format(fmt, as_json, as_yaml)
    current = read_status(distgit)
    if emitted(current, output):
        return
    printer = out()
    if current.bisect:
        printer.line(("In progress: ", "bold"), current.bisect)
        note("`rdotool bisect --continue` resumes it, `rdotool bisect --abort` forgets it")
    if current.command is None:
        if not current.bisect:
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


def continue_in(run: RunContext, distgit: Path, output: OutputFormat) -> None:
    """Run `rdotool --continue` and show the result as the resumed command shows it."""
    from rdotool.ops.new_version import NewVersionResult
    from rdotool.ops.patch import PatchResult
    from rdotool.ops.resume import continue_command

    done = continue_command(run, distgit)
    result = done.result
    if isinstance(result, NewVersionResult):
        from rdotool.cli.new_version import render_result

        render_result(result, output)
    elif isinstance(result, PatchResult):
        from rdotool.cli.patch import render_result as render_patch

        render_patch(result, output)
    elif output is not OutputFormat.text:
        emit_data({"command": done.command, **asdict(result)}, output)
    elif result.commit is None:
        reason = result.message or "nothing to commit, the distgit is up to date"
        out().line(f"rdotool {done.command}: {reason}")
    else:
        message = result.message or ""
        out().line(("Committed ", "bold"), result.commit[:12], ": ", message.splitlines()[0])


def abort_in(distgit: Path) -> None:
    from rdotool.ops.resume import abort_command

    out().line(abort_command(distgit))
