"""reqcheck: upstream requirements.txt against a spec's dependencies (pure rules).

Requirements are parsed with `packaging` (extras, `~=`, `!=`, any PEP 508 marker,
evaluated for the target Python on Linux). Spec dependencies are matched to Python
distributions: `python3dist(x)`/`python3.Ydist(x)` directly, `python3-foo`/`python-foo`
by PEP 503 canonical name, pymod2pkg's RDO names and a small alias table. Versions are
compared as version ranges: a spec lower bound at or above upstream's is MET, a looser
one is a MISMATCH (rdopkg compared strings and called a stricter spec a mismatch).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rdotool.core.constraints import canonical
from rdotool.core.pep508 import marker_holds, requirement_lines
from rdotool.errors import InputError

CATEGORIES = ("met", "any", "mismatch", "missing", "generated", "excess", "removed")
RUNTIME, TESTS = "runtime", "tests"

# canonical distribution name -> extra spec names seen in RDO/Fedora for it
ALIASES: dict[str, tuple[str, ...]] = {
    "pyyaml": ("yaml",),
    "pastedeploy": ("paste-deploy",),
    "dnspython": ("dns",),
    "sqlalchemy-migrate": ("migrate",),
    "beautifulsoup4": ("beautifulsoup4", "bs4"),
    "pillow": ("pillow",),
    "msgpack": ("msgpack",),
    "python-dateutil": ("dateutil",),
    "prometheus-client": ("prometheus-client",),
    "pyopenssl": ("pyopenssl",),
    "jsonpath-rw-ext": ("jsonpath-rw-ext",),
}
_PYDIST = re.compile(r"^python(?:\d+(?:\.\d+)?)?dist\(([^)\[]+)(?:\[[^\]]*\])?\)$")
_PYPKG = re.compile(r"^python(?:\d+(?:\.\d+)?)?-(.+)$")
_OPERATORS = ("<=", ">=", "=", "<", ">")


# --- upstream side -------------------------------------------------------------------


@dataclass(frozen=True)
class UpstreamRequirement:
    """One requirements.txt line that applies to the target Python."""

    name: str
    key: str  # canonical name
    specifier: str  # e.g. ">=2.0.0,!=2.1.0"
    extras: tuple[str, ...] = ()
    marker: str | None = None

    @property
    def lower_bound(self) -> str | None:
        """The highest version the specifier requires at least (>=, >, ~=, ==)."""
        from packaging.specifiers import SpecifierSet
        from packaging.version import InvalidVersion, Version

        best: Version | None = None
        for spec in SpecifierSet(self.specifier):
            if spec.operator in (">=", ">", "~=", "==", "==="):
                try:
                    version = Version(spec.version.rstrip(".*"))
                except InvalidVersion:
                    continue
                best = version if best is None or version > best else best
        return str(best) if best is not None else None


def parse_requirements(
    text: str, python_version: str, source: str = "requirements.txt"
) -> tuple[list[UpstreamRequirement], list[str]]:
    """(requirements for this Python, lines skipped by their marker)."""
    active: list[UpstreamRequirement] = []
    skipped: list[str] = []
    for line in requirement_lines(text, source):
        requirement = line.requirement
        if not marker_holds(line.marker, python_version):
            skipped.append(line.text)
            continue
        active.append(
            UpstreamRequirement(
                requirement.name,
                canonical(requirement.name),
                str(requirement.specifier),
                tuple(sorted(requirement.extras)),
                line.marker,
            )
        )
    return active, skipped


# --- spec side ------------------------------------------------------------------------


@dataclass(frozen=True)
class SpecDep:
    """One dependency of the spec: `name [op version]` in a subpackage."""

    name: str
    op: str | None = None
    version: str | None = None
    kind: str = "Requires"
    package: str = ""

    def render(self) -> str:
        return f"{self.name} {self.op} {self.version}" if self.op else self.name


def parse_dependencies(value: str, kind: str = "Requires", package: str = "") -> list[SpecDep]:
    """Split a Requires value (`a >= 1, b c = 2`) into dependencies; rich deps are skipped."""
    if value.lstrip().startswith("("):
        return []
    tokens = [t for t in re.split(r"[\s,]+", value.strip()) if t]
    deps: list[SpecDep] = []
    index = 0
    while index < len(tokens):
        name = tokens[index]
        if index + 1 < len(tokens) and tokens[index + 1] in _OPERATORS:
            version = tokens[index + 2] if index + 2 < len(tokens) else None
            deps.append(SpecDep(name, tokens[index + 1], version, kind, package))
            index += 3
        else:
            deps.append(SpecDep(name, None, None, kind, package))
            index += 1
    return deps


def python_key(capability: str) -> str | None:
    """The canonical Python distribution a capability names, or None for non-Python ones."""
    match = _PYDIST.match(capability)
    if match:
        return canonical(match.group(1))
    match = _PYPKG.match(capability)
    if match and match.group(1) not in ("devel", "rpm-macros", "setuptools-wheel"):
        return canonical(match.group(1))
    return None


def candidate_keys(requirement: UpstreamRequirement) -> set[str]:
    """Spec-side keys that satisfy a requirement: its own, pymod2pkg's RDO name, aliases."""
    keys = {requirement.key}
    keys.update(canonical(alias) for alias in ALIASES.get(requirement.key, ()))
    try:
        import pymod2pkg

        rdo_name = str(pymod2pkg.module2package(requirement.name, "epel"))
    except Exception:  # pymod2pkg has no entry or its rules do not apply
        rdo_name = ""
    key = python_key(rdo_name) if rdo_name else None
    if key:
        keys.add(key)
    return keys


