"""Whether a package's version satisfies a versioned dependency (`reqquery`).

RPM's rules: a requirement without a release compares versions only (`foo >= 1.0` is
met by 1.0-3); one without an epoch counts as epoch 0.
"""

from __future__ import annotations

from typing import Optional

from rdotool.core.rpmvercmp import label_compare

_OPERATORS = {
    ">=": lambda c: c >= 0,
    ">": lambda c: c > 0,
    "=": lambda c: c == 0,
    "==": lambda c: c == 0,
    "<=": lambda c: c <= 0,
    "<": lambda c: c < 0,
}


def split_evr(text: str) -> tuple[Optional[str], str, Optional[str]]:
    """`2:5.2.0-1.el9` -> ("2", "5.2.0", "1.el9"); parts that are absent are None."""
    epoch, colon, rest = text.partition(":")
    if not colon:
        epoch, rest = "", text
    version, dash, release = rest.rpartition("-")
    if not dash:
        version, release = rest, ""
    return (epoch or None), version, (release or None)


def satisfies(provided: tuple[str, str, str], op: Optional[str], required: Optional[str]) -> bool:
    """Whether (epoch, version, release) meets `op required` (no op: any version)."""
    if not op or not required:
        return True
    check = _OPERATORS.get(op)
    if check is None:
        return True  # a rich or unknown comparison: not judged here
    epoch, version, release = split_evr(required)
    have = (provided[0] or "0", provided[1], provided[2] if release is not None else None)
    return bool(check(label_compare(have, (epoch or "0", version, release))))
