"""The console script and `python -m rdotool`: signal handlers first, then the CLI.

Handlers are installed before typer and the command modules are imported, so an
interruption at any moment ends with one line and exit 130 (SIGINT) or 143 (SIGTERM):
inside a command the CLI's error boundary reports it (after the command rolled back);
before it (imports, typer building the command tree) this function does.
"""

from __future__ import annotations


def main() -> None:
    from rdotool import signals

    signals.install()
    try:
        from rdotool.cli import main as cli_main

        cli_main()
    except KeyboardInterrupt as exc:  # outside the CLI's error boundary
        import sys

        name = getattr(exc, "name", "SIGINT")
        sys.stderr.write(f"rdotool: error: interrupted by {name}\n")
        raise SystemExit(getattr(exc, "exit_code", 130)) from None


if __name__ == "__main__":
    main()
