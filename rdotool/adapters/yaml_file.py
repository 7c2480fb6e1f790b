"""Small YAML files users hand to rdotool (override files), read with libyaml when present."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

from rdotool.errors import InputError


def load_yaml(path: Path, what: str) -> object:
    """Parse a YAML file; errors name the file, the line and what the file is for."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the {what} {path}: {exc.strerror}") from exc
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise InputError(f"{path}{line}: the {what} is not valid YAML", "fix its syntax") from exc


def load_document(data: bytes | str) -> object:
    """One YAML document as `yaml.load(data, CSafeLoader)` gives it, built faster.

    yaml-rs (YAML 1.2, in Rust) reads it first, ~7x faster; its result is kept only where
    PyYAML must read the same (see `_read_with_yaml_rs`), else the text takes the path below.

    libyaml composes the node tree (in C, with PyYAML's YAML 1.1 resolver, so `yes`,
    `010` and `12:30` resolve as always); the objects are then built by one tight walk
    instead of PyYAML's generic constructor, which was most of a cold rdoinfo load. A
    string is the node's value; every other scalar, a tagged collection, a mapping with
    a merge key `<<` or an unhashable key, and a document nested too deep for the walk,
    go through PyYAML's own SafeConstructor, so the result is always the same
    (tests/unit/test_yaml_file.py compares both on every file of an rdoinfo snapshot).
    """
    fast = _read_with_yaml_rs(data)
    if fast is not _UNSURE:
        return fast
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(data)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build(node, loader)
        except RecursionError:
            return loader.construct_document(node)
    finally:
        loader.dispose()


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"


def _build(node: object, loader: object) -> object:
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    made: dict[int, object] = {}  # an alias is the same node: the same object, as PyYAML

    def build(n: object) -> object:
        kind = n.__class__
        if kind is ScalarNode:
            if n.tag == _STR:  # type: ignore[attr-defined]
                return n.value  # type: ignore[attr-defined]
            return loader.construct_object(n, deep=True)  # type: ignore[attr-defined]
        key = id(n)
        if key in made:
            return made[key]
        if kind is SequenceNode and n.tag == _SEQ:  # type: ignore[attr-defined]
            items: list[object] = []
            made[key] = items
            items.extend(build(child) for child in n.value)  # type: ignore[attr-defined]
            return items
        if kind is MappingNode and n.tag == _MAP:  # type: ignore[attr-defined]
            pairs = n.value  # type: ignore[attr-defined]
            if not any(k.tag == _MERGE for k, _ in pairs):
                mapping: dict[object, object] = {}
                made[key] = mapping
                for key_node, value_node in pairs:
                    name = build(key_node)
                    if isinstance(name, (list, dict)):
                        del made[key]
                        break  # PyYAML's own error for an unhashable key
                    mapping[name] = build(value_node)
                else:
                    return mapping
        made[key] = loader.construct_object(n, deep=True)  # type: ignore[attr-defined]
        return made[key]

    return build(node)


_UNSURE = object()  # yaml-rs is missing, failed, or may have read the text otherwise

# Text that YAML 1.2 and PyYAML's YAML 1.1 can read differently whatever the values:
# characters PyYAML refuses or takes for line breaks (NEL, LS, PS), a byte-order mark,
# the 1.2-only escape `\/`, directives and explicit tags (one character class, then
# substring tests: an alternation over the whole text cost 20 % of the load).
_RISKY_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)
_TAG = re.compile(r"(?:^|[\s\[\]{},])!", re.MULTILINE)
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|$)", re.MULTILINE)
_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)
# numbers yaml-rs reads and PyYAML does not (or reads otherwise): leading zeros
# (`010` is 8 for PyYAML, `09` a string), `0o17`, `0X1F`, exponents without a dot or a sign
_RISKY_NUMBER = re.compile(r"(?<![\w.+-])[-+]?0[0-9oOX]|\d[eE][-+]?\d")
_INFINITY = float("inf")


