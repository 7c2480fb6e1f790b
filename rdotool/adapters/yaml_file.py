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
