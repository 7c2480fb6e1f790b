"""Work spread over processes, one per core (python-specfile drives rpm's process-global
macro context, so threads would step on each other)."""

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
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        return list(pool.map(function, items))
