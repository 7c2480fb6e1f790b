"""core/constraints.py: upper-constraints lines, UC names of a package, markers."""

from __future__ import annotations

import pytest

from rdotool.core.constraints import (
    Constraint,
    candidate_names,
    canonical,
    constraint_for,
    parse_constraints,
)
from rdotool.errors import InputError

UC = """\
# comment
oslo.config===9.7.1
six===1.16.0  # trailing comment
importlib-metadata===6.2.1;python_version=='3.9'
importlib-metadata===8.5.0;python_version>='3.10'
"""


def test_parse_keeps_markers_and_line_numbers() -> None:
    found = parse_constraints(UC, "uc.txt")
    assert found[0] == Constraint("oslo.config", "9.7.1", None, 2)
    assert found[1] == Constraint("six", "1.16.0", None, 3)
    assert found[2].marker == 'python_version == "3.9"' and found[2].line == 4


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("six>=1.0", "uc.txt:1: 'six>=1.0' does not pin one version"),
        ("=== 1", "uc.txt:1: cannot parse"),
    ],
)
def test_a_line_that_pins_nothing_is_named(line: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_constraints(line + "\n", "uc.txt")


@pytest.mark.parametrize(("python", "version"), [("3.9", "6.2.1"), ("3.12", "8.5.0")])
def test_the_line_whose_marker_holds_wins(python: str, version: str) -> None:
    found = constraint_for(parse_constraints(UC), ["importlib-metadata"], python)
    assert found is not None and found.version == version


def test_candidate_names_most_specific_first() -> None:
    package = {
        "name": "python-oslo-config",
        "project": "oslo-config",
        "upstream": "https://opendev.org/openstack/oslo.config.git",
    }
    names = candidate_names(package)
    assert names[0] == "oslo-config"  # oslo.config, canonical
    assert "python-oslo-config" in names
    assert constraint_for(parse_constraints(UC), names, "3.9") == Constraint(
        "oslo.config", "9.7.1", None, 2
    )


def test_canonical_is_pep_503() -> None:
    assert canonical("Oslo.Config") == canonical("oslo_config") == "oslo-config"


def test_canonical_agrees_with_packaging_on_every_upper_constraints_name() -> None:
    """The local rule is packaging's canonicalize_name, on every name of the UC and
    global-requirements files of ../shared/data (and tricky spellings)."""
    from packaging.utils import canonicalize_name

    from rdotool.core.pep508 import requirement_lines
    from tests.conftest import SHARED_DATA

    names = ["Oslo..Config", "zope.interface", "A__B--c", "XStatic-Angular-Bootstrap", "x_"]
    for path in sorted((SHARED_DATA / "upper-constraints").glob("*.txt")):
        names += [line.requirement.name for line in requirement_lines(path.read_text(), path.name)]
    assert all(canonical(name) == canonicalize_name(name) for name in names)
    assert len(names) > 3000 or not (SHARED_DATA / "upper-constraints").exists()
