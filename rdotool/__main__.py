"""The console script and `python -m rdotool`: signal handlers first, then the CLI.

The first lines install a minimal handler through the C module `_signal` (importing
`signal` alone takes a millisecond of enum building, a window a Ctrl-C once hit): from
then on an interruption ends with one line and exit 130 (SIGINT) or 143 (SIGTERM).
rdotool.signals replaces it with the full handler; inside a command the CLI's error
boundary reports the interruption after the command rolled back.
"""

import _signal
import os


def _interrupted_early(signum: int, frame: object) -> None:
    name = {_signal.SIGINT: "SIGINT", _signal.SIGTERM: "SIGTERM"}.get(signum, str(signum))
    os.write(2, f"rdotool: error: interrupted by {name}\n".encode())
    os._exit(128 + signum)


def main() -> None:
    for signum in (_signal.SIGINT, _signal.SIGTERM):
        _signal.signal(signum, _interrupted_early)
    import sys

    if sys.argv[1:] == ["--version"]:  # a string to print: no need for the CLI's imports
        from rdotool import __version__

        try:
            os.write(1, f"rdotool {__version__}\n".encode())
        except BrokenPipeError:
            os._exit(141)  # the reader went away, as the CLI's own exit for a closed pipe
        except OSError as exc:  # `> /dev/full`: the CLI's message and exit code
            os.write(
                2,
                f"rdotool: error: cannot write to standard output: {exc.strerror}\n"
                "hint: check the file or device the output goes to\n".encode(),
            )
            os._exit(3)
        return
    from rdotool import quick, signals

    signals.install()
    answered = quick.answer(sys.argv[1:], os.environ)  # help, completion, info: no typer
    if answered is not None:
        if answered:
            raise SystemExit(answered)
        return
    try:
        from rdotool.cli.application import main as cli_main

        cli_main()
    except KeyboardInterrupt as exc:  # outside the CLI's error boundary
        import sys

        name = getattr(exc, "name", "SIGINT")
        sys.stderr.write(f"rdotool: error: interrupted by {name}\n")
        raise SystemExit(getattr(exc, "exit_code", 130)) from None


if __name__ == "__main__":
    main()
