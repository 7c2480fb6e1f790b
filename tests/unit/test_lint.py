"""core/lint: the spec rules on text (the distgit cases: tests/distgit/test_lint.py)."""

from __future__ import annotations

import pytest

from rdotool.core.lint import SpecFacts, generated_requires, lint_spec
from rdotool.core.reqcheck import SpecDep, parse_requirements

SPEC = """\
Name: foo
Version: 1.0
Release: 1%{?dist}
Source0: https://example.org/foo-1.0.tar.gz
Source1: foo.conf

%changelog
* Wed Jan 01 2025 A <a@x> - 1.0-1
- new
* Tue Dec 31 2024 A <a@x> 0.9-1
- old
"""


def facts(text: str = SPEC, **changes: object) -> SpecFacts:
    values: dict[str, object] = {
        "name": "foo.spec",
        "text": text,
        "template": False,
        "version": "1.0",
        "release": "1",
        "raw_release": "1%{?dist}",
        "source_files": [("Source0", "foo-1.0.tar.gz", True), ("Source1", "foo.conf", False)],
        "present": frozenset({"foo.spec", "foo.conf"}),
        "sources": ["# comments are fine", "SHA512 (foo-1.0.tar.gz) = abc123"],
    }
    values.update(changes)
    return SpecFacts(**values)  # type: ignore[arg-type]


def test_a_clean_spec_with_dash_headers_and_comments_in_sources() -> None:
    assert lint_spec(facts()) == []


def test_lines_point_at_the_tag() -> None:
    found = lint_spec(facts(present=frozenset({"foo.spec"})))
    assert [(f.id, f.line) for f in found] == [("missing-file", 5)]
    dated = lint_spec(facts(SPEC.replace("Wed Jan 01 2025", "Wed Jan 32 2025")))
    assert [(f.id, f.severity) for f in dated] == [("changelog-date", "error")]


def test_old_md5_sources_lines_are_accepted() -> None:
    old = facts(sources=["d41d8cd98f00b204e9800998ecf8427e  foo.conf"], present=frozenset())
    assert lint_spec(old) == []


REQUIREMENTS = """\
pbr>=2.0.0
oslo.config>=6.8.0 # Apache-2.0
python-dateutil>=2.7.0
PyYAML>=5.1
"""
LINES = [
    "%package -n python3-foo",
    "Requires:       python3-oslo-config >= 2:5.2.0",
    "Requires:       python3-oslo-config-extra",
    "Requires:       python3-pbr",
]


@pytest.mark.parametrize(
    ("dep", "flagged"),
    [
        (SpecDep("python3-pbr", package="python3-foo"), True),
        (SpecDep("python3-oslo-config", ">=", "2:5.2.0", package="python3-foo"), True),
        (SpecDep("python3-oslo-config", ">=", "6.8.0", package="python3-foo"), True),
        (SpecDep("python3dist(oslo.config)", ">=", "6.8", package="python3-foo"), True),
        (SpecDep("python3-dateutil", package="python3-foo"), True),  # pymod2pkg's name
        (SpecDep("python3-pyyaml", package="python3-foo"), True),  # canonical case
        (SpecDep("python3-oslo-config", ">=", "7.0.0", package="python3-foo"), False),
        (SpecDep("python3-oslo-config", "=", "6.8.0", package="python3-foo"), False),
        (SpecDep("python3-oslo-config", "<", "10", package="python3-foo"), False),
        (SpecDep("python3-pbr", package="python3-foo-tests"), False),  # no dist-info
        (SpecDep("python3-pbr", kind="BuildRequires", package="python3-foo"), False),
        (SpecDep("python3-libvirt", package="python3-foo"), False),  # not upstream's
        (SpecDep("openssl", package="python3-foo"), False),
    ],
    ids=lambda v: v.render() + f"@{v.package}:{v.kind}" if isinstance(v, SpecDep) else str(v),
)
def test_generated_requires(dep: SpecDep, flagged: bool) -> None:
    requirements, _ = parse_requirements(REQUIREMENTS, "3.12", "requirements.txt")
    found = generated_requires(
        LINES, "foo.spec", requirements, [dep], ["python3-foo"], "requirements.txt at 1.0"
    )
    assert bool(found) is flagged
    if flagged:
        assert found[0].id == "python-requires-generated" and found[0].severity == "warning"
        assert "(python3-foo) duplicates" in found[0].message


def test_generated_requires_points_at_the_line() -> None:
    requirements, _ = parse_requirements(REQUIREMENTS, "3.12", "requirements.txt")
    deps = [
        SpecDep("python3-oslo-config", ">=", "2:5.2.0", package="python3-foo"),
        SpecDep("python3-pbr", package="python3-foo"),
    ]
    found = generated_requires(LINES, "foo.spec", requirements, deps, ["python3-foo"], "r")
    assert [(f.line, f.message) for f in found] == [
        (
            2,
            "Requires: python3-oslo-config >= 2:5.2.0 (python3-foo) duplicates what the"
            " dependency generator makes of oslo.config>=6.8.0 (r): drop it",
        ),
        (4, "Requires: python3-pbr (python3-foo) duplicates what the dependency generator"
            " makes of pbr>=2.0.0 (r): drop it"),
    ]  # fmt: skip
