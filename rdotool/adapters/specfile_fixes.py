"""Fixes for python-specfile, applied when the spec adapter first imports it.

`count_brackets` (specfile 0.41, used on every tag value and macro body) walks the
string with `list.pop(0)`, which makes a long line quadratic: a 50,000-character
Summary took `patch` 2 s and 200,000 characters 24 s. The replacement below counts the
same way with an index, in linear time; tests/unit/test_specfile_fixes.py checks it
against the original on generated strings.

`specfile/__init__.py` re-exports `Specfile` and reads the package's own version with
`importlib.metadata`, whose import (email, zipfile, csv) costs ~12 ms of CPU: more than
the spec parse of `reqcheck`. `import_package` puts the package in place without running
that file; tests/unit/test_specfile_fixes.py fails if the file starts doing more.
"""

from __future__ import annotations

import sys
from types import ModuleType


def import_package() -> None:
    """Make `specfile` importable with its submodules, `__init__.py` not run (unless
    something imported the package already); `specfile.Specfile` is set as it sets it."""
    if "specfile" in sys.modules:
        return
    import importlib.util

    spec = importlib.util.find_spec("specfile")
    if spec is None or spec.submodule_search_locations is None:
        return  # not installed: the import that follows says so
    package = importlib.util.module_from_spec(spec)
    sys.modules["specfile"] = package
    try:
        from specfile.specfile import Specfile
    except BaseException:
        del sys.modules["specfile"]
        raise
    package.Specfile = Specfile  # type: ignore[attr-defined]


def count_brackets(string: str) -> tuple[int, int]:
    """Unpaired `%{`/`{` braces and `%(`/`(` parentheses, as specfile.utils counts them."""
    braces = parens = 0
    index, end = 0, len(string)
    while index < end:
        char = string[index]
        index += 1
        if char == "\\" and index < end:
            index += 1
            continue
        if char == "%" and index < end:
            char = string[index]
            index += 1
            if char == "{":
                braces += 1
            elif char == "(":
                parens += 1
            continue
        if char == "{" and braces > 0:
            braces += 1
        elif char == "}" and braces > 0:
            braces -= 1
        elif char == "(" and parens > 0:
            parens += 1
        elif char == ")" and parens > 0:
            parens -= 1
    return braces, parens


def apply() -> None:
    """Point every specfile module that imported `count_brackets` at the linear one."""
    import specfile.macro_definitions
    import specfile.tags
    import specfile.utils

    modules: tuple[ModuleType, ...] = (specfile.utils, specfile.tags, specfile.macro_definitions)
    for module in modules:
        if hasattr(module, "count_brackets"):
            module.count_brackets = count_brackets  # type: ignore[attr-defined]
