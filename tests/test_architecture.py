"""The layering rules of DESIGN.md, checked on the source's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "rdotool"
# modules that reach files, processes or the network (urllib.parse, pure text, is fine)
OUTSIDE_WORLD = {
    "subprocess",
    "git",
    "requests",
    "specfile",
    "rpm",
    "yaml",
    "urllib.request",
    "http",
    "socket",
}
PRESENTATION = {"typer", "rich", "click"}


def imports(path: Path) -> set[str]:
    """Top-level module names imported anywhere in the file (lazy imports included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def top(name: str) -> str:
    return name.split(".")[0]


def reaches(names: set[str], modules: set[str]) -> set[str]:
    """The imported names that are one of `modules` or inside one of them."""
    return {n for n in names if any(n == m or n.startswith(m + ".") for m in modules)}


@pytest.mark.parametrize("path", modules("core"), ids=lambda p: p.name)
def test_core_is_pure(path: Path) -> None:
    found = imports(path)
    assert not reaches(found, OUTSIDE_WORLD | PRESENTATION)
    assert not any(n.startswith(("rdotool.adapters", "rdotool.ops", "rdotool.cli")) for n in found)


@pytest.mark.parametrize("path", modules("adapters") + modules("ops"), ids=lambda p: p.name)
def test_only_cli_imports_typer_and_rich(path: Path) -> None:
    assert not {top(n) for n in imports(path)} & PRESENTATION
    assert not any(n.startswith("rdotool.cli") for n in imports(path))


@pytest.mark.parametrize("path", modules("adapters"), ids=lambda p: p.name)
def test_adapters_do_not_reach_up(path: Path) -> None:
    assert not any(n.startswith(("rdotool.ops", "rdotool.cli")) for n in imports(path))


@pytest.mark.parametrize("path", modules("ops"), ids=lambda p: p.name)
def test_ops_do_not_touch_the_outside_world_directly(path: Path) -> None:
    assert not reaches(imports(path), OUTSIDE_WORLD)


@pytest.mark.parametrize(
    "path", modules("core") + modules("ops") + modules("adapters"), ids=lambda p: p.name
)
def test_domain_and_use_cases_never_print(path: Path) -> None:
    calls = [
        n
        for n in ast.walk(ast.parse(path.read_text()))
        if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "print"
    ]
    assert not calls
