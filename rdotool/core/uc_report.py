"""upper-constraints against a release's rdoinfo pins and CBS builds (pure rules).

For each UC name (the line whose marker holds for the release's Python), the matching
package (canonical names, as `new-version --uc` matches), its pin in the release's tag
(`source-branch`), and its newest build among the release's buildsys tags give a
status: equal, pin-behind (pin < UC), build-behind (built < pin), ahead (pin > UC),
unpinned, not-packaged (no package, or not in the tag and never built for the release),
pinned-ref (the pin is a branch or commit, not a version), version-locked and under-review
(left alone by sync). Dependencies outside the tag (deps.yml packages, versioned by their
builds rather than pins) are rated by their newest build against UC instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from rdotool.core.constraints import Constraint, candidate_names, canonical
from rdotool.core.pep508 import marker_holds
from rdotool.core.rdoinfo import Package
from rdotool.core.versions import parse_nvr


class UcStatus(str, Enum):
    """Where an upper-constraints entry stands against the release's pin and build."""

    equal = "equal"
    pin_behind = "pin-behind"
    build_behind = "build-behind"
    ahead = "ahead"
    unpinned = "unpinned"
    not_packaged = "not-packaged"
    pinned_ref = "pinned-ref"
    version_locked = "version-locked"
    under_review = "under-review"


STATUSES = tuple(status.value for status in UcStatus)
BEHIND = ("pin-behind", "build-behind")  # what `uc report --check` fails on
VERSUS_MARKS = {"equal": "=", "lower": "<", "higher": ">"}  # a repository's version vs UC
Compare = Callable[[str, str], int]  # version ordering (RPM rules), -1/0/1
_VERSION = re.compile(r"^v?\d+(\.\d+)*([.~^]?[0-9A-Za-z]+)*$")


@dataclass(frozen=True)
class UcRow:
    """One UC entry and where RDO stands on it."""

    name: str  # as spelled in the UC file
    uc: str
    status: str
    package: str | None = None
    project: str | None = None
    pin: str | None = None
    built: str | None = None  # newest NVR among the release's buildsys tags
    built_tag: str | None = None
    in_tag: bool = False  # the package is in the release's tag (uc sync may pin it)
    builds: dict[str, str] = field(default_factory=dict)  # buildsys tag -> NVR
    repos: list[RepoVersion] = field(default_factory=list)  # with `uc report --repo`


@dataclass(frozen=True)
class RepoVersion:
    """What one repository ships of a row's package, against the UC version."""

    repo: str
    package: str | None = None  # the binary found (None: the repository has none)
    version: str | None = None  # its version (no epoch, no release)
    versus: str | None = None  # equal, lower or higher than UC

    @property
    def shown(self) -> str:
        """`9.7.2 =` (`<`, `>`: against UC), as the table and the page show it; "" when
        the repository ships none."""
        if self.version is None:
            return ""
        return f"{self.version} {VERSUS_MARKS[self.versus or 'equal']}"


def repo_version(
    repo: str,
    newest: tuple[str, str] | None,
    uc: str,
    compare: Compare,
) -> RepoVersion:
    """`newest` is (binary name, version) of the package's newest build in `repo`."""
    if newest is None:
        return RepoVersion(repo)
    order = compare(newest[1], uc)
    versus = "equal" if order == 0 else ("lower" if order < 0 else "higher")
    return RepoVersion(repo, newest[0], newest[1], versus)


def active_constraints(constraints: Iterable[Constraint], python_version: str) -> list[Constraint]:
    """One constraint per name: the first whose marker holds for this Python."""
    chosen: dict[str, Constraint] = {}
    for constraint in constraints:
        key = canonical(constraint.name)
        if key not in chosen and marker_holds(constraint.marker, python_version):
            chosen[key] = constraint
    return list(chosen.values())


class PackageIndex:
    """UC name -> the rdoinfo package that provides that Python distribution.

    UC names are Python distributions, so a package that is one wins: `python-<name>`,
    `python3-<name>`, the RPM pymod2pkg names for it (UC's libsass is python-libsass,
    not the C library libsass; xattr is pyxattr). Then rdoinfo's own names
    (core/constraints.candidate_names: upstream basename, project, aliases), a package's
    most specific name winning over others' (pyserial is packaged as `pyserial`)."""

    def __init__(self, packages: Sequence[Package]) -> None:
        self._by_rpm: dict[str, Package] = {}
        for package in packages:
            self._by_rpm.setdefault(canonical(str(package["name"])), package)
        self._by_name: dict[str, Package] = {}
        names = [candidate_names(p) for p in packages]
        rounds = max((len(keys) for keys in names), default=0)
        for position in range(rounds):
            for package, keys in zip(packages, names):
                if position < len(keys):
                    self._by_name.setdefault(keys[position], package)

    def find(self, uc_name: str) -> Package | None:
        key = canonical(uc_name)
        for rpm in (f"python-{key}", f"python3-{key}"):
            if rpm in self._by_rpm:
                return self._by_rpm[rpm]
        for rpm in pymod2pkg_names(uc_name):  # asked only now: ~20 µs a name
            if rpm in self._by_rpm:
                return self._by_rpm[rpm]
        return self._by_name.get(key)


