"""`rdotool reqcheck` and `rdotool reqdiff`: upstream requirements against the spec.

requirements.txt comes from `--requirements FILE`, or from git: `-R/--ref REF`, else
the tag of the spec's Version (for a `Version: XXX` DLRN template, the release's
upstream branch on the `upstream` remote). REMOVED compares with the requirements.txt
of the previous version tag. The spec is read with the target distro's macros
(`rhel`, `dist`), so `%if 0%{?rhel} > 9` branches come out as on that distro.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rdotool.adapters.files import read_text
from rdotool.adapters.git import Repo
from rdotool.adapters.spec import Spec
from rdotool.core.constraints import canonical
from rdotool.core.reqcheck import (
    RUNTIME,
    TESTS,
    Finding,
    ReqCheckReport,
    Scope,
    SpecDep,
    UpstreamRequirement,
    classify,
    parse_overrides,
    parse_requirements,
    python_key,
    subpackage_roles,
)
from rdotool.core.requirements_diff import RequirementsDiff, diff_requirements
from rdotool.core.targets import target
from rdotool.core.versions import highest_version_tag
from rdotool.errors import InputError, UsageError
from rdotool.ops.context import RunContext
from rdotool.ops.distgit import (
    Distgit,
    UpstreamBranches,
    find_tag,
    open_distgit,
    upstream_ref,
    version_tag_name,
)

GENERATOR_RUNTIME = ("pyproject_install", "pyproject_wheel", "python_enable_dependency_generator")
GENERATOR_BUILD = ("pyproject_buildrequires", "generate_buildrequires")


@dataclass(frozen=True)
class RequirementsSource:
    text: str
    label: str  # e.g. "requirements.txt at 1.3.0"
    ref: str | None = None


@dataclass(frozen=True)
class ProjectFiles:
    """upstream's setup.cfg and pyproject.toml at a ref (None when absent), read once for
    what they declare: extras and requires-python (core/extras.py)."""

    where: str  # the ref, as messages name it
    setup_cfg: str | None
    pyproject: str | None

    @classmethod
    def at(cls, repo: Repo, ref: str) -> ProjectFiles:
        return cls(
            ref.removeprefix("refs/tags/"),
            repo.show_file(ref, "setup.cfg"),
            repo.show_file(ref, "pyproject.toml"),
        )

    def extras(self) -> dict[str, str]:
        from rdotool.core.extras import parse_extras

        return parse_extras(self.setup_cfg, self.pyproject, self.where)

    def requires_python(self) -> str | None:
        from rdotool.core.extras import requires_python

        return requires_python(self.setup_cfg, self.pyproject, self.where)


@dataclass(frozen=True)
class RefHints:
    """How the command at hand lets the packager name another ref or file (the hints of
    the errors below: reqcheck has -R and --requirements, reqdiff takes OLD NEW)."""

    ref: str = "pass -R REF"
    file: str = "pass --requirements FILE"


REQDIFF_HINTS = RefHints(
    "name the refs: rdotool reqdiff OLD [NEW]",
    "name refs that have one: rdotool reqdiff OLD [NEW]",
)


def requirements_at(repo: Repo, ref: str, hints: RefHints = RefHints()) -> RequirementsSource:
    text = repo.show_file(ref, "requirements.txt")
    if text is None:
        if repo.rev_parse(ref) is None:
            raise InputError(
                f"there is no ref {ref} in {repo.path}",
                f"fetch upstream (git fetch upstream --tags) or {hints.ref}",
            )
        raise InputError(f"{ref} has no requirements.txt", hints.file)
    return RequirementsSource(text, f"requirements.txt at {ref.removeprefix('refs/tags/')}", ref)


def default_ref(
    distgit: Distgit,
    spec: Spec,
    branches: UpstreamBranches | None = None,
    hints: RefHints = RefHints(),
) -> str:
    """The Version's tag, or for a DLRN template (`Version: XXX`) the upstream branch of
    the release (from rdoinfo: `stable/2024.1`, or `unmaintained/2024.1` after its EOL)."""
    repo = distgit.repo
    if spec.expanded_version[:1].isdigit():
        tag = find_tag(repo, version_tag_name(spec))
        if tag is None:
            raise InputError(
                f"there is no tag {version_tag_name(spec)} (the spec's Version) in {repo.path}",
                f"fetch upstream tags (git fetch upstream --tags) or {hints.ref}",
            )
        return f"refs/tags/{tag}"
    ref = upstream_ref(distgit, branches)
    if ref is None:
        raise InputError(
            f"the spec's Version is {spec.version} (a DLRN template) and the upstream branch"
            f" of {distgit.branch} is not in {repo.path}",
            f"fetch upstream (git fetch upstream), or {hints.ref}",
        )
    return ref


def previous_tag(repo: Repo, ref: str) -> str | None:
    """The highest version tag below the one `ref` names (for REMOVED)."""
    return highest_version_tag(repo.tags(), below=ref.removeprefix("refs/tags/"))


@dataclass(frozen=True)
class ReqcheckRequest:
    """What `rdotool reqcheck` was asked."""

    ref: str | None = None
    requirements_file: Path | None = None
    python: str | None = None
    distro: str | None = None  # a core/targets.py name; None: the default target
    build: bool = False
    override_file: Path | None = None
    autosync: bool = False
    commit: bool = False
    all_under: Path | None = None  # --all DIR: every distgit directly under DIR


@dataclass(frozen=True)
class ReqcheckOutcome:
    """reqcheck's report and, with --autosync, what changed in the spec."""

    report: ReqCheckReport
    autosync: AutosyncResult | None = None


