"""`patch` and `new-version` on a distgit with 30 patches: rdotool against rdopkg.

    make bench   (or .venv/bin/python bench/bench_distgit.py [--runs N] [--patches N])

Each run works on a fresh copy of the same distgit (single-repo layout: upstream tags,
`master-patches`, `master`), made once by the test suite's factory. rdopkg loads rdoinfo
in every distgit command, so its cache (~/.distroinfo/cache/rdoinfo.git-b658) is seeded
with ../shared/data/rdoinfo (or the test rdoinfo) in a throw-away HOME: nothing reaches
the network. Reports medians and ratios; asserts nothing about time.
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

from rdopkg_env import ROOT, SHARED_DATA, rdopkg

sys.path.insert(0, str(ROOT))
from tests.factories import git, make_single_repo_distgit

RDOTOOL = Path(sys.executable).parent / "rdotool"


def seed_home(home: Path) -> None:
    """A HOME with a git identity and rdopkg's rdoinfo cache filled from local data."""
    source = SHARED_DATA / "rdoinfo"
    if not (source / "rdo-full.yml").exists():
        source = ROOT / "tests" / "data" / "rdoinfo" / "basic"
    cache = home / ".distroinfo" / "cache" / "rdoinfo.git-b658"
    shutil.copytree(source, cache)
    git(cache, "init", "-q", "-b", "master")
    git(cache, "add", "-A")
    git(cache, "commit", "-q", "-m", "snapshot")
    git(cache, "remote", "add", "origin", "https://github.com/redhat-openstack/rdoinfo.git")
    (cache / ".git" / "FETCH_HEAD").touch()  # fresh: rdopkg will not fetch for an hour


LEGACY_REQUIRES = "".join(
    f"Requires:       python3-{name} >= 1.0\n"
    for name in (
        "oslo-config",
        "oslo-log",
        "oslo-utils",
        "PyYAML",
        "paste-deploy",
        "dns",
        "six",
        "stevedore",
        "requests",
        "keystoneauth1",
        "sqlalchemy",
        "routes",
    )
)
REQUIREMENTS = "".join(
    f"{name}>=1.0\n"
    for name in (
        "oslo.config",
        "oslo.log",
        "oslo.utils",
        "PyYAML",
        "PasteDeploy",
        "dnspython",
        "six",
        "stevedore",
        "requests",
        "keystoneauth1",
        "SQLAlchemy",
        "Routes",
        "pbr",
    )
)


def legacy_spec_distgit(root: Path) -> Path:
    """A distgit whose spec lists its Requires explicitly (what rdopkg's reqcheck reads)."""
    from tests.factories import add_upstream_tag, make_spec

    root.mkdir()
    spec = make_spec(version="1.2.0").replace(
        "BuildArch:      noarch\n", "BuildArch:      noarch\n" + LEGACY_REQUIRES
    )
    repo = make_single_repo_distgit(
        root, tags=("1.1.0",), base_tag="1.1.0", spec=spec, branch="master"
    )
    add_upstream_tag(repo, "1.2.0", {"requirements.txt": REQUIREMENTS})
    return repo


def paired_runs(
    template: Path,
    work: Path,
    commands: dict[str, list[str]],
    env: dict[str, str],
    runs: int,
    prepare: list[list[str]] | None = None,
) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) seconds per command for each of `runs` rounds, each command once per
    round on a fresh copy of `template` (taking turns, so a noisy moment of the machine
    falls on both tools). CPU: user + system of the command and every process it starts,
    git included."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for index in range(runs + 1):  # the first round only warms caches
        for name, argv in commands.items():
            repo = work / f"run-{index}"
            shutil.copytree(template, repo, symlinks=True)
            for step in prepare or []:
                subprocess.run(step, cwd=repo, env=env, check=True, capture_output=True)
            start, used = time.perf_counter(), _children_cpu()
            result = subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True)
            elapsed, cpu = time.perf_counter() - start, _children_cpu() - used
            if result.returncode != 0:
                sys.exit(f"{' '.join(argv)} failed: {result.stderr[-800:]}")
            if index:
                samples[name].append((elapsed, cpu))
            shutil.rmtree(repo)
    return samples


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--patches", type=int, default=30)
    args = parser.parse_args()
    rdopkg_exe = str(rdopkg())
    with tempfile.TemporaryDirectory(prefix="rdotool-bench-") as tmp:
        root = Path(tmp)
        home = root / "home"
        home.mkdir()
        (home / ".gitconfig").write_text("[user]\n\tname = Bench\n\temail = bench@example.com\n")
        env = {
            **os.environ,
            "HOME": str(home),
            "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
            "RDOTOOL_CACHE_DIR": str(root / "cache"),
            "NO_COLOR": "1",
        }
        os.environ.update({k: env[k] for k in ("HOME", "GIT_CONFIG_GLOBAL")})
        seed_home(home)
        subjects = tuple(f"Backport fix number {i}" for i in range(args.patches))
        template = make_single_repo_distgit(root, patches=subjects, branch="master")
        work = root / "work"
        work.mkdir()
        rows = paired_runs(
            template,
            work,
            {
                "rdopkg patch -l": [rdopkg_exe, "patch", "-l"],
                "rdotool patch -l": [str(RDOTOOL), "patch", "-l"],
            },
            env,
            args.runs,
        )
        rows |= paired_runs(
            template,
            work,
            {
                "rdopkg new-version -l -U": [rdopkg_exe, "new-version", "-l", "-U", "1.3.0"],
                "rdotool new-version -l": [str(RDOTOOL), "new-version", "-l", "1.3.0"],
            },
            env,
            args.runs,
            [[str(RDOTOOL), "patch", "-l"]],
        )
        legacy = legacy_spec_distgit(root / "legacy")
        rows |= paired_runs(
            legacy,
            work,
            {
                "rdopkg reqcheck -R 1.2.0": [rdopkg_exe, "reqcheck", "-R", "1.2.0"],
                "rdotool reqcheck -R 1.2.0": [str(RDOTOOL), "reqcheck", "-R", "1.2.0"],
            },
            env,
            args.runs,
        )
    print(f"distgit with {args.patches} patches, {args.runs} runs (medians)")
    print(f"  {'':<28} {'wall':>9} {'CPU':>9}")
    for name, got in rows.items():
        wall, cpu = (statistics.median(s[i] for s in got) for i in (0, 1))
        print(f"  {name:<28} {wall * 1000:6.1f} ms {cpu * 1000:6.1f} ms")
    print("  speed-up: ratio of the medians; in brackets, the median of each round's ratio")
    for label, rdopkg_row, rdotool_row in (
        ("patch", "rdopkg patch -l", "rdotool patch -l"),
        ("new-version", "rdopkg new-version -l -U", "rdotool new-version -l"),
        ("reqcheck", "rdopkg reqcheck -R 1.2.0", "rdotool reqcheck -R 1.2.0"),
    ):
        base, ours = rows[rdopkg_row], rows[rdotool_row]
        cells = []
        for i, kind in ((0, "wall"), (1, "CPU")):
            of_medians = statistics.median(s[i] for s in base) / statistics.median(
                s[i] for s in ours
            )
            per_round = statistics.median(b[i] / o[i] for b, o in zip(base, ours))
            cells.append(f"{of_medians:5.1f}x {kind} ({per_round:4.1f}x)")
        print(f"  speed-up, {label + ':':<14} {'  '.join(cells)}")


if __name__ == "__main__":
    main()
