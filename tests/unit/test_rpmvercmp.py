"""The pure-Python rpmvercmp against librpm's own labelCompare."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdotool.core.rpmvercmp import label_compare, rpmvercmp
from tests.conftest import SHARED_RDOINFO

rpm = pytest.importorskip("rpm", reason="librpm's Python bindings are not installed")
pytestmark = pytest.mark.needs_rpm

pieces = st.text(alphabet="0123456789abzAZ.~^_+", max_size=10)
epochs = st.one_of(st.none(), st.sampled_from(["0", "1", "2", "10"]))


def librpm(a: tuple, b: tuple) -> int | None:
    try:
        return int(rpm.labelCompare(a, b))
    except ValueError:  # librpm refuses some strings outright; nothing to compare then
        return None


@settings(max_examples=3000)
@given(epochs, pieces, pieces, epochs, pieces, pieces)
def test_same_order_as_librpm(e1: str, v1: str, r1: str, e2: str, v2: str, r2: str) -> None:
    expected = librpm((e1, v1, r1), (e2, v2, r2))
    if expected is not None:
        assert label_compare((e1, v1, r1), (e2, v2, r2)) == expected


def test_known_orderings() -> None:
    assert rpmvercmp("1.0~rc1", "1.0") == -1
    assert rpmvercmp("1.0^post1", "1.0") == 1
    assert rpmvercmp("1.0^post1", "1.0.1") == -1
    assert rpmvercmp("2.0.0.0rc1", "2.0.0") == 1  # why RDO uses 0.1%{?milestone}
    assert rpmvercmp("1.010", "1.9") == 1
    assert rpmvercmp("a", "1") == -1
    assert label_compare(("1", "1.0", "1"), (None, "9.0", "1")) == 1


def snapshot_nvrs() -> list[tuple[str, str, str]]:
    """(name, version, release) of every build named in the snapshot's buildsys tags."""
    folder = SHARED_RDOINFO / "buildsys-tags"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    found = set()
    nvr = re.compile(r":\s*(?P<n>\S+)-(?P<v>[^-\s]+)-(?P<r>[^-\s]+)\s*$")
    for path in sorted(Path(folder).glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = nvr.search(line)
            if match:
                found.add((match["n"], match["v"], match["r"]))
    return sorted(found)


@pytest.mark.shared_data
def test_every_snapshot_build_orders_as_librpm() -> None:
    builds = snapshot_nvrs()
    assert len(builds) > 1000
    by_name: dict[str, list[tuple[str, str]]] = {}
    for name, version, release in builds:
        by_name.setdefault(name, []).append((version, release))
    compared = 0
    for versions in by_name.values():
        for (v1, r1), (v2, r2) in itertools.combinations(versions[:40], 2):
            expected = librpm(("0", v1, r1), ("0", v2, r2))
            assert label_compare(("0", v1, r1), ("0", v2, r2)) == expected, (v1, r1, v2, r2)
            compared += 1
    assert compared > 1000
