"""RPM's version ordering in pure Python: rpmvercmp() and label_compare().

Commands that only compare versions (`uc report`, new-version's "is it newer" check)
must not need librpm's bindings, which exist only for the system's Python. This follows
rpmvercmp.c (rpm 4.15+, with `~` and `^`) segment by segment; the tests compare it with
`rpm.labelCompare` on generated EVRs and on every NVR of the rdoinfo snapshot.
"""

from __future__ import annotations

from typing import Optional

EVR = tuple[Optional[str], Optional[str], Optional[str]]  # (epoch, version, release)


def _alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _digit(char: str) -> bool:
    return "0" <= char <= "9"


def _alpha(char: str) -> bool:
    return char.isascii() and char.isalpha()


def rpmvercmp(a: str, b: str) -> int:
    """-1, 0 or 1 as rpm orders two version (or release) strings."""
    if a == b:
        return 0
    i = j = 0
    len_a, len_b = len(a), len(b)
    while i < len_a or j < len_b:
        while i < len_a and not _alnum(a[i]) and a[i] not in "~^":
            i += 1
        while j < len_b and not _alnum(b[j]) and b[j] not in "~^":
            j += 1
        # a tilde sorts before everything, even the end of the string
        tilde_a = i < len_a and a[i] == "~"
        tilde_b = j < len_b and b[j] == "~"
        if tilde_a or tilde_b:
            if not tilde_a:
                return 1
            if not tilde_b:
                return -1
            i, j = i + 1, j + 1
            continue
        # a caret sorts after the end of the string, before anything else
        caret_a = i < len_a and a[i] == "^"
        caret_b = j < len_b and b[j] == "^"
        if caret_a or caret_b:
            if i >= len_a:
                return -1
            if j >= len_b:
                return 1
            if not caret_a:
                return 1
            if not caret_b:
                return -1
            i, j = i + 1, j + 1
            continue
        if not (i < len_a and j < len_b):
            break
        start_a, start_b = i, j
        numeric = _digit(a[i])
        kind = _digit if numeric else _alpha
        while i < len_a and kind(a[i]):
            i += 1
        while j < len_b and kind(b[j]):
            j += 1
        segment_a, segment_b = a[start_a:i], b[start_b:j]
        if not segment_b:  # segments of different types: the numeric one is newer
            return 1 if numeric else -1
        if numeric:
            segment_a, segment_b = segment_a.lstrip("0"), segment_b.lstrip("0")
            if len(segment_a) != len(segment_b):
                return 1 if len(segment_a) > len(segment_b) else -1
        if segment_a != segment_b:
            return 1 if segment_a > segment_b else -1
    if i >= len_a and j >= len_b:
        return 0
    return -1 if i >= len_a else 1


def _compare_values(a: str | None, b: str | None) -> int:
    if a is None and b is None:
        return 0
    if b is None:
        return 1
    if a is None:
        return -1
    return rpmvercmp(a, b)


def label_compare(a: EVR, b: EVR) -> int:
    """Compare (epoch, version, release) triples as `rpm.labelCompare` does: a missing
    epoch counts as 0 when the other side has one; then version, then release."""
    epoch_a, epoch_b = a[0], b[0]
    if epoch_a is None and epoch_b is not None:
        epoch_a = "0"
    elif epoch_b is None and epoch_a is not None:
        epoch_b = "0"
    return (
        _compare_values(epoch_a, epoch_b)
        or _compare_values(a[1], b[1])
        or _compare_values(a[2], b[2])
    )
