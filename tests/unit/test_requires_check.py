"""core/requires_check: RPM's comparison of a provider against a versioned dependency."""

from __future__ import annotations

import pytest

from rdotool.core.requires_check import satisfies, split_evr


def test_split_evr() -> None:
    assert split_evr("2:5.2.0-1.el9") == ("2", "5.2.0", "1.el9")
    assert split_evr("5.2.0") == (None, "5.2.0", None)
    assert split_evr("1:2.0") == ("1", "2.0", None)


@pytest.mark.parametrize(
    ("provided", "op", "required", "met"),
    [
        (("0", "1.0", "3.el9"), ">=", "1.0", True),  # no release asked: versions only
        (("0", "1.0", "3.el9"), "=", "1.0", True),
        (("0", "1.0", "3.el9"), "=", "1.0-2.el9", False),
        (("0", "0.9", "9"), ">=", "1.0", False),
        (("2", "9.8.0", "1"), ">=", "2:5.2.0", True),
        (("0", "9.8.0", "1"), ">=", "2:5.2.0", False),  # the epoch wins
        (("0", "2.0", "1"), "<", "2.0", False),
        (("0", "2.0", "1"), None, None, True),
    ],
)
def test_satisfies(
    provided: tuple[str, str, str], op: str | None, required: str | None, met: bool
) -> None:
    assert satisfies(provided, op, required) is met
