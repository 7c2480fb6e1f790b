"""`rdotool uc bump`: a release from "upper-constraints moved" to "every change ready for
review" (the steps and states: core/uc_bump.py).

The packages `uc report` finds behind UC (pin-behind, build-behind; for the distro with
the oldest Python, whose pins serve the tag, as `uc sync`) each get a worker process
(`python -m rdotool.bump_worker`, at most `jobs` at a time) that runs the steps in the
package's distgit under the work directory and saves the package's state after each
one. A worker is a process of its own so that librpm's macros, signals and a failure
stay with its package; its output goes to the package's log. Then, with
`rdoinfo_checkout`, the pins of the packages whose new-version is done are committed
there, as `uc sync --commit` would.

The work directory keeps the run (`.rdotool-uc-bump/run.json`), one state file per
package and the logs: `--continue` starts each package at its first unfinished step;
a new-version stopped on a rebase conflict continues once the conflict is resolved.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Optional

from rdotool.adapters.files import read_text, write_atomic
from rdotool.core.uc_bump import (
    BUILDS,
    BUMPED,
    DONE,
    FAILED,
    INTERRUPTED,
    PENDING,
    SKIPPED,
    PackageState,
    StepResult,
    choose_bumps,
    counts,
    unknown_names,
)
from rdotool.errors import InputError, RdotoolError, UsageError
from rdotool.ops.context import RunContext

STATE_DIR = ".rdotool-uc-bump"
CONTINUE = "rdotool uc bump --continue --workdir {workdir}"


@dataclass(frozen=True)
class BumpRequest:
    """What `rdotool uc bump` was asked."""

    release: str
    workdir: Path
    names: tuple[str, ...] = ()
    statuses: tuple[str, ...] = BUMPED
    uc_file: str | None = None
    python: str | None = None
    build: str = "srpm"
    send: bool = False
    topic: str | None = None
    rdoinfo_checkout: Path | None = None
    jobs: int | None = None
    dry_run: bool = False
    resume: bool = False  # --continue: the run in `workdir`, as it was started


@dataclass
class BumpRun:
    """A bump as the work directory keeps it (run.json): what every worker and every
    --continue reads."""

    release: str
    tag: str
    source: str  # the UC file read
    build: str
    send: bool
    topic: str
    rdoinfo: str  # where rdoinfo was read: a --continue reads the same
    rdoinfo_checkout: Optional[str]  # Optional: dacite reads it on Python 3.9
    today: str  # ISO date: the changelog entries of the whole bump carry it
    packages: list[str]
    pins: list[str] = field(default_factory=list)  # packages whose pin is committed
    pin_commits: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BumpOutcome:
    release: str
    workdir: str
    dry_run: bool
    packages: list[PackageState]
    counts: dict[str, int]
    pin_commits: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(state.failed for state in self.packages)


OnPackage = Callable[[PackageState], None]


def uc_bump(
    run: RunContext, request: BumpRequest, on_package: OnPackage | None = None
) -> BumpOutcome:
    """Plan the bump (`dry_run`: only that), then run every package (module docstring);
    `resume`: continue the run kept in the work directory."""
    from rdotool.ops.uc_pins import oldest_distro, uc_rows

    if request.resume:
        return continue_bump(run, request.workdir, request.send, request.jobs, on_package)

    if request.build not in BUILDS:
        raise UsageError(f"unknown build {request.build!r}", f"use {', '.join(BUILDS)}")
    for status in request.statuses:
        if status not in BUMPED:
            raise UsageError(f"uc bump moves {' and '.join(BUMPED)} rows, not {status}")
    loaded = run.rdoinfo()
    release = loaded.rdoinfo.release(request.release)
    distro = oldest_distro(release)
    report = uc_rows(run, loaded.rdoinfo, request.release, request.uc_file, request.python, distro)
    rows = report.distros[distro].rows
    unknown = unknown_names(rows, request.names)
    if unknown:
        raise InputError(
            f"{', '.join(unknown)}: not in {report.release}'s upper-constraints report",
            "name packages by rdoinfo name, project or UC name (see rdotool uc report)",
        )
    bumps = choose_bumps(rows, request.statuses, request.names)
    workdir = request.workdir
    states = [PackageState(bump, str(workdir / bump.package)) for bump in bumps]
    if request.dry_run or not bumps:
        notes = [] if bumps else [f"nothing in {report.release} is {' or '.join(request.statuses)}"]
        return BumpOutcome(
            report.release, str(workdir), request.dry_run, states, counts(states), notes=notes
        )
    previous = _load_run(workdir)
    if previous is not None and _unfinished(workdir, previous):
        raise InputError(
            f"{workdir} holds a bump of {previous.release} that is not finished",
            f"`{CONTINUE.format(workdir=workdir)}`, or remove {workdir / STATE_DIR}",
        )
    bump_run = BumpRun(
        report.release,
        report.tag,
        report.source,
        request.build,
        request.send,
        request.topic or f"uc-bump-{report.release}",
        str(loaded.path),
        str(request.rdoinfo_checkout) if request.rdoinfo_checkout else None,
        run.today().isoformat(),
        [bump.package for bump in bumps],
    )
    (workdir / STATE_DIR / "logs").mkdir(parents=True, exist_ok=True)
    _save_run(workdir, bump_run)
    for state in states:
        save_package(workdir, state)
    return _execute(run, workdir, bump_run, states, request.jobs, on_package)


def continue_bump(
    run: RunContext,
    workdir: Path,
    send: bool = False,
    jobs: int | None = None,
    on_package: OnPackage | None = None,
) -> BumpOutcome:
    """`uc bump --continue`: each package from its first unfinished step; with `send`, a
    review that was a dry run is sent now."""
    bump_run = load_run(workdir)
    states = [load_package(workdir, name) for name in bump_run.packages]
    if send and not bump_run.send:
        bump_run.send = True
        _save_run(workdir, bump_run)
        for state in states:
            if state.steps["review"].status == DONE and state.steps["review"].detail.startswith(
                "dry run"
            ):
                state.steps["review"] = StepResult()
                save_package(workdir, state)
    return _execute(run, workdir, bump_run, states, jobs, on_package)


def _execute(
    run: RunContext,
    workdir: Path,
    bump_run: BumpRun,
    states: list[PackageState],
    jobs: int | None,
    on_package: OnPackage | None,
) -> BumpOutcome:
    from rdotool.adapters.processes import run_workers

    todo = [state for state in states if state.next_step() is not None]
    by_name = {state.bump.package: state for state in states}

    def finished(index: int, code: int) -> None:
        state = load_package(workdir, todo[index].bump.package)
        step = state.next_step()
        if code != 0 and step is not None and state.steps[step].status == PENDING:
            log = str(log_path(workdir, state.bump.package))
            state.steps[step] = StepResult(
                FAILED, f"the worker exited with {code}", "see its log", log
            )
            save_package(workdir, state)
        by_name[state.bump.package] = state
        if on_package is not None:
            on_package(state)

    commands = [
        [sys.executable, "-m", "rdotool.bump_worker", str(workdir), state.bump.package]
        for state in todo
    ]
    logs = [log_path(workdir, state.bump.package) for state in todo]
    run_workers(commands, logs, jobs, dict(run.env), finished)
    done = [by_name[name] for name in bump_run.packages]
    notes: list[str] = []
    if bump_run.rdoinfo_checkout:
        notes += _commit_pins(run, workdir, bump_run, done)
    return BumpOutcome(
        bump_run.release, str(workdir), False, done, counts(done), list(bump_run.pin_commits), notes
    )


def _commit_pins(
    run: RunContext, workdir: Path, bump_run: BumpRun, states: list[PackageState]
) -> list[str]:
    """The pins of the packages whose new-version is done and whose pin is behind,
    committed in the rdoinfo checkout (one commit per run, listing them)."""
    from rdotool.core.uc_report import UcRow
    from rdotool.ops.uc_pins import DistroReport, UcReport, sync_pins

    ready = [
        s
        for s in states
        if s.steps["new-version"].status in (DONE, SKIPPED)
        and s.bump.status == "pin-behind"
        and s.bump.package not in bump_run.pins
        and s.bump.project
    ]
    if not ready:
        return []
    rows = [
        UcRow(
            s.bump.uc_name,
            s.bump.new,
            "pin-behind",
            s.bump.package,
            s.bump.project,
            s.bump.old,
            in_tag=True,
        )
        for s in ready
    ]
    report = UcReport(
        bump_run.release, bump_run.tag, bump_run.source, {"pins": DistroReport("", [], rows, {})}
    )
    assert bump_run.rdoinfo_checkout is not None
    try:
        synced = sync_pins(Path(bump_run.rdoinfo_checkout), report, commit=True)
    except RdotoolError as exc:
        return [f"the pins were not committed: {exc.message}"]
    bump_run.pins += [s.bump.package for s in ready]
    if synced.commit:
        bump_run.pin_commits.append(synced.commit)
    _save_run(workdir, bump_run)
    return []


# --- the work directory ---------------------------------------------------------------


def state_dir(workdir: Path) -> Path:
    return workdir / STATE_DIR


def log_path(workdir: Path, package: str) -> Path:
    return state_dir(workdir) / "logs" / f"{package}.log"


def _package_path(workdir: Path, package: str) -> Path:
    return state_dir(workdir) / "packages" / f"{package}.json"


def save_package(workdir: Path, state: PackageState) -> None:
    path = _package_path(workdir, state.bump.package)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(asdict(state), indent=2) + "\n")


def load_package(workdir: Path, package: str) -> PackageState:
    from rdotool.ops.state import from_json

    path = _package_path(workdir, package)
    return from_json(PackageState, json.loads(read_text(path, "uc bump state")), str(path))


def _save_run(workdir: Path, bump_run: BumpRun) -> None:
    write_atomic(state_dir(workdir) / "run.json", json.dumps(asdict(bump_run), indent=2) + "\n")


def _load_run(workdir: Path) -> BumpRun | None:
    from rdotool.ops.state import from_json

    path = state_dir(workdir) / "run.json"
    if not path.exists():
        return None
    return from_json(BumpRun, json.loads(read_text(path, "uc bump state")), str(path))


def load_run(workdir: Path) -> BumpRun:
    found = _load_run(workdir)
    if found is None:
        raise InputError(
            f"{workdir} holds no uc bump", "start one: rdotool uc bump --release R --workdir DIR"
        )
    return found


def _unfinished(workdir: Path, bump_run: BumpRun) -> bool:
    return any(load_package(workdir, name).next_step() is not None for name in bump_run.packages)


# --- one package (in its worker process) ------------------------------------------------


def run_package(run: RunContext, workdir: Path, bump_run: BumpRun, state: PackageState) -> None:
    """Run the package's steps from its first unfinished one, saving after each; a
    failure stops the package (not the others), a signal marks the step interrupted."""
    from rdotool.adapters.git import Repo
    from rdotool.ops.new_version import RebaseStoppedError, rebase_worktree

    log = str(log_path(workdir, state.bump.package))
    for step in [s for s in state.steps if state.steps[s].status not in (DONE, SKIPPED)]:
        run.reporter.note(f"== {state.bump.package}: {step}")
        try:
            status, detail = STEP_FUNCTIONS[step](run, workdir, bump_run, state)
        except RebaseStoppedError as exc:
            where = rebase_worktree(Repo(Path(state.path)))
            hint = (
                f"resolve it in {where} (cd there, fix the files, git add them), then"
                f" `{CONTINUE.format(workdir=workdir)}`; or give up with `rdotool --abort`"
                f" in {state.path}"
            )
            state.steps[step] = StepResult(FAILED, exc.message, hint, log)
            save_package(workdir, state)
            return
        except RdotoolError as exc:
            state.steps[step] = StepResult(FAILED, exc.message, exc.hint or "", log)
            save_package(workdir, state)
            return
        except KeyboardInterrupt:
            state.steps[step] = StepResult(
                INTERRUPTED, "interrupted", f"`{CONTINUE.format(workdir=workdir)}`", log
            )
            save_package(workdir, state)
            raise
        state.steps[step] = StepResult(status, detail, "", log)
        save_package(workdir, state)


Step = Callable[[RunContext, Path, BumpRun, PackageState], "tuple[str, str]"]


def _clone(
    run: RunContext, workdir: Path, bump_run: BumpRun, state: PackageState
) -> tuple[str, str]:
    """Clone the distgit on the release's branch, or reuse it: fetched, fast-forwarded."""
    from rdotool.adapters.git import Repo
    from rdotool.ops.clone import choose_source, clone_package
    from rdotool.ops.info import find_package
    from rdotool.ops.state import load_state

    rdoinfo = run.rdoinfo().rdoinfo
    path = Path(state.path)
    existed = path.exists()
    if existed and (path / ".git").exists():
        repo = Repo(path)
        if repo.dirty_files():
            raise InputError(
                f"{path} has uncommitted changes", "commit or stash them, then --continue"
            )
        if load_state(repo.git_dir) is not None:
            raise InputError(
                f"{path} has an rdotool command in progress", "finish it (rdotool status)"
            )
    package = find_package(rdoinfo, state.bump.package, strict=True)
    _url, branch = choose_source(rdoinfo, package, None, bump_run.release)
    clone_package(rdoinfo, state.bump.package, path, release=bump_run.release)
    repo = Repo(path)
    if repo.current_branch() != branch:
        raise InputError(
            f"{path} is on {repo.current_branch()}, not {branch}", f"git checkout {branch}"
        )
    if not existed:
        return DONE, f"cloned, on {branch}"
    moved = repo.fast_forward(f"refs/remotes/origin/{branch}")
    return DONE, f"reused, fetched{', fast-forwarded' if moved else ''}"


