"""The `info`, `findpkg` and `releases` use cases: questions about rdoinfo, answered as data."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rdotool.core import package_query
from rdotool.core.rdoinfo import Package, Rdoinfo, Release, ordered_package
from rdotool.errors import InputError, PackageNotFoundError, UsageError
from rdotool.ops.context import RunContext


@dataclass(frozen=True)
class PackageQueryResult:
    """Packages answering `rdotool info TERMS`.

    `single` is True when the terms named one package exactly (by name or project);
    renderers then show that one record rather than a list.
    """

    packages: list[Package]
    terms: tuple[str, ...]
    tag: str | None = None
    single: bool = False
    not_in_tag: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class InfoSummary:
    """What `rdotool info` without terms shows: releases and packages per conf."""

    releases: list[Release]
    package_count: int
    confs: dict[str, int]  # conf -> number of packages ("" for packages without conf)
    location: str = ""  # where rdoinfo was read
    commit: str | None = None


@dataclass(frozen=True)
class ReleaseList:
    """`rdotool releases` and `info --releases`: rdoinfo's release entries, in its order."""

    releases: list[Release]


def info(
    run: RunContext,
    terms: Sequence[str] = (),
    tag: str | None = None,
    releases: bool = False,
    fetch: bool = False,
) -> InfoSummary | PackageQueryResult | ReleaseList:
    """`rdotool info`: the packages TERMS name, the release list, or the summary."""
    loaded = run.rdoinfo(fetch)
    rdoinfo = loaded.rdoinfo
    if releases:
        return ReleaseList(list_releases(rdoinfo))
    if terms:
        result = query_packages(rdoinfo, terms, tag)
        for name in result.not_in_tag[:5]:
            run.warn(f"{name} is not in tag {tag}")
        if len(result.not_in_tag) > 5:
            run.warn(f"{len(result.not_in_tag) - 5} more packages are not in tag {tag}")
        return result
    check_tag(rdoinfo, tag)  # a typo must not pass silently here either
    return replace(summarize(rdoinfo), location=loaded.location, commit=loaded.commit)


def findpkg(run: RunContext, query: str, strict: bool = False, fetch: bool = False) -> Package:
    """`rdotool findpkg`: the one package that best matches QUERY."""
    return find_package(run.rdoinfo(fetch).rdoinfo, query, strict)


def releases(
    run: RunContext, names: Sequence[str] = (), statuses: Sequence[str] = (), fetch: bool = False
) -> ReleaseList:
    """`rdotool releases`: the releases named, or in the given phases (all by default)."""
    return ReleaseList(list_releases(run.rdoinfo(fetch).rdoinfo, names, statuses))


def check_tag(rdoinfo: Rdoinfo, tag: str | None) -> None:
    """Refuse a tag no package carries (a typo would otherwise change nothing silently)."""
    if tag is None:
        return
    known = rdoinfo.known_tags()
    if tag not in known:
        from difflib import get_close_matches

        close = get_close_matches(tag, known, n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}?" if close else f"known tags: {', '.join(known)}"
        raise InputError(f"no package in rdoinfo carries the tag {tag}", hint)


def query_packages(
    rdoinfo: Rdoinfo, terms: Sequence[str], tag: str | None = None
) -> PackageQueryResult:
    """Packages matching `terms`: one NAME (exact name or project), or ATTR:REGEX filters.

    A single bare word that is not an exact name is used as `name:REGEX`, as rdopkg
    does; when that matches nothing either, PackageNotFoundError suggests close names.
    """
    terms = tuple(terms)
    if tag is None and len(terms) == 1 and ":" not in terms[0]:
        named = rdoinfo.package_named(terms[0])  # resolves that package alone
        if named is not None:
            return _result([named], terms, tag, single=True)
    check_tag(rdoinfo, tag)
    packages = rdoinfo.packages(tag)
    if len(terms) == 1 and ":" not in terms[0]:
        exact = package_query.get_by_name(packages, terms[0])
        if exact is not None:
            return _result([exact], terms, tag, single=True)

    filters = []
    for term in terms:
        try:
            filters.append(package_query.parse_filter(term))
        except re.error as exc:
            raise UsageError(
                f"invalid regular expression in {term!r}: {exc}", "quote it, or escape . + * ( )"
            ) from exc
    known_attrs = {key for package in packages for key in package}
    for term, item in zip(terms, filters):
        if item.attr not in known_attrs and "://" in term:
            raise UsageError(
                f"{term} is a URL, not a package name or filter",
                f"find its package with `rdotool findpkg {term}`",
            )
        if item.attr not in known_attrs:
            raise UsageError(
                f"unknown attribute {item.attr!r} in filter {item.text!r}",
                f"filter on one of: {', '.join(sorted(known_attrs))}",
            )
    matches = package_query.filter_packages(packages, filters)
    if not matches and all(":" not in term for term in terms):
        raise PackageNotFoundError(
            " ".join(terms), package_query.suggest(packages, " ".join(terms))
        )
    return _result(matches, terms, tag, single=False)


def _result(
    packages: list[Package], terms: tuple[str, ...], tag: str | None, single: bool
) -> PackageQueryResult:
    not_in_tag: tuple[str, ...] = ()
    if tag:
        not_in_tag = tuple(p["name"] for p in packages if tag not in (p.get("tags") or {}))
    return PackageQueryResult(
        [ordered_package(p) for p in packages], terms, tag, single, not_in_tag
    )


def get_package(rdoinfo: Rdoinfo, name: str, tag: str | None = None) -> Package:
    """The package named `name` (or whose project is `name`), for commands that need one."""
    check_tag(rdoinfo, tag)
    packages = rdoinfo.packages(tag)
    package = package_query.get_by_name(packages, name)
    if package is None:
        raise PackageNotFoundError(name, package_query.suggest(packages, name))
    return ordered_package(package)


def find_package(rdoinfo: Rdoinfo, query: str, strict: bool = False) -> Package:
    """findpkg: the best match for a name, project, URL or PyPI name."""
    packages = rdoinfo.packages()
    package = package_query.find_package(packages, query, strict=strict)
    if package is None:
        raise PackageNotFoundError(query, package_query.suggest(packages, query))
    return ordered_package(package)


def summarize(rdoinfo: Rdoinfo) -> InfoSummary:
    """Releases and package counts per conf (most used first)."""
    packages = rdoinfo.packages()
    counts = Counter(str(p.get("conf") or "") for p in packages)
    confs = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return InfoSummary(rdoinfo.releases(), len(packages), confs)


def list_releases(
    rdoinfo: Rdoinfo, names: Sequence[str] = (), statuses: Sequence[str] = ()
) -> list[Release]:
    """Releases, optionally only those named or in the given statuses, in rdoinfo order."""
    for name in names:
        rdoinfo.release(name)  # raises ReleaseNotFoundError with the known names
    return [
        release
        for release in rdoinfo.releases()
        if (not names or release["name"] in names)
        and (not statuses or release.get("status") in statuses)
    ]


def names_starting(run: RunContext, kind: str, prefix: str) -> list[str]:
    """Shell completion: package, tag or release names that start with `prefix`."""
    if kind == "package":
        names = run.package_names()
    elif kind == "tag":
        names = run.rdoinfo().rdoinfo.known_tags()
    else:
        names = [str(r["name"]) for r in run.rdoinfo().rdoinfo.releases()]
    return [name for name in names if name.startswith(prefix)]
