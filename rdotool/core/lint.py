"""`rdotool lint`'s rules on a spec's text and what ops/lint.py read around it.

Each finding has an id (for `--ignore`), a severity (error: the build or the review
will fail; warning: worth a look) and the spec line it is about. The rules are the
ones a packager checks by hand before a review:

- `patch-number` (error): `%patchN`, removed in RPM 4.20 (`%patch -P N` instead);
- `no-dist` (error): a Release without `%{?dist}` (DLRN templates aside);
- `missing-file` (error): a local Source or Patch that is neither in the distgit nor
  in `sources` (URLs are downloaded at build time; a template's Source0 is DLRN's);
- `sources-format` (error): a `sources` line `rdotool build` cannot read
  (core/build.parse_sources_line);
- `changelog-release` (error): the newest %changelog entry's V-R is not the spec's;
- `changelog-date` (error): a header whose date does not exist;
- `changelog-order`, `changelog-weekday` (warnings): dates going up, wrong weekdays;
- `python-requires-generated` (warning): in a spec built with pyproject-rpm-macros (or
  the dependency generator on), a `Requires: python3-x` of the subpackage that ships
  the dist-info, when upstream's requirements.txt lists x with the same or a higher
  lower bound: the generator already adds `python3.Xdist(x)`. Kept: Requires of other
  subpackages (-tests, services), ones upstream does not list (python3-libvirt), pins
  and bounds above upstream's;
- `requires-python` (warning, ops/lint.py): upstream's requires-python excludes the
  Python of a `--distro` target.

`sources` may hold `#` comments (RDO's trunk distgits say there that the file is not
used for trunk builds).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Optional

from rdotool.core.build import SourcesLineError, parse_sources_line
from rdotool.core.reqcheck import SpecDep, UpstreamRequirement, candidate_keys, python_key
from rdotool.core.rpmvercmp import rpmvercmp

ERROR, WARNING = "error", "warning"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PATCH_N = re.compile(r"^\s*%patch(\d+)\b")
_CHANGELOG_HEADER = re.compile(
    r"^\*\s+(?P<weekday>\w{3})\s+(?P<month>\w{3})\s+(?P<day>\d{1,2})\s+(?P<year>\d{4})"
    r"(?P<rest>.*)$"
)
_EVR_AT_END = re.compile(r"(?:\s-)?\s+(?:\d+:)?(?P<vr>[^\s:]+-[^\s-]+)\s*$")


@dataclass(frozen=True)
class Finding:
    id: str
    severity: str
    file: str
    line: int  # 0: about the file as a whole
    message: str


@dataclass(frozen=True)
class SpecFacts:
    """A spec and what surrounds it, as ops/lint.py read them."""

    name: str  # the spec's file name
    text: str
    template: bool  # a DLRN template (Version: XXX)
    version: str  # expanded
    release: str  # expanded, %{?dist} empty
    raw_release: str  # as written
    source_files: Sequence[tuple[str, str, bool]]  # (tag, file name, is a URL)
    present: frozenset[str]  # files in the distgit
    sources: Sequence[str]  # the `sources` file's lines


def lint_spec(facts: SpecFacts) -> list[Finding]:
    lines = facts.text.split("\n")
    found: list[Finding] = []

    def add(rule: str, severity: str, line: int, message: str, file: str = "") -> None:
        found.append(Finding(rule, severity, file or facts.name, line, message))

    for number, line in enumerate(lines, start=1):
        match = _PATCH_N.match(line)
        if match:
            add(
                "patch-number",
                ERROR,
                number,
                f"`%patch{match.group(1)}` is gone in RPM 4.20: write `%patch -P {match.group(1)}`",
            )
    if not facts.template and "dist}" not in facts.raw_release:
        add("no-dist", ERROR, _tag_line(lines, "Release"), "Release has no %{?dist}")
    listed = set()
    for number, line in enumerate(facts.sources, start=1):
        try:
            entry = parse_sources_line(line)  # as `rdotool build` reads it
        except SourcesLineError as exc:
            add("sources-format", ERROR, number, f"{exc.reason} ({exc.hint})", "sources")
            continue
        if entry is not None:
            listed.add(entry.name)
    for tag, name, remote in facts.source_files:
        if remote or (facts.template and tag in ("Source0", "Source")):
            continue
        if name not in facts.present and name not in listed:
            add(
                "missing-file",
                ERROR,
                _tag_line(lines, tag),
                f"{tag} {name} is neither in the distgit nor in `sources`",
            )
    found += _changelog(lines, facts)
    return sorted(found, key=lambda f: (f.file, f.line, f.id))


def _changelog(lines: list[str], facts: SpecFacts) -> list[Finding]:
    """The %changelog rules: dates, weekdays, order, and the newest entry's V-R."""
    findings: list[Finding] = []
    start = next((i for i, line in enumerate(lines) if line.startswith("%changelog")), None)
    if start is None:
        return findings
    previous: Optional[date] = None
    first = True
    for number in range(start + 2, len(lines) + 1):
        line = lines[number - 1]
        match = _CHANGELOG_HEADER.match(line)
        if not match:
            continue
        when = _date(match)
        if when is None:
            findings.append(
                Finding("changelog-date", ERROR, facts.name, number, f"no valid date: {line}")
            )
            first = False  # the newest entry, even with a broken date
            continue
        weekday = WEEKDAYS[when.weekday()]  # not strftime: it follows the locale
        if weekday != match.group("weekday"):
            findings.append(
                Finding(
                    "changelog-weekday",
                    WARNING,
                    facts.name,
                    number,
                    f"{when.isoformat()} is a {weekday}, not a {match.group('weekday')}",
                )
            )
        if previous is not None and when > previous:
            findings.append(
                Finding(
                    "changelog-order",
                    WARNING,
                    facts.name,
                    number,
                    f"{when.isoformat()} is newer than the entry above it",
                )
            )
        previous = when
        if first and not facts.template:
            evr = _EVR_AT_END.search(match.group("rest"))
            expected = f"{facts.version}-{facts.release}"
            if evr is not None and evr.group("vr") != expected:
                findings.append(
                    Finding(
                        "changelog-release",
                        ERROR,
                        facts.name,
                        number,
                        f"the newest entry says {evr.group('vr')}, the spec is {expected}",
                    )
                )
        first = False
    return findings


