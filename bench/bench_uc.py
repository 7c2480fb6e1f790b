"""`rdotool uc report` over whole releases of ../shared/data, warm, against `rdopkg --version`.

    make bench   (or .venv/bin/python bench/bench_uc.py [--runs N])

There is no rdopkg equivalent (RDO uses releng's update_uc and a separate report
script): the yardstick is `rdopkg --version`, the cost of starting rdopkg at all, run
in turns with each report. Reports medians and ratios; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdopkg_env import SHARED_DATA, rdopkg

RDOTOOL = Path(sys.executable).parent / "rdotool"
CASES = (
    ("epoxy", "stable-2025.1.txt"),
    ("flamingo", "stable-2025.2.txt"),
    ("flamingo", "master.txt"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rdoinfo = SHARED_DATA / "rdoinfo"
    if not (rdoinfo / "rdo-full.yml").exists():
        sys.exit(f"{rdoinfo} is absent")
    version = [str(rdopkg()), "--version"]
    with tempfile.TemporaryDirectory(prefix="rdotool-bench-uc-") as cache:
        env = {**os.environ, "RDOTOOL_CACHE_DIR": cache, "NO_COLOR": "1"}
        print(f"rdotool uc report, {args.runs} warm runs (medians)")
        for release, uc in CASES:
            argv = [
                str(RDOTOOL),
                "uc",
                "report",
                "--release",
                release,
                "--rdoinfo",
                str(rdoinfo),
                "--uc-file",
                str(SHARED_DATA / "upper-constraints" / uc),
                "--json",
            ]
            subprocess.run(argv, env=env, check=True, capture_output=True)  # fills the cache
            times, versions = [], []
            for _ in range(args.runs):
                times.append(_timed(argv, env))
                versions.append(_timed(version, env))
            ours, theirs = statistics.median(times), statistics.median(versions)
            print(
                f"  {release:<9} {uc:<19} {ours * 1000:7.1f} ms"
                f"  = {ours / theirs:4.2f}x rdopkg --version ({theirs * 1000:.1f} ms)"
            )


def _timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