def _new_version(
    run: RunContext, workdir: Path, bump_run: BumpRun, state: PackageState
) -> tuple[str, str]:
    from rdotool.adapters.git import Repo
    from rdotool.ops.distgit import open_distgit
    from rdotool.ops.new_version import NewVersionOptions, new_version, resume
    from rdotool.ops.state import load_state

    path = Path(state.path)
    progress = load_state(Repo(path).git_dir)
    if progress is not None and progress.command == "new-version":
        done = resume(run, path)
        return DONE, f"{done.plan.old} -> {done.plan.new} (continued), {(done.commit or '')[:12]}"
    version = open_distgit(path).spec().expanded_version
    if version == state.bump.new:
        return SKIPPED, f"already at {version}"
    done = new_version(run, path, state.bump.new, NewVersionOptions())
    return DONE, f"{done.plan.old} -> {done.plan.new}, {(done.commit or '')[:12]}"


def _reqcheck(
    run: RunContext, workdir: Path, bump_run: BumpRun, state: PackageState
) -> tuple[str, str]:
    """reqcheck --autosync against the new version's requirements.txt, folded into the
    new-version commit when this bump made it (one change per package to review),
    else committed on its own."""
    from rdotool.adapters.git import Repo
    from rdotool.core.targets import release_target
    from rdotool.ops.reqcheck import ReqcheckRequest, autosync, check_requirements

    path = Path(state.path)
    release = run.rdoinfo().rdoinfo.release(bump_run.release)
    distro = release_target(release).name
    report = check_requirements(path, ReqcheckRequest(distro=distro), run.upstream_branches)
    subject = f"{state.bump.package}-{state.bump.new}-"
    fold = state.steps["new-version"].status == DONE and Repo(path).head_message().startswith(
        subject
    )
    synced = autosync(path, report, distro, commit=not fold, amend=fold)
    if not synced.diff:
        return SKIPPED, "Requires already in line"
    into = "into the new-version commit" if fold else "committed"
    return DONE, f"added {len(synced.added)}, raised {len(synced.raised)}, {into}"


