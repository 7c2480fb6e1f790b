"""The two typer lines rdotool runs on: typer >= 0.26 (vendored click, Python >= 3.10) and
typer 0.20-0.23 on click 8.1 (the last to support EL9's Python 3.9). Names that moved
between them are imported from here."""

import sys
from typing import Any

import typer

Abort = typer.Abort
Exit = typer.Exit

try:  # typer >= 0.26: click's exceptions derive from TyperException
    from typer._click import Context
    from typer.exceptions import TyperException as ClickProblem
except ImportError:  # typer <= 0.23 on click 8.1
    from click import Context  # type: ignore[no-redef]
    from click.exceptions import ClickException as ClickProblem  # type: ignore[no-redef]

__all__ = ["Abort", "ClickProblem", "Context", "Exit", "resolve_annotations"]

# typer 0.23 on Python 3.9 (a variable, not a version check, so type checkers for 3.10+
# still read the code below)
_STRING_ANNOTATIONS_DROPPED = sys.version_info < (3, 10)


def resolve_annotations(target: Any) -> Any:
    """Give command functions real annotation objects (for a Typer app: all of its own).

    rdotool's modules use `from __future__ import annotations`, so annotations are
    strings. typer >= 0.26 evaluates them (inspect.signature(eval_str=True), Python
    3.10+); typer 0.23 on Python 3.9 reads the strings as they are and silently drops
    every `Annotated[..., typer.Option(...)]`, so commands would lose their options.
    Signatures therefore spell `Optional[X]`, never `X | None` (3.9 cannot evaluate it).
    """
    if not _STRING_ANNOTATIONS_DROPPED:
        return target
    functions = [target]
    if isinstance(target, typer.Typer):
        functions = [c.callback for c in target.registered_commands]
        if target.registered_callback is not None:
            functions.append(target.registered_callback.callback)
    for function in functions:
        if function is not None and not getattr(function, "__rdotool_resolved__", False):
            # eval, not typing.get_type_hints: on 3.9 that wraps the annotation of every
            # parameter defaulting to None in Optional[], which hides Annotated from typer
            function.__annotations__ = {
                name: eval(text, function.__globals__) if isinstance(text, str) else text
                for name, text in function.__annotations__.items()
            }
            function.__rdotool_resolved__ = True
    return target
