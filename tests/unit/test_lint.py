"""core/lint: the spec rules on text (the distgit cases: tests/distgit/test_lint.py)."""

from __future__ import annotations

from rdotool.core.lint import SpecFacts, lint_spec

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
