"""Upstream version splitting, Release bumps and new-version Releases (pure rules)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rdotool.core.rpmvercmp import label_compare
from rdotool.core.versions import (
    bump_release,
    highest_version_tag,
    parse_upstream_version,
    release_for,
)
from rdotool.errors import InputError, UsageError


@pytest.mark.parametrize(
    ("tag", "version", "milestone"),
    [
        ("1.2.3", "1.2.3", ""),
        ("v13.0.0", "13.0.0", ""),
        ("4.0.0.0b1", "4.0.0", ".0b1"),  # pbr
        ("4.0.0.0rc2", "4.0.0", ".0rc2"),
        ("1.0.0rc1", "1.0.0", ".0rc1"),  # PEP 440: rdopkg made this 1.0 + .0rc1
        ("2.0.0b1", "2.0.0", ".0b1"),
        ("20210324.2", "20210324.2", ""),
    ],
)
def test_parse_upstream_version(tag: str, version: str, milestone: str) -> None:
    parsed = parse_upstream_version(tag)
    assert (parsed.version, parsed.milestone) == (version, milestone)


def test_unpackageable_version() -> None:
    with pytest.raises(InputError, match="is not a version rdotool can package"):
        parse_upstream_version("latest")


@pytest.mark.parametrize(
    ("release", "index", "bumped"),
    [
        ("1%{?dist}", None, "2%{?dist}"),
        ("0.1%{?dist}", None, "0.2%{?dist}"),
        ("0.1%{?dist}", "MAJOR", "1.1%{?dist}"),
        ("2", None, "3"),
        ("1.el9", None, "2.el9"),  # rdopkg: 2%{?dist}, dropping .el9
        ("0.1.0b1%{?dist}", None, "0.2.0b1%{?dist}"),  # rdopkg: 0.2%{?dist}, dropping .0b1
        ("0.1%{?milestone}%{?dist}", None, "0.2%{?milestone}%{?dist}"),
        ("1.0%{?dist}.1", None, "1.1%{?dist}.1"),
        ("0.20170811112938.81363ec%{?dist}", None, "0.20170811112939.81363ec%{?dist}"),
        ("0.1.20170811112938.81363ec%{?dist}", None, "0.2.20170811112938.81363ec%{?dist}"),
        ("1.1.1.a.b.c", None, "1.1.2.a.b.c"),
        ("1.1.1.a.b.c", "2", "1.2.1.a.b.c"),
        ("3%{?dist}", "0", "3%{?dist}"),
    ],
)
def test_bump_release(release: str, index: str | None, bumped: str) -> None:
    assert bump_release(release, index) == bumped


def test_bump_release_errors() -> None:
    with pytest.raises(UsageError, match="has no number at position 2"):
        bump_release("1%{?dist}", "2")
    with pytest.raises(UsageError, match="invalid release bump index 'lul'"):
        bump_release("1%{?dist}", "lul")
    with pytest.raises(InputError, match="does not start with a number"):
        bump_release("%{rel}%{?dist}")


@pytest.mark.parametrize(
    ("tag", "old_release", "same", "release"),
    [
        ("1.3.0", "2%{?dist}", False, "1%{?dist}"),
        ("2.0.0.0b1", "2%{?dist}", False, "0.1%{?milestone}%{?dist}"),
        ("2.0.0.0rc1", "0.1%{?milestone}%{?dist}", True, "0.2%{?milestone}%{?dist}"),
        ("2.0.0", "0.2%{?milestone}%{?dist}", True, "1%{?dist}"),
        ("1.3.0", "2%{?dist}.1", False, "1%{?dist}"),
        ("1.3.0", "4.el9", False, "1.el9"),
        ("1.3.0", "XXX", False, "1%{?dist}"),
    ],
)
def test_release_for_new_version(tag: str, old_release: str, same: bool, release: str) -> None:
    assert release_for(parse_upstream_version(tag), old_release, same) == release


releases = st.builds(
    lambda nums, suffix: ".".join(map(str, nums)) + suffix,
    st.lists(st.integers(0, 999), min_size=1, max_size=4),
    st.sampled_from(["", "%{?dist}", ".el9", "%{?dist}.1", "%{?milestone}%{?dist}"]),
)


@given(releases)
def test_a_bump_always_increases_the_release(release: str) -> None:
    bumped = bump_release(release)
    strip = lambda r: r.replace("%{?dist}", "").replace("%{?milestone}", "")  # noqa: E731
    assert label_compare(("0", "1", strip(bumped)), ("0", "1", strip(release))) == 1


versions = st.builds(
    lambda nums, pre: ".".join(map(str, nums)) + pre,
    st.lists(st.integers(0, 40), min_size=3, max_size=3),
    st.sampled_from(["", ".0b1", ".0b2", ".0rc1", ".0rc2", "rc1", "b3"]),
)


@given(versions, versions)
def test_rpm_order_follows_upstream_order(a: str, b: str) -> None:
    """For upstream versions a < b, the packaged EVRs sort a' < b' (the classic RDO trap)."""
    from packaging.version import Version

    def evr(tag: str) -> tuple[str, str, str]:
        parsed = parse_upstream_version(tag)
        release = release_for(parsed, "1%{?dist}", same_version=False)
        release = release.replace("%{?milestone}", parsed.milestone).replace("%{?dist}", "")
        return ("0", parsed.version, release)

    upstream = (Version(a) > Version(b)) - (Version(a) < Version(b))
    if upstream != 0:
        assert label_compare(evr(a), evr(b)) == upstream


TAGS = ["1.0.0", "v1.2.0", "1.10.0.0b1", "1.9.0", "stable/zed", "latest", "1.2.0rc1"]


def test_highest_version_tag_compares_versions_not_strings() -> None:
    assert highest_version_tag(TAGS) == "1.10.0.0b1"
    assert highest_version_tag(["2.0.0rc1", "1.9.9"]) == "2.0.0rc1"


@pytest.mark.parametrize(
    ("below", "expected"),
    [
        ("1.10.0.0b1", "1.9.0"),
        ("refs-less v1.2.0", None),  # not a version: no answer rather than a guess
        ("v1.2.0", "1.2.0rc1"),
        ("1.0.0", None),
    ],
)
def test_highest_version_tag_below(below: str, expected: str | None) -> None:
    assert highest_version_tag(TAGS, below=below) == expected


def test_highest_version_tag_without_version_tags() -> None:
    assert highest_version_tag(["stable/zed", "latest"]) is None
    assert highest_version_tag([]) is None
