"""Reading an rdoinfo tree from disk: YAML documents joined by `import:` lists.

YAML is composed by libyaml and built by yaml_file.load_document (as CSafeLoader would
build it, a third faster; the pure-Python loader is about 8x slower on rdoinfo). Errors
name the file and line and say what to do.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from rdotool.adapters.files import confined
from rdotool.core.rdoinfo import check_shape
from rdotool.errors import InputError, RdoinfoFormatError, RdoinfoNotFoundError

Stamp = tuple[str, int, int]  # (path relative to the root, mtime_ns, size)


MAX_FILE_SIZE = 16 * 1024 * 1024  # rdoinfo's largest file is ~100 KB


def _parse(root: Path, relpath: str) -> Any:
    import yaml

    path = root / relpath
    size = path.stat().st_size
    if size > MAX_FILE_SIZE:
        raise RdoinfoFormatError(
            f"{path} is {size} bytes, more than an rdoinfo file can be ({MAX_FILE_SIZE})",
            "check that --rdoinfo points at an rdoinfo checkout",
        )
    from rdotool.adapters.yaml_file import load_document

    try:
        with open(path, "rb") as handle:
            data = handle.read()
        document = load_document(data)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = exc.problem or exc.context or "syntax error"
        raise RdoinfoFormatError(
            f"{where}: invalid YAML: {problem}", "fix the syntax at that line"
        ) from exc
    except yaml.YAMLError as exc:
        raise RdoinfoFormatError(f"{path}: invalid YAML: {exc}", "fix the file's syntax") from exc
    if b"&" in data and b"*" in data:  # no anchor or no alias: nothing can expand
        _check_expansion(path, document, 4 * size + 10_000)
    return document


def _check_expansion(path: Path, document: Any, budget: int) -> None:
    """Refuse a document whose aliases expand it far beyond its size (a "billion laughs"
    bomb): the walk visits shared nodes once per reference, and stops at `budget`."""
    stack = [document]
    visited = 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > budget:
            raise RdoinfoFormatError(
                f"{path}: its YAML aliases expand to more than {budget} values",
                "write the data out instead of repeating aliases of aliases",
            )
        if isinstance(node, dict):
            stack.extend(node.values())
            stack.extend(node.keys())
        elif isinstance(node, list):
            stack.extend(node)


def load_documents(root: Path, entry: str) -> list[tuple[str, Any]]:
    """Parse `entry` and everything it imports, as (relative path, document) in fetch order.

    The order is distroinfo's: a file, then each of its imports depth-first; a file
    imported twice is loaded twice (rdo-full.yml reaches tags.yml through two paths, and
    the merge rules depend on that).
    """
    if not (root / entry).is_file():
        raise RdoinfoNotFoundError(
            f"{root} has no {entry}",
            "point --rdoinfo at an rdoinfo checkout, or choose the entry file with --info-file",
        )
    documents: list[tuple[str, Any]] = []
    parsed: dict[str, Any] = {}

    def fetch(relpath: str, importer: str | None, chain: tuple[str, ...]) -> None:
        where = root / importer if importer else root
        try:
            confined(root, relpath, "import")
        except InputError as exc:
            raise RdoinfoFormatError(f"{where}: {exc.message}", exc.hint) from None
        if relpath in chain:
            raise RdoinfoFormatError(
                f"{root / importer if importer else root}: circular import of {relpath}",
                "remove one of the imports in " + " -> ".join((*chain, relpath)),
            )
        if relpath not in parsed:
            if not (root / relpath).is_file():
                raise RdoinfoFormatError(
                    f"{root / str(importer)}: imports {relpath}, which does not exist",
                    "fix the path in its 'import:' list",
                )
            parsed[relpath] = _parse(root, relpath)
        document = parsed[relpath]
        documents.append((relpath, document))
        if not isinstance(document, dict):
            return  # merge_documents names the file
        check_shape(str(root / relpath), document)
        for item in document.get("import") or []:
            fetch(item, relpath, (*chain, relpath))

    fetch(entry, None, ())
    return documents


def file_stamps(root: Path, relpaths: list[str]) -> list[Stamp]:
    """(relative path, mtime_ns, size) of each distinct file, in first-seen order."""
    stamps: list[Stamp] = []
    for relpath in dict.fromkeys(relpaths):
        try:
            st = os.stat(root / relpath)
        except OSError:
            stamps.append((relpath, -1, -1))
            continue
        stamps.append((relpath, st.st_mtime_ns, st.st_size))
    return stamps


def locate_entry(
    root: Path, relpaths: list[str], kind: str, key: str, field: str | None = None
) -> tuple[Path, int] | None:
    """Find the file and 1-based line of a package (`project: KEY`) or release (`name: KEY`).

    With `field`, prefer the line of that key inside the entry. Used only to make error
    messages point at the right place, so a plain text scan is enough.
    """
    attr = "project" if kind == "package" else "name"
    start = re.compile(rf"^(\s*)-\s+{attr}:\s*['\"]?{re.escape(key)}['\"]?\s*(#.*)?$")
    first: tuple[Path, int] | None = None
    for relpath in dict.fromkeys(relpaths):
        path = root / relpath
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines):
            match = start.match(line)
            if not match:
                continue
            if first is None:
                first = (path, number + 1)
            if field is None:
                return first
            indent = len(match.group(1))
            for offset, inner in enumerate(lines[number + 1 :], start=number + 2):
                stripped = inner.lstrip()
                if stripped.startswith("- ") and len(inner) - len(stripped) <= indent:
                    break
                if stripped.startswith(f"{field}:"):
                    return (path, offset)
    return first
