"""`rdotool build`: sources, SRPM, then a mock, rpmbuild or Koji build of the distgit.

Everything lands in `results_<name>/<version>/<release>/` inside the distgit (rpkg's
habit): the SRPM and rpmbuild's tree under `rpmbuild/`, mock's results and logs beside.
The spec is always evaluated with the target distro's macros (`dist`, `rhel`), never
the build host's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

from rdotool.adapters import http, koji_hub, process, rpmbuild
from rdotool.adapters.files import copy_file, file_digest, read_text, temporary_directory
from rdotool.adapters.rpmbuild import RpmInfo
from rdotool.adapters.spec import Spec
from rdotool.core.build import (
    MOCK_LOG_FOR_EXIT,
    Backend,
    is_plain_file_name,
    koji_target,
    mock_argv,
    mock_phase,
    parse_sources_file,
)
from rdotool.core.dlrn import is_template
from rdotool.core.ftbfs import Ftbfs, explain
from rdotool.core.targets import Target, release_target, target
from rdotool.core.versions import parse_rpm_filename
from rdotool.errors import ExternalError, InputError
from rdotool.ops.context import RunContext
from rdotool.ops.distgit import Distgit, UpstreamBranches, open_distgit
from rdotool.ops.trunk import TrunkOptions, TrunkSource, prepare_trunk

PhaseCallback = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    """How to build (from the command line)."""

    backend: Backend | None = None  # None: mock when installed, else rpmbuild
    distro: str | None = None  # core/targets.py; None: the release's, else the default
    release: str | None = None  # rdoinfo release: its distro and Koji target
    root: str | None = None  # mock config
    no_clean: bool = False
    enablerepo: tuple[str, ...] = ()
    addrepo: tuple[str, ...] = ()
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    defines: tuple[tuple[str, str], ...] = ()
    nodeps: bool = False
    download: bool = True
    koji_profile: str | None = None
    koji_hub: str | None = None
    koji_target: str | None = None
    scm: str | None = None
    scratch: bool = False
    nowait: bool = False
    koji_poll: float = 5.0
    dry_run: bool = False
    srpm_only: bool = False  # stop after the SRPM (fedpkg srpm)
    # how a trunk build is made (ops/trunk.py): always for a DLRN template, else when
    # force_trunk (--trunk, or a trunk option that only means something there)
    trunk: TrunkOptions = field(default_factory=TrunkOptions)
    force_trunk: bool = False
    # where results_NAME/... goes instead of the distgit (bisect keeps its builds in .git)
    result_root: Path | None = None


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    backend: str
    target: str
    result_dir: str
    srpm: str | None = None
    rpms: list[RpmInfo] = field(default_factory=list)
    logs: dict[str, str] = field(default_factory=dict)
    downloaded: list[str] = field(default_factory=list)
    commands: list[list[str]] = field(default_factory=list)
    duration: float = 0.0
    task_id: int | None = None
    task_url: str | None = None
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)
    trunk: TrunkBuilt | None = None


@dataclass(frozen=True)
class TrunkBuilt:
    """What a trunk build built: the NVR and the upstream commit (for --json)."""

    nvr: str
    upstream_version: str
    commit: str
    ref: str
    upstream: str
    tarball: str
    spec: str  # the rendered spec, kept in the results directory


class BuildFailedError(ExternalError):
    """The build tool failed; the details show the first error of its log in context."""

    def __init__(self, message: str, hint: str | None, ftbfs: Ftbfs) -> None:
        super().__init__(message, hint, ftbfs.context)
        self.ftbfs = ftbfs


def _explained(out: Path, log: Path) -> Ftbfs:
    """The failed build's phase and first error, from its build log (and mock's root.log)."""
    build_log = out / "build.log"
    root_log = out / "root.log"
    return explain(
        read_text(build_log, "build log") if build_log.exists() else "",
        read_text(root_log, "root log") if root_log.exists() else "",
        str(log),
    )


def ensure_sources(
    directory: Path,
    spec: Spec,
    download: bool,
    dry_run: bool,
    progress: http.DownloadProgress | None,
) -> list[str]:
    """Every Source and Patch is in `directory` (the distgit, or a trunk build's SOURCES),
    downloaded if needed, checksums from its `sources` file checked."""
    listed = {}
    sources_file = directory / "sources"
    if sources_file.exists():
        listed = parse_sources_file(read_text(sources_file, "sources file"))
    fetched = []
    for tag, name, remote in spec.source_files():
        if not is_plain_file_name(name):
            raise InputError(
                f"{tag} file name {name!r} is not a plain file name",
                "rdotool only writes plain file names inside the distgit",
            )
        path = directory / name
        if not path.exists():
            if not remote:
                raise InputError(
                    f"{tag} {name} is missing from {directory}", "add the file, or fix the spec"
                )
            if not download:
                raise InputError(
                    f"{tag} {name} is not downloaded and --no-download is set",
                    "drop --no-download, or put the file in the distgit",
                )
            fetched.append(name)
            if dry_run:
                continue
            http.download(spec.source_url(tag), path, progress)
        entry = listed.get(name)
        if entry is not None and not dry_run:
            digest = file_digest(path, entry.algorithm)
            if digest != entry.digest:
                raise InputError(
                    f"{name} does not match its {entry.algorithm} in the sources file",
                    "remove the file to download it again, or update sources",
                )
    return fetched


def result_dir(distgit: Distgit, spec: Spec, root: Path | None = None) -> Path:
    """`results_NAME/VERSION/RELEASE` in the distgit (or `root`), RELEASE with the
    target's dist."""
    release = spec.expand_as_built(spec.raw_release)
    parts = (f"results_{spec.name}", spec.expanded_version, release)
    if not all(is_plain_file_name(part) for part in parts):
        raise InputError(
            f"{distgit.spec_path.name}: Name, Version or Release ({'/'.join(parts)}) is not"
            " a plain file name",
            "rdotool writes results to results_NAME/VERSION/RELEASE inside the distgit",
        )
    return (root or distgit.path).joinpath(*parts)


def build(run: RunContext, path: Path, options: BuildOptions) -> BuildResult:
    """`rdotool build`: the target (from --distro, else --release's first repo), then
    sources, SRPM and the backend's build."""
    options = _with_release(run, options)
    with run.progress("sources") as progress:
        phase = run.note_phase("build")
        return run_build(
            path,
            target(options.distro),
            options,
            phase,
            progress.download,
            run.upstream_branches,
            run.source_branch_pin,
        )


def _with_release(run: RunContext, options: BuildOptions) -> BuildOptions:
    """--release: the distro and the Koji target of its first repo, unless given."""
    if not options.release:
        return options
    release = run.rdoinfo().rdoinfo.release(options.release)
    repo = (release.get("repos") or [{}])[0]
    return replace(
        options,
        distro=options.distro or release_target(release).name,
        koji_target=options.koji_target or koji_target(repo.get("buildsys")),
    )


def rpmbuild_tree(out: Path) -> Path:
    """rpmbuild's _topdir (SRPMS, RPMS, BUILD...) inside a build's results directory."""
    return out / "rpmbuild"


def srpm_name(spec: Spec) -> str:
    """The SRPM `rpmbuild -bs` writes for the spec, as evaluated for the target."""
    release = spec.expand_as_built(spec.raw_release)
    return f"{spec.name}-{spec.expanded_version}-{release}.src.rpm"


# (package name, distgit branch) -> (pinned source-branch, release) or None
PinLookup = Callable[[str, str], Optional[tuple[str, str]]]


def run_build(
    path: Path,
    target: Target,
    options: BuildOptions,
    on_phase: PhaseCallback | None = None,
    progress: http.DownloadProgress | None = None,
    branches: UpstreamBranches | None = None,
    pins: PinLookup | None = None,
) -> BuildResult:
    """Build the distgit; a DLRN template (or --trunk) from upstream, as DLRN does:
    REF defaults to rdoinfo's `source-branch` pin of the package for the release, else
    the release's upstream branch."""
    started = time.monotonic()
    distgit = open_distgit(path)
    trunk: TrunkOptions | None = options.trunk if options.force_trunk else None
    notes: list[str] = []
    if trunk is None and is_template(read_text(distgit.spec_path, "spec")):
        trunk = options.trunk
        notes.append(
            f"{distgit.spec_path.name} is a DLRN template (Version: XXX): building upstream"
            " as DLRN does (--trunk)"
        )
    if trunk is not None and trunk.ref is None and trunk.upstream is None and pins:
        pinned = pins(Spec(distgit.spec_path).name, distgit.branch)
        if pinned is not None:
            trunk = replace(trunk, ref=pinned[0])
            notes.append(f"rdoinfo pins {pinned[1]} to source-branch {pinned[0]}: building it")
    if trunk is None:
        return _build(distgit, None, target, options, on_phase, progress, started, notes)
    from datetime import datetime, timezone

    with temporary_directory("rdotool-trunk-") as work:
        _phase(on_phase)("upstream")
        prepared = prepare_trunk(distgit, trunk, Path(work), datetime.now(timezone.utc), branches)
        return _build(distgit, prepared, target, options, on_phase, progress, started, notes)


def _build(
    distgit: Distgit,
    prepared: TrunkSource | None,
    target: Target,
    options: BuildOptions,
    on_phase: PhaseCallback | None,
    progress: http.DownloadProgress | None,
    started: float,
    notes: list[str],
) -> BuildResult:
    spec_path = prepared.spec if prepared else distgit.spec_path
    sourcedir = prepared.sources if prepared else distgit.path
    macros = [*target.rpm_macros(), *options.defines]
    spec = Spec(spec_path, macros=macros)
    backend = options.backend.value if options.backend else None
    backend = backend or ("mock" if process.which("mock") else "rpmbuild")
    if options.backend is None and backend == "rpmbuild" and not options.srpm_only:
        notes.append("mock is not installed: building with rpmbuild on this host")
    out = result_dir(distgit, spec, options.result_root)
    topdir = rpmbuild_tree(out)
    report = _phase(on_phase)
    downloaded = []
    if not options.scm:
        report("sources")
        downloaded = ensure_sources(sourcedir, spec, options.download, options.dry_run, progress)
    trunk = _trunk_built(prepared, spec, out, options.dry_run)
    base = BuildResult(
        backend, target.name, str(out), notes=notes, downloaded=downloaded, trunk=trunk
    )
    if options.srpm_only:
        base = replace(base, backend="srpm")
    if options.dry_run:
        planned = topdir / "SRPMS" / srpm_name(spec)
        commands = _planned(backend, target, options, spec_path, sourcedir, out, planned, macros)
        return replace(base, dry_run=True, srpm=str(planned), commands=commands)
    srpm: Path | None = None
    if not options.scm:
        report("srpm")
        out.mkdir(parents=True, exist_ok=True)
        srpm = rpmbuild.build_srpm(spec_path, sourcedir, topdir, macros, out / "srpm.log")
    if options.srpm_only:
        assert srpm is not None
        report("done")
        srpm_info = rpmbuild.read_rpm(srpm)
        return replace(base, srpm=str(srpm), rpms=[srpm_info], duration=time.monotonic() - started)
    if backend == "koji":
        task, url, koji_rpms = _koji(options, srpm, report)
        return replace(
            base,
            srpm=str(srpm) if srpm else None,
            task_id=task,
            task_url=url,
            rpms=koji_rpms,
            duration=time.monotonic() - started,
        )
    assert srpm is not None
    if backend == "mock":
        logs = _mock(target, options, srpm, out, report)
        rpms = sorted(out.glob("*.rpm"))
    else:
        logs = _rpmbuild(options, srpm, topdir, macros, out, report)
        rpms = [srpm, *sorted((topdir / "RPMS").rglob("*.rpm"))]
    report("done")
    return replace(
        base,
        srpm=str(srpm),
        rpms=[rpmbuild.read_rpm(p) for p in rpms],
        logs=logs,
        duration=time.monotonic() - started,
    )


def _trunk_built(
    prepared: TrunkSource | None, spec: Spec, out: Path, dry_run: bool
) -> TrunkBuilt | None:
    """What a trunk build is building; its rendered spec is kept in the results."""
    if prepared is None:
        return None
    kept = out / prepared.spec.name
    if not dry_run:
        copy_file(prepared.spec, kept)
    release = spec.expand_as_built(spec.raw_release)
    return TrunkBuilt(
        nvr=f"{spec.name}-{spec.expanded_version}-{release}",
        upstream_version=prepared.trunk.upstream_version,
        commit=prepared.commit,
        ref=prepared.ref,
        upstream=prepared.upstream,
        tarball=prepared.tarball,
        spec=str(kept),
    )


def _phase(on_phase: PhaseCallback | None) -> PhaseCallback:
    return on_phase if on_phase is not None else (lambda phase: None)


def _planned(
    backend: str,
    target: Target,
    options: BuildOptions,
    spec_path: Path,
    sourcedir: Path,
    out: Path,
    srpm: Path,
    macros: list[tuple[str, str]],
) -> list[list[str]]:
    """The command lines (and Koji calls) a run would make, built as the run builds them."""
    topdir = rpmbuild_tree(out)
    make_srpm = rpmbuild.srpm_argv(spec_path, sourcedir, topdir, macros)
    if options.srpm_only:
        return [make_srpm]
    if backend == "mock":
        return [make_srpm, _mock_argv(target, options, str(srpm), out)]
    if backend == "rpmbuild":
        return [make_srpm, rpmbuild.rebuild_argv(srpm, topdir, macros, options.nodeps)]
    source = options.scm or str(srpm)
    calls = [["koji", "getBuildTarget", str(options.koji_target)]]
    if not options.scm:
        calls.append(["koji", "uploadFile", str(srpm)])
    calls.append(
        [
            "koji",
            "build",
            source,
            str(options.koji_target),
            "scratch" if options.scratch else "regular",
        ]
    )
    return ([make_srpm] if not options.scm else []) + calls


def _mock_argv(target: Target, options: BuildOptions, srpm: str, out: Path) -> list[str]:
    return mock_argv(
        options.root or target.mock_config(),
        str(out),
        srpm,
        no_clean=options.no_clean,
        enablerepo=options.enablerepo,
        addrepo=options.addrepo,
        with_=options.with_,
        without=options.without,
        defines=tuple(target.rpm_macros()) + options.defines,
    )


def _mock(
    target: Target, options: BuildOptions, srpm: Path, out: Path, report: PhaseCallback
) -> dict[str, str]:
    def on_line(line: str) -> None:
        phase = mock_phase(line)
        if phase:
            report(phase)

    report("mock")
    log = out / "mock.log"
    code = process.run_logged(_mock_argv(target, options, str(srpm), out), log, on_line=on_line)
    logs = {
        name: str(out / name)
        for name in ("mock.log", "build.log", "root.log", "state.log")
        if (out / name).exists()
    }
    if code != 0:
        name = MOCK_LOG_FOR_EXIT.get(
            code, "build.log" if (out / "build.log").exists() else "mock.log"
        )
        if name == "root.log" and not (out / name).exists():
            name = "mock.log"
        missing_config = any(
            "Could not find required config file" in ln for ln in process.tail(log, 50)
        )
        if missing_config:
            raise InputError(
                f"mock has no config {options.root or target.mock_config()}",
                "name one with -r/--root (see /etc/mock), or install mock-core-configs",
                process.tail(log, 5),
            )
        summary = _explained(out, out / name)
        if not summary.phase and not (out / "build.log").exists():
            summary = replace(summary, context=process.tail(out / name, 10))
        raise BuildFailedError(
            f"mock failed (exit {code}){_where(summary)}: {summary.first_error}",
            "logs: " + ", ".join(logs.values()),
            summary,
        )
    return logs


def _rpmbuild(
    options: BuildOptions,
    srpm: Path,
    topdir: Path,
    macros: list[tuple[str, str]],
    out: Path,
    report: PhaseCallback,
) -> dict[str, str]:
    if not options.nodeps:
        if rpmbuild.host_rpmdb_is_empty():
            raise InputError(
                "this host's rpm database is not its package database (Debian/Ubuntu): "
                "BuildRequires cannot be checked",
                "pass --nodeps to build anyway, or build with mock",
            )
        missing = rpmbuild.missing_buildrequires(srpm)
        if missing:
            raise InputError(
                f"missing BuildRequires: {', '.join(missing)}",
                "install them, pass --nodeps, or build with mock",
            )
    report("building")
    log = out / "build.log"
    code = rpmbuild.rebuild(srpm, topdir, macros, log, nodeps=options.nodeps)
    if code != 0:
        summary = _explained(out, log)
        raise BuildFailedError(
            f"rpmbuild failed (exit {code}){_where(summary)}: {summary.first_error}",
            f"log: {log}",
            summary,
        )
    return {"build.log": str(log), "srpm.log": str(out / "srpm.log")}


def _where(summary: Ftbfs) -> str:
    return f" in {summary.phase}" if summary.phase else ""


def _koji(
    options: BuildOptions, srpm: Path | None, report: PhaseCallback
) -> tuple[int, str | None, list[RpmInfo]]:
    if not options.koji_target:
        raise InputError(
            "no Koji build target", "pass --target, or --release to take it from rdoinfo"
        )
    hub = koji_hub.connect(options.koji_profile, options.koji_hub)
    koji_hub.check_target(hub, options.koji_target)
    if options.scm:
        source = options.scm
    else:
        assert srpm is not None
        report("uploading")
        source = koji_hub.upload(hub, srpm, f"cli-build/rdotool-{int(time.time())}-{srpm.stem}")
    task = koji_hub.build(hub, source, options.koji_target, options.scratch)
    url = koji_hub.task_url(hub, task)
    if options.nowait:
        return task, url, []
    koji_hub.wait(
        hub, task, on_state=lambda state: report(f"koji task {state}"), poll=options.koji_poll
    )
    outputs = [name for name in koji_hub.task_outputs(hub, task) if name.endswith(".rpm")]
    rpms = [RpmInfo(name, *parse_rpm_filename(name), 0) for name in outputs]
    return task, url, rpms
