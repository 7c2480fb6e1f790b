"""Work spread over processes, one per core (python-specfile drives rpm's process-global
macro context, so threads would step on each other).

The workers come from a fork server, not from forking rdotool itself: a process that may
run threads (GitPython's output pumps, a test runner) must not fork (Python 3.12 warns,
and a lock held by another thread at that instant stays held in the child)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_in_processes(
    function: Callable[[T], R], items: Iterable[T], jobs: int | None = None
) -> list[R]:
    """`function` over `items` in a process pool, results in the items' order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
    with ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1, mp_context=context) as pool:
        return list(pool.map(function, items))


def run_workers(
    commands: Sequence[list[str]],
    logs: Sequence[Path],
    jobs: int | None,
    env: Mapping[str, str],
    on_exit: Callable[[int, int], None],
) -> None:
    """Run `commands` as child processes, at most `jobs` at a time (default: one per
    core), each writing stdout and stderr to its log (appended); `on_exit(index, code)`
    as each ends. On a signal (rdotool/signals.py passes it on to the children, which
    stop at a consistent point), the children still running are waited for, and
    reported, before the signal goes on."""
    import subprocess
    import time

    waiting = list(range(len(commands)))
    running: dict[int, subprocess.Popen[bytes]] = {}
    limit = max(1, jobs or os.cpu_count() or 1)

    def reap(block: bool) -> None:
        for index, child in list(running.items()):
            code = child.wait() if block else child.poll()
            if code is not None:
                del running[index]
                on_exit(index, code)

    try:
        while waiting or running:
            while waiting and len(running) < limit:
                index = waiting.pop(0)
                logs[index].parent.mkdir(parents=True, exist_ok=True)
                with open(logs[index], "ab") as log:
                    running[index] = subprocess.Popen(
                        commands[index],
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        env=dict(env),
                    )
            reap(block=False)
            if running:
                time.sleep(0.05)
    except BaseException:
        reap(block=True)
        raise
