"""The command line. The typer application is in cli/application.py (`app`, `main()`): this
package's own import stays free of typer, so that the modules the quick answers use
(rdotool/quick.py: boundary, output, info_command, progress) load without it.

`from rdotool.cli import app` (or main, COMMANDS, ALIASES) still works: those names are
looked up in cli/application.py on first use.
"""

from __future__ import annotations

from typing import Any

_FROM_APPLICATION = ("app", "main", "COMMANDS", "ALIASES", "RootGroup")


def __getattr__(name: str) -> Any:
    if name in _FROM_APPLICATION:
        from rdotool.cli import application

        return getattr(application, name)
    raise AttributeError(f"module 'rdotool.cli' has no attribute {name!r}")
