"""Filters, findpkg and suggestions over resolved packages."""

from __future__ import annotations

import re

import pytest

from rdotool.core.package_query import (
    filter_packages,
    find_package,
    parse_filter,
    strip_project_url,
    suggest,
)

PACKAGES = [
    {
        "name": "puppet-nova",
        "project": "puppet-nova",
        "conf": "rpmfactory-puppet",
        "upstream": "https://opendev.org/openstack/puppet-nova",
        "maintainers": ["p@x"],
        "tags": {"flamingo": None},
    },
    {
        "name": "openstack-nova",
        "project": "nova",
        "conf": "rpmfactory-core",
        "upstream": "https://opendev.org/openstack/nova",
        "distgit": "https://github.com/rdo-packages/nova-distgit.git",
        "maintainers": ["jcapitao@redhat.com"],
        "tags": {"flamingo": None, "flamingo-uc": None},
    },
    {
        "name": "python-novaclient",
        "project": "novaclient",
        "conf": "rpmfactory-client",
        "upstream": "https://opendev.org/openstack/python-novaclient",
        "maintainers": ["c@x"],
        "tags": {"flamingo-uc": {"source-branch": "18.9.0"}},
    },
    {
        "name": "python-oslo-config",
        "project": "oslo-config",
        "conf": "rpmfactory-lib",
        "upstream": "https://opendev.org/openstack/oslo.config",
        "maintainers": ["l@x"],
    },
    {
        "name": "python-glance-store",
        "project": "glance_store",
        "conf": "rpmfactory-lib",
        "upstream": "https://opendev.org/openstack/glance_store",
        "maintainers": ["l@x"],
    },
    {
        "name": "openstack-glance",
        "project": "glance",
        "conf": "rpmfactory-core",
        "upstream": "https://opendev.org/openstack/glance",
        "maintainers": ["l@x"],
    },
    {
        "name": "python-sphinx",
        "project": "python-sphinx",
        "conf": "rdo-dependency",
        "upstream": "https://github.com/sphinx-doc/sphinx",
        "maintainers": ["d@x"],
    },
    {"name": "python-oslo-sphinx", "project": "oslo-sphinx", "maintainers": ["l@x"]},
]


def names(packages: list[dict]) -> list[str]:
    return [p["name"] for p in packages]


def test_bare_word_means_name_regex() -> None:
    f = parse_filter("nova")
    assert (f.attr, f.pattern.pattern, f.negate) == ("name", "nova", False)
    assert names(filter_packages(PACKAGES, [f])) == [
        "puppet-nova",
        "openstack-nova",
        "python-novaclient",
    ]


def test_filters_are_anded_and_repeatable() -> None:
    filters = [parse_filter("name:nova"), parse_filter("name:^openstack")]
    assert names(filter_packages(PACKAGES, filters)) == ["openstack-nova"]


def test_negation_and_missing_attribute() -> None:
    assert names(filter_packages(PACKAGES, [parse_filter("conf:~rpmfactory")])) == [
        "python-sphinx"
    ]  # oslo-sphinx has no conf: a missing attribute never matches


def test_list_and_mapping_attributes_match_any_item_or_key() -> None:
    assert names(filter_packages(PACKAGES, [parse_filter("maintainers:jcapitao")])) == [
        "openstack-nova"
    ]
    assert names(filter_packages(PACKAGES, [parse_filter("tags:^flamingo$")])) == [
        "puppet-nova",
        "openstack-nova",
    ]
    assert len(filter_packages(PACKAGES, [parse_filter("tags:flamingo")])) == 3


def test_url_value_is_not_split_as_attribute() -> None:
    f = parse_filter("upstream:https://github.com/")
    assert f.attr == "upstream" and f.pattern.pattern == "https://github.com/"


def test_bad_regex_raises() -> None:
    with pytest.raises(re.error):
        parse_filter("name:(")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("openstack-nova", "openstack-nova"),
        ("nova", "openstack-nova"),
        ("NOVA", "openstack-nova"),  # rdopkg: puppet-nova
        ("openstack/nova", "openstack-nova"),
        ("nova-distgit", "openstack-nova"),
        ("https://opendev.org/openstack/nova", "openstack-nova"),
        ("https://github.com/rdo-packages/nova-distgit.git", "openstack-nova"),
        ("oslo.config", "python-oslo-config"),  # rdopkg: nothing
        ("git://opendev.org/openstack/oslo.config", "python-oslo-config"),
        ("glance_store", "python-glance-store"),
        ("glance-store", "python-glance-store"),  # rdopkg: openstack-glance
        ("sphinx", "python-sphinx"),  # rdopkg: python-oslo-sphinx
        ("novacl", "python-novaclient"),
    ],
)
def test_find_package(query: str, expected: str) -> None:
    found = find_package(PACKAGES, query)
    assert found is not None and found["name"] == expected


def test_find_package_strict_skips_substring_guesses() -> None:
    assert find_package(PACKAGES, "novacl", strict=True) is None
    assert find_package(PACKAGES, "oslo.config", strict=True)["name"] == "python-oslo-config"


def test_find_package_nothing() -> None:
    assert find_package(PACKAGES, "kubernetes") is None
    assert find_package(PACKAGES, "  ") is None


def test_suggest_keeps_only_close_names() -> None:
    assert suggest(PACKAGES, "opensatck-nova") == ["openstack-nova"]
    assert suggest(PACKAGES, "python-novaclent") == ["python-novaclient"]
    assert suggest(PACKAGES, "zzzz") == []


@pytest.mark.parametrize(
    ("url", "stripped"),
    [
        ("https://opendev.org/openstack/nova.git", "opendev.org/openstack/nova"),
        ("openstack/nova-distgit", "nova"),
        ("git://x/y-distgit.git", "x/y"),
        ("nova", "nova"),
    ],
)
def test_strip_project_url(url: str, stripped: str) -> None:
    assert strip_project_url(url) == stripped