@dataclass(frozen=True)
class AllChecks:
    """`reqcheck --all DIR`: one line per distgit."""

    root: Path
    checks: list[DistgitCheck]


def reqcheck(run: RunContext, path: Path, request: ReqcheckRequest) -> ReqcheckOutcome | AllChecks:
    """`rdotool reqcheck`: check the spec, then (--autosync) bring it in line; or, with
    --all, check every distgit under a directory."""
    if request.commit and not request.autosync:
        raise UsageError("--commit goes with --autosync")
    if request.all_under is not None:
        if request.autosync:
            raise UsageError("--autosync works on one distgit, not with --all")
        return AllChecks(request.all_under, reqcheck_all(request.all_under, request))
    report = check_requirements(path, request, run.upstream_branches)
    if not request.autosync:
        return ReqcheckOutcome(report)
    return ReqcheckOutcome(report, autosync(path, report, request.distro, request.commit))


def check_requirements(
    path: Path, request: ReqcheckRequest, branches: UpstreamBranches | None = None
) -> ReqCheckReport:
    """The spec's dependencies against upstream's requirements (module docstring), per
    subpackage: requirements.txt against the one shipping the module, at a git ref also
    test-requirements.txt against the -tests ones and each extra against its
    `python3-x+EXTRA` subpackage."""
    distgit = open_distgit(path)
    distro = target(request.distro)
    spec = Spec(distgit.spec_path, macros=distro.spec_macros())
    python = request.python or distro.python
    if request.requirements_file is not None:
        source = RequirementsSource(
            read_text(request.requirements_file, "requirements file"),
            str(request.requirements_file),
        )
    else:
        ref = request.ref or default_ref(distgit, spec, branches)
        source = requirements_at(distgit.repo, ref)
    requirements, skipped = parse_requirements(source.text, python, source.label)
    previous: list[UpstreamRequirement] = []
    before = previous_tag(distgit.repo, source.ref) if source.ref else None
    if before is not None:
        old_text = distgit.repo.show_file(f"refs/tags/{before}", "requirements.txt") or ""
        previous, _ = parse_requirements(old_text, python, f"requirements.txt at {before}")
    overrides = None
    if request.override_file is not None:
        from rdotool.adapters.yaml_file import load_yaml  # here: PyYAML for one option

        overrides = parse_overrides(load_yaml(request.override_file, "override file"), spec.name)
    deps, provides = spec.dependencies()
    extras = spec.extras_packages()
    provides = [*provides, *(package for package, _ in extras)]
    names = spec.package_names()
    runtime, tests = subpackage_roles(names, spec.python_dist_packages(), [p for p, _ in extras])
    checked = Checked(
        deps, provides, request.build, spec.uses(*GENERATOR_RUNTIME),
        request.build and spec.uses(*GENERATOR_BUILD), python,
    )  # fmt: skip
    report = classify(
        requirements,
        checked.deps_of(runtime),
        provides,
        python=python,
        source=source.label,
        generated_runtime=checked.generated_runtime,
        generated_build=checked.generated_build,
        previous=previous,
        overrides=overrides,
        skipped_by_marker=skipped,
        scope=Scope(RUNTIME, source.label, runtime),
    )
    if source.ref is None:
        if tests or extras:
            report.notes.append(
                "the -tests and extras subpackages are checked against a git ref (-R), "
                "not --requirements FILE"
            )
        return report
    project = ProjectFiles.at(distgit.repo, source.ref)
    _check_python(project, distro.name, python, report)
    runtime_keys = {r.key for r in requirements}
    excluded = {canonical(w) for w in spec.expand("%{?excluded_brs}").split()}
    _check_tests(distgit.repo, source.ref, tests, runtime_keys, excluded, checked, report)
    _check_extras(project, extras, names, checked, report)
    return report


