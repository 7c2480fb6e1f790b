"""rdotool against rdopkg on the same rdoinfo: medians of several runs and their ratios.

    make bench        (or .venv/bin/python bench/bench_info.py [--runs N] [--rdoinfo DIR])

rdopkg 1.8.0 is installed from PyPI into bench/.venv-rdopkg (with the `rpm` shim for the
system's bindings) on first use. Measured, each as a whole process:

- `rdopkg info -l DIR openstack-octavia` (rdopkg has no cache: every run parses YAML);
- `rdotool info --rdoinfo DIR openstack-octavia` cold (empty parsed cache) and warm;
- `rdotool --help` against `rdopkg --version` (start-up).

This reports figures; it is not a test and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdopkg_env import SHARED_DATA, rdopkg

RDOTOOL = Path(sys.executable).parent / "rdotool"
PACKAGE = "openstack-octavia"


def timed(argv: list[str], env: dict[str, str], before: object = None) -> float:
    if callable(before):
        before()
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.decode()[-500:]}")
    return elapsed


def median(argv: list[str], env: dict[str, str], runs: int, before: object = None) -> float:
    timed(argv, env, before)  # one unmeasured run warms the OS caches
    return statistics.median(timed(argv, env, before) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rdoinfo", type=Path, default=SHARED_DATA / "rdoinfo")
    args = parser.parse_args()
    rdoinfo: Path = args.rdoinfo
    if not (rdoinfo / "rdo-full.yml").is_file():
        sys.exit(f"{rdoinfo} has no rdo-full.yml: pass --rdoinfo DIR")

    cache = Path(tempfile.mkdtemp(prefix="rdotool-bench-"))
    env = {**os.environ, "RDOTOOL_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    rdopkg_exe = str(rdopkg())

    def clear_cache() -> None:
        shutil.rmtree(cache / "parsed", ignore_errors=True)

    rows = {
        "rdopkg info": median([rdopkg_exe, "info", "-l", str(rdoinfo), PACKAGE], env, args.runs),
        "rdotool info (cold)": median(
            [str(RDOTOOL), "info", "--rdoinfo", str(rdoinfo), PACKAGE], env, args.runs, clear_cache
        ),
        "rdotool info (warm)": median(
            [str(RDOTOOL), "info", "--rdoinfo", str(rdoinfo), PACKAGE], env, args.runs
        ),
        "rdopkg --version": median([rdopkg_exe, "--version"], env, args.runs),
        "rdotool --help": median([str(RDOTOOL), "--help"], env, args.runs),
    }
    shutil.rmtree(cache, ignore_errors=True)

    print(f"rdoinfo: {rdoinfo}  package: {PACKAGE}  runs: {args.runs} (medians)")
    for name, seconds in rows.items():
        print(f"  {name:<22} {seconds * 1000:8.1f} ms")
    base = rows["rdopkg info"]
    print(f"  speed-up, cold info:   {base / rows['rdotool info (cold)']:6.1f}x")
    print(f"  speed-up, warm info:   {base / rows['rdotool info (warm)']:6.1f}x")
    print(
        f"  start-up ratio (rdotool --help / rdopkg --version): "
        f"{rows['rdotool --help'] / rows['rdopkg --version']:.2f}"
    )


if __name__ == "__main__":
    main()
