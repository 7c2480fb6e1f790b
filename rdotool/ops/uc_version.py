"""The version upper-constraints names for a package in a release (`new-version --uc`).

(ops/uc_pins.py compares a whole release's rdoinfo pins with upper-constraints.)
"""

from __future__ import annotations

from dataclasses import dataclass

from rdotool.adapters.uc_files import load_uc_text
from rdotool.core.constraints import candidate_names, constraint_for, parse_constraints
from rdotool.core.rdoinfo import Rdoinfo, Release, release_of_branch
from rdotool.core.targets import release_python
from rdotool.errors import InputError
from rdotool.ops.context import RunContext


@dataclass(frozen=True)
class UcVersion:
    """A package's upper-constraints entry and where it was read."""

    version: str
    name: str  # as spelled in the UC file
    release: str
    source: str  # file path or URL


def read_uc(run: RunContext, release: Release, uc_file: str | None) -> tuple[str, str]:
    """(text, source) of the release's upper-constraints (adapters/uc_files.py), its
    warnings (a cached copy served instead of a failed fetch) reported to the run."""
    text, source, warnings = load_uc_text(run.settings, release, uc_file)
    for message in warnings:
        run.warn(message)
    return text, source


def release_for_branch(rdoinfo: Rdoinfo, branch: str) -> Release:
    """The release a distgit branch belongs to (core.rdoinfo.release_of_branch), or an
    error asking for it."""
    release = release_of_branch(rdoinfo.releases(), branch)
    if release is not None:
        return release
    raise InputError(
        f"cannot tell the release of branch {branch}", "name it: rdotool new-version --uc RELEASE"
    )


def uc_version(
    run: RunContext,
    package_name: str,
    branch: str,
    release_name: str | None = None,
    uc_file: str | None = None,
    python: str | None = None,
) -> UcVersion:
    """The version UC names for the package the spec builds."""
    from rdotool.ops.info import get_package

    rdoinfo = run.rdoinfo().rdoinfo
    package = get_package(rdoinfo, package_name)
    release = rdoinfo.release(release_name) if release_name else release_for_branch(rdoinfo, branch)
    own = release_of_branch(rdoinfo.releases(), branch)
    if own is not None and own["name"] != release["name"]:
        run.warn(
            f"branch {branch} belongs to {own['name']}; the version comes from the"
            f" upper-constraints of {release['name']}"
        )
    text, source = read_uc(run, release, uc_file)
    names = candidate_names(package)
    found = constraint_for(
        parse_constraints(text, source), names, python or release_python(release)
    )
    if found is None:
        raise InputError(
            f"upper-constraints of {release['name']} ({source}) has no entry for {package_name}",
            f"looked for {', '.join(names)}; give the VERSION instead",
        )
    return UcVersion(found.version, found.name, str(release["name"]), source)
