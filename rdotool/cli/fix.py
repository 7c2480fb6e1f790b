"""`rdotool fix`: bump Release and open a %changelog entry for a spec-only change."""

from __future__ import annotations

from pathlib import Path

import typer

from rdotool.cli import distgit_params as dp
from rdotool.cli import params
from rdotool.cli.output import choose_format, emitted, note, out


def fix(
    ctx: typer.Context,
    bump_index: dp.BumpIndexOpt = None,
    user: dp.UserOpt = None,
    email: dp.EmailOpt = None,
    force: params.ForceOpt = False,
    distgit: params.DistgitOpt = Path("."),
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Bump Release and open a %changelog entry for a spec-only change.

    Edit the spec and describe the change under the new entry, then run
    `rdotool --continue` to commit it (NAME-VERSION-RELEASE + Changelog:), or
    `rdotool --abort` to put the spec back.
    """
    from rdotool.cli.context import run_context
    from rdotool.ops.fix import start_fix

    output = choose_format(fmt, as_json, as_yaml)
    result = start_fix(run_context(ctx), distgit, bump_index, user, email, force)
    if emitted(result, output):
        return
    printer = out()
    printer.line(("Release ", "bold"), result.release, f" in {result.spec}; new entry:")
    printer.line("  ", result.header)
    note(f"edit {result.spec} (describe the change under that entry), then `rdotool --continue`")
