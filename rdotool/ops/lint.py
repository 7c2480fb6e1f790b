"""`rdotool lint`: a distgit's spec checked before a review (rules: core/lint.py).

Here: the spec parsed for each target distro (`--distro el9s,el10s`), its files and the
`sources` file read (a file present in the distgit must match its checksum), the
`patches_base` ref looked up, upstream's requirements.txt read (as reqcheck reads it) for
python3 Requires the dependency generator duplicates, and rpmlint's findings added when
rpmlint is installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdotool.adapters import process
from rdotool.adapters.files import file_digest, read_text
from rdotool.adapters.spec import Spec
from rdotool.core.build import SourcesLineError, parse_sources_line
from rdotool.core.dlrn import is_template
from rdotool.core.lint import (
    ERROR,
    WARNING,
    Finding,
    SpecFacts,
    generated_requires,
    lint_spec,
)
from rdotool.core.patch_series import parse_patches_base
from rdotool.core.targets import DEFAULT_TARGET, target
from rdotool.core.versions import strip_dist
from rdotool.errors import InputError
from rdotool.ops.distgit import Distgit, open_distgit

_RPMLINT = re.compile(
    r"^(?P<file>[^:\s]+):(?:(?P<line>\d+):)?\s*(?P<sev>[EW]): (?P<id>\S+)\s*(?P<message>.*)$"
)


@dataclass(frozen=True)
class LintRequest:
    distros: tuple[str, ...] = ()  # core/targets.py names; () : the default target
    ignore: tuple[str, ...] = ()  # finding ids (rpmlint's with or without `rpmlint:`)
    ref: str | None = None  # where upstream's requirements.txt is read (reqcheck's -R)


@dataclass(frozen=True)
class LintReport:
    spec: str
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # checks that could not run, and why

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)


def lint(path: Path, request: LintRequest) -> LintReport:
    distgit = open_distgit(path)
    spec_path = distgit.spec_path
    text = read_text(spec_path, "spec")
    findings: list[Finding] = []
    for distro in request.distros or (DEFAULT_TARGET,):
        chosen = target(distro)
        try:
            Spec(spec_path, macros=chosen.rpm_macros()).expanded_version  # noqa: B018
        except InputError as exc:
            message = f"{distro}: {exc.message}"
            findings.append(Finding("spec-parse", ERROR, spec_path.name, 0, message))
    if findings:  # the rest needs a spec that parses
        return LintReport(spec_path.name, _kept(findings, request.ignore))
    spec = Spec(spec_path)
    template = is_template(text)
    sources_file = distgit.path / "sources"
    sources = read_text(sources_file, "sources file").splitlines() if sources_file.exists() else []
    facts = SpecFacts(
        name=spec_path.name,
        text=text,
        template=template,
        version=spec.expanded_version,
        release=spec.expand(strip_dist(spec.raw_release)),
        raw_release=spec.raw_release,
        source_files=spec.source_files(),
        present=frozenset(p.name for p in distgit.path.iterdir()),
        sources=sources,
    )
    findings += lint_spec(facts)
    findings += _checksums(distgit.path, sources)
    findings += _patches_base(distgit, spec)
    upstream = _upstream_ref(distgit, spec, request)
    generated, notes = _generated_requires(distgit, spec, request, upstream)
    findings += generated
    findings += _requires_python(distgit, spec, request, upstream)
    findings += _rpmlint(spec_path)
    return LintReport(spec_path.name, _kept(findings, request.ignore), notes)


def _kept(findings: list[Finding], ignore: tuple[str, ...]) -> list[Finding]:
    ignored = set(ignore) | {f"rpmlint:{i}" for i in ignore}
    kept = [f for f in findings if f.id not in ignored]
    return sorted(kept, key=lambda f: (f.file != "sources", f.file, f.line, f.id))


def _checksums(directory: Path, lines: list[str]) -> list[Finding]:
    """A file the `sources` file names and the distgit holds must match its checksum."""
    found = []
    for number, line in enumerate(lines, start=1):
        try:
            entry = parse_sources_line(line)
        except SourcesLineError:
            continue  # sources-format says so (core/lint.py)
        if entry is None or not (directory / entry.name).is_file():
            continue
        if file_digest(directory / entry.name, entry.algorithm) != entry.digest:
            found.append(
                Finding(
                    "sources-checksum",
                    ERROR,
                    "sources",
                    number,
                    f"{entry.name} does not match its {entry.algorithm}",
                )
            )
    return found


def _patches_base(distgit: Distgit, spec: Spec) -> list[Finding]:
    value = spec.magic().get("patches_base")
    if not value:
        return []
    try:
        ref = parse_patches_base(value).ref
    except InputError as exc:
        return [Finding("patches-base", ERROR, spec.path.name, 0, exc.message)]
    repo = distgit.repo
    if ref is None or any(
        repo.rev_parse(candidate) is not None for candidate in (f"refs/tags/{ref}", ref)
    ):
        return []
    return [
        Finding(
            "patches-base",
            WARNING,
            spec.path.name,
            0,
            f"patches_base={value} names no ref of this checkout (fetch upstream's tags?)",
        )
    ]


def _upstream_ref(distgit: Distgit, spec: Spec, request: LintRequest) -> str | InputError:
    """The ref upstream's files are read at (reqcheck's: -R, else the Version's tag or a
    template's upstream branch), or why there is none; asked once for every rule."""
    from rdotool.ops.reqcheck import default_ref

    try:
        return request.ref or default_ref(distgit, spec)
    except InputError as exc:
        return exc


