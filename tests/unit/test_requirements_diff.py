"""core/requirements_diff.py: what changed in requirements.txt between two versions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rdotool.core.requirements_diff import RequirementsDiff, diff_requirements, parse_requirements


def test_added_changed_removed_by_canonical_name() -> None:
    old = "pbr>=2.0\nsix>=1.10  # comment\noslo.config>=9\n-r other.txt\n"
    new = "pbr>=2.0\nOslo_Config>=9.7\nrequests>=2.28\nthis is not a requirement\n"
    assert diff_requirements(old, new) == RequirementsDiff(
        added=["requests>=2.28"],
        changed=[("oslo.config>=9", "Oslo_Config>=9.7")],
        removed=["six>=1.10"],
    )
    assert parse_requirements(old) == {
        "pbr": "pbr>=2.0",
        "six": "six>=1.10",
        "oslo-config": "oslo.config>=9",
    }


names = st.sampled_from(["pbr", "six", "requests", "oslo.config", "stevedore"])
files = st.dictionaries(names, st.integers(min_value=0, max_value=9)).map(
    lambda d: "".join(f"{n}>={v}\n" for n, v in d.items())
)


@given(files)
def test_a_file_has_no_changes_against_itself(text: str) -> None:
    assert diff_requirements(text, text).empty


@given(files, files)
def test_a_diff_and_its_reverse_mirror_each_other(old: str, new: str) -> None:
    forward, backward = diff_requirements(old, new), diff_requirements(new, old)
    assert sorted(forward.added) == sorted(backward.removed)
    assert sorted(forward.removed) == sorted(backward.added)
    assert sorted(forward.changed) == sorted((b, a) for a, b in backward.changed)
