"""adapters/yaml_file.load_document builds exactly what CSafeLoader builds, faster."""

from __future__ import annotations

import pytest
import yaml

from rdotool.adapters.yaml_file import load_document
from tests.conftest import BASIC_RDOINFO, SHARED_RDOINFO


def same(text: str | bytes) -> None:
    expected = yaml.load(text, Loader=yaml.CSafeLoader)
    built = load_document(text)
    assert built == expected
    assert repr(built) == repr(expected)  # types and key order too


def test_every_file_of_the_rdoinfo_snapshot() -> None:
    files = sorted(SHARED_RDOINFO.rglob("*.yml")) or sorted(BASIC_RDOINFO.rglob("*.yml"))
    if not files:
        pytest.skip(f"no rdoinfo files under {SHARED_RDOINFO} or {BASIC_RDOINFO}")
    for path in files:
        same(path.read_bytes())


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\nb: 010\nc: 1_000\nd: 12:30\ne: 2024-01-02\nf: ~\ng: 'yes'\nh: .inf\ni: 0x1f\n",
        "j: [1, 2.5, -3, 'x', null]\nk:\nl: 2001-12-14t21:59:43.10-05:00\n",
        "- &a x\n- *a\n- &b [1]\n- *b\n",
        "a: 1\na: 2\n",
        "base: &base {a: 1}\nderived:\n  <<: *base\n  b: 2\n",
        "",
        "x: !!str 1\ny: !!set {a, b}\nz: !!binary aGk=\n",
        "k: |\n  block\nm: >\n  folded\n  text\n",
        "null: 1\n1: x\ntrue: y\n",
        "nested:\n" + "".join("  " * i + "- \n" for i in range(1, 40)),
    ],
)
def test_yaml_1_1_rules_and_what_falls_back(text: str) -> None:
    same(text)


def test_an_alias_is_the_same_object() -> None:
    document = load_document("- &b [1]\n- *b\n")
    assert isinstance(document, list) and document[0] is document[1]


def test_errors_are_pyyaml_s() -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="unhashable"):
        load_document("? [a]\n: 1\n")
    with pytest.raises(yaml.composer.ComposerError, match="expected a single document"):
        load_document("--- 1\n--- 2\n")
    with pytest.raises(yaml.MarkedYAMLError):
        load_document(b"a: [1\n")


def test_a_document_too_deep_for_the_walk() -> None:
    """900 levels (libyaml refuses 1000): deeper than the walk's recursion, which hands
    the document to PyYAML's constructor; the result is the same."""
    deep = "a: " + "[" * 900 + "]" * 900 + "\n"
    same(deep)
