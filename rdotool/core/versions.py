"""Upstream versions, RDO milestones and Release bumps: the text rules, no rpm needed.

RDO packages a pre-release as the final Version with a milestone in Release:
upstream `4.0.0.0b1` (pbr) or `1.0.0rc1` (PEP 440) becomes Version `4.0.0` / `1.0.0`,
`%global milestone .0b1` / `.0rc1` and Release `0.1%{?milestone}%{?dist}`; the final
version then resets Release to `1%{?dist}` and drops the milestone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdotool.errors import InputError, UsageError

_BUMP_NAMES = {"MAJOR": 1, "MINOR": 2, "PATCH": 3}
_NUMBERS = re.compile(r"\d+(?:\.\d+)*")
_DLRN_TIMESTAMP = re.compile(r"\d{14}")
_MILESTONE_MACRO = "%{?milestone}"
_DIST_MACROS = ("%{?dist}", "%{dist}", "%dist")


@dataclass(frozen=True)
class UpstreamVersion:
    """An upstream version as RDO packages it: Version plus an optional milestone."""

    tag: str  # as given, minus a leading v/V (e.g. 4.0.0.0b1)
    version: str  # the RPM Version (e.g. 4.0.0)
    milestone: str  # "" for a final release, else e.g. ".0b1"

    @property
    def is_prerelease(self) -> bool:
        return bool(self.milestone)


def parse_upstream_version(text: str) -> UpstreamVersion:
    """Split an upstream tag into Version and milestone (RDO convention, see module doc)."""
    from packaging.version import InvalidVersion, Version

    tag = text.strip()
    if tag[:1] in "vV" and tag[1:2].isdigit():
        tag = tag[1:]
    try:
        parsed = Version(tag)
    except InvalidVersion:
        if re.fullmatch(r"\d+(\.\d+)*", tag):
            return UpstreamVersion(tag, tag, "")
        raise InputError(
            f"{text!r} is not a version rdotool can package",
            "give a version such as 1.2.3, 4.0.0.0b1 or 1.0.0rc1",
        ) from None
    if parsed.pre is None and parsed.dev is None:
        return UpstreamVersion(tag, tag, "")
    release = list(parsed.release)
    if len(release) == 4 and release[-1] == 0:
        release = release[:3]  # pbr: 4.0.0.0b1 is 4.0.0 milestone .0b1
    if parsed.pre is not None:
        milestone = f".0{parsed.pre[0]}{parsed.pre[1]}"
    else:
        milestone = f".0dev{parsed.dev}"
    return UpstreamVersion(tag, ".".join(str(part) for part in release), milestone)


@dataclass(frozen=True)
class ReleaseParts:
    """A Release value split as rdopkg splits it: numbers, milestone piece, the rest."""

    numbers: list[str]
    milestone: str  # a literal `.0b1` or `%{?milestone}`, or ""
    rest: str  # e.g. `%{?dist}`, `.el9`, `%{?dist}.1`


def split_release(release: str) -> ReleaseParts | None:
    """Split a Release value; None when it does not start with a number (e.g. `%{rel}`)."""
    match = _NUMBERS.match(release)
    if match is None:
        return None
    numbers = match.group().split(".")
    rest = release[match.end() :]
    milestone = ""
    if rest[:1].isalpha() and len(numbers) > 1:
        # `0.1.0b1`: the last number belongs to the milestone `.0b1`
        tail = re.match(r"[A-Za-z0-9]*", rest)
        assert tail is not None
        milestone = "." + numbers.pop() + tail.group()
        rest = rest[tail.end() :]
    if rest.startswith(_MILESTONE_MACRO):
        milestone += _MILESTONE_MACRO
        rest = rest[len(_MILESTONE_MACRO) :]
    return ReleaseParts(numbers, milestone, rest)


def bump_index(spec: str | int | None, parts: ReleaseParts) -> int:
    """The 1-based index of the number to bump: -R value, or the default for this Release."""
    if spec is None or spec == "":
        # DLRN releases `0.N.YYYYMMDDhhmmss.hash` bump N, not the timestamp
        if len(parts.numbers) >= 3 and _DLRN_TIMESTAMP.fullmatch(parts.numbers[2]):
            return 2
        return len(parts.numbers)
    if isinstance(spec, int):
        return spec
    name = spec.strip().upper()
    if name in _BUMP_NAMES:
        return _BUMP_NAMES[name]
    if name.isdigit():
        return int(name)
    raise UsageError(
        f"invalid release bump index {spec!r}", "use MAJOR, MINOR, PATCH, a number, or 0"
    )


def bump_release(release: str, index: str | int | None = None) -> str:
    """Bump a Release value, keeping every other character (suffixes such as `.el9` too).

    The default bumps the last leading number (`1%{?dist}` -> `2%{?dist}`,
    `0.1.0b1%{?dist}` -> `0.2.0b1%{?dist}`, `1.el9` -> `2.el9`); `index` picks the
    N-th number (MAJOR=1, MINOR=2, PATCH=3); 0 leaves it unchanged.
    """
    parts = split_release(release)
    if parts is None:
        raise InputError(
            f"Release {release!r} does not start with a number",
            "bump the macro it uses (rdotool does so when it is defined in the spec)",
        )
    position = bump_index(index, parts)
    if position == 0:
        return release
    if position > len(parts.numbers):
        raise UsageError(
            f"Release {release!r} has no number at position {position}",
            f"use a position from 1 to {len(parts.numbers)}",
        )
    numbers = list(parts.numbers)
    numbers[position - 1] = str(int(numbers[position - 1]) + 1)
    return ".".join(numbers) + parts.milestone + parts.rest


def release_for(new: UpstreamVersion, old_release: str, same_version: bool) -> str:
    """The Release for a new upstream version, keeping the old Release's suffix style.

    A final version starts at `1`; a pre-release at `0.1%{?milestone}` (bumped instead
    when the numeric Version stays and it is still a pre-release: rc1 -> rc2).
    """
    parts = split_release(old_release)
    if parts is None:  # `XXX` (DLRN template) or `%{rel}%{?dist}`: start a plain Release
        suffix = (
            "%{?dist}"
            if any(d in old_release for d in _DIST_MACROS) or "%" not in old_release
            else ""
        )
    else:
        suffix = _suffix(parts.rest)
    if new.is_prerelease:
        if same_version and parts is not None and parts.numbers[0] == "0":
            bumped = bump_release(old_release, index=2 if len(parts.numbers) > 1 else 1)
            bumped_parts = split_release(bumped)
            assert bumped_parts is not None
            return ".".join(bumped_parts.numbers) + _MILESTONE_MACRO + suffix
        return "0.1" + _MILESTONE_MACRO + suffix
    return "1" + suffix


def _suffix(rest: str) -> str:
    """What follows the numbers, minus a minor bump after %{?dist} (`%{?dist}.1` -> `%{?dist}`)."""
    for dist in _DIST_MACROS:
        if dist in rest:
            return rest[: rest.index(dist) + len(dist)]
    return rest


def strip_dist(release: str) -> str:
    """A Release value without its dist macro (`2%{?dist}` -> `2`)."""
    for dist in _DIST_MACROS:
        release = release.replace(dist, "")
    return release


def highest_version_tag(tags: Iterable[str], below: str | None = None) -> str | None:
    """The tag naming the highest PEP 440 version (pre-releases included), or None.

    Tags may carry a leading v/V; tags that are not versions are skipped. With `below`
    (a tag or version), only versions lower than it count; a `below` that is not a
    version itself gives None.
    """
    from packaging.version import InvalidVersion, Version

    ceiling: Version | None = None
    if below is not None:
        try:
            ceiling = Version(below.lstrip("vV"))
        except InvalidVersion:
            return None
    best: tuple[Version, str] | None = None
    for tag in tags:
        try:
            version = Version(tag.lstrip("vV"))
        except InvalidVersion:
            continue
        if ceiling is not None and not version < ceiling:
            continue
        if best is None or version > best[0]:
            best = (version, tag)
    return best[1] if best else None


@dataclass(frozen=True)
class Nvr:
    """NAME-VERSION-RELEASE as RPM and Koji write it (the name may hold dashes)."""

    name: str
    version: str
    release: str

    def __str__(self) -> str:
        return f"{self.name}-{self.version}-{self.release}"


def parse_nvr(text: str) -> Nvr | None:
    """`python-oslo-config-9.7.1-1.el9s` -> its parts; None when it has no two dashes."""
    parts = text.rsplit("-", 2)
    if len(parts) != 3 or not all(parts):
        return None
    return Nvr(*parts)


def parse_rpm_filename(filename: str) -> tuple[str, str]:
    """`NVR.ARCH.rpm` (a path is fine) -> (NVR, ARCH)."""
    stem = filename.rsplit("/", 1)[-1].removesuffix(".rpm")
    nvr, _, arch = stem.rpartition(".")
    return nvr, arch
