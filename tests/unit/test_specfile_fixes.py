"""The linear count_brackets counts exactly as python-specfile's own."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rdotool.adapters.specfile_fixes import count_brackets

pytestmark = pytest.mark.needs_rpm  # python-specfile imports librpm's bindings


def original() -> object:
    """specfile.utils.count_brackets as shipped (reloaded: apply() may have replaced it)."""
    import specfile.utils

    return importlib.reload(specfile.utils).count_brackets


@settings(max_examples=400)
@given(st.text(alphabet="%{}()\\ab ", max_size=60))
def test_same_counts_as_specfile(text: str) -> None:
    assert count_brackets(text) == original()(text)  # type: ignore[operator]


def test_known_cases() -> None:
    assert count_brackets("%{?dist") == (1, 0)
    assert count_brackets("%{?dist}") == (0, 0)
    assert count_brackets("%(echo (a)") == (0, 1)
    assert count_brackets("\\%{x") == (0, 0)
    assert count_brackets("x" * 300_000 + "%{") == (1, 0)


def test_the_package_init_skipped_only_reexports_and_reads_its_version() -> None:
    """import_package skips specfile/__init__.py: this fails when that file starts doing
    anything else than `from specfile.specfile import Specfile`, reading __version__
    through importlib.metadata and setting __all__."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec("specfile")
    assert spec is not None and spec.origin is not None
    with open(spec.origin, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Import, ast.Global)):
            names.add(f"unexpected {type(node).__name__}")
    assert names <= {
        "specfile.specfile.Specfile",
        "importlib.metadata.PackageNotFoundError",
        "importlib.metadata.distribution",
        "importlib_metadata.PackageNotFoundError",
        "importlib_metadata.distribution",
        "__version__",
        "__all__",
    }, names


def test_specfile_loads_without_importlib_metadata() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from rdotool.adapters import librpm, specfile_fixes\n"
        "librpm.load()\n"
        "specfile_fixes.import_package()\n"
        "import specfile\n"
        "from specfile.specfile import Specfile\n"
        "assert specfile.Specfile is Specfile\n"
        "print(sorted(m for m in sys.modules if m.startswith('importlib.metadata')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