@functools.cache
def pymod2pkg_names(uc_name: str) -> tuple[str, ...]:
    """Canonical RPM names pymod2pkg gives the Python distribution `uc_name` (its python3-
    name also as python-: rdoinfo names source packages)."""
    name = _pymod2pkg(uc_name)
    if not name:
        return ()
    return tuple(dict.fromkeys([canonical(name), canonical(re.sub(r"^python3-", "python-", name))]))


def _pymod2pkg(uc_name: str) -> str:
    try:
        import pymod2pkg  # lazily: ~8 ms, for the reports only

        return str(pymod2pkg.module2package(uc_name, "epel"))
    except Exception:  # no rule applies: the python-<name> guesses remain
        return ""


def _locked(package: Package, release: str, tag: str) -> str | None:
    tags = package.get("tags") or {}
    if "under-review" in tags:
        return "under-review"
    if "version-locked" in tags:
        locked = tags["version-locked"]
        if not locked or release in locked or tag in locked:
            return "version-locked"
    return None


def newest_build(package: Package, buildsys_tags: Sequence[str]) -> tuple[str | None, str | None]:
    """The NVR in the most final of the release's buildsys tags (release > testing > …)."""
    builds = package.get("buildsys-tags") or {}
    for tag in reversed(buildsys_tags):
        if builds.get(tag):
            return str(builds[tag]), tag
    return None, None


def nvr_version(nvr: str) -> str:
    """The version of a build's NVR (the text itself when it is not an NVR)."""
    parsed = parse_nvr(nvr)
    return parsed.version if parsed is not None else nvr


def report_rows(
    constraints: Sequence[Constraint],
    packages: Sequence[Package] | PackageIndex,
    release: str,
    tag: str,
    buildsys_tags: Sequence[str],
    compare: Compare,
) -> list[UcRow]:
    """A row per UC entry (see the module docstring)."""
    index = packages if isinstance(packages, PackageIndex) else PackageIndex(packages)
    rows = []
    for constraint in constraints:
        package = index.find(constraint.name)
        if package is None:
            rows.append(UcRow(constraint.name, constraint.version, "not-packaged"))
            continue
        built, built_tag = newest_build(package, buildsys_tags)
        tags = package.get("tags") or {}
        pin = _pin(tags.get(tag))

        locked = _locked(package, release, tag)
        if locked:
            status = locked
        elif tag not in tags:
            pin = None
            status = _build_status(built, constraint.version, compare)
        else:
            status = _status(pin, constraint.version, built, compare)
        rows.append(
            UcRow(
                constraint.name,
                constraint.version,
                status,
                package["name"],
                package.get("project"),
                pin,
                built,
                built_tag,
                tag in tags,
                {
                    t: str(n)
                    for t, n in (package.get("buildsys-tags") or {}).items()
                    if t in buildsys_tags and n
                },
            )
        )
    return rows


def _pin(override: object) -> str | None:
    if isinstance(override, dict) and override.get("source-branch") is not None:
        return str(override["source-branch"])
    return None


def _status(pin: str | None, uc: str, built: str | None, compare: Compare) -> str:
    if pin is None:
        return "unpinned"
    if not _VERSION.match(pin):
        return "pinned-ref"
    order = compare(pin.lstrip("v"), uc)
    if order < 0:
        return "pin-behind"
    if order > 0:
        return "ahead"
    if built is not None and compare(nvr_version(built), pin.lstrip("v")) < 0:
        return "build-behind"
    return "equal"


def _build_status(built: str | None, uc: str, compare: Compare) -> str:
    """A package outside the tag: its newest build against UC (or not packaged at all)."""
    if built is None:
        return "not-packaged"
    order = compare(nvr_version(built), uc)
    return "build-behind" if order < 0 else "ahead" if order > 0 else "equal"


def counts(rows: Iterable[UcRow]) -> dict[str, int]:
    found = {status: 0 for status in STATUSES}
    for row in rows:
        found[row.status] += 1
    return {status: n for status, n in found.items() if n}
