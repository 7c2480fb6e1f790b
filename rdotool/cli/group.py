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

from rdotool.errors import ExitCode, RdotoolError

DEBUG_KEY = "rdotool.debug"


def debug_enabled(ctx: Any) -> bool:
    """True when --debug was given (at the root or on the command) or RDOTOOL_DEBUG is set."""
    if ctx is not None and ctx.meta.get(DEBUG_KEY):
        return True
    return os.environ.get("RDOTOOL_DEBUG", "").lower() in {"1", "true", "yes", "on"}


def print_error(message: str, hint: str | None) -> None:
    """Write `rdotool: error: MESSAGE` and `hint: HINT` to stderr (coloured on a terminal)."""
    from rich.console import Console
    from rich.text import Text

    err = Console(stderr=True, soft_wrap=True, highlight=False)
    line = Text("rdotool: ")
    line.append("error:", style="bold red")
    line.append(" " + message)
    err.print(line)
    if hint:
        hint_line = Text("hint:", style="bold yellow")
        hint_line.append(" " + hint)
        err.print(hint_line)


class RdotoolGroup(TyperGroup):
    """Root command group that maps exceptions to rdotool's exit codes."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RdotoolError as exc:
            if debug_enabled(ctx):
                import traceback

                traceback.print_exc()
            print_error(exc.message, exc.hint)
            ctx.exit(int(exc.exit_code))
        except KeyboardInterrupt:
            print_error("interrupted", None)
            ctx.exit(int(ExitCode.INTERRUPTED))
        except (Exit, Abort, TyperException):
            raise  # typer's own exits and usage errors (exit 0, 1 or 2)
        except BrokenPipeError:
            # `rdotool info ... | head`: the reader went away; leave quietly like other tools.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(141)
        except Exception as exc:
            if debug_enabled(ctx):
                import traceback

                traceback.print_exc()
            print_error(
                f"internal error: {type(exc).__name__}: {exc}",
                "this is a bug in rdotool; rerun with --debug and report the traceback",
            )
            ctx.exit(int(ExitCode.INTERNAL))
