"""One package of `rdotool uc bump`, in a process of its own:
`python -m rdotool.bump_worker WORKDIR PACKAGE`.

ops/uc_bump.py starts one per package (at most -j at a time); its stdout and stderr go
to the package's log. It reads the bump and the package's state from WORKDIR, runs the
package's unfinished steps (ops/uc_bump.run_package) and saves the state after each.
SIGINT and SIGTERM are armed from the start, as in a command: the step in flight rolls
back (its journal), is recorded as interrupted, and the worker exits 130 or 143. Exit
0: the package finished or stopped on a failure recorded in its state; 70: a bug.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any


class LogReporter:
    """Warnings and notes as lines of the package's log (this process's stderr)."""

    def warn(self, message: str) -> None:
        print(f"warning: {message}", file=sys.stderr, flush=True)

    def note(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    @contextmanager
    def progress(self, label: str) -> Iterator[Any]:
        from rdotool.ops.context import SilentReporter

        with SilentReporter().progress(label) as progress:
            yield progress


def main(argv: list[str]) -> int:
    from rdotool import signals

    signals.install()
    signals.arm()
    workdir, package = Path(argv[0]), argv[1]
    from rdotool.ops.context import RunContext
    from rdotool.ops.uc_bump import load_package, load_run, run_package

    bump_run = load_run(workdir)
    day = datetime.fromisoformat(bump_run.today)
    run = RunContext.from_environment(
        reporter=LogReporter(),
        # the whole bump's changelog entries carry the day it started
        clock=lambda: datetime.combine(day.date(), datetime.now().time()),
    ).with_options(rdoinfo=bump_run.rdoinfo, offline=True)
    state = load_package(workdir, package)
    try:
        run_package(run, workdir, bump_run, state)
    except signals.Interrupted as exc:
        print(f"interrupted by {exc.name}", file=sys.stderr, flush=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
