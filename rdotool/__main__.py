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


def _complete_command_name() -> bool:
    """Bash completion of the command name (`rdotool re<TAB>`) from the registry, before
    the CLI is imported: the lines typer would print, in a few milliseconds."""
    env = os.environ
    if env.get("_RDOTOOL_COMPLETE") != "complete_bash" or env.get("COMP_CWORD") != "1":
        return False
    words = env.get("COMP_WORDS", "").split()
    prefix = words[1] if len(words) > 1 else ""
    if prefix.startswith("-"):
        return False  # options: the CLI lists them
    from rdotool.registry import COMMANDS

    names = [name for name in COMMANDS if name.startswith(prefix)]
    os.write(1, "".join(f"{name}\n" for name in names).encode())
    return True


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
    if _complete_command_name():
        return
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
