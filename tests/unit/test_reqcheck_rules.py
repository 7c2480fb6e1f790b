"""core/reqcheck.py in memory: spec dependencies, Python keys, classification, overrides."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rdotool.core.reqcheck import (
    SpecDep,
    classify,
    lower_bound_of,
    parse_dependencies,
    parse_overrides,
    parse_requirements,
    python_key,
)
from rdotool.errors import InputError


def report_for(requirements: str, deps: list[SpecDep], **kwargs: object) -> object:
    active, skipped = parse_requirements(requirements, "3.9")
    options = {
        "python": "3.9",
        "source": "requirements.txt",
        "generated_runtime": False,
        "generated_build": False,
        "skipped_by_marker": skipped,
    }
    options.update(kwargs)
    return classify(active, deps, [], **options)  # type: ignore[arg-type]


def test_parse_dependencies_splits_values_and_skips_rich_deps() -> None:
    assert parse_dependencies("a >= 1, b c = 2") == [
        SpecDep("a", ">=", "1"),
        SpecDep("b"),
        SpecDep("c", "=", "2"),
    ]
    assert parse_dependencies("(a or b)") == []


@pytest.mark.parametrize(
    ("capability", "key"),
    [
        ("python3-oslo-config", "oslo-config"),
        ("python3dist(oslo.config)", "oslo-config"),
        ("python3.9dist(six[extra])", "six"),
        ("python3-devel", None),
        ("openssl", None),
    ],
)
def test_python_key(capability: str, key: str | None) -> None:
    assert python_key(capability) == key


def test_classification_into_each_category() -> None:
    deps = [
        SpecDep("python3-pbr", ">=", "2.0.0"),
        SpecDep("python3-six"),
        SpecDep("python3-oslo-config", ">=", "9.0.0"),
        SpecDep("python3-extra"),
        SpecDep("openssl"),
    ]
    requirements = "pbr>=2.0.0\nsix>=1.10\noslo.config>=9.7.1\nrequests>=2.28\n"
    report = report_for(requirements, deps)
    assert [f.name for f in report.met] == ["pbr"]  # type: ignore[attr-defined]
    assert [f.name for f in report.any] == ["six"]  # type: ignore[attr-defined]
    mismatch = report.mismatch  # type: ignore[attr-defined]
    assert [(f.name, f.spec) for f in mismatch] == [("oslo.config", "python3-oslo-config >= 9.0.0")]
    assert mismatch[0].deps == (SpecDep("python3-oslo-config", ">=", "9.0.0"),)  # for autosync
    assert [f.name for f in report.missing] == ["requests"]  # type: ignore[attr-defined]
    assert [f.spec for f in report.excess] == ["python3-extra"]  # type: ignore[attr-defined]
    assert report.non_python == ["openssl"]  # type: ignore[attr-defined]
    assert report.problems  # type: ignore[attr-defined]


def test_markers_skip_lines_for_another_python() -> None:
    active, skipped = parse_requirements("a>=1;python_version<'3.8'\nb>=2\n", "3.9")
    assert [r.name for r in active] == ["b"]
    assert skipped == ["a>=1;python_version<'3.8'"]


def test_overrides_ignore_or_replace_a_requirement() -> None:
    data = {
        "packages": {"all": [{"name": "six"}], "python-foo": [{"name": "pbr", "version": ">= 3"}]}
    }
    overrides = parse_overrides(data, "python-foo")
    assert overrides["six"].version is None and overrides["pbr"].version == ">= 3"
    report = report_for(
        "six>=1\npbr>=2\n", [SpecDep("python3-pbr", ">=", "3")], overrides=overrides
    )
    assert report.ignored == ["six"]  # type: ignore[attr-defined]
    assert [(f.name, f.note) for f in report.met] == [("pbr", ">=2 overridden")]  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="needs a 'packages:' mapping"):
        parse_overrides([], "x")


@pytest.mark.parametrize(
    ("specifier", "lower"),
    [(">=2.0,!=2.1", "2.0"), (">= 2.1", "2.1"), ("~=1.4.2", "1.4.2"), ("<3", None), ("", None)],
)
def test_lower_bound(specifier: str, lower: str | None) -> None:
    assert lower_bound_of(specifier) == lower


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=4))
def test_the_lower_bound_is_the_highest_minimum(minimums: list[int]) -> None:
    specifier = ",".join(f">=1.{n}" for n in minimums)
    assert lower_bound_of(specifier) == f"1.{max(minimums)}"