def _version_key(text: str) -> object:
    from packaging.version import InvalidVersion, Version

    text = text.split(":", 1)[-1]  # RPM epoch
    text = text.split("-", 1)[0]  # RPM release
    try:
        return Version(text)
    except InvalidVersion:
        return None


# --- classification ------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One line of the report."""

    name: str  # upstream name (or spec capability for excess/non-Python)
    required: str = ""  # upstream specifier
    spec: str = ""  # the spec's dependency, as written
    package: str = ""  # the subpackage it is about
    note: str = ""
    deps: tuple[SpecDep, ...] = ()  # the spec dependencies it was matched with
    scope: str = RUNTIME  # which check found it (Scope.name)


@dataclass(frozen=True)
class Scope:
    """One check of a spec: upstream requirements against the subpackages that must
    satisfy them. `runtime`: requirements.txt against the subpackage shipping the module;
    `tests`: test-requirements.txt against the -tests subpackages; `extra:NAME`: a
    project extra against the spec's `python3-x+NAME` subpackage."""

    name: str
    source: str  # e.g. "requirements.txt at 1.2.0"
    packages: tuple[str, ...]  # the subpackages whose Requires count
    strict: bool = True  # whether --strict fails on its MISSING and MISMATCH


@dataclass(frozen=True)
class ReqCheckReport:
    """reqcheck's findings per category, plus what they were computed from (`python`,
    `source` and the generator flags are the runtime check's)."""

    python: str
    source: str
    generated_runtime: bool
    generated_build: bool
    met: list[Finding] = field(default_factory=list)
    any: list[Finding] = field(default_factory=list)
    mismatch: list[Finding] = field(default_factory=list)
    missing: list[Finding] = field(default_factory=list)
    generated: list[Finding] = field(default_factory=list)
    excess: list[Finding] = field(default_factory=list)
    removed: list[Finding] = field(default_factory=list)
    non_python: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    skipped_by_marker: list[str] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)
    unknown_extras: list[Finding] = field(default_factory=list)  # the project has none such
    unpackaged_extras: list[str] = field(default_factory=list)  # upstream's, not in the spec
    notes: list[str] = field(default_factory=list)  # checks that could not run, and why

    @property
    def problems(self) -> bool:
        strict = {scope.name for scope in self.scopes if scope.strict} or {RUNTIME}
        failing = [f for f in (*self.missing, *self.mismatch) if f.scope in strict]
        return bool(failing or self.unknown_extras)

    def in_scope(self, category: str, scope: str) -> list[Finding]:
        return [f for f in getattr(self, category) if f.scope == scope]


@dataclass(frozen=True)
class Override:
    """rdopkg override entry: version None means ignore the requirement."""

    key: str
    version: str | None


def parse_overrides(data: object, package_name: str) -> dict[str, Override]:
    """rdopkg's override YAML: `packages: {all: [...], NAME: [{name, version}]}`."""
    if not isinstance(data, Mapping) or not isinstance(data.get("packages"), Mapping):
        raise InputError("the override file needs a 'packages:' mapping", "see rdotool(1)")
    packages = data["packages"]
    found: dict[str, Override] = {}
    for section in ("all", package_name):
        for entry in packages.get(section) or []:
            if not isinstance(entry, Mapping) or "name" not in entry:
                raise InputError(f"override entry {entry!r} has no name")
            name = str(entry["name"])
            key = python_key(name) or canonical(name)
            version = entry.get("version")
            found[key] = Override(key, str(version) if version else None)
    return found


