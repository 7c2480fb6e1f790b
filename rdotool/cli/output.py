"""Where output goes: data to stdout (text, JSON or YAML), chatter to stderr.

Colour follows rich's rules: off when NO_COLOR is set or the stream is not a terminal.
Text is never hard-wrapped, so piped output stays one record per line.
"""

from __future__ import annotations

import enum
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class OutputFormat(str, enum.Enum):
    """Formats of commands that report data."""

    text = "text"
    json = "json"
    yaml = "yaml"


def choose_format(fmt: OutputFormat | None, as_json: bool, as_yaml: bool) -> OutputFormat:
    """--json/--yaml are shorthands for --format; giving two different ones is a usage error."""
    from rdotool.errors import UsageError

    chosen = {f for f, on in ((OutputFormat.json, as_json), (OutputFormat.yaml, as_yaml)) if on}
    if fmt is not None:
        chosen.add(fmt)
    if len(chosen) > 1:
        names = " and ".join(sorted(f.value for f in chosen))
        raise UsageError(f"choose one output format, not {names}", "use --format FORMAT once")
    return chosen.pop() if chosen else OutputFormat.text


def out_console() -> Console:
    """The console for results (stdout)."""
    from rich.console import Console

    return Console(soft_wrap=True, highlight=False)


def err_console() -> Console:
    """The console for progress, warnings and hints (stderr)."""
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def emit_data(data: Any, fmt: OutputFormat) -> None:
    """Write machine-readable data to stdout: JSON (2-space indent) or YAML (block style)."""
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        import yaml

        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        sys.stdout.write(
            yaml.dump(
                data, Dumper=dumper, sort_keys=False, default_flow_style=False, allow_unicode=True
            )
        )
    sys.stdout.flush()


def warn(message: str) -> None:
    """A warning on stderr: `rdotool: warning: MESSAGE`."""
    from rich.text import Text

    line = Text("rdotool: ")
    line.append("warning:", style="bold yellow")
    line.append(" " + message)
    err_console().print(line)


def note(message: str) -> None:
    """An informational line on stderr (dim on a terminal)."""
    from rich.text import Text

    err_console().print(Text(message, style="dim"))
