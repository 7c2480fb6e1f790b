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


# Plain scalars YAML 1.1 (PyYAML) and YAML 1.2 (yaml-rs) read differently, and some they
# read alike: whichever path load_document takes, the result must be PyYAML's.
SCALARS = str.split(
    "yes Yes YES no on off y n true True TRUE tRue false null Null NULL ~ 010 09 0o7 0x1f"
    " 0X1F 0b101 1_000 12:30 190:20:30 1e5 1.0e5 1.0e+5 1. +1 -0 .5 .inf -.Inf .NaN .Nan"
    " 1.10 2024-01-02 2001-12-14t21:59:43.10-05:00 2024-1-2 1.0.0 0 00 +0x1 0. 1e-3 1E5 0o"
    " 12:30:00 -12:30 0:30 3.14_15 1__0 0_1 +.inf -.nan NaN nan inf '2025.1' \"010\" 'yes'"
)


@pytest.mark.parametrize("scalar", SCALARS)
def test_a_scalar_as_value_key_and_list_item(scalar: str) -> None:
    for text in (
        f"k: {scalar}\n",
        f"- {scalar}\n- x\n",
        f"{scalar}: v\nother: 1\n",
        f"k: [{scalar}, x]\nname: {scalar}x\n",
    ):
        agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: b\x85c: d\n",  # NEL is a line break for YAML 1.1 only
        "a: x\u2028b: y\n",
        'a: "x\\/y"\n',  # an escape only YAML 1.2 has: PyYAML's error
        "\ufeffa: 1\n",
        "%YAML 1.1\n---\nx: yes\n",
        "x: !custom 1\n",
        "--- 1\n--- 2\n",
        "a: 1\n...\n",
        "a: 1\n---\nb: 2\n",
        "a: &x [1]\nb: *x\n",
        "b: &b {a: 1}\nd:\n  <<: *b\n  c: 2\n",
        "[1]: a\n",
        "a: 'x'\nb: 2025.1\nc: '2025.1'\n",  # quoted in one place, plain in another
        "a: 2025.\n  1\n",  # folded onto two lines: not written literally anywhere
        "when: 2001-12-14\n  21:59:43.10 -5\n",
        "a: 1\nb: x 0010\n",  # a leading zero somewhere and a number: PyYAML decides
        "a: b\tc: d\n",
        b"a: \xff\n",
        "a: \x01\n",
    ],
)
def test_texts_the_two_may_read_differently(text: str | bytes) -> None:
    agree(text)


def agree(text: str | bytes) -> None:
    """load_document gives what CSafeLoader gives, or raises the same kind of error."""
    try:
        expected: object = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        with pytest.raises(type(exc)):
            load_document(text)
    else:
        assert repr(load_document(text)) == repr(expected)


def test_rdoinfo_takes_the_fast_path_and_reads_the_same() -> None:
    """Every file of the snapshot is read by yaml-rs (where it is installed) and gives
    what CSafeLoader gives: no file needs the slow path today."""
    pytest.importorskip("yaml_rs", reason="yaml-rs has no wheels for this Python")
    from rdotool.adapters.yaml_file import _UNSURE, _read_with_yaml_rs

    files = sorted(SHARED_RDOINFO.rglob("*.yml")) or sorted(BASIC_RDOINFO.rglob("*.yml"))
    if not files:
        pytest.skip(f"no rdoinfo files under {SHARED_RDOINFO} or {BASIC_RDOINFO}")
    slow = [path.name for path in files if _read_with_yaml_rs(path.read_bytes()) is _UNSURE]
    assert slow == []


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        ("a: 1\nb: [x, 'y']\nc: 1.5\n", True),
        ("identifier: '2025.1'\nbranch: unmaintained/2025.1\n", True),
        ("a: yes\n", False),
        ("a: 010\n", False),
        ("v: 1e5\n", False),
        ("a: 2025.1\n", True),  # a float for both
        ("identifier: '2025.1'\nother: 2025.1\n", False),
    ],
)
def test_which_texts_yaml_rs_reads(text: str, fast: bool) -> None:
    pytest.importorskip("yaml_rs", reason="yaml-rs has no wheels for this Python")
    from rdotool.adapters.yaml_file import _UNSURE, _read_with_yaml_rs

    assert (_read_with_yaml_rs(text) is not _UNSURE) is fast
