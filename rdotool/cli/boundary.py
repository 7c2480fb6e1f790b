"""The error boundary, without typer: every exception a command raises becomes its one
message, a hint and an exit code (DESIGN.md's table). The typer group (cli/group.py) and
the quick answers (rdotool/quick.py) both run commands through it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from rdotool.cli.output import OutputError, error, write_out
from rdotool.errors import ChecksFailed, ExitCode, RdotoolError


def reported(
    call: Callable[[], object],
    debug: Callable[[], bool],
    passthrough: tuple[type[BaseException], ...] = (),
) -> int:
    """Run `call`; 0 when it succeeds and its output reached stdout, else the exit code
    its exception means, after printing the message (and the traceback with --debug).
    Exceptions in `passthrough` (typer's own exits and usage errors) are raised as is.

    A signal can land while an error is being reported (after the command failed, before
    the process ends): it is reported as an interruption too, never as a traceback."""
    import contextlib

    try:
        return _reported(call, debug, passthrough)
    except KeyboardInterrupt as exc:
        with contextlib.suppress(KeyboardInterrupt):  # a second signal: end all the same
            error(f"interrupted by {getattr(exc, 'name', 'SIGINT')}", None)
        return int(getattr(exc, "exit_code", ExitCode.INTERRUPTED))


def _reported(
    call: Callable[[], object],
    debug: Callable[[], bool],
    passthrough: tuple[type[BaseException], ...],
) -> int:
    from rdotool import signals

    try:
        try:
            call()
            code = 0
        except ChecksFailed as failed:  # the report is out: only the exit code says more
            code = int(failed.exit_code)
        signals.checkpoint()  # an interruption Python swallowed in a finalizer
        write_out(sys.stdout, "")  # a full disk or closed pipe shows here, not at exit
        return code
    except passthrough:
        raise
    except RdotoolError as exc:
        if isinstance(exc, OutputError):
            silence_stdout()
        _traceback(debug)
        error(exc.message, exc.hint, exc.details)
        return int(exc.exit_code)
    except KeyboardInterrupt as exc:
        # SIGINT or SIGTERM (rdotool.signals): whatever was in progress rolled back
        error(f"interrupted by {getattr(exc, 'name', 'SIGINT')}", None)
        return int(getattr(exc, "exit_code", ExitCode.INTERRUPTED))
    except BrokenPipeError:
        # `rdotool info ... | head`: the reader went away; leave quietly like other tools.
        silence_stdout()
        return int(ExitCode.PIPE_CLOSED)
    except OSError as exc:
        # the environment, not a bug: a read-only or full disk, a file that went away
        _traceback(debug)
        what, reason = exc.filename, exc.strerror or str(exc)
        silence_stdout()
        error(
            f"cannot access {what}: {reason}" if what else f"a system call failed: {reason}",
            "check the permissions and free space of that location",
        )
        return int(ExitCode.BAD_INPUT)
    except Exception as exc:
        _traceback(debug)
        error(
            f"internal error: {type(exc).__name__}: {exc}",
            "this is a bug in rdotool; rerun with --debug and report the traceback",
        )
        return int(ExitCode.INTERNAL)


def _traceback(debug: Callable[[], bool]) -> None:
    if debug():
        import traceback

        traceback.print_exc()


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's own flush at exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
