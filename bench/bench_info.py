"""rdotool against rdopkg on the same rdoinfo: medians of several runs and their ratios.

    make bench        (or .venv/bin/python bench/bench_info.py [--runs N] [--rdoinfo DIR])

rdopkg 1.8.0 is installed from PyPI into bench/.venv-rdopkg (with the `rpm` shim for the
system's bindings) on first use. Measured, each as a whole process:

- `rdopkg info -l DIR openstack-octavia` (rdopkg has no cache: every run parses YAML);
- `rdotool info --rdoinfo DIR openstack-octavia` cold (empty parsed cache) and warm;
- `rdotool --version`, `--help` and bash completion (a command name, a package name)
  against `rdopkg --version` (start-up);
- the cold load of a copy of rdoinfo with 4x the packages against the same copy at 1x
  (both re-written by one dumper): growth should be linear in the packages.

Each figure is a median of wall-clock and of CPU time (the process and its children).

This reports figures; it is not a test and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def timed(argv: list[str], env: dict[str, str], before: object = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of argv as a whole process (CPU: user + system of
    the process and its children)."""
    if callable(before):
        before()
    start, used = time.perf_counter(), _children_cpu()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed, cpu = time.perf_counter() - start, _children_cpu() - used
    if result.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.decode()[-500:]}")
    return elapsed, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median(
    argv: list[str], env: dict[str, str], runs: int, before: object = None
) -> tuple[float, float]:
    """Medians of wall and CPU time over `runs` runs (after one unmeasured run)."""
    timed(argv, env, before)  # warms the OS caches
    samples = [timed(argv, env, before) for _ in range(runs)]
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
    )


def _no_alias_dumper() -> type:
    """CSafeDumper writing shared objects out in full: the copies share their nested
    lists, and anchors with aliases (which rdoinfo never has) would change what is timed."""
    import yaml

    class NoAliasDumper(yaml.CSafeDumper):  # type: ignore[misc,name-defined]
        def ignore_aliases(self, data: object) -> bool:
            return True

    return NoAliasDumper


def scaled_copy(rdoinfo: Path, factor: int, dest: Path) -> int:
    """A copy of rdoinfo with every package entry repeated `factor` times (projects
    suffixed -s2, -s3, ..., in rdo.yml, deps.yml and the tag files alike); its size."""
    import yaml

    dumper = _no_alias_dumper()
    shutil.copytree(rdoinfo, dest)
    for path in sorted(dest.rglob("*.yml")):
        data = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
        if not isinstance(data, dict) or not isinstance(data.get("packages"), list):
            continue
        copies = []
        for k in range(2, factor + 1):
            for entry in data["packages"]:
                if isinstance(entry, dict) and "project" in entry:
                    copy = dict(entry, project=f"{entry['project']}-s{k}")
                    if "name" in copy:
                        copy["name"] = f"{copy['name']}-s{k}"
                    copies.append(copy)
        data["packages"] += copies
        path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False))
    return sum(p.stat().st_size for p in dest.rglob("*.yml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rdoinfo", type=Path, default=SHARED_DATA / "rdoinfo")
    parser.add_argument(
        "--scale", type=int, default=4, help="also load a copy with N times the packages"
    )
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
        "rdotool --version": median([str(RDOTOOL), "--version"], env, args.runs),
        "rdotool --help": median([str(RDOTOOL), "--help"], env, args.runs),
        "rdotool re<TAB>": median(
            [str(RDOTOOL)],
            {**env, "_RDOTOOL_COMPLETE": "complete_bash", "COMP_WORDS": "rdotool re",
             "COMP_CWORD": "1"},
            args.runs,
        ),
        "rdotool info open<TAB>": median(
            [str(RDOTOOL)],
            {**env, "_RDOTOOL_COMPLETE": "complete_bash", "RDOTOOL_RDOINFO": str(rdoinfo),
             "COMP_WORDS": "rdotool info openstack-oc", "COMP_CWORD": "2"},
            args.runs,
        ),
    }  # fmt: skip
    scaled: dict[int, tuple[int, float]] = {}
    for factor in (1, args.scale):
        # both written by the same dumper, so that MB means the same at 1x and Nx
        source = cache / f"rdoinfo-x{factor}"
        size = scaled_copy(rdoinfo, factor, source)
        argv = [str(RDOTOOL), "info", "--rdoinfo", str(source), PACKAGE]
        scaled[factor] = (size, median(argv, env, args.runs, clear_cache)[1])
    shutil.rmtree(cache, ignore_errors=True)

    print(f"rdoinfo: {rdoinfo}  package: {PACKAGE}  runs: {args.runs} (medians)")
    print(f"  {'':<24} {'wall':>9} {'CPU':>9}")
    for name, (wall, cpu) in rows.items():
        print(f"  {name:<24} {wall * 1000:6.1f} ms {cpu * 1000:6.1f} ms")
    base = rows["rdopkg info"]
    version = rows["rdopkg --version"]
    for label, key, reference, kind in (
        ("speed-up, cold info", "rdotool info (cold)", base, "x"),
        ("speed-up, warm info", "rdotool info (warm)", base, "x"),
        ("--version / rdopkg --version", "rdotool --version", version, "ratio"),
        ("--help / rdopkg --version", "rdotool --help", version, "ratio"),
        ("command TAB / rdopkg --version", "rdotool re<TAB>", version, "ratio"),
        ("package TAB / rdopkg --version", "rdotool info open<TAB>", version, "ratio"),
    ):
        wall, cpu = rows[key]
        if kind == "x":
            text = f"{reference[0] / wall:5.1f}x wall {reference[1] / cpu:5.1f}x CPU"
        else:
            text = f"{wall / reference[0]:5.2f} wall {cpu / reference[1]:5.2f} CPU"
        print(f"  {label:<32} {text}")
    base_size, base_cpu = scaled[1]
    for factor, (size, cpu) in scaled.items():
        # linear growth keeps the cost per MB: the last column stays at 1.00 (or below)
        per_mb = cpu * 1000 / (size / 1e6)
        print(
            f"  cold load, {factor}x the packages ({size / 1e6:.1f} MB of YAML): "
            f"{cpu * 1000:.0f} ms CPU, {per_mb:.0f} ms/MB, "
            f"{(cpu / size) / (base_cpu / base_size):.2f}x the 1x cost per MB"
        )


if __name__ == "__main__":
    main()
