"""`rdotool bisect GOOD [BAD]`: the upstream commit that broke a trunk build.

BAD (default: the tip of REF) is built first: its failure (phase and first error,
core/ftbfs.signature) is what bisect looks for. GOOD must build. Then the commits
between them (`git rev-list --ancestry-path GOOD..BAD`, oldest first) are built by
binary search, as `build --trunk` builds them, until the first commit failing with
BAD's signature is known. A commit that fails another way is skipped (git bisect's
`skip`): the nearest untested commit is built instead.

Every verdict is saved in `.git/rdotool/bisect.json` as soon as it is known, and the
builds go under `.git/rdotool/bisect/`: the distgit's work tree is never touched, an
interrupted bisect resumes with `--continue` (a build cut short is made again) and
`--abort` removes it all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Optional

from rdotool.adapters.files import read_text, remove_file, remove_tree, write_atomic
from rdotool.adapters.git import Repo
from rdotool.core.build import Backend
from rdotool.core.ftbfs import Ftbfs, signature
from rdotool.core.targets import target
from rdotool.errors import InputError, RdotoolError, UsageError
from rdotool.ops import state as states
from rdotool.ops.build import BuildFailedError, BuildOptions, run_build
from rdotool.ops.context import RunContext
from rdotool.ops.distgit import open_distgit
from rdotool.ops.trunk import TrunkOptions, clone_upstream, resolve

Progress = Callable[[str], None]
GOOD, BAD, SKIP = "good", "bad", "skip"


@dataclass
class Verdict:
    """One commit built: good, bad (BAD's failure) or skip (another failure)."""

    commit: str
    verdict: str
    phase: str = ""
    first_error: str = ""


@dataclass
class Commit:
    """An upstream commit, as the answer shows it."""

    sha: str
    subject: str
    author: str
    date: str
    url: Optional[str]


@dataclass
class BisectResult:
    first_bad: Optional[Commit]  # None: only skipped commits are left (see candidates)
    candidates: list[str]  # when ambiguous: the commits the first bad one may be
    phase: str
    first_error: str
    steps: list[Verdict]
    skipped: list[str] = field(default_factory=list)


@dataclass
class _State:
    good: str
    bad: str
    ref: str
    upstream: str
    commits: list[str]  # between GOOD and BAD, oldest first, BAD last
    build: dict[str, object]  # the build options that are kept (backend, distro...)
    signature: Optional[str] = None
    phase: str = ""
    first_error: str = ""
    steps: list[Verdict] = field(default_factory=list)


@dataclass(frozen=True)
class BisectRequest:
    """What `rdotool bisect` was asked: start (GOOD [BAD]), --continue or --abort."""

    good: Optional[str] = None
    bad: Optional[str] = None
    resume: bool = False
    abort: bool = False
    options: BuildOptions = field(default_factory=BuildOptions)
    trunk: TrunkOptions = field(default_factory=TrunkOptions)


def run_bisect(
    run: RunContext, path: Path, request: BisectRequest, progress: Progress
) -> BisectResult | str:
    """The bisect's answer, or (--abort) what was cleaned up."""
    if request.resume and request.abort:
        raise UsageError("--continue and --abort go alone")
    if (request.resume or request.abort) and (request.good or request.bad):
        raise UsageError("--continue and --abort take no GOOD or BAD")
    if request.abort:
        return abort_bisect(path)
    if request.resume:
        return continue_bisect(run, path, progress)
    if not request.good:
        raise UsageError("bisect needs GOOD: an upstream commit or tag that builds")
    return bisect(run, path, request.good, request.bad, request.options, request.trunk, progress)


def bisect(
    run: RunContext,
    path: Path,
    good: str,
    bad: Optional[str],
    options: BuildOptions,
    trunk: TrunkOptions,
    progress: Progress,
) -> BisectResult:
    """Start a bisect (refused while one is in progress) and run it to its answer."""
    distgit = open_distgit(path)
    store = _state_file(distgit.repo)
    if store.exists():
        raise InputError(
            f"a bisect is already in progress in {distgit.path}",
            "finish it with `rdotool bisect --continue`, or `rdotool bisect --abort`",
        )
    work = _work_dir(distgit.repo)
    remove_tree(work)
    clone = work / "upstream"
    source, ref = clone_upstream(distgit, trunk, clone, run.upstream_branches)
    repo = Repo(clone)
    good_sha = resolve(repo, good, source)
    bad_sha = resolve(repo, bad or ref, source)
    commits = repo.run("rev-list", "--reverse", "--ancestry-path", f"{good_sha}..{bad_sha}")
    listed = commits.split()
    if not listed:
        raise InputError(
            f"{bad or ref} is not a descendant of {good} upstream", "name a GOOD ancestor of BAD"
        )
    kept: dict[str, object] = {
        "backend": options.backend.value if options.backend else None,
        "distro": options.distro,
        "root": options.root,
        "nodeps": options.nodeps,
        "numbering": trunk.numbering,
        "python": trunk.python,
    }
    state = _State(good_sha, bad_sha, ref, trunk.upstream or "", listed, kept)
    _save(store, state)
    return _run(run, path, state, options, progress)


def continue_bisect(run: RunContext, path: Path, progress: Progress) -> BisectResult:
    """Resume the bisect in progress where it stopped, with the build options it began
    with."""
    distgit = open_distgit(path)
    state = _load(_state_file(distgit.repo))
    kept = state.build
    backend = kept.get("backend")
    options = BuildOptions(
        backend=Backend(str(backend)) if backend else None,
        distro=str(kept["distro"]) if kept.get("distro") else None,
        root=str(kept["root"]) if kept.get("root") else None,
        nodeps=bool(kept.get("nodeps")),
    )
    return _run(run, path, state, options, progress)


def bisect_in_progress(repo: Repo) -> str | None:
    """A line about the bisect in progress in a distgit (for `rdotool status`), or None."""
    store = _state_file(repo)
    if not store.exists():
        return None
    try:
        state = _load(store)
    except InputError:
        return f"a bisect whose state cannot be read ({store})"
    return (
        f"bisect of {state.good[:12]}..{state.bad[:12]} ({len(state.commits)} commits),"
        f" {len(state.steps)} builds made"
    )


def abort_bisect(path: Path) -> str:
    """Forget the bisect in progress and remove its builds."""
    repo = open_distgit(path).repo
    store = _state_file(repo)
    if not store.exists():
        raise InputError(f"no bisect is in progress in {repo.path}")
    remove_file(store)
    remove_tree(_work_dir(repo))
    return "bisect aborted: its state and builds are removed"


def _run(
    run: RunContext, path: Path, state: _State, options: BuildOptions, progress: Progress
) -> BisectResult:
    distgit = open_distgit(path)
    store = _state_file(distgit.repo)
    known = {step.commit: step for step in state.steps}
    total = 2 + max(1, len(state.commits)).bit_length()

    def build(sha: str, why: str) -> Ftbfs | None:
        progress(f"step {len(state.steps) + 1}/~{total}: building {sha[:7]} ({why})")
        return _build(run, path, state, options, sha)

    if state.signature is None:
        failure = build(state.bad, "BAD")
        if failure is None:
            remove_file(store)
            raise InputError(
                f"{state.bad[:12]} (BAD) builds: there is nothing to bisect",
                "name a BAD commit whose build fails",
            )
        state.signature = signature(failure)
        state.phase, state.first_error = failure.phase, failure.first_error
        state.steps.append(Verdict(state.bad, BAD, failure.phase, failure.first_error))
        _save(store, state)
        known[state.bad] = state.steps[-1]
    if state.good not in known:
        failure = build(state.good, "GOOD")
        if failure is not None:
            remove_file(store)
            raise InputError(
                f"{state.good[:12]} (GOOD) does not build either ({failure.phase}:"
                f" {failure.first_error})",
                "name an older GOOD commit",
            )
        state.steps.append(Verdict(state.good, GOOD))
        _save(store, state)
        known[state.good] = state.steps[-1]
    while True:
        low, high = _bounds(state.commits, known)
        candidate = _next(state.commits, known, low, high)
        if candidate is None:
            break
        failure = build(state.commits[candidate], "between")
        verdict = _verdict(failure, state.signature)
        step = Verdict(
            state.commits[candidate],
            verdict,
            failure.phase if failure else "",
            failure.first_error if failure else "",
        )
        state.steps.append(step)
        known[step.commit] = step
        _save(store, state)
    return _answer(distgit.repo, state, known)


def _build(
    run: RunContext, path: Path, state: _State, options: BuildOptions, sha: str
) -> Ftbfs | None:
    """Build upstream `sha` as build --trunk; None when it builds, else its failure."""
    distgit = open_distgit(path)
    python = state.build.get("python")
    trunk = TrunkOptions(
        ref=sha,
        upstream=state.upstream or None,
        numbering=str(state.build.get("numbering") or "0.date.hash"),
        python=str(python) if python else None,
    )
    built = replace(options, trunk=trunk, result_root=_work_dir(distgit.repo) / "builds" / sha[:12])
    try:
        run_build(path, target(options.distro), built, None, None, run.upstream_branches)
    except BuildFailedError as failed:
        return failed.ftbfs
    except RdotoolError as exc:  # before any build: the tarball or the SRPM
        return Ftbfs("sources", exc.message, exc.details[-5:])
    return None


def _verdict(failure: Ftbfs | None, wanted: str | None) -> str:
    if failure is None:
        return GOOD
    return BAD if signature(failure) == wanted else SKIP


def _bounds(commits: list[str], known: dict[str, Verdict]) -> tuple[int, int]:
    """[low, high]: after the newest good commit, up to the oldest bad one (BAD)."""
    low = 0
    high = len(commits) - 1
    for index, sha in enumerate(commits):
        step = known.get(sha)
        if step is None:
            continue
        if step.verdict == GOOD:
            low = max(low, index + 1)
        elif step.verdict == BAD:
            high = min(high, index)
    return low, high


def _next(commits: list[str], known: dict[str, Verdict], low: int, high: int) -> int | None:
    """The untested commit nearest the middle of [low, high) (lower one first), or None
    when every commit before `high` is tested."""
    middle = (low + high) // 2
    untested = [i for i in range(low, high) if commits[i] not in known]
    if not untested:
        return None
    return min(untested, key=lambda i: (abs(i - middle), i))


def _answer(repo: Repo, state: _State, known: dict[str, Verdict]) -> BisectResult:
    clone = Repo(_work_dir(repo) / "upstream")
    low, high = _bounds(state.commits, known)
    candidates = state.commits[low : high + 1]
    skipped = [s.commit for s in state.steps if s.verdict == SKIP]
    # every commit before the oldest bad one is tested by now: only skipped ones remain
    first = _describe(clone, candidates[0], state) if len(candidates) == 1 else None
    return BisectResult(
        first_bad=first,
        candidates=[] if first else candidates,
        phase=state.phase,
        first_error=state.first_error,
        steps=state.steps,
        skipped=skipped,
    )


def _describe(clone: Repo, sha: str, state: _State) -> Commit:
    fields = clone.run("show", "-s", "--format=%H%x00%s%x00%an <%ae>%x00%aI", sha).split("\0")
    upstream = state.upstream or clone.config("remote.origin.url") or ""
    url = None
    if upstream.startswith(("https://", "http://")):
        url = f"{upstream.rstrip('/').removesuffix('.git')}/commit/{fields[0]}"
    return Commit(fields[0], fields[1], fields[2], fields[3], url)


def _state_file(repo: Repo) -> Path:
    return states.state_dir(repo.git_dir) / "bisect.json"


def _work_dir(repo: Repo) -> Path:
    return states.state_dir(repo.git_dir) / "bisect"


def _save(path: Path, state: _State) -> None:
    write_atomic(path, json.dumps(asdict(state), indent=2) + "\n")


def _load(path: Path) -> _State:
    if not path.exists():
        raise InputError(
            f"no bisect is in progress in {path.parent.parent.parent}",
            "start one: rdotool bisect GOOD [BAD]",
        )
    try:
        data = json.loads(read_text(path, "bisect state"))
        steps = [Verdict(**step) for step in data.pop("steps")]
        return _State(**data, steps=steps)
    except (ValueError, TypeError, KeyError) as exc:
        raise InputError(
            f"{path} is not a bisect state rdotool can read", "run `rdotool bisect --abort`"
        ) from exc
