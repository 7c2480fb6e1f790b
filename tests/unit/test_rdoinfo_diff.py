"""core/rdoinfo_diff: packages added, removed and changed between two rdoinfo states."""

from __future__ import annotations

from rdotool.core.rdoinfo_diff import FieldChange, diff_packages


def package(project: str, **fields: object) -> dict[str, object]:
    return {"project": project, "name": f"python-{project}", **fields}


def test_matched_by_project_even_when_renamed() -> None:
    old = [package("nova", name="openstack-nova")]
    new = [package("nova", name="openstack-nova-ng")]
    diff = diff_packages(old, new)
    assert (diff.added, diff.removed) == ([], [])
    assert diff.changed[0].fields == [FieldChange("name", "openstack-nova", "openstack-nova-ng")]


def test_tags_pins_builds_and_maintainers() -> None:
    old = [
        package(
            "oslo",
            tags={"epoxy": {"source-branch": "1.0"}, "dalmatian": None},
            maintainers=["a@x"],
            **{"buildsys-tags": {"cloud9s-openstack-epoxy-release": "python-oslo-1.0-1"}},
        )
    ]
    new = [
        package(
            "oslo",
            tags={"epoxy": {"source-branch": "1.1"}, "flamingo": None},
            maintainers=["b@x"],
            **{"buildsys-tags": {"cloud9s-openstack-epoxy-release": "python-oslo-1.1-1"}},
        )
    ]
    change = diff_packages(old, new).changed[0]
    assert (change.tags_added, change.tags_removed) == (["flamingo"], ["dalmatian"])
    assert change.pins == {"epoxy": ["1.0", "1.1"]}
    assert change.builds == {
        "cloud9s-openstack-epoxy-release": ["python-oslo-1.0-1", "python-oslo-1.1-1"]
    }
    assert (change.maintainers_added, change.maintainers_removed) == (["b@x"], ["a@x"])


def test_a_tag_keeps_its_own_changes_and_joining_it_is_a_change() -> None:
    old = [package("a", tags={"flamingo": None}), package("b", tags={"epoxy": None})]
    new = [
        package("a", tags={"flamingo": None, "epoxy": None}, upstream="https://x/a"),
        package("b", tags={"epoxy": {"source-branch": "2.0"}}),
        package("c", tags={"flamingo": None}),
    ]
    diff = diff_packages(old, new, tag="epoxy")
    assert (diff.added, diff.removed) == ([], [])  # c is not in epoxy
    joined, pinned = diff.changed
    assert (joined.name, joined.tags_added, joined.fields) == ("python-a", ["epoxy"], [])
    assert pinned.pins == {"epoxy": [None, "2.0"]}
    assert diff_packages(old, new).names() == ["python-a", "python-b", "python-c"]
