"""core/uc_report.py in memory: each UC entry against a release's pin and build."""

from __future__ import annotations

from typing import Any

import pytest

from rdotool.core.constraints import Constraint, parse_constraints
from rdotool.core.rpmvercmp import label_compare
from rdotool.core.uc_report import (
    STATUSES,
    PackageIndex,
    UcStatus,
    active_constraints,
    counts,
    nvr_version,
    report_rows,
)

TAGS = ["cloud9s-openstack-epoxy-testing", "cloud9s-openstack-epoxy-release"]


def compare(a: str, b: str) -> int:
    return label_compare(("0", a, ""), ("0", b, ""))


def package(name: str, pin: object = None, built: str | None = None, **tags: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": f"python-{name}", "project": name, "tags": {**tags}}
    if pin is not None:
        entry["tags"]["epoxy"] = {"source-branch": pin}
    elif "epoxy" not in tags:
        entry["tags"]["epoxy"] = None
    if built:
        entry["buildsys-tags"] = {TAGS[1]: f"python-{name}-{built}-1.el9s"}
    return entry


@pytest.mark.parametrize(
    ("entry", "uc", "status"),
    [
        (package("a", "1.0", "1.0"), "1.0", "equal"),
        (package("a", "0.9"), "1.0", "pin-behind"),
        (package("a", "1.0", "0.9"), "1.0", "build-behind"),
        (package("a", "1.1"), "1.0", "ahead"),
        (package("a"), "1.0", "unpinned"),
        (package("a", "stable/2025.1"), "1.0", "pinned-ref"),
        (package("a", "1.0", **{"version-locked": None}), "2.0", "version-locked"),
        (package("a", "1.0", **{"under-review": None}), "2.0", "under-review"),
        (package("b", "1.0"), "1.0", "not-packaged"),
    ],
)
def test_each_status(entry: dict[str, Any], uc: str, status: str) -> None:
    rows = report_rows([Constraint("a", uc, None, 1)], [entry], "epoxy", "epoxy", TAGS, compare)
    assert [row.status for row in rows] == [status]


def test_rpm_order_not_string_order() -> None:
    rows = report_rows(
        [Constraint("a", "1.10.0", None, 1)],
        [package("a", "1.9.0")],
        "epoxy",
        "epoxy",
        TAGS,
        compare,
    )
    assert rows[0].status == "pin-behind"


def test_one_constraint_per_name_for_the_python() -> None:
    text = "a===1;python_version=='3.9'\na===2;python_version>='3.10'\nb===3\n"
    chosen = active_constraints(parse_constraints(text), "3.12")
    assert [(c.name, c.version) for c in chosen] == [("a", "2"), ("b", "3")]


def test_counts_keep_status_order_and_drop_zeros() -> None:
    rows = report_rows(
        [Constraint("a", "1.0", None, 1), Constraint("c", "1.0", None, 2)],
        [package("a", "0.9")],
        "epoxy",
        "epoxy",
        TAGS,
        compare,
    )
    assert counts(rows) == {"pin-behind": 1, "not-packaged": 1}
    assert tuple(s.value for s in UcStatus) == STATUSES


def test_nvr_version() -> None:
    assert nvr_version("python-oslo-config-9.7.1-1.el9s") == "9.7.1"
    assert nvr_version("9.7.1") == "9.7.1"


def test_uc_names_match_python_packages_before_same_named_ones() -> None:
    """A UC name is a Python distribution: the C library libsass, listed first, loses to
    python-libsass; pymod2pkg's name (python-paste-deploy for PasteDeploy) is found;
    a package under its own name (pyserial) or an OpenStack project still matches."""
    packages: list[dict[str, Any]] = [
        {"name": "libsass", "project": "libsass"},
        {"name": "redis", "project": "redis"},
        {"name": "python-libsass", "project": "python-libsass"},
        {"name": "python3-redis", "project": "python3-redis"},
        {"name": "python-paste-deploy", "project": "python-paste-deploy"},
        {"name": "pyserial", "project": "pyserial"},
        {
            "name": "python-oslo-config",
            "project": "oslo-config",
            "upstream": "https://opendev.org/openstack/oslo.config",
        },
    ]
    index = PackageIndex(packages)
    found = {
        name: (index.find(name) or {}).get("name")
        for name in ("libsass", "redis", "PasteDeploy", "pyserial", "oslo.config", "absent")
    }
    assert found == {
        "libsass": "python-libsass",
        "redis": "python3-redis",
        "PasteDeploy": "python-paste-deploy",
        "pyserial": "pyserial",
        "oslo.config": "python-oslo-config",
        "absent": None,
    }
