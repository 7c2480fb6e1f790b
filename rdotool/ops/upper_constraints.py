"""The version upper-constraints names for a package in a release (`new-version --uc`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdotool.adapters import http
from rdotool.adapters.files import read_text
from rdotool.config import Settings
from rdotool.core.constraints import candidate_names, constraint_for, parse_constraints
from rdotool.core.rdoinfo import Rdoinfo, Release
from rdotool.core.targets import release_python
from rdotool.errors import ExternalError, InputError

UC_URL = "https://opendev.org/openstack/requirements/raw/branch/{branch}/upper-constraints.txt"


@dataclass(frozen=True)
class UcVersion:
    """A package's upper-constraints entry and where it was read."""

    version: str
    name: str  # as spelled in the UC file
    release: str
    source: str  # file path or URL
    warnings: tuple[str, ...] = ()


def release_for_branch(rdoinfo: Rdoinfo, branch: str) -> Release:
    """The release a distgit branch belongs to: `<release>-rdo`, or rpm-master's development one."""
    match = re.fullmatch(r"(?P<name>[a-z]+)-rdo", branch)
    if match:
        return rdoinfo.release(match.group("name"))
    if branch in ("rpm-master", "master"):
        release = rdoinfo.development_release()
        if release is not None:
            return release
    raise InputError(
        f"cannot tell the release of branch {branch}", "name it: rdotool new-version --uc RELEASE"
    )


def load_uc_text(
    settings: Settings, release: Release, uc_file: str | None
) -> tuple[str, str, list[str]]:
    """(text, source, warnings): --uc-file as given, else the release's branch, cached."""
    if uc_file and "://" not in uc_file:
        path = Path(uc_file)
        return read_text(path, "upper-constraints file"), str(path), []
    if uc_file:
        try:
            return http.fetch_text(uc_file), uc_file, []
        except ExternalError as exc:
            exc.hint = "check the URL and your network, or pass --uc-file with a local copy"
            raise
    branch = release.get("upstream_branch")
    if not branch:
        raise InputError(
            f"release {release['name']} has no upstream_branch in rdoinfo",
            "pass --uc-file PATH|URL",
        )
    url = UC_URL.format(branch=branch)
    cache = settings.cache_dir / "upper-constraints" / (str(branch).replace("/", "_") + ".txt")
    if not settings.offline:
        try:
            text = http.fetch_text(url)
        except ExternalError as exc:
            if not cache.exists():
                exc.hint = (
                    "pass --uc-file PATH (a local upper-constraints.txt); once it has been"
                    " fetched, the cached copy serves --offline"
                )
                raise
            warning = f"{exc.message}; using the cached copy {cache}"
            return read_text(cache, "cached upper-constraints"), str(cache), [warning]
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(text)
        return text, url, []
    if cache.exists():
        return read_text(cache, "cached upper-constraints"), str(cache), []
    raise InputError(
        f"there is no cached upper-constraints for {branch} and --offline is set",
        "run once online, or pass --uc-file PATH",
    )


def uc_version(
    settings: Settings,
    rdoinfo: Rdoinfo,
    package_name: str,
    branch: str,
    release_name: str | None = None,
    uc_file: str | None = None,
    python: str | None = None,
) -> UcVersion:
    """The version UC names for the package the spec builds."""
    from rdotool.ops.info import get_package

    package = get_package(rdoinfo, package_name)
    release = rdoinfo.release(release_name) if release_name else release_for_branch(rdoinfo, branch)
    text, source, warnings = load_uc_text(settings, release, uc_file)
    names = candidate_names(package)
    found = constraint_for(
        parse_constraints(text, source), names, python or release_python(release)
    )
    if found is None:
        raise InputError(
            f"upper-constraints of {release['name']} ({source}) has no entry for {package_name}",
            f"looked for {', '.join(names)}; give the VERSION instead",
        )
    return UcVersion(found.version, found.name, str(release["name"]), source, tuple(warnings))