def _build(
    run: RunContext, workdir: Path, bump_run: BumpRun, state: PackageState
) -> tuple[str, str]:
    from rdotool.core.build import Backend
    from rdotool.ops.build import BuildOptions, build

    if bump_run.build == "none":
        return SKIPPED, "--build none"
    options = BuildOptions(release=bump_run.release, srpm_only=bump_run.build == "srpm")
    if bump_run.build != "srpm":
        backend = Backend(bump_run.build)
        options = replace(options, backend=backend, scratch=backend is Backend.koji)
    done = build(run, Path(state.path), options)
    if bump_run.build == "srpm":
        return DONE, str(done.srpm or done.result_dir)
    return DONE, done.task_url or done.result_dir


def _review(
    run: RunContext, workdir: Path, bump_run: BumpRun, state: PackageState
) -> tuple[str, str]:
    from rdotool.adapters.git import Repo
    from rdotool.ops.review import submit_review

    path = Path(state.path)
    if Repo(path).remote_url("review-origin") is None:  # rdoinfo names no Gerrit for it
        return SKIPPED, "no review-origin remote (not reviewed on Gerrit)"
    sent = submit_review(path, topic=bump_run.topic, dry_run=not bump_run.send, yes=True)
    if sent.dry_run:
        return DONE, f"dry run: {' '.join(sent.command)}"
    state.review_urls = list(sent.urls)
    return DONE, ", ".join(sent.urls) or f"pushed {sent.refspec}"


STEP_FUNCTIONS: dict[str, Step] = {
    "clone": _clone,
    "new-version": _new_version,
    "reqcheck": _reqcheck,
    "build": _build,
    "review": _review,
}
