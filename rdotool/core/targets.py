"""The distros RDO builds for, in one table: what `--distro el9s` means everywhere.

A target names a distro as rdoinfo's release repos do (`el9s`, `el10s`): its `%{dist}`
(CBS builds carry `.el9s`), the `rhel` macro, the mock config and the Python it ships,
whose markers decide which requirements and upper-constraints lines apply. reqcheck,
build, uc and new-version --uc all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from rdotool.errors import UsageError


@dataclass(frozen=True)
class Target:
    """A distro to evaluate a spec for and build on."""

    name: str  # el9s
    rhel: str  # 9
    dist: str  # .el9s
    python: str  # 3.9

    def mock_config(self, arch: str = "x86_64") -> str:
        """mock-core-configs' CentOS Stream + EPEL chroot of the same major version."""
        return f"centos-stream+epel-{self.rhel}-{arch}"

    def rpm_macros(self) -> list[tuple[str, str]]:
        """Macros that make a spec evaluate as on the target, not on the build host."""
        return [("dist", self.dist), ("rhel", self.rhel), (f"el{self.rhel}", "1")]

    def spec_macros(self) -> list[tuple[str, str | None]]:
        """rpm_macros, and the host's `fedora` undefined (None), for reading a spec."""
        return [*self.rpm_macros(), ("fedora", None)]


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("el8", "8", ".el8", "3.6"),
        Target("el8s", "8", ".el8s", "3.6"),
        Target("el9", "9", ".el9", "3.9"),
        Target("el9s", "9", ".el9s", "3.9"),
        Target("el10", "10", ".el10", "3.12"),
        Target("el10s", "10", ".el10s", "3.12"),
    )
}
DEFAULT_TARGET = "el9s"  # what RDO's maintained releases build for

# the choices of --distro, for the command line to validate and complete
Distro = Enum("Distro", {name: name for name in TARGETS}, type=str)  # type: ignore[misc]


def target(name: str | None = None) -> Target:
    """The target called `name` (the default target for None)."""
    key = name or DEFAULT_TARGET
    if key not in TARGETS:
        raise UsageError(f"unknown distro {key!r}", f"use one of {', '.join(TARGETS)}")
    return TARGETS[key]


def release_targets(release: dict[str, Any]) -> list[Target]:
    """The known targets of an rdoinfo release's repos, in its order."""
    names = [str(repo.get("name", "")) for repo in release.get("repos") or []]
    return [TARGETS[name] for name in names if name in TARGETS]


def release_target(release: dict[str, Any]) -> Target:
    """The distro a release builds for first (its first repo), else the default."""
    found = release_targets(release)
    return found[0] if found else target()


def release_python(release: dict[str, Any]) -> str:
    """The Python whose markers decide a release's upper-constraints lines: the oldest
    its repos ship (an EL9 + EL10 release must install on EL9's 3.9)."""
    found = release_targets(release) or [target()]
    return min((t.python for t in found), key=_version_key)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
