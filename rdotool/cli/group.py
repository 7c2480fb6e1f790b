"""The single error boundary: every RdotoolError becomes a message, a hint and an exit code.

It lives in a TyperGroup subclass (not in main()) so that tests driving the app through
typer's CliRunner go through it too.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from typer.core import TyperGroup
from typer.exceptions import Abort, Exit, TyperException

from rdotool.cli.output import error
from rdotool.errors import ExitCode, RdotoolError

DEBUG_KEY = "rdotool.debug"


def debug_enabled(ctx: Any) -> bool:
    """True when --debug was given (at the root or on the command) or RDOTOOL_DEBUG is set."""
    if ctx is not None and ctx.meta.get(DEBUG_KEY):
        return True
    return os.environ.get("RDOTOOL_DEBUG", "").lower() in {"1", "true", "yes", "on"}


class RdotoolGroup(TyperGroup):
    """Root command group that maps exceptions to rdotool's exit codes."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RdotoolError as exc:
            if debug_enabled(ctx):
                import traceback

                traceback.print_exc()
            error(exc.message, exc.hint)
            ctx.exit(int(exc.exit_code))
        except KeyboardInterrupt:
            error("interrupted", None)
            ctx.exit(int(ExitCode.INTERRUPTED))
        except (Exit, Abort, TyperException):
            raise  # typer's own exits and usage errors (exit 0, 1 or 2)
        except BrokenPipeError:
            # `rdotool info ... | head`: the reader went away; leave quietly like other tools.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(int(ExitCode.PIPE_CLOSED))
        except Exception as exc:
            if debug_enabled(ctx):
                import traceback

                traceback.print_exc()
            error(
                f"internal error: {type(exc).__name__}: {exc}",
                "this is a bug in rdotool; rerun with --debug and report the traceback",
            )
            ctx.exit(int(ExitCode.INTERNAL))
