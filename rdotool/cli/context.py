"""The run context as the commands receive it (see rdotool/ops/context.py)."""

from __future__ import annotations

from typing import Any

from rdotool.ops.context import RunContext


def start_run(ctx: Any, debug: bool) -> RunContext:
    """Build the run's context once, in the root callback; a caller's own (a test with a
    fixed clock) is kept."""
    root = ctx.find_root()
    if isinstance(root.obj, RunContext):
        if debug and not root.obj.debug:
            from dataclasses import replace

            root.obj = replace(root.obj, debug=True)
    else:
        from rdotool.cli.progress import TerminalReporter

        root.obj = RunContext.from_environment(debug=debug, reporter=TerminalReporter())
    return root.obj


def run_context(ctx: Any, **options: Any) -> RunContext:
    """The run's context for a command, narrowed by the command's given options
    (`rdoinfo=`, `info_file=`, `offline=`: None means not given)."""
    root = ctx.find_root()
    base = root.obj if isinstance(root.obj, RunContext) else start_run(ctx, False)
    return base.with_options(**options)
