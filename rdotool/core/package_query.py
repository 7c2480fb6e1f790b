"""Finding packages in resolved rdoinfo: `ATTR:REGEX` filters, findpkg and suggestions.

Filters keep rdopkg's habits (`re.search`, `~` negates, a list or mapping matches when
any item or key does, a bare word means `name:`), but repeated attributes are ANDed
instead of the last one silently winning. findpkg keeps rdopkg's order of tries and
fixes its misses: the query is compared case-insensitively, and by PEP 503 canonical
name, so `NOVA`, `oslo.config` and `glance-store` find their packages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from rdotool.core.constraints import canonical
from rdotool.core.rdoinfo import Package

URL_FIELDS = ("upstream", "distgit", "master-distgit", "patches", "review-origin", "review-patches")
_NAME_PREFIXES = ("python-", "openstack-", "python3-")


@dataclass(frozen=True)
class PackageFilter:
    """One `ATTR:REGEX` term (`~REGEX` negates)."""

    attr: str
    pattern: re.Pattern[str]
    negate: bool = False

    @property
    def text(self) -> str:
        return f"{self.attr}:{'~' if self.negate else ''}{self.pattern.pattern}"

    def matches(self, package: Package) -> bool:
        """True when the package passes this term (a missing attribute never passes)."""
        value = package.get(self.attr)
        if value is None:
            return False
        if isinstance(value, (str, int, float)):
            found = bool(self.pattern.search(str(value)))
        elif isinstance(value, Iterable):
            found = any(self.pattern.search(str(item)) for item in value)
        else:
            found = False
        return found != self.negate


def parse_filter(term: str) -> PackageFilter:
    """Parse `ATTR:REGEX`, `ATTR:~REGEX` or a bare `REGEX` (meaning `name:REGEX`).

    Raises re.error for a bad regular expression.
    """
    attr, sep, rex = term.partition(":")
    if not sep or not re.fullmatch(r"[A-Za-z][\w-]*", attr):
        attr, rex = "name", term
    negate = rex.startswith("~")
    if negate:
        rex = rex[1:]
    return PackageFilter(attr=attr, pattern=re.compile(rex), negate=negate)


def filter_packages(packages: Sequence[Package], filters: Sequence[PackageFilter]) -> list[Package]:
    """Packages that pass every filter, in rdoinfo order."""
    return [p for p in packages if all(f.matches(p) for f in filters)]


def strip_project_url(url: str) -> str:
    """Strip `proto://`, `.git`, `-distgit` and a leading `openstack/` (as distroinfo does)."""
    url = re.sub(r"^[^:/]+://", "", url.strip())
    url = url.removesuffix("/")
    if url.endswith(".git"):
        url = url[: -len(".git")]
    if url.endswith("-distgit"):
        url = url[: -len("-distgit")]
    return url.removeprefix("openstack/")


def _basename(url: str) -> str:
    return strip_project_url(url).rsplit("/", 1)[-1]


def _canonical_keys(package: Package) -> set[str]:
    """Canonical spellings a query by project, upstream or package name may take."""
    keys = {canonical(str(package.get("project", ""))), canonical(package["name"])}
    if package.get("upstream"):
        keys.add(canonical(_basename(str(package["upstream"]))))
    for prefix in _NAME_PREFIXES:
        if package["name"].startswith(prefix):
            keys.add(canonical(package["name"][len(prefix) :]))
    keys.discard("")
    return keys


def get_by_name(packages: Sequence[Package], name: str) -> Package | None:
    """The package whose name or project is exactly `name`."""
    for package in packages:
        if package["name"] == name:
            return package
    for package in packages:
        if package.get("project") == name:
            return package
    return None


def find_package(packages: Sequence[Package], query: str, strict: bool = False) -> Package | None:
    """The single best match for a name, project, upstream/distgit URL or PyPI name.

    Tries, in order: exact name; name, project or URL ignoring case and URL decoration;
    PEP 503 canonical name of project, upstream basename or name without its
    `python-`/`openstack-` prefix. Unless `strict`: a URL that contains a project name
    (the longest wins), then the shortest package name containing the query.
    """
    query = query.strip()
    if not query:
        return None
    exact = get_by_name(packages, query)
    if exact is not None:
        return exact
    lowered = query.lower()
    stripped = strip_project_url(query).lower()
    for package in packages:
        if package["name"].lower() == lowered or str(package.get("project", "")).lower() in (
            lowered,
            stripped,
        ):
            return package
    for package in packages:
        for field in URL_FIELDS:
            url = package.get(field)
            if isinstance(url, str) and strip_project_url(url).lower() == stripped:
                return package
    wanted = canonical(_basename(query))
    for package in packages:
        if wanted in _canonical_keys(package):
            return package
    for source in source_names(lowered):
        match = next((p for p in packages if p["name"].lower() == source), None)
        if match is not None:
            return match
    if strict:
        return None
    if re.search(r"\W", stripped.replace("-", "")):
        inside = [p for p in packages if str(p.get("project", "")).lower() in stripped]
        if inside:
            return max(inside, key=lambda p: len(str(p.get("project", ""))))
    containing = [p for p in packages if lowered in p["name"].lower()]
    if containing:
        return min(containing, key=lambda p: len(p["name"]))
    return None


def source_names(binary: str) -> list[str]:
    """Source package names a binary package may come from, closest first: people search
    by what they install (python3-oslo-log, python3-novaclient-tests, openstack-nova-api),
    rdoinfo knows the source (python-oslo-log, python-novaclient, openstack-nova)."""
    names: list[str] = []
    base = "python-" + binary[len("python3-") :] if binary.startswith("python3-") else binary
    parts = base.split("-")
    for keep in range(len(parts), max(len(parts) - 3, 1), -1):  # drop up to 2 suffixes
        names.append("-".join(parts[:keep]))
    return [n for n in dict.fromkeys(names) if n != binary]


def suggest(packages: Sequence[Package], query: str, limit: int = 3) -> list[str]:
    """Package names close to a mistyped query, best first (only those near the best)."""
    by_key: dict[str, str] = {}
    for package in packages:
        by_key.setdefault(package["name"].lower(), package["name"])
        by_key.setdefault(str(package.get("project", "")).lower(), package["name"])
    wanted = query.lower()
    scored = []
    matcher = SequenceMatcher(b=wanted)
    for key, name in by_key.items():
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75:
            score = matcher.ratio()
            if score >= 0.75:
                scored.append((score, name))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    names: list[str] = []
    for score, name in sorted(scored, key=lambda item: (-item[0], item[1])):
        if score >= best - 0.05 and name not in names:
            names.append(name)
    return names[:limit]
