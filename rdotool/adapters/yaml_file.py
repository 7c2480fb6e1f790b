"""Small YAML files users hand to rdotool (override files), read with libyaml when present."""

from __future__ import annotations

from pathlib import Path

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

    libyaml composes the node tree (in C, with PyYAML's YAML 1.1 resolver, so `yes`,
    `010` and `12:30` resolve as always); the objects are then built by one tight walk
    instead of PyYAML's generic constructor, which was most of a cold rdoinfo load. A
    string is the node's value; every other scalar, a tagged collection, a mapping with
    a merge key `<<` or an unhashable key, and a document nested too deep for the walk,
    go through PyYAML's own SafeConstructor, so the result is always the same
    (tests/unit/test_yaml_file.py compares both on every file of an rdoinfo snapshot).
    """
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
