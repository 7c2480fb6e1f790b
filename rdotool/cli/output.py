"""Where output goes: data to stdout (text, JSON or YAML), chatter to stderr.

Text is written as lines of styled segments. On a terminal (or with FORCE_COLOR) rich
renders them, honouring NO_COLOR; when the stream is a pipe or a file the plain text is
written directly, which keeps rich's import and rendering cost (~15 ms) out of scripts.
Lines are never hard-wrapped, so piped output stays one record per line.
"""

from __future__ import annotations

import enum
import json
import os
import sys
from typing import Any, TextIO, Union

from rdotool.core.redact import redact
from rdotool.errors import RdotoolError

Segment = Union[str, tuple[str, str]]  # plain text, or (text, rich style)


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


class OutputError(RdotoolError):
    """Standard output cannot be written (a full disk behind it, e.g. `> /dev/full`)."""


def write_out(stream: TextIO, text: str) -> None:
    """Write and flush; a failing stream is an error naming it (a closed pipe stays a
    BrokenPipeError: the CLI ends quietly with 141 for that)."""
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        name = "standard output" if stream is sys.stdout else "standard error"
        raise OutputError(
            f"cannot write to {name}: {exc.strerror or exc}",
            "check the file or device the output goes to",
        ) from None


class Printer:
    """Writes lines of segments to stdout or stderr (looked up at each call, for tests)."""

    def __init__(self, err: bool = False) -> None:
        self.err = err
        self._console: Any = None

    @property
    def stream(self) -> TextIO:
        return sys.stderr if self.err else sys.stdout

    @property
    def is_terminal(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty()) or bool(os.environ.get("FORCE_COLOR"))

    def line(self, *segments: Segment) -> None:
        """Print one line made of the segments."""
        if not self.is_terminal:
            text = "".join(s if isinstance(s, str) else s[0] for s in segments)
            write_out(self.stream, redact(text) + "\n")
            return
        from rich.text import Text

        rendered = Text()
        for segment in segments:
            if isinstance(segment, str):
                rendered.append(redact(segment))
            else:
                rendered.append(redact(segment[0]), style=segment[1])
        self.console().print(rendered)

    def console(self) -> Any:
        """The rich Console behind this printer (for progress bars and the like)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream, soft_wrap=True, highlight=False)
        return self._console


def out() -> Printer:
    """The printer for results (stdout)."""
    return Printer()


def err() -> Printer:
    """The printer for progress, warnings and hints (stderr)."""
    return Printer(err=True)


def emit_data(data: Any, fmt: OutputFormat) -> None:
    """Write machine-readable data to stdout: JSON (2-space indent) or YAML (block style)."""
    if fmt is OutputFormat.json:
        write_out(sys.stdout, redact(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")
    else:
        import yaml

        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        text = yaml.dump(
            data, Dumper=dumper, sort_keys=False, default_flow_style=False, allow_unicode=True
        )
        write_out(sys.stdout, redact(text))


def emitted(result: Any, fmt: OutputFormat) -> bool:
    """The prologue every command's rendering shares: the result's `notes` as warnings,
    then, unless the output is text, the result itself as data (a dataclass). True when
    nothing is left to render."""
    from dataclasses import asdict

    for message in getattr(result, "notes", ()):
        warn(message)
    if fmt is OutputFormat.text:
        return False
    emit_data(asdict(result), fmt)
    return True


def warn(message: str) -> None:
    """A warning on stderr: `rdotool: warning: MESSAGE`."""
    err().line("rdotool: ", ("warning:", "bold yellow"), " " + message)


def note(message: str) -> None:
    """An informational line on stderr (dim on a terminal)."""
    err().line((message, "dim"))


def error(message: str, hint: str | None, details: list[str] | None = None) -> None:
    """`rdotool: error: MESSAGE`, indented detail lines, and `hint: HINT` on stderr."""
    printer = err()
    printer.line("rdotool: ", ("error:", "bold red"), " " + message)
    for line in details or []:
        printer.line(("  | " + line, "dim"))
    if hint:
        printer.line(("hint:", "bold yellow"), " " + hint)
