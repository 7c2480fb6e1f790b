"""rdoinfo's merge and resolution rules, as distroinfo (used by rdopkg and DLRN) applies them.

An rdoinfo checkout is a tree of YAML documents joined by `import:` lists. Loading it
yields the documents in fetch order (a file, then each of its imports depth-first);
`merge_documents` folds them into one info, and `Rdoinfo` resolves packages from it:

1. start from `package-default`;
2. shallow-update with `package-configs[conf]` (so a conf's `tags` replace the default's);
3. shallow-update with the package entry (the union of all files' entries for that project);
4. with a tag applied, shallow-update with that tag's override dict, when it is non-empty;
5. substitute `%(key)s` in every string value from the resolved dict (no recursion).

Pure: no file, git or network access here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

from rdotool.errors import RdoinfoFormatError, ReleaseNotFoundError

Document = dict[str, Any]
Package = dict[str, Any]
Release = dict[str, Any]

# The order rdotool shows a package's fields in; other keys follow, sorted.
PACKAGE_FIELDS = (
    "name",
    "project",
    "conf",
    "upstream",
    "patches",
    "distgit",
    "master-distgit",
    "review-origin",
    "review-patches",
    "component",
    "maintainers",
    "tags",
    "buildsys-tags",
)


class ReleaseStatus(str, Enum):
    """The phases a release goes through, as rdoinfo spells them."""

    development = "development"
    maintained = "maintained"
    extended_maintenance = "extended_maintenance"
    eol = "eol"


RELEASE_STATUSES = tuple(status.value for status in ReleaseStatus)


class RdoinfoEntryError(RdoinfoFormatError):
    """A package or release entry breaks rdoinfo's rules.

    Carries the entry so the loader can point at the file and line it came from.
    """

    def __init__(
        self, kind: str, key: str, problem: str, hint: str | None = None, field: str | None = None
    ) -> None:
        self.kind = kind  # "package" (keyed by project) or "release" (keyed by name)
        self.key = key
        self.problem = problem
        self.field = field  # the offending key inside the entry, when there is one
        super().__init__(f"{kind} {key}: {problem}", hint)


def _merge(a: Any, b: Any) -> Any:
    """Merge b into a: dicts recursively, lists concatenated, None keeps a, else b wins.
    Neither is changed (see _Merger for the merge of a whole load)."""
    if isinstance(a, dict) and isinstance(b, dict):
        merged = a.copy()
        for key, value in b.items():
            merged[key] = _merge(a.get(key), value)
        return merged
    if isinstance(a, list) and isinstance(b, list):
        return a + b
    if b is None:
        return a
    return b


class _Merger:
    """`_merge` for one load, copying each dict or list of the documents at most once.

    A package is merged from ~20 files (tags, buildsys-tags): copying the accumulated
    entry at every merge was half the merge's time. Copies this merger made are its own
    and are changed in place afterwards; what the documents hold is never changed (YAML
    aliases may share it). The copies are kept referenced here, so that no other object
    takes the identity of one while the load runs."""

    def __init__(self) -> None:
        self._own: dict[int, Any] = {}

    def _owned(self, value: Any) -> Any:
        self._own[id(value)] = value
        return value

    def merge(self, a: Any, b: Any) -> Any:
        if isinstance(a, dict) and isinstance(b, dict):
            target = a if id(a) in self._own else self._owned(a.copy())
            for key, value in b.items():
                target[key] = self.merge(target.get(key), value)
            return target
        if isinstance(a, list) and isinstance(b, list):
            if id(a) in self._own:
                a.extend(b)
                return a
            return self._owned(a + b)
        if b is None:
            return a
        return b


def _index(items: Iterable[Any], key: str, section: str, merger: _Merger) -> dict[str, Any]:
    """Key a `packages`/`releases` list by project/name, merging repeated entries."""
    indexed: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, dict):
            raise RdoinfoFormatError(
                f"an entry of '{section}' is not a mapping: {item!r}",
                f"each entry of '{section}' needs a '{key}:' key",
            )
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            raise RdoinfoFormatError(
                f"an entry of '{section}' has a '{key}' that is not a string: {_short(item)}",
                f"quote it: {key}: '{value}'",
            )
        if not value:
            raise RdoinfoFormatError(
                f"an entry of '{section}' has no '{key}': {_short(item)}",
                f"add '{key}:' to that entry",
            )
        indexed[value] = merger.merge(indexed[value], item) if value in indexed else item
    return indexed


def _short(item: dict[str, Any]) -> str:
    text = ", ".join(f"{k}: {v}" for k, v in list(item.items())[:3])
    return "{" + (text if len(text) < 80 else text[:77] + "...") + "}"


def merge_documents(documents: Sequence[tuple[str, Document | None]]) -> Document:
    """Fold rdoinfo documents, given as (source, document) in fetch order, into one info.

    `packages` becomes a dict keyed by project and `releases` a dict keyed by name,
    both in first-seen order; repeated entries merge as distroinfo merges them.
    Format errors name the source the document came from.
    """
    merged: Document = {}
    merger = _Merger()
    for source, document in documents:
        if document is None:
            continue
        if not isinstance(document, dict):
            raise RdoinfoFormatError(
                f"{source}: an rdoinfo file must be a mapping, not a {type(document).__name__}",
                "start the file with keys such as 'packages:' or 'import:'",
            )
        check_shape(source, document)
        keyed = dict(document)
        for section, key in (("packages", "project"), ("releases", "name")):
            items = keyed.get(section)
            if items is None:
                continue
            try:
                if not isinstance(items, list):
                    raise RdoinfoFormatError(f"'{section}' must be a list of entries")
                keyed[section] = _index(items, key, section, merger)
            except RdoinfoEntryError:
                raise
            except RdoinfoFormatError as exc:
                raise RdoinfoFormatError(f"{source}: {exc.message}", exc.hint) from exc
        _fold(merged, keyed, merger)
    return merged


def _fold(merged: Document, keyed: Document, merger: _Merger) -> None:
    """`merged = _merge(merged, keyed)`, in place for the accumulated info and its
    `packages`/`releases` dicts (both built here, never shared): copying them for each
    of rdoinfo's ~100 files made the merge grow with packages x files."""
    for key, value in keyed.items():
        current = merged.get(key)
        if (
            key in ("packages", "releases")
            and isinstance(current, dict)
            and isinstance(value, dict)
        ):
            for name, entry in value.items():
                current[name] = merger.merge(current[name], entry) if name in current else entry
        else:
            merged[key] = merger.merge(current, value)


