"""The linear count_brackets counts exactly as python-specfile's own."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdotool.adapters.specfile_fixes import count_brackets

pytestmark = pytest.mark.needs_rpm  # python-specfile imports librpm's bindings


def original() -> object:
    """specfile.utils.count_brackets as shipped (reloaded: apply() may have replaced it)."""
    import specfile.utils

    return importlib.reload(specfile.utils).count_brackets


@settings(max_examples=400)
@given(st.text(alphabet="%{}()\\ab ", max_size=60))
def test_same_counts_as_specfile(text: str) -> None:
    assert count_brackets(text) == original()(text)  # type: ignore[operator]


def test_known_cases() -> None:
    assert count_brackets("%{?dist") == (1, 0)
    assert count_brackets("%{?dist}") == (0, 0)
    assert count_brackets("%(echo (a)") == (0, 1)
    assert count_brackets("\\%{x") == (0, 0)
    assert count_brackets("x" * 300_000 + "%{") == (1, 0)
