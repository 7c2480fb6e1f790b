"""requirements.txt between two upstream versions: added, changed and removed entries."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequirementsDiff:
    """What changed in requirements.txt (entries as written, keyed by canonical name)."""

    added: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)  # (old line, new line)
    removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def parse_requirements(text: str) -> dict[str, str]:
    """Canonical name -> the requirement as written (comments, options and URLs skipped)."""
    from packaging.requirements import InvalidRequirement, Requirement

    from rdotool.core.constraints import canonical

    entries: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        entries[canonical(requirement.name)] = " ".join(line.split())
    return entries


def diff_requirements(old: str, new: str) -> RequirementsDiff:
    """Compare two requirements.txt texts."""
    before, after = parse_requirements(old), parse_requirements(new)
    return RequirementsDiff(
        added=[after[name] for name in after if name not in before],
        changed=[(before[n], after[n]) for n in after if n in before and before[n] != after[n]],
        removed=[before[name] for name in before if name not in after],
    )