# what a top-level key of an rdoinfo file must be, when present
_SHAPES: dict[str, tuple[type, str]] = {
    "import": (list, "a list of file paths"),
    "package-default": (dict, "a mapping of package fields"),
    "package-configs": (dict, "a mapping of conf names to package fields"),
    "packages": (list, "a list of package entries"),
    "releases": (list, "a list of release entries"),
}
# a %(key)s template with a width or precision: `%(project)1500000000s` would build a
# string of that size, so anything wider than a line is refused before formatting
_WIDE_TEMPLATE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d{4,}|\d*\.\d{4,})")
MAX_VALUE = 65536  # characters a substituted value may have
PLAIN_TEMPLATES = "use plain %(key)s templates"


def check_shape(source: str, document: Document) -> None:
    """Top-level keys and release entries of one rdoinfo file have the types rdoinfo uses."""
    for key, (kind, what) in _SHAPES.items():
        value = document.get(key)
        if value is not None and not isinstance(value, kind):
            raise RdoinfoFormatError(
                f"{source}: '{key}' must be {what}, not {_kind(value)}",
                f"fix '{key}:' in {source}",
            )
    for item in document.get("import") or []:
        if not isinstance(item, str):
            raise RdoinfoFormatError(
                f"{source}: import {item!r} is not a file path",
                "remote-info imports are not supported; list files of this repository",
            )
    for conf, fields in (document.get("package-configs") or {}).items():
        if not isinstance(fields, dict):
            raise RdoinfoFormatError(
                f"{source}: package-configs {conf!r} must be a mapping, not {_kind(fields)}"
            )
    for release in document.get("releases") or []:
        if not isinstance(release, dict):
            continue  # _index names it
        name = release.get("name")
        if name is not None and not isinstance(name, str):
            raise RdoinfoFormatError(
                f"{source}: release name {name!r} must be a string, not {_kind(name)}",
                "quote it: name: '123'",
            )
        repos = release.get("repos")
        if repos is not None and (
            not isinstance(repos, list) or not all(isinstance(r, dict) for r in repos)
        ):
            raise RdoinfoEntryError(
                "release",
                str(name),
                f"'repos' must be a list of mappings (name:, buildsys:), not {repos!r}",
                "write each repo as '- name: el9s' with its keys below",
                field="repos",
            )


_KINDS = {list: "a list", dict: "a mapping", str: "a string", int: "a number", bool: "a boolean"}


def _kind(value: Any) -> str:
    """How a YAML value reads in an error message ("a list", "a number")."""
    for kind, words in _KINDS.items():
        if type(value) is kind:
            return words
    return f"a {type(value).__name__}"


