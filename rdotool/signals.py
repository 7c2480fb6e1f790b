"""SIGINT and SIGTERM as one exception, so every command rolls back the same way.

`install()` runs first thing in the console script (before typer is imported); until
the CLI starts the command (`arm()`), a signal ends the process at once with one line
and 130/143: nothing needs undoing yet. Once armed, both signals raise `Interrupted` (a
KeyboardInterrupt, so `except KeyboardInterrupt` and `except BaseException` clean-up
paths run for SIGTERM too) after passing the signal
on to rdotool's own child processes: a `kill` of rdotool must not leave a `git clone`
running. Inside `shielded()` (a rollback, or a commit and the record saying it is done)
a signal is held back and raised when the block ends.

Python swallows an exception raised while a finalizer runs (a `__del__`, such as
GitPython's `Repo.__del__` during garbage collection): it prints "Exception ignored" and
carries on, and the interruption would be lost. `install()` catches those through
`sys.unraisablehook`, and `checkpoint()` (called before every git or other command, and
by the CLI before it reports success) raises them again.
"""

from __future__ import annotations

import os
import signal
from types import FrameType, TracebackType

_pending: list[int] = []
_swallowed: list[int] = []  # interruptions raised inside a finalizer, to raise again
_shield_depth = 0
_armed = False  # False while Python imports rdotool and typer builds the command tree


class Interrupted(KeyboardInterrupt):
    """The process got SIGINT or SIGTERM; `exit_code` is 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def _children() -> list[int]:
    """PIDs of this process's direct children (Linux /proc; [] elsewhere)."""
    pids: list[int] = []
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return pids
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/children", encoding="ascii") as handle:
                pids += [int(p) for p in handle.read().split()]
        except (OSError, ValueError):
            continue
    return pids


def _running(pid: int) -> bool:
    """True while `pid` exists and has not exited (a zombie has exited)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def forward(signum: int, wait: float = 3.0) -> None:
    """Send `signum` to the child processes (git, rpmbuild, mock) so they stop too, and
    give them `wait` seconds to clean up (git clone removes its partial directory)."""
    import contextlib
    import time

    children = _children()
    for pid in children:
        with contextlib.suppress(OSError):
            os.kill(pid, signum)
    deadline = time.monotonic() + wait
    while any(_running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.02)


def _handler(signum: int, frame: FrameType | None) -> None:
    if not _armed:
        # Start-up: nothing to roll back yet, and an exception raised in the middle of an
        # import can land where Python only prints it ("Exception ignored in ...").
        os.write(2, f"rdotool: error: interrupted by {signal.Signals(signum).name}\n".encode())
        os._exit(128 + signum)
    if _shield_depth:  # the block and its git commands run to the end first
        _pending.append(signum)
        return
    forward(signum)
    raise Interrupted(signum)


def arm(armed: bool = True) -> None:
    """From now on a signal raises Interrupted, so the running command rolls back (the
    CLI's error boundary arms it as the command starts and disarms it when the command
    has ended: during the interpreter's shutdown an exception would only be printed)."""
    global _armed
    _armed = armed


def install() -> None:
    """Route SIGINT and SIGTERM through `_handler` (main thread only); until `arm()`, a
    signal ends the process at once with its one line."""
    import sys

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _handler)
    previous = sys.unraisablehook

    def keep_interruptions(unraisable: object) -> None:
        error = getattr(unraisable, "exc_value", None)
        if isinstance(error, Interrupted):
            _swallowed.append(error.signum)  # raised again at the next checkpoint()
            return
        previous(unraisable)  # type: ignore[arg-type]

    sys.unraisablehook = keep_interruptions


def checkpoint() -> None:
    """Raise an interruption that Python swallowed (see the module docstring); a no-op
    otherwise, and inside `shielded()` (the block's end raises held signals)."""
    if _swallowed and not _shield_depth:
        signum = _swallowed[0]
        _swallowed.clear()
        raise Interrupted(signum)


class shielded:  # noqa: N801 - used as `with shielded():`, like a function
    """Hold SIGINT/SIGTERM back during the block; raise the first one held at its end
    (also over an error of the block: the user stopped it). A class, not
    contextlib.contextmanager: this module loads before anything else, on every run."""

    def __enter__(self) -> None:
        global _shield_depth
        _shield_depth += 1

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        global _shield_depth
        _shield_depth -= 1
        if not _shield_depth and _pending:
            signum = _pending[0]
            _pending.clear()
            raise Interrupted(signum)
