"""`rdotool fix`: bump Release and open a %changelog entry for a spec-only change."""

from __future__ import annotations

from pathlib import Path

from rdotool.cli import distgit_params as dp
from rdotool.cli import params
from rdotool.cli.output import note, out


def fix(
    bump_index: dp.BumpIndexOpt = None,
    user: dp.UserOpt = None,
    email: dp.EmailOpt = None,
    force: dp.ForceOpt = False,
    distgit: dp.DistgitOpt = Path("."),
    debug: params.DebugOpt = False,
) -> None:
    """Bump Release and open a %changelog entry for a spec-only change.

    Edit the spec and describe the change under the new entry, then run
    `rdotool --continue` to commit it (NAME-VERSION-RELEASE + Changelog:), or
    `rdotool --abort` to put the spec back.
    """
    from rdotool.ops.fix import start_fix

    result = start_fix(distgit, bump_index, user, email, force)
    printer = out()
    printer.line(("Release ", "bold"), result.release, f" in {result.spec}; new entry:")
    printer.line("  ", result.header)
    note(f"edit {result.spec} (describe the change under that entry), then `rdotool --continue`")