def _substitute(package: Package) -> Package:
    resolved = dict(package)
    for key, value in package.items():
        if not (isinstance(value, str) and "%" in value):
            continue

        def bad(problem: str, hint: str, key: str = key) -> RdoinfoEntryError:
            return RdoinfoEntryError(
                "package", str(package.get("project")), f"{key}: {problem}", hint, field=key
            )

        if _WIDE_TEMPLATE.search(value):
            raise bad(f"{value[:80]!r} asks for a field width or precision", PLAIN_TEMPLATES)
        try:
            resolved[key] = value % package
        except KeyError as exc:
            raise bad(
                f"{value!r} refers to %({exc.args[0]})s, which is not defined",
                "define that key in the package or its conf, or fix the template",
            ) from exc
        except (ValueError, TypeError) as exc:
            raise bad(
                f"{value!r} is not a valid %(key)s template ({exc})", "write a literal % as %%"
            ) from exc
        if len(resolved[key]) > MAX_VALUE:
            raise bad(f"the template expands to {len(resolved[key])} characters", PLAIN_TEMPLATES)
    return resolved


class Rdoinfo:
    """A merged rdoinfo with resolved packages, cached per applied tag."""

    def __init__(self, info: Document, names: dict[str, str] | None = None) -> None:
        self.info = info
        self._packages: dict[str | None, list[Package]] = {}
        # package name -> project, as the parsed cache keeps it: a query for one package
        # resolves that one entry instead of all of them
        self._names = names

    def names_index(self) -> dict[str, str]:
        """Every resolved package name -> its project (for the parsed cache)."""
        return {str(p["name"]): str(p["project"]) for p in self.packages()}

    def package_names(self) -> list[str]:
        """Package names in file order (from the index when there is one)."""
        if self._names is not None:
            return list(self._names)
        return [str(p["name"]) for p in self.packages()]

    def package_named(self, name: str) -> Package | None:
        """The package (untagged) whose name, else project, is exactly `name`."""
        if self._names is None or self._packages:
            from rdotool.core.package_query import get_by_name

            return get_by_name(self.packages(), name)
        entries = self.package_entries()
        project = self._names.get(name, name if name in entries else None)
        if project is None or project not in entries:
            return None
        default = self.info.get("package-default") or {}
        configs = self.info.get("package-configs") or {}
        return self.resolve(entries[project], default, configs)

    # --- releases ---------------------------------------------------------------------
    def releases(self) -> list[Release]:
        """Releases in file order, each repo with its `branch` defaulted from the release."""
        out = []
        for name, release in (self.info.get("releases") or {}).items():
            release = dict(release)
            repos = release.get("repos")
            if not isinstance(repos, list):
                raise RdoinfoEntryError("release", name, "has no 'repos' list")
            release["repos"] = [
                {"branch": release.get("branch"), **repo} if "branch" not in repo else dict(repo)
                for repo in repos
            ]
            out.append(release)
        return out

    def release(self, name: str) -> Release:
        """The release called `name`; ReleaseNotFoundError naming the known ones otherwise."""
        for release in self.releases():
            if release["name"] == name:
                return release
        known = ", ".join(r["name"] for r in self.releases())
        raise ReleaseNotFoundError(f"no release {name} in rdoinfo", f"known releases: {known}")

    def development_release(self) -> Release | None:
        """The release whose status is `development`, if any."""
        for release in self.releases():
            if release.get("status") == "development":
                return release
        return None

    # --- packages ---------------------------------------------------------------------
    def package_entries(self) -> Mapping[str, Package]:
        """Unresolved package entries keyed by project, in file order (from the parsed
        cache, a mapping that decodes each entry when it is first read)."""
        entries = self.info.get("packages") or {}
        if not isinstance(entries, Mapping):
            raise RdoinfoFormatError("'packages' must be a list of entries")
        return entries

    def known_tags(self) -> list[str]:
        """Every tag some package carries, sorted."""
        tags: set[str] = set()
        for package in self.packages():
            tags.update((package.get("tags") or {}).keys())
        return sorted(tags)

    def packages(self, tag: str | None = None) -> list[Package]:
        """Every package resolved (with `tag`'s overrides applied when given)."""
        if tag not in self._packages:
            default = self.info.get("package-default") or {}
            configs = self.info.get("package-configs") or {}
            self._packages[tag] = [
                self.resolve(entry, default, configs, tag)
                for entry in self.package_entries().values()
            ]
        return self._packages[tag]

    @staticmethod
    def resolve(
        entry: Package, default: Package, configs: dict[str, Package], tag: str | None = None
    ) -> Package:
        """Resolve one package entry (see the module docstring for the rules)."""
        project = str(entry.get("project"))
        package: Package = dict(default)
        conf = entry.get("conf")
        if conf is not None:
            if conf not in configs:
                known = ", ".join(sorted(configs))
                raise RdoinfoEntryError(
                    "package",
                    project,
                    f"unknown conf {conf!r}",
                    f"use one of the package-configs ({known}) or define {conf!r} there",
                    field="conf",
                )
            package.update(configs[conf])
        package.update(entry)
        if tag:
            override = (package.get("tags") or {}).get(tag)
            if override:
                if not isinstance(override, dict):
                    raise RdoinfoEntryError(
                        "package", project, f"tag {tag!r} must map to overrides or be empty"
                    )
                package.update(override)
        package = _substitute(package)
        _check_package(package, project)
        return package


