"""Errors users see, each tied to one exit code.

Every error carries one sentence naming the file/line or object at fault and a hint
with the next step. The CLI's error boundary (cli/group.py) prints them and exits
with `exit_code`; nothing else in rdotool decides exit codes for errors.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The exit codes rdotool promises; documented in rdotool(1)."""

    OK = 0
    CHECK_FAILED = 1  # a check found problems (reqcheck mismatch, uc drift)
    USAGE = 2  # bad command line (also typer/click's own usage errors)
    BAD_INPUT = 3  # unknown package, dirty tree, malformed spec or YAML, missing path
    EXTERNAL = 4  # git, rpmbuild, mock, koji or the network failed
    INTERNAL = 70  # a bug in rdotool (EX_SOFTWARE); rerun with --debug and report it
    INTERRUPTED = 130  # Ctrl-C (SIGINT)
    TERMINATED = 143  # SIGTERM (kill, CI time-outs, systemd)
    PIPE_CLOSED = 141  # stdout closed early (`| head`): 128 + SIGPIPE, as other tools do


class RdotoolError(Exception):
    """Base of all errors rdotool reports to users."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(
        self, message: str, hint: str | None = None, details: list[str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details or []  # extra lines shown under the message (e.g. a log tail)

    def __str__(self) -> str:
        return self.message


class UsageError(RdotoolError):
    """The command line asks for something that cannot be done as written."""

    exit_code = ExitCode.USAGE


class InputError(RdotoolError):
    """Bad input or state: a missing path, malformed data, an unknown object."""

    exit_code = ExitCode.BAD_INPUT


class ConfigError(InputError):
    """The configuration file or an RDOTOOL_* variable has an invalid value."""


class RdoinfoNotFoundError(InputError):
    """The rdoinfo location does not exist or holds no info file."""


class RdoinfoFormatError(InputError):
    """An rdoinfo file is not valid YAML or breaks rdoinfo's rules."""


class PackageNotFoundError(InputError):
    """No package in rdoinfo matches what the user asked for."""

    def __init__(self, query: str, suggestions: list[str] | None = None) -> None:
        self.query = query
        self.suggestions = suggestions or []
        if self.suggestions:
            message = f"no package {query}; did you mean {_or_list(self.suggestions)}?"
            hint = None
        else:
            message = f"no package {query} in rdoinfo"
            hint = "search with `rdotool findpkg TEXT` or `rdotool info name:REGEX`"
        super().__init__(message, hint)


class ReleaseNotFoundError(InputError):
    """No release in rdoinfo has the name the user asked for."""


class ExternalError(RdotoolError):
    """An outside tool or service failed (git, network, rpmbuild, mock, koji)."""

    exit_code = ExitCode.EXTERNAL


class RdoinfoFetchError(ExternalError):
    """rdoinfo could not be cloned and there is no cached copy to fall back on."""


def _or_list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]


class ChecksFailed(Exception):  # noqa: N818 - not an error: the check ran and reported
    """A check ran, reported its findings, and found problems: exit 1 with no error line
    (reqcheck --strict). The error boundary turns it into the exit code."""

    exit_code = ExitCode.CHECK_FAILED
