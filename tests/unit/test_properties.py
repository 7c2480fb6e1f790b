"""Properties of the merge rules and the package lookups, over generated rdoinfo."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rdotool.core.package_query import find_package, get_by_name, suggest
from rdotool.core.rdoinfo import Rdoinfo, _merge, _Merger, merge_documents

settings.register_profile("ci", deadline=None, max_examples=200)
settings.load_profile("ci")

names = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=3),
    max_leaves=8,
)


@given(values)
def test_merging_none_keeps_the_value(value: Any) -> None:
    assert _merge(value, None) == value
    if value is not None:
        assert _merge(None, value) == value


@given(st.lists(values, max_size=3), st.lists(values, max_size=3))
def test_lists_concatenate(a: list[Any], b: list[Any]) -> None:
    assert _merge(a, b) == a + b


@given(st.lists(values, min_size=1, max_size=6), st.lists(st.integers(0, 5), max_size=4))
def test_a_load_s_merger_merges_as_the_rule_and_changes_no_document(
    documents: list[Any], repeats: list[int]
) -> None:
    """_Merger changes its own copies in place: the result must be _merge's, whatever
    the order, and the documents (which YAML aliases may share) must stay as they were,
    also when one object comes twice."""
    import copy
    import functools

    sequence = documents + [documents[i % len(documents)] for i in repeats]  # aliases
    before = copy.deepcopy(sequence)
    merger = _Merger()
    got = functools.reduce(merger.merge, sequence)
    assert got == functools.reduce(_merge, before)
    assert sequence == before


@given(st.lists(st.lists(names, max_size=6), min_size=1, max_size=4))
def test_projects_keep_first_seen_order_across_files(files: list[list[str]]) -> None:
    documents = [
        (f"f{i}.yml", {"packages": [{"project": p} for p in projects]})
        for i, projects in enumerate(files)
    ]
    merged = merge_documents(documents)
    expected = list(dict.fromkeys(p for projects in files for p in projects))
    assert list(merged.get("packages", {})) == expected


@given(
    st.lists(names, min_size=1, max_size=8, unique=True),
    st.dictionaries(
        names.filter(lambda k: k not in {"tags", "maintainers", "name", "project", "conf"}),
        st.text(alphabet="abc.-", max_size=6),
        max_size=3,
    ),
)
def test_resolution_layers_default_conf_entry(projects: list[str], extra: dict[str, str]) -> None:
    info = {
        "package-default": {"name": "python-%(project)s", "maintainers": ["d@x"], **extra},
        "package-configs": {"c": {"name": "openstack-%(project)s", "component": "k"}},
        "packages": [
            {"project": p, "conf": "c"} if i % 2 else {"project": p} for i, p in enumerate(projects)
        ],
    }
    resolved = Rdoinfo(merge_documents([("rdo.yml", info)])).packages()
    for index, (project, package) in enumerate(zip(projects, resolved)):
        prefix = "openstack" if index % 2 else "python"
        assert package["name"] == f"{prefix}-{project}"
        assert package.get("component") == ("k" if index % 2 else None)
        for key, value in extra.items():
            if key != "component":
                assert package[key] == value


@given(st.lists(names, min_size=1, max_size=10, unique=True), st.data())
def test_every_package_is_found_by_its_own_name(projects: list[str], data: st.DataObject) -> None:
    packages = [{"name": f"python-{p}", "project": p, "maintainers": ["m@x"]} for p in projects]
    chosen = data.draw(st.sampled_from(packages))
    assert find_package(packages, chosen["name"]) is chosen
    assert get_by_name(packages, chosen["project"]) is chosen
    assert suggest(packages, chosen["name"])[0] == chosen["name"]
    assert len(suggest(packages, chosen["name"], limit=2)) <= 2
