"""DLRN's rules for a trunk build: the NVR from an upstream version, and the spec as
DLRN renders it before `rpmbuild -bs`.

These follow DLRN's own scripts (softwarefactory-project/DLRN, scripts/common-functions
`setversionandrelease` and `set_nvr_in_spec`, scripts/build_srpm.sh), including their
quirks, because a packager reproducing a DLRN build needs the package DLRN builds:

- the RPM Version drops pre-release and development parts of the upstream version
  (`9.8.1.dev12` -> `9.8.1`, `7.0.0.0rc2.dev1` -> `7.0.0`, `0.10.1.11.ga5f0e3c` ->
  `0.10.1.11`, `1.0.0-d7f1b849` -> `1.0.0`); an unparsable version becomes `0.0.1`;
- Release is `0.<UTC date YYYYMMDDHHMMSS>.<7-hex commit>` (or DLRN's `0.1.date.hash` and
  `minor.date.hash` numberings);
- the spec gets `%global dlrn_nvr`, `%global dlrn 1` and `%define upstream_version` on
  top, UPSTREAMVERSION replaced, every `Version:`/`Release:` line rewritten (DLRN's sed
  is not anchored), `Source`/`Source0` pointed at the tarball, and `%changelog` cut
  after its header line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

NUMBERINGS = ("0.date.hash", "0.1.date.hash", "minor.date.hash")
TEMPLATE_VALUE = "XXX"  # DLRN templates: `Version: XXX`, `Release: XXX`

# setversionandrelease's cases, in its order: (pattern, group giving the Version).
# bash's =~ searches (unanchored) and takes each group as long as it can: Python's greedy
# groups with re.search give the same split.
_VERSION_RULES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"([^-]*)-(.+)"), 1),  # version-release, e.g. 1.0.0-d7f1b849
    (re.compile(r"(.*)\.(0rc.+)"), 1),  # 7.0.0.0rc2.dev1
    (re.compile(r"(.*)\.(0b.+)"), 1),  # 2.0.0.0b4.dev15
    (re.compile(r"(.*)\.(0a.+)"), 1),  # 7.0.0.0a1.dev1
    (re.compile(r"(.*)\.(dev.+)"), 1),  # 2014.2.dev50.g99bef1f, 2.0.1.dev17
    (re.compile(r"(.*)\.(g.+)"), 1),  # 0.10.1.11.ga5f0e3c
    (re.compile(r"(.*)\.pre.*"), 1),  # 1.8.0.pre
    (re.compile(r"^([.0-9]*)$"), 1),  # 1.7.3
)
FALLBACK_VERSION = "0.0.1"


@dataclass(frozen=True)
class TrunkVersion:
    """What DLRN derives from one upstream commit."""

    upstream_version: str  # e.g. 9.8.1.dev12 (pbr), the %{upstream_version} of the spec
    version: str  # the RPM Version, e.g. 9.8.1
    release: str  # the RPM Release without %{?dist}, e.g. 0.20261126101500.1a2b3c4
    commit: str  # the 7-hex abbreviation in Release

    def source_name(self, sdist: str, extension: str = ".tar.gz") -> str:
        """The tarball's name in SOURCES: the sdist's base name, `-RELEASE`, extension
        (`oslo.config-9.8.1.dev12.tar.gz` -> `oslo.config-9.8.1.dev12-0.2026….tar.gz`)."""
        base = sdist[: -len(extension)] if sdist.endswith(extension) else sdist
        return f"{base}-{self.release}{extension}"


def trunk_version(
    upstream_version: str,
    commit: str,
    built_at: datetime,
    numbering: str = "0.date.hash",
    minor: Optional[str] = None,
) -> TrunkVersion:
    """DLRN's Version and Release for `upstream_version` at `commit` (7 hex or more),
    built at `built_at` (converted to UTC)."""
    if numbering not in NUMBERINGS:
        raise ValueError(f"unknown release numbering {numbering!r}")
    version = FALLBACK_VERSION
    for pattern, group in _VERSION_RULES:
        match = pattern.search(upstream_version)
        if match:
            version = match.group(group)
            break
    short = commit[:7]
    stamp = built_at.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S")
    if numbering == "0.1.date.hash":
        release = f"0.1.{stamp}.{short}"
    elif numbering == "minor.date.hash":
        release = f"{minor or '0'}.{stamp}.{short}"
    else:
        release = f"0.{stamp}.{short}"
    return TrunkVersion(upstream_version, version, release, short)


def is_template(spec_text: str) -> bool:
    """A DLRN template: its Version or Release is `XXX`."""
    return bool(
        re.search(rf"^(Version|Release)\s*:\s*{TEMPLATE_VALUE}\s*$", spec_text, re.MULTILINE)
    )


def render_spec(
    spec_text: str,
    trunk: TrunkVersion,
    source: str,
    keep_tarball: bool = False,
    keep_changelog: bool = False,
) -> str:
    """The spec as build_srpm.sh leaves it for `SOURCE` (the tarball's name in SOURCES)."""
    lines = spec_text.split("\n")
    dlrn_nvr = source[: -len(".tar.gz")] if source.endswith(".tar.gz") else source
    for pattern, line in (
        (r"^%define upstream_version.*", f"%define upstream_version {trunk.upstream_version}"),
        (r"^%global dlrn .*", "%global dlrn 1"),
        (r"^%global dlrn_nvr .*", f"%global dlrn_nvr {dlrn_nvr}"),
    ):
        regex = re.compile(pattern)
        if any(regex.match(existing) for existing in lines):
            lines = [line if regex.match(existing) else existing for existing in lines]
        else:
            lines.insert(0, line)
    text = "\n".join(lines).replace("UPSTREAMVERSION", trunk.upstream_version)
    version = trunk.version.replace("-", ".", 1)  # ${VERSION/-/.}
    text = re.sub(r"Version:.*", lambda _: f"Version: {version}", text)
    text = re.sub(r"Release:.*", lambda _: f"Release: {trunk.release}%{{?dist}}", text)
    if not keep_tarball:
        text = re.sub(
            r"^(Source|Source0):.*", lambda m: f"{m.group(1)}: {source}", text, flags=re.M
        )
    if not keep_changelog:
        cut = re.search(r"^%changelog.*$", text, re.MULTILINE)
        if cut is not None:
            text = text[: cut.end()] + "\n"
    return text