@dataclass(frozen=True)
class Checked:
    """What every scope of one spec's check shares."""

    deps: list[SpecDep]
    provides: list[str]
    build: bool  # BuildRequires count too (--build)
    generated_runtime: bool
    generated_build: bool
    python: str

    def deps_of(self, packages: Sequence[str]) -> list[SpecDep]:
        """The Requires of these subpackages (and every BuildRequires, with --build)."""
        return [
            d
            for d in self.deps
            if (d.kind == "Requires" and d.package in packages)
            or (self.build and d.kind == "BuildRequires")
        ]


def _check_python(project: ProjectFiles, distro: str, python: str, report: ReqCheckReport) -> None:
    """A project whose requires-python excludes the distro's Python cannot be installed
    there, whatever its Requires say: a note (the version may be for another distro)."""
    from rdotool.core.extras import supports

    found = project.requires_python()
    if found and not supports(found, python):
        report.notes.append(
            f"{project.where} requires Python {found}; {distro} has Python {python}: this"
            " version does not install there"
        )


def _check_tests(
    repo: Repo,
    ref: str,
    tests: tuple[str, ...],
    runtime_keys: set[str],
    excluded: set[str],
    checked: Checked,
    report: ReqCheckReport,
) -> None:
    """test-requirements.txt against the -tests subpackages; what requirements.txt also
    lists comes with the main package, what the spec's `excluded_brs` names is left out
    (linters, doc tools). Reported, not counted by --strict."""
    if not tests:
        return
    where = ref.removeprefix("refs/tags/")
    text = repo.show_file(ref, "test-requirements.txt")
    if text is None:
        report.notes.append(f"{where} has no test-requirements.txt: {', '.join(tests)} not checked")
        return
    label = f"test-requirements.txt at {where}"
    found, _ = parse_requirements(text, checked.python, label)
    wanted = []
    for requirement in found:
        if requirement.key in excluded:
            report.ignored.append(f"{requirement.name} (excluded_brs)")
        elif requirement.key not in runtime_keys:
            wanted.append(requirement)
    # a -tests Requires of what requirements.txt lists repeats the main package's
    deps = [d for d in checked.deps_of(tests) if python_key(d.name) not in runtime_keys]
    classify(
        wanted,
        deps,
        checked.provides,
        python=checked.python,
        source=label,
        generated_runtime=False,
        generated_build=checked.generated_build,
        scope=Scope(TESTS, label, tests, strict=False),
        into=report,
    )


def _check_extras(
    project: ProjectFiles,
    extras: list[tuple[str, str]],
    written: list[str],
    checked: Checked,
    report: ReqCheckReport,
) -> None:
    """Each extras subpackage against the project's extra of that name (setup.cfg,
    pyproject.toml); one the project does not declare is a problem (its generated
    Requires can never be met)."""
    where = project.where
    upstream = project.extras()
    packaged = {canonical(extra) for _, extra in extras}
    report.unpackaged_extras.extend(sorted(set(upstream) - packaged))
    for package, extra in extras:
        key = canonical(extra)
        scope = f"extra:{key}"
        if key not in upstream:
            note = f"the project declares no extra {extra} at {where}"
            report.unknown_extras.append(Finding(extra, package=package, note=note, scope=scope))
            continue
        label = f"extra {extra} at {where}"
        found, _ = parse_requirements(upstream[key], checked.python, label)
        macro_made = package not in written  # %pyproject_extras_subpkg: generated Requires
        classify(
            found,
            checked.deps_of((package,)),
            checked.provides,
            python=checked.python,
            source=label,
            generated_runtime=checked.generated_runtime or macro_made,
            generated_build=checked.generated_build,
            scope=Scope(scope, label, (package,)),
            into=report,
        )


@dataclass(frozen=True)
class ReqDiffResult:
    old: str
    new: str
    diff: RequirementsDiff


def reqdiff(
    run: RunContext, path: Path, old: str | None = None, new: str | None = None
) -> ReqDiffResult:
    """requirements.txt changes between two refs (default: the spec's version, newest tag)."""
    from rdotool.ops.new_version import newest_tag

    branches = run.upstream_branches
    distgit = open_distgit(path)
    repo = distgit.repo
    old_ref = old or default_ref(distgit, distgit.spec(), branches, REQDIFF_HINTS)
    new_ref = new or f"refs/tags/{newest_tag(distgit, branches)[0]}"
    before = requirements_at(repo, old_ref, REQDIFF_HINTS)
    after = requirements_at(repo, new_ref, REQDIFF_HINTS)
    return ReqDiffResult(
        old_ref.removeprefix("refs/tags/"),
        new_ref.removeprefix("refs/tags/"),
        diff_requirements(before.text, after.text),
    )