def _generated_requires(
    distgit: Distgit, spec: Spec, request: LintRequest, upstream: str | InputError
) -> tuple[list[Finding], list[str]]:
    """python3 Requires the dependency generator makes anyway (core/lint.py), judged
    against requirements.txt at the Version's tag (a template: its upstream branch)."""
    from rdotool.core.reqcheck import parse_requirements, python_key
    from rdotool.ops.reqcheck import GENERATOR_RUNTIME, requirements_at

    rule = "python-requires-generated"
    if rule in request.ignore or not spec.uses(*GENERATOR_RUNTIME):
        return [], []
    if spec.uses("python_disable_dependency_generator"):
        return [], []
    chosen = target(request.distros[0] if request.distros else DEFAULT_TARGET)
    opened = Spec(spec.path, macros=chosen.spec_macros())
    carriers = opened.python_dist_packages()
    deps, _provides = opened.dependencies()
    if not any(d.package in carriers and python_key(d.name) for d in deps):
        return [], []
    hint = "git fetch upstream --tags, or -R REF naming upstream's release"
    if isinstance(upstream, InputError):
        return [], [f"{rule} not checked: {upstream.message} ({hint})"]
    try:
        source = requirements_at(distgit.repo, upstream)
    except InputError as exc:
        return [], [f"{rule} not checked: {exc.message} ({hint})"]
    requirements, _skipped = parse_requirements(source.text, chosen.python, source.label)
    lines = read_text(spec.path, "spec").split("\n")
    found = generated_requires(lines, spec.path.name, requirements, deps, carriers, source.label)
    return found, []


def _requires_python(
    distgit: Distgit, spec: Spec, request: LintRequest, upstream: str | InputError
) -> list[Finding]:
    """`requires-python` (warning): upstream's requires-python (at the ref reqcheck
    reads) excludes the Python of a target distro - the package would not install
    there. Nothing when upstream cannot be read (python-requires-generated says so)."""
    from rdotool.core.extras import supports
    from rdotool.ops.reqcheck import ProjectFiles

    if isinstance(upstream, InputError):
        return []
    project = ProjectFiles.at(distgit.repo, upstream)
    try:
        found = project.requires_python()
    except InputError:
        return []
    if not found:
        return []
    return [
        Finding(
            "requires-python",
            WARNING,
            spec.path.name,
            0,
            f"{project.where} requires Python {found}; {distro} has Python {target(distro).python}",
        )
        for distro in request.distros or (DEFAULT_TARGET,)
        if not supports(found, target(distro).python)
    ]


def _rpmlint(spec_path: Path) -> list[Finding]:
    """rpmlint's findings on the spec, when rpmlint is installed."""
    if process.which("rpmlint") is None:
        return []
    done = process.run_captured(["rpmlint", str(spec_path)], cwd=spec_path.parent)
    found = []
    for line in done.stdout.splitlines():
        match = _RPMLINT.match(line.strip())
        if match:
            found.append(
                Finding(
                    f"rpmlint:{match.group('id')}",
                    ERROR if match.group("sev") == "E" else WARNING,
                    spec_path.name,
                    int(match.group("line") or 0),
                    match.group("message").strip() or match.group("id"),
                )
            )
    return found
