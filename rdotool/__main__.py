"""The console script and `python -m rdotool`: signal handlers first, then the CLI.

Handlers are installed before typer and the command modules are imported, so an
interruption at any moment ends with one line and exit 130 (SIGINT) or 143 (SIGTERM).
"""

from __future__ import annotations


def main() -> None:
    from rdotool import signals

    signals.install()
    try:
        from rdotool.cli import main as cli_main
    except KeyboardInterrupt as exc:  # during start-up, before the CLI's error boundary
        import sys

        sys.stderr.write("rdotool: interrupted\n")
        raise SystemExit(getattr(exc, "exit_code", 130)) from None
    cli_main()


if __name__ == "__main__":
    main()
