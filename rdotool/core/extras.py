"""A Python project's extras (`pip install tooz[zake]`) and the Pythons it supports
(`requires-python`), as its sources declare them.

OpenStack projects built with pbr list them in setup.cfg's `[extras]`; setuptools
projects in `[options.extras_require]`; PEP 621 projects in pyproject.toml's
`[project.optional-dependencies]`. Each extra maps to requirement lines, which reqcheck
reads as it reads requirements.txt. Names are compared canonically (PEP 685).
"""

from __future__ import annotations

import configparser
import sys
from collections.abc import Mapping

from rdotool.core.constraints import canonical
from rdotool.errors import InputError

SETUP_CFG_SECTIONS = ("extras", "options.extras_require")


def parse_extras(setup_cfg: str | None, pyproject: str | None, where: str) -> dict[str, str]:
    """Canonical extra name -> its requirement lines (one per line); `where` names the
    sources in errors (e.g. "tooz at 6.3.0")."""
    found: dict[str, str] = {}
    if pyproject:
        optional = _project(pyproject, where).get("optional-dependencies")
        if isinstance(optional, Mapping):
            for name, lines in optional.items():
                if isinstance(lines, list):
                    found[canonical(str(name))] = "\n".join(str(line) for line in lines)
    if setup_cfg:
        parser = _setup_cfg(setup_cfg, where)
        for section in SETUP_CFG_SECTIONS:
            if parser.has_section(section):
                for name, value in parser.items(section):
                    found.setdefault(canonical(name), value.strip())
    return found


def _project(pyproject: str, where: str) -> Mapping[str, object]:
    """pyproject.toml's [project] table (empty when there is none)."""
    project = _toml(pyproject, f"pyproject.toml of {where}").get("project")
    return project if isinstance(project, Mapping) else {}


def _setup_cfg(text: str, where: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        raise InputError(f"setup.cfg of {where} cannot be read: {exc.message}") from None
    return parser


def _toml(text: str, what: str) -> dict[str, object]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # EL9's Python 3.9
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

    try:
        loaded: dict[str, object] = tomllib.loads(text)
        return loaded
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{what} is not valid TOML: {exc}") from None


def requires_python(setup_cfg: str | None, pyproject: str | None, where: str) -> str | None:
    """The project's requires-python specifier (pyproject.toml's [project], else
    setup.cfg's python_requires under [metadata] or [options]), or None."""
    if pyproject:
        found = _project(pyproject, where).get("requires-python")
        if found:
            return str(found)
    if setup_cfg:
        parser = _setup_cfg(setup_cfg, where)
        for section in ("metadata", "options"):
            for key in ("python_requires", "python-requires"):
                if parser.has_option(section, key):
                    return parser.get(section, key).strip()
    return None


def supports(specifier: str, python: str) -> bool:
    """True when Python `python` (X.Y) satisfies `specifier` (`>=3.10`); an unreadable
    specifier is given the benefit of the doubt."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        return SpecifierSet(specifier).contains(f"{python}.0", prereleases=True)
    except InvalidSpecifier:
        return True