STRING_FIELDS = ("name", "upstream", "patches", "distgit", "master-distgit", "conf")


def _check_package(package: Package, project: str) -> None:
    for field in STRING_FIELDS:
        value = package.get(field)
        if value is not None and not isinstance(value, str):
            raise RdoinfoEntryError(
                "package", project, f"'{field}' must be a string, not {value!r}", field=field
            )
    if not package.get("name"):
        raise RdoinfoEntryError(
            "package", project, "has no name", "set 'name:' or a conf that does"
        )
    maintainers = package.get("maintainers")
    if not maintainers:
        raise RdoinfoEntryError(
            "package", project, "has no maintainers", "add a 'maintainers:' list of e-mails"
        )
    if not isinstance(maintainers, list) or not all(
        isinstance(m, str) and "@" in m for m in maintainers
    ):
        raise RdoinfoEntryError(
            "package",
            project,
            f"maintainers must be a list of e-mail addresses, not {maintainers!r}",
        )
    tags = package.get("tags")
    if tags is not None and not isinstance(tags, dict):
        raise RdoinfoEntryError("package", project, "'tags' must be a mapping of tag: overrides")


def validate(rdoinfo: Rdoinfo) -> None:
    """Resolve everything once so that broken entries are reported at load time."""
    for release in rdoinfo.releases():
        status = release.get("status")
        if status is not None and status not in RELEASE_STATUSES:
            raise RdoinfoEntryError(
                "release",
                release["name"],
                f"unknown status {status!r}",
                f"use one of {', '.join(RELEASE_STATUSES)}",
            )
    rdoinfo.packages()


MASTER_BRANCHES = ("rpm-master", "master")  # distgit branches of the development release


def release_of_branch(releases: Sequence[Release], distgit_branch: str) -> Release | None:
    """The release a distgit branch packages: the one named like the branch
    (`caracal-rdo` -> caracal), else the development release for `rpm-master`."""
    name = distgit_branch.removesuffix("-rdo")
    chosen = next((r for r in releases if r.get("name") == name), None)
    if chosen is None and distgit_branch in MASTER_BRANCHES:
        chosen = next((r for r in releases if r.get("status") == "development"), None)
    return chosen


def upstream_branches(releases: Sequence[Release], distgit_branch: str) -> list[str]:
    """The upstream branches a distgit branch packages, most likely first.

    The release is the one named like the branch (`caracal-rdo` -> caracal), else the
    development release for `rpm-master`. Since 2023.1 upstream names stable branches by
    the release's identifier (`stable/2024.1`), and renames them `unmaintained/2024.1`
    at end of maintenance, so both follow rdoinfo's `upstream_branch`; the release name
    forms (`stable/train`) come last, for older releases.
    """
    name = distgit_branch.removesuffix("-rdo")
    chosen = release_of_branch(releases, distgit_branch)
    found: list[str] = []
    upstream = str(chosen.get("upstream_branch") or "") if chosen else ""
    if upstream:
        found.append(upstream)
        if upstream.startswith("stable/"):
            found.append("unmaintained/" + upstream.removeprefix("stable/"))
    if distgit_branch in MASTER_BRANCHES:
        found.append("master")
    else:
        found += [f"stable/{name}", f"unmaintained/{name}"]
    return list(dict.fromkeys(found))


def ordered_package(package: Package) -> Package:
    """The package's fields in rdotool's display order (known fields first)."""
    head = {key: package[key] for key in PACKAGE_FIELDS if key in package}
    tail = {key: package[key] for key in sorted(package) if key not in head}
    return {**head, **tail}