def _read_with_yaml_rs(data: bytes | str) -> object:
    """The document as yaml-rs reads it, or _UNSURE when PyYAML could read it otherwise.

    yaml-rs follows YAML 1.2: `yes`/`on`, `12:30` and dates stay strings, `010` is 10,
    `1e5` a float, a duplicate key is an error, merge keys and tags mean nothing. The
    result is kept only when it cannot differ: no string in it is one PyYAML's resolver
    would turn into another type (the check uses PyYAML's own resolver table) unless it
    is quoted wherever it is written, no number
    in the text is written in a form the two read differently, no key is a collection,
    the text has one document, no anchor-and-alias pair (PyYAML shares the object, and
    the loader's expansion guard walks it), no tag or directive, no character PyYAML
    refuses. Anything yaml-rs refuses goes to PyYAML, whose errors rdotool reports.
    """
    loads = _yaml_rs_loads()
    if loads is None:
        return _UNSURE
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return _UNSURE  # PyYAML detects UTF-16 and names the bad byte
    else:
        text = data
    if (
        ("&" in text and "*" in text)
        or "\\/" in text
        or text.startswith("%")
        or "\n%" in text
        or ("!" in text and _TAG.search(text))
        or _RISKY_CHARACTER.search(text)
        or _several_documents(text)
    ):
        return _UNSURE
    try:
        document = loads(text)
    except Exception:  # any refusal: PyYAML decides and words the error
        return _UNSURE
    return document if _agrees_with_pyyaml(document, text) else _UNSURE


def _several_documents(text: str) -> bool:
    """More than one document, or an explicit end: PyYAML's single-document rules apply."""
    if not (text.startswith(("---", "...")) or "\n---" in text or "\n..." in text):
        return False
    markers = [m.start() for m in _DOCUMENT_MARKER.finditer(text)]
    if not markers:
        return False
    if len(markers) > 1 or text[markers[0] : markers[0] + 3] == "...":
        return True
    return _CONTENT_LINE.search(text, 0, markers[0]) is not None


@lru_cache(maxsize=1)
def _yaml_rs_loads() -> Optional[Callable[[str], Any]]:
    try:
        import yaml_rs
    except ImportError:  # Python 3.9 (no wheels) or not installed: PyYAML alone
        return None

    def loads(text: str) -> Any:
        return yaml_rs.loads(text, parse_datetime=False)

    return loads


@lru_cache(maxsize=1)
def _non_str_resolvers() -> dict[str, tuple[Any, ...]]:
    """PyYAML's implicit resolvers by first character, those giving a type other than str."""
    from yaml.resolver import Resolver

    table: dict[str, tuple[Any, ...]] = {}
    for first, entries in Resolver.yaml_implicit_resolvers.items():
        regexps = tuple(regexp for tag, regexp in entries if tag != _STR)
        if regexps and first:
            table[first] = regexps
    return table


def _agrees_with_pyyaml(document: object, text: str) -> bool:
    """Whether PyYAML reads `text` as yaml-rs's `document` (see `_read_with_yaml_rs`)."""
    resolvers = _non_str_resolvers()
    numbers = False
    typed: set[str] = set()  # strings PyYAML reads as another type when they are plain
    stack = [document]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        node = pop()
        kind = type(node)
        if kind is str:
            first = node[:1]  # type: ignore[index]
            if first in resolvers and any(regexp.match(node) for regexp in resolvers[first]):
                typed.add(node)  # type: ignore[arg-type]
        elif kind is dict:
            extend(node.values())  # type: ignore[attr-defined]
            for key in node:  # type: ignore[attr-defined]
                if type(key) is str:
                    push(key)
                elif isinstance(key, (tuple, float)) or type(key) is int:
                    if isinstance(key, tuple):
                        return False  # PyYAML refuses a collection as a key
                    push(key)
        elif kind is list:
            extend(node)  # type: ignore[arg-type]
        elif kind is int:
            numbers = True
        elif kind is float:
            if node != node or node in (_INFINITY, -_INFINITY):
                return False  # PyYAML spells .nan and .inf in fewer ways
            numbers = True
        elif node is not None and kind is not bool:
            return False
    if numbers and _RISKY_NUMBER.search(text):
        return False
    return all(_always_quoted(value, text) for value in typed)


def _always_quoted(value: str, text: str) -> bool:
    """Whether `value` is written in `text` between quotes (`'2025.1'`) and nowhere as a
    plain scalar could be: then PyYAML reads it as a string too. Places inside a longer
    scalar (`unmaintained/2025.1`) do not count; written nowhere (a folded plain scalar,
    an escape) is no proof."""
    quoted = False
    start = text.find(value)
    while start >= 0:
        end = start + len(value)
        before = text[start - 1] if start else "\n"
        after = text[end : end + 1] or "\n"
        if before in "'\"" and after == before:
            quoted = True
        elif (before.isspace() or before in "[{,") and (after.isspace() or after in ",]}:"):
            return False  # it may stand alone, unquoted
        start = text.find(value, end)
    return quoted