def classify(
    requirements: Sequence[UpstreamRequirement],
    deps: Sequence[SpecDep],
    provides: Iterable[str],
    *,
    python: str,
    source: str,
    generated_runtime: bool,
    generated_build: bool,
    previous: Sequence[UpstreamRequirement] = (),
    overrides: Mapping[str, Override] | None = None,
    skipped_by_marker: Sequence[str] = (),
    scope: Scope | None = None,
    into: ReqCheckReport | None = None,
) -> ReqCheckReport:
    """Put every requirement and spec dependency in its category (module docstring).

    `deps` are the dependencies of the scope's subpackages; with `into`, the findings
    (tagged with the scope's name) join that report instead of a new one."""
    provided = set(provides)
    scope = scope or Scope(RUNTIME, source, ())
    report = into or ReqCheckReport(
        python,
        source,
        generated_runtime,
        generated_build,
        skipped_by_marker=list(skipped_by_marker),
    )
    report.scopes.append(scope)
    overrides = overrides or {}
    own = list(dict.fromkeys(d for d in deps if d.name not in provided))
    keyed = [(python_key(d.name), d) for d in own]
    used: set[int] = set()
    for requirement in requirements:
        override = overrides.get(requirement.key)
        required = requirement.specifier
        note = ""
        if override is not None:
            if override.version is None:
                report.ignored.append(requirement.name)
                continue
            note = f"{requirement.specifier or 'any'} overridden"
            required = override.version
        keys = candidate_keys(requirement)
        matches = [(i, d) for i, (k, d) in enumerate(keyed) if k in keys]
        used.update(i for i, _ in matches)
        if not matches:
            generated = generated_runtime or (
                generated_build and any(d.kind == "BuildRequires" for d in own)
            )
            bucket = report.generated if generated else report.missing
            package = scope.packages[0] if scope.packages else ""
            bucket.append(Finding(requirement.name, required, "", package, note, (), scope.name))
            continue
        runtime = [d for _, d in matches if d.kind == "Requires"] or [d for _, d in matches]
        spec_text = ", ".join(dict.fromkeys(d.render() for d in runtime))
        finding = Finding(
            requirement.name,
            required,
            spec_text,
            runtime[0].package,
            note,
            tuple(runtime),
            scope.name,
        )
        _compare(report, finding, required, runtime)
    previous_keys = {r.key for r in previous}
    for index, (key, dep) in enumerate(keyed):
        if index in used or dep.kind != "Requires":
            continue
        if key is None:
            if dep.name not in report.non_python:
                report.non_python.append(dep.name)
            continue
        finding = Finding(
            dep.name, spec=dep.render(), package=dep.package, deps=(dep,), scope=scope.name
        )
        (report.removed if key in previous_keys else report.excess).append(finding)
    return report


def subpackage_roles(
    packages: Sequence[str], carriers: Sequence[str], extras: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(runtime, tests) subpackages: runtime requirements are met by the subpackages
    that ship the module (`carriers`: dist-info/egg-info in %files), else by the
    python3-* ones, else by all; test requirements by the -tests subpackages. Extras
    subpackages are neither."""
    tests = tuple(p for p in packages if _TESTS.search(p) and p not in extras)
    others = [p for p in packages if p not in tests and p not in extras]
    runtime = [p for p in carriers if p in others] or [
        p for p in others if p.startswith("python3-") and not p.endswith("-doc")
    ]
    return tuple(runtime or others), tests


_TESTS = re.compile(r"-tests?(?:-|$)")


def _compare(
    report: ReqCheckReport, finding: Finding, required: str, deps: Sequence[SpecDep]
) -> None:
    lower = lower_bound_of(required)
    bounds = [_version_key(d.version) for d in deps if d.op in (">=", ">", "=") and d.version]
    bounds = [b for b in bounds if b is not None]
    if lower is None:
        report.met.append(finding)
        return
    if not bounds:
        report.any.append(finding)
        return
    from packaging.version import Version

    spec_lower = max(bounds)  # type: ignore[type-var]
    if spec_lower >= Version(lower):  # type: ignore[operator]
        report.met.append(finding)
    else:
        report.mismatch.append(finding)


def _as_specifier(text: str) -> str:
    """Accept rdopkg-style override versions (`>= 2.1`) as PEP 440 specifiers."""
    return ",".join(part.replace(" ", "") for part in text.split(",")) if text else ""


def lower_bound_of(specifier: str) -> str | None:
    """The version a specifier (PEP 440, or rdopkg's `>= 2.1`) requires at least."""
    return UpstreamRequirement("x", "x", _as_specifier(specifier)).lower_bound


def requires_name(name: str, style: str = "python3-") -> str:
    """The RPM name to require a distribution by: `python3dist(x)` or pymod2pkg's python3-x."""
    if style == "python3dist":
        return f"python3dist({canonical(name)})"
    try:
        import pymod2pkg

        return str(pymod2pkg.module2package(name, "epel", py_vers=["py3"]))
    except Exception:
        return f"python3-{canonical(name)}"


def spec_requires_line(name: str, required: str) -> str:
    """A `Requires:` line for a requirement, in the python3-<name> style RDO specs use."""
    lower = lower_bound_of(required)
    return f"Requires:       {requires_name(name)}" + (f" >= {lower}" if lower else "")
