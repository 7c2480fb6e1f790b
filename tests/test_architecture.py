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
# files on disk, archives and process pools: adapters/files.py and adapters/processes.py
# (core may hash bytes in memory, as Gerrit's Change-Id is computed)
FILES_AND_PROCESSES = {
    "hashlib",
    "tarfile",
    "zipfile",
    "tempfile",
    "shutil",
    "concurrent",
    "multiprocessing",
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
    assert not reaches(imports(path), OUTSIDE_WORLD | FILES_AND_PROCESSES)


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


@pytest.mark.parametrize(
    "path", [p for p in modules("ops") if p.name != "context.py"], ids=lambda p: p.name
)
def test_the_environment_is_read_in_one_place(path: Path) -> None:
    """ops/context.py hands the environment to config; no other use case reads it."""
    assert "os" not in imports(path)


# what a command must leave to the use cases (ops): rdoinfo, distgits and settings
CLI_FORBIDDEN = ("rdotool.ops.rdoinfo", "rdotool.ops.distgit", "rdotool.config")


def ops_calls(function: ast.FunctionDef) -> list[str]:
    """The use-case functions (lower-case names from rdotool.ops) a CLI function calls;
    building a request (a dataclass, capitalised) is parsing, not a use case."""
    local: set[str] = set()
    modules_: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rdotool.ops"):
            for alias in node.names:
                if node.module == "rdotool.ops":
                    modules_.add(alias.asname or alias.name)
                else:
                    local.add(alias.asname or alias.name)
    called = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in local and func.id[0].islower():
            called.append(func.id)
        elif (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in modules_
            and func.attr[0].islower()
        ):
            called.append(f"{func.value.id}.{func.attr}")
    return called


@pytest.mark.parametrize("path", modules("cli"), ids=lambda p: p.name)
def test_a_command_parses_makes_one_ops_call_and_renders(path: Path) -> None:
    """Every function in cli/ calls at most one use case; none loads rdoinfo, opens a
    distgit or reads settings itself, and none reaches an adapter but for the one
    decoding rule (reading a file named on the command line, -H FILE)."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            calls = ops_calls(node)
            assert len(calls) <= 1, f"{path.name}:{node.name} calls {calls}"
    found = imports(path)
    assert not [n for n in found if n.startswith(CLI_FORBIDDEN)], found
    adapters = {n for n in found if n.startswith("rdotool.adapters")}
    assert adapters <= {"rdotool.adapters.files"}, adapters


def test_every_command_takes_the_run_context() -> None:
    """A command receives the run context (typer.Context) unless it needs nothing from
    the run (status, review: a distgit and git only)."""
    from rdotool.cli import COMMANDS

    needs_nothing = {"status", "review"}
    for name, lazy in COMMANDS.items():
        source = PACKAGE.parent / (lazy.module.replace(".", "/") + ".py")
        tree = ast.parse(source.read_text())
        functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        if name in needs_nothing or lazy.function == "app":
            continue
        first = functions[lazy.function].args.args[0]
        assert first.arg == "ctx", f"{name}: {lazy.function} does not take ctx first"


@pytest.mark.parametrize(
    "path", [p for p in modules("core") if p.name != "__init__.py"], ids=lambda p: p.name
)
def test_every_core_module_has_direct_unit_tests(path: Path) -> None:
    """core/ is tested in memory, module by module, by tests/unit (no git, no CLI)."""
    name = f"rdotool.core.{path.stem}"
    unit = Path(__file__).parent / "unit"
    assert any(name in imports(test) for test in unit.glob("test_*.py")), (
        f"no tests/unit file imports {name}"
    )
