"""rdoinfo merge and resolution rules (distroinfo's), on small in-memory documents."""

from __future__ import annotations

import pytest

from rdotool.core.rdoinfo import (
    Rdoinfo,
    RdoinfoEntryError,
    merge_documents,
    ordered_package,
    validate,
)
from rdotool.errors import RdoinfoFormatError, ReleaseNotFoundError

BASE = {
    "releases": [
        {
            "name": "epoxy",
            "status": "maintained",
            "branch": "epoxy-rdo",
            "repos": [{"name": "el9s", "buildsys": "cbs/x"}, {"name": "el8", "branch": "other"}],
        },
    ],
    "package-default": {
        "name": "python-%(project)s",
        "distgit": "ssh://pkgs/python-%(project)s.git",
        "tags": {"train": None},
    },
    "package-configs": {
        "core": {
            "name": "openstack-%(project)s",
            "upstream": "https://opendev.org/openstack/%(project)s",
            "maintainers": ["a@example.com"],
            "component": "common",
        },
    },
    "packages": [
        {"project": "nova", "conf": "core"},
        {
            "project": "oslo-config",
            "conf": "core",
            "name": "python-oslo-config",
            "upstream": "https://opendev.org/openstack/oslo.config",
        },
        {"project": "bare", "maintainers": ["b@example.com"]},
    ],
}
TAGS = {
    "packages": [
        {"project": "nova", "tags": {"epoxy": None}},
        {"project": "oslo-config", "tags": {"epoxy": {"source-branch": "9.7.1", "component": "x"}}},
    ]
}
BUILDSYS = {"packages": [{"project": "nova", "buildsys-tags": {"cloud9s-epoxy-release": "n-1"}}]}


def load(*docs: dict) -> Rdoinfo:
    return Rdoinfo(merge_documents([(f"doc{i}.yml", d) for i, d in enumerate(docs)]))


def package(rdoinfo: Rdoinfo, name: str, tag: str | None = None) -> dict:
    return next(p for p in rdoinfo.packages(tag) if p["name"] == name)


def test_resolve_applies_default_conf_and_substitution() -> None:
    nova = package(load(BASE), "openstack-nova")
    assert nova["distgit"] == "ssh://pkgs/python-nova.git"
    assert nova["upstream"] == "https://opendev.org/openstack/nova"
    assert nova["maintainers"] == ["a@example.com"]
    assert nova["tags"] == {"train": None}


def test_package_entry_overrides_conf_and_default() -> None:
    oslo = package(load(BASE), "python-oslo-config")
    assert oslo["upstream"] == "https://opendev.org/openstack/oslo.config"
    assert package(load(BASE), "python-bare")["distgit"] == "ssh://pkgs/python-bare.git"


def test_tags_files_replace_default_tags_shallowly() -> None:
    nova = package(load(BASE, TAGS), "openstack-nova")
    assert nova["tags"] == {"epoxy": None}  # the default's train is gone, as in distroinfo


def test_tag_overrides_reach_top_level_only_when_applied() -> None:
    info = load(BASE, TAGS)
    assert "source-branch" not in package(info, "python-oslo-config")
    applied = package(info, "python-oslo-config", tag="epoxy")
    assert applied["source-branch"] == "9.7.1"
    assert applied["component"] == "x"
    assert package(info, "openstack-nova", tag="epoxy")["component"] == "common"


def test_buildsys_tags_merge_into_packages() -> None:
    nova = package(load(BASE, TAGS, BUILDSYS), "openstack-nova")
    assert nova["buildsys-tags"] == {"cloud9s-epoxy-release": "n-1"}
    assert nova["tags"] == {"epoxy": None}


def test_merge_concatenates_lists_and_none_keeps_previous_value() -> None:
    extra = {"packages": [{"project": "nova", "maintainers": ["c@example.com"], "conf": None}]}
    merged = merge_documents(
        [
            ("a", BASE),
            ("b", {"packages": [{"project": "nova", "maintainers": ["x@example.com"]}]}),
            ("c", extra),
        ]
    )
    entry = merged["packages"]["nova"]
    assert entry["maintainers"] == ["x@example.com", "c@example.com"]
    assert entry["conf"] == "core"


def test_repeated_project_in_one_file_is_merged() -> None:
    doc = {"packages": [{"project": "p", "a": 1}, {"project": "p", "b": 2}]}
    assert merge_documents([("f", doc)])["packages"] == {"p": {"project": "p", "a": 1, "b": 2}}


def test_release_repos_inherit_branch() -> None:
    repos = load(BASE).release("epoxy")["repos"]
    assert [r["branch"] for r in repos] == ["epoxy-rdo", "other"]


def test_unknown_release_names_known_ones() -> None:
    with pytest.raises(ReleaseNotFoundError, match="no release nope") as err:
        load(BASE).release("nope")
    assert "epoxy" in (err.value.hint or "")


def test_unknown_conf_is_reported_with_project_and_field() -> None:
    bad = {"packages": [{"project": "ghost", "conf": "rpmfactory-nope"}]}
    with pytest.raises(RdoinfoEntryError) as err:
        validate(load(BASE, bad))
    assert err.value.key == "ghost"
    assert err.value.field == "conf"
    assert "unknown conf 'rpmfactory-nope'" in err.value.message
    assert "core" in (err.value.hint or "")


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"project": "p", "name": "p"}, "has no maintainers"),
        ({"project": "p", "name": "p", "maintainers": ["not-an-email"]}, "e-mail"),
        ({"project": "p", "name": "p", "maintainers": ["a@b"], "distgit": "%(nope)s"}, "%(nope)s"),
        ({"project": "p", "name": "p", "maintainers": ["a@b"], "distgit": "100%"}, "not a valid"),
    ],
)
def test_invalid_package_entries(entry: dict, problem: str) -> None:
    info = {"releases": BASE["releases"], "packages": [entry]}
    with pytest.raises(RdoinfoEntryError, match="package p: ") as err:
        validate(load(info))
    assert problem in err.value.message


def test_document_that_is_not_a_mapping_names_its_file() -> None:
    with pytest.raises(RdoinfoFormatError, match=r"tags/x\.yml: an rdoinfo file must be a mapping"):
        merge_documents([("tags/x.yml", ["a", "b"])])


def test_package_without_project_names_its_file() -> None:
    with pytest.raises(
        RdoinfoFormatError, match=r"deps\.yml: an entry of 'packages' has no 'project'"
    ):
        merge_documents([("deps.yml", {"packages": [{"name": "x"}]})])


def test_unknown_release_status_is_rejected() -> None:
    info = {"releases": [{"name": "r", "status": "sleeping", "repos": []}], "packages": []}
    with pytest.raises(RdoinfoEntryError, match="unknown status 'sleeping'"):
        validate(load(info))


def test_ordered_package_puts_known_fields_first() -> None:
    ordered = ordered_package({"zeta": 1, "tags": {}, "name": "n", "alpha": 2, "project": "p"})
    assert list(ordered) == ["name", "project", "tags", "alpha", "zeta"]


def test_development_release() -> None:
    info = load(
        {
            "releases": [
                {"name": "a", "status": "eol", "repos": []},
                {"name": "b", "status": "development", "repos": []},
            ]
        }
    )
    assert info.development_release()["name"] == "b"
