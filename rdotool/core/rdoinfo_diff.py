"""What changed between two states of rdoinfo, package by package (`rdotool info diff`).

Packages are matched by project (names can change). For a package present on both
sides, the changes a release manager and rdoinfo's CI act on are spelled out: tags
added and removed, `source-branch` pins per tag, buildsys-tags builds (NVR per tag),
maintainers added and removed; any other field (URLs, conf, name...) as old -> new.
With a tag, only packages in that tag on either side count, and only that tag's
changes (its membership, its pin, the builds of buildsys tags named after it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

Package = Mapping[str, Any]
# fields shown through their own lines (or not compared at all)
_STRUCTURED = frozenset({"tags", "buildsys-tags", "maintainers", "project"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class PackageChange:
    name: str
    project: str
    tags_added: list[str] = field(default_factory=list)
    tags_removed: list[str] = field(default_factory=list)
    pins: dict[str, list[Optional[str]]] = field(default_factory=dict)  # tag -> [old, new]
    # buildsys tag -> [old NVR, new NVR]
    builds: dict[str, list[Optional[str]]] = field(default_factory=dict)
    maintainers_added: list[str] = field(default_factory=list)
    maintainers_removed: list[str] = field(default_factory=list)
    fields: list[FieldChange] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (
            self.tags_added
            or self.tags_removed
            or self.pins
            or self.builds
            or self.maintainers_added
            or self.maintainers_removed
            or self.fields
        )


@dataclass(frozen=True)
class PackagesDiff:
    added: list[str]
    removed: list[str]
    changed: list[PackageChange]

    def names(self) -> list[str]:
        """Every package the change touches (what rdoinfo's CI rebuilds), sorted."""
        return sorted({*self.added, *self.removed, *(c.name for c in self.changed)})


def diff_packages(
    old: Sequence[Package], new: Sequence[Package], tag: Optional[str] = None
) -> PackagesDiff:
    """Packages added, removed and changed from `old` to `new` (resolved packages)."""
    before = {_key(p): p for p in old}
    after = {_key(p): p for p in new}
    keys = set(before) | set(after)
    if tag is not None:  # in the tag on either side: joining or leaving it is a change
        keys = {k for k in keys if tag in {*_tags(before.get(k, {})), *_tags(after.get(k, {}))}}
    added = sorted(_name(after[k], k) for k in keys if k not in before)
    removed = sorted(_name(before[k], k) for k in keys if k not in after)
    changed = []
    for key in sorted((keys & before.keys() & after.keys()), key=lambda k: _name(after[k], k)):
        change = _package_change(before[key], after[key], key, tag)
        if not change.is_empty():
            changed.append(change)
    return PackagesDiff(added, removed, changed)


def _key(package: Package) -> str:
    return str(package.get("project") or package.get("name"))


def _name(package: Package, key: str) -> str:
    return str(package.get("name") or key)


def _tags(package: Package) -> Mapping[str, Any]:
    tags = package.get("tags")
    return tags if isinstance(tags, Mapping) else {}


def _pin(package: Package, tag: str) -> Optional[str]:
    entry = _tags(package).get(tag)
    if isinstance(entry, Mapping) and entry.get("source-branch") is not None:
        return str(entry["source-branch"])
    return None


def _package_change(old: Package, new: Package, project: str, tag: Optional[str]) -> PackageChange:
    old_tags, new_tags = set(_tags(old)), set(_tags(new))
    wanted = (lambda t: t == tag) if tag else (lambda t: True)
    pins = {
        t: [_pin(old, t), _pin(new, t)]
        for t in sorted(old_tags | new_tags)
        if wanted(t) and _pin(old, t) != _pin(new, t)
    }
    old_builds = old.get("buildsys-tags") or {}
    new_builds = new.get("buildsys-tags") or {}
    builds = {
        b: [_text(old_builds.get(b)), _text(new_builds.get(b))]
        for b in sorted(set(old_builds) | set(new_builds))
        if (not tag or tag in b) and _text(old_builds.get(b)) != _text(new_builds.get(b))
    }
    old_people = [str(m) for m in old.get("maintainers") or []]
    new_people = [str(m) for m in new.get("maintainers") or []]
    fields = []
    if not tag:
        for key in sorted((set(old) | set(new)) - _STRUCTURED):
            if old.get(key) != new.get(key):
                fields.append(FieldChange(key, old.get(key), new.get(key)))
    return PackageChange(
        name=str(new.get("name") or project),
        project=project,
        tags_added=sorted(t for t in new_tags - old_tags if wanted(t)),
        tags_removed=sorted(t for t in old_tags - new_tags if wanted(t)),
        pins=pins,
        builds=builds,
        maintainers_added=[] if tag else [m for m in new_people if m not in old_people],
        maintainers_removed=[] if tag else [m for m in old_people if m not in new_people],
        fields=fields,
    )


def _text(value: Any) -> Optional[str]:
    return None if value is None else str(value)
