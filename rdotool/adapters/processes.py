"""Work spread over processes, one per core (python-specfile drives rpm's process-global
macro context, so threads would step on each other).

The workers come from a fork server, not from forking rdotool itself: a process that may
run threads (GitPython's output pumps, a test runner) must not fork (Python 3.12 warns,
and a lock held by another thread at that instant stays held in the child)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
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