def _date(match: re.Match[str]) -> Optional[date]:
    if match.group("month") not in MONTHS:  # not strptime's %b: it follows the locale
        return None
    try:
        month = MONTHS.index(match.group("month")) + 1
        return date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None


def generated_requires(
    lines: Sequence[str],
    spec_name: str,
    requirements: Sequence[UpstreamRequirement],
    deps: Sequence[SpecDep],
    carriers: Sequence[str],
    source: str,
) -> list[Finding]:
    """`python-requires-generated` (module docstring): `deps` are the spec's Requires
    (expanded), `carriers` the subpackages shipping the dist-info, `source` names the
    requirements (e.g. "requirements.txt at 9.7.2")."""
    by_key: dict[str, UpstreamRequirement] = {}
    for upstream_line in requirements:
        for candidate in candidate_keys(upstream_line):
            by_key.setdefault(candidate, upstream_line)
    found = []
    for dep in deps:
        key = python_key(dep.name) if dep.package in carriers else None
        requirement = by_key.get(key) if key else None
        if requirement is None or dep.kind != "Requires" or _stricter(dep, requirement):
            continue
        upstream = f"{requirement.name}{requirement.specifier}"
        found.append(
            Finding(
                "python-requires-generated",
                WARNING,
                spec_name,
                _requires_line(lines, dep.name),
                f"Requires: {dep.render()} ({dep.package}) duplicates what the dependency "
                f"generator makes of {upstream} ({source}): drop it",
            )
        )
    return found


def _stricter(dep: SpecDep, requirement: UpstreamRequirement) -> bool:
    """A Requires that says more than upstream: a pin, an upper bound, or a lower bound
    above upstream's."""
    if dep.op is None:
        return False
    if dep.op not in (">=", ">") or not dep.version:
        return True
    ours = dep.version.split(":", 1)[-1]
    theirs = requirement.lower_bound
    return theirs is None or rpmvercmp(ours, theirs) > 0


def _requires_line(lines: Sequence[str], name: str) -> int:
    """The line of the first `Requires:` naming `name` (0 when written through macros)."""
    pattern = re.compile(rf"^Requires\s*:.*(?<![\w.+-]){re.escape(name)}(?![\w.+-])")
    return next((i for i, line in enumerate(lines, start=1) if pattern.match(line)), 0)


def _tag_line(lines: list[str], tag: str) -> int:
    pattern = re.compile(rf"^{re.escape(tag)}\s*:", re.IGNORECASE)
    return next((i for i, line in enumerate(lines, start=1) if pattern.match(line)), 0)