@dataclass(frozen=True)
class AutosyncResult:
    """What --autosync changed in the spec (and the commit, with --commit)."""

    added: list[str]
    raised: list[str]
    diff: str
    commit: str | None = None


def autosync(
    path: Path,
    report: ReqCheckReport,
    distro: str | None = None,
    commit: bool = False,
    amend: bool = False,
) -> AutosyncResult:
    """Add MISSING requirements and raise MISMATCHed bounds in the spec; commit if asked
    (`amend`: into HEAD, its message extended - uc bump's one change per package)."""
    import difflib

    from rdotool.core.reqcheck import lower_bound_of
    from rdotool.ops import state as states
    from rdotool.ops.distgit import check_clean
    from rdotool.ops.journal import journaled

    distgit = open_distgit(path)
    states.refuse_if_busy(distgit.repo.git_dir)
    if commit or amend:
        check_clean(distgit)
    elif distgit.spec_path.name in distgit.repo.dirty_files():
        raise InputError(
            f"{distgit.spec_path.name} has uncommitted changes",
            "commit or stash them before --autosync",
        )
    spec = Spec(distgit.spec_path, macros=target(distro).spec_macros())
    # the module's own Requires only: -tests and extras subpackages are reported, not edited
    add = [(f.name, lower_bound_of(f.required)) for f in report.in_scope("missing", RUNTIME)]
    raise_to = [
        (dep.name, bound)
        for finding in report.in_scope("mismatch", RUNTIME)
        if (bound := lower_bound_of(finding.required))
        for dep in finding.deps
        if dep.op
    ]
    runtime = next((s.packages for s in report.scopes if s.name == RUNTIME), ())
    before = spec.text
    added, raised = spec.sync_requires(add, raise_to, runtime)
    diff = "".join(
        difflib.unified_diff(
            before.splitlines(True),
            spec.text.splitlines(True),
            f"a/{distgit.spec_path.name}",
            f"b/{distgit.spec_path.name}",
        )
    )
    if not diff:
        return AutosyncResult([], [], "")
    sha = None
    with journaled(distgit.repo, "reqcheck-autosync") as journal:
        journal.file(distgit.spec_path.name)
        spec.save()
        if commit or amend:
            lines = [f"Sync Requires with {report.source}", ""]
            lines += [f"Added: {line.split(':', 1)[1].strip()}" for line in added]
            lines += [f"Raised: {change}" for change in raised]
            message = "\n".join(lines) + "\n"
            if amend:
                message = distgit.repo.head_message().rstrip("\n") + "\n\n" + message
            sha = journal.commit([distgit.spec_path.name], [], message, amend)
    return AutosyncResult(added, raised, diff, sha)


@dataclass(frozen=True)
class DistgitCheck:
    """One distgit's reqcheck in an `--all` run: its counts (of the checks --strict
    counts: runtime and extras; an unknown extra counts as missing), or why it could not
    run."""

    path: str
    package: str | None = None
    counts: dict[str, int] | None = None
    error: str | None = None


def find_distgits(root: Path) -> list[Path]:
    """Git checkouts directly under `root` that hold one .spec."""
    return sorted(
        child
        for child in root.iterdir()
        if child.is_dir() and (child / ".git").exists() and len(list(child.glob("*.spec"))) == 1
    )


def _check_one(args: tuple[Path, ReqcheckRequest]) -> DistgitCheck:
    path, request = args
    from rdotool.core.reqcheck import CATEGORIES
    from rdotool.errors import RdotoolError

    try:
        report = check_requirements(path, request)
    except RdotoolError as exc:
        return DistgitCheck(str(path), error=exc.message)
    package = next(iter(path.glob("*.spec"))).stem
    strict = {scope.name for scope in report.scopes if scope.strict}
    counts = {
        category: sum(1 for f in getattr(report, category) if f.scope in strict)
        for category in CATEGORIES
    }
    counts["missing"] += len(report.unknown_extras)  # also fails --strict
    return DistgitCheck(str(path), package, counts)


def reqcheck_all(
    root: Path, request: ReqcheckRequest, jobs: int | None = None
) -> list[DistgitCheck]:
    """reqcheck every distgit under `root`, one process per core."""
    from rdotool.adapters.processes import map_in_processes

    if not root.is_dir():
        raise InputError(f"{root} is not a directory", "pass --all DIR holding distgits")
    distgits = find_distgits(root)
    if not distgits:
        raise InputError(f"no distgit (git checkout with one .spec) directly under {root}")
    each = replace(request, ref=None, requirements_file=None, all_under=None)
    work = [(path, each) for path in distgits]
    return map_in_processes(_check_one, work, jobs)
