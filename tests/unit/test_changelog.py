"""core/changelog.py: %changelog headers, bug references and commit messages."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rdotool.core.changelog import (
    commit_message,
    entry_header,
    find_bugs,
    header_uses_dash,
    parse_bug_option,
    with_bugs,
)
from rdotool.errors import UsageError


def test_entry_header_in_rdo_and_fedora_styles() -> None:
    when = date(2024, 8, 8)
    assert entry_header(when, "Jane", "j@x.org", "1:2.0.0-1") == (
        "* Thu Aug 08 2024 Jane <j@x.org> 1:2.0.0-1"
    )
    dashed = entry_header(when, "Jane", "j@x.org", "2.0.0-1", dash=True)
    assert dashed == "* Thu Aug 08 2024 Jane <j@x.org> - 2.0.0-1"
    assert header_uses_dash(dashed)
    assert not header_uses_dash(entry_header(when, "Jane", "j@x.org", "2.0.0-1"))


def test_bugs_are_found_once_in_order() -> None:
    assert find_bugs("- Fix (rhbz#2) and rhbz#1, again rhbz#2") == ["rhbz#2", "rhbz#1"]


@pytest.mark.parametrize(
    ("value", "bugs"),
    [
        ("rhbz#1,rhbz#2", ["rhbz#1", "rhbz#2"]),
        ("3 #4, rhbz#3", ["rhbz#3", "rhbz#4"]),
        ("", []),
        (None, []),
    ],
)
def test_bug_option(value: str | None, bugs: list[str]) -> None:
    assert parse_bug_option(value) == bugs


def test_a_bug_that_is_not_a_number_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="invalid bug 'rhbz#12a'"):
        parse_bug_option("rhbz#12a")


def test_with_bugs_adds_only_the_missing_ones() -> None:
    assert with_bugs("- Fix it (rhbz#1)", ["rhbz#1", "rhbz#2"]) == "- Fix it (rhbz#1) (rhbz#2)"
    assert with_bugs("- Fix it", []) == "- Fix it"


def test_commit_message_as_rdopkg_writes_it() -> None:
    message = commit_message(
        "python-foo-1.3.0-1", ["- Update to 1.3.0 (rhbz#7)", ""], change_id="I" + "a" * 40
    )
    assert message == (
        "python-foo-1.3.0-1\n\nChangelog:\n- Update to 1.3.0 (rhbz#7)\n\n"
        f"Resolves: rhbz#7\n\nChange-Id: I{'a' * 40}\n"
    )
    assert commit_message("n-1-1", ["- x"], header="Custom first line\n").startswith(
        "Custom first line\n\nChangelog:\n"
    )


@given(st.lists(st.integers(min_value=1, max_value=10**7), max_size=5))
def test_every_bug_of_the_entry_gets_one_resolves_line(numbers: list[int]) -> None:
    line = with_bugs("- Fix", [f"rhbz#{n}" for n in numbers])
    message = commit_message("n-1-1", [line])
    resolves = [ln for ln in message.splitlines() if ln.startswith("Resolves: ")]
    assert resolves == [f"Resolves: rhbz#{n}" for n in dict.fromkeys(numbers)]
