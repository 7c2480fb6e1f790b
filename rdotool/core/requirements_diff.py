"""requirements.txt between two upstream versions: added, changed and removed entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdotool.core.pep508 import requirement_lines


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
    """Canonical name -> the requirement as written (comments and options skipped; a line
    that is not a requirement is left out of a diff rather than stopping it)."""
    from rdotool.core.constraints import canonical

    return {
        canonical(line.requirement.name): line.text
        for line in requirement_lines(text, "requirements.txt", strict=False)
    }


def diff_requirements(old: str, new: str) -> RequirementsDiff:
    """Compare two requirements.txt texts."""
    before, after = parse_requirements(old), parse_requirements(new)
    return RequirementsDiff(
        added=[after[name] for name in after if name not in before],
        changed=[(before[n], after[n]) for n in after if n in before and before[n] != after[n]],
        removed=[before[name] for name in before if name not in after],
    )
